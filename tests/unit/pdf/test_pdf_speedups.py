"""The PDF speed-ups change no byte: every guide and form rendered the way the workers
render it (pdf/speedups.py: balanced columns found by bisection, line breaks and
column blocks remembered within a document)
equals WeasyPrint's own rendering.

The practices: the demo (seven service lines, guides at several sizes), a contract v3
fixture whose forms take two pages, and a small synthetic practice from the benchmark's
generator (the shapes the large practice has). By default the synthetic practice;
REFERKIT_FULL=1 adds the demo and the fixture (each two-page form tries every fit
step), 40 s more."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from helpers.project import FIXTURES, REPO
from referkit.pdf import block_memo, columns, speedups
from referkit.pdf import workers as pdf_workers
from referkit.pdf.render import build_jobs
from referkit.pipeline import load
from referkit.source.project import load_project_config
from referkit.source.timeline import publish

FULL = os.environ.get("REFERKIT_FULL") == "1"


def _synthetic(folder: Path) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from synth import write_practice
    finally:
        sys.path.remove(str(REPO / "bench"))
    return write_practice(folder, service_lines=8, locations=2, providers=8)


def _jobs(project_dir: Path):
    project, findings = load_project_config(project_dir)
    assert project is not None, findings
    loaded = publish(load(project, history=False))
    return build_jobs(loaded)


def _render_both_ways(job) -> tuple[bytes | None, bytes | None]:
    fast = pdf_workers.render_job(job)
    speedups.uninstall()
    try:
        plain = pdf_workers.render_job(job)
    finally:
        speedups.install()
    return fast.pdf, plain.pdf


@pytest.mark.parametrize("practice", ["demo", "v3-provincial-pathway", "synthetic"])
def test_fast_rendering_gives_weasyprints_own_bytes(practice: str, tmp_path: Path) -> None:
    if practice == "demo":
        folder = REPO
    elif practice == "synthetic":
        folder = _synthetic(tmp_path / "synthetic")
    else:
        folder = FIXTURES / practice
    if practice != "synthetic" and not FULL:
        pytest.skip("compared with REFERKIT_FULL=1")
    jobs = _jobs(folder)
    assert columns.install() and jobs
    speedups.install()
    rendered = 0
    block_memo.STATS.update(hits=0, misses=0)
    for job in jobs:
        fast, plain = _render_both_ways(job)
        assert fast == plain, job.output
        rendered += fast is not None
    assert rendered == len(jobs)  # every one of them fits and was compared
    assert block_memo.STATS["hits"] > 0  # the column memo was used, not bypassed


_COLUMNS_PAGE = """<!doctype html><html lang="en"><head><style>
@page {{ size: letter; margin: 0.5in; }}
.columns {{ columns: 2; column-fill: balance; column-gap: 0.25in; font-size: 10pt; }}
section {{ break-inside: {avoid}; }} .side {{ float: right; width: 1in; }}
</style></head><body><h1>Balanced</h1><div class="columns">{sections}</div></body></html>"""


def _section(n: int) -> str:
    items = "".join(
        f"<li>Item {n}.{i}: {'criterion text ' * (i % 4 + 1)}</li>" for i in range(n % 5 + 2)
    )
    extra = "<table><tr><td>a cell</td><td>another</td></tr></table>" if n % 4 == 0 else ""
    extra += '<p class="side">floated aside</p>' if n % 7 == 3 else ""
    lead = "Lead text that runs on. " * (n % 6 + 1) * 6
    return f"<section><h2>Section {n}</h2><p>{lead}</p><ul>{items}</ul>{extra}</section>"


@pytest.mark.parametrize("avoid", ["avoid", "auto"])
def test_column_memo_gives_weasyprints_bytes_with_tables_and_floats(avoid: str) -> None:
    """A hand-made page: sections of lists, tables and floats in balanced columns, kept
    whole or split between the columns. The column memo is used (it remembers the
    plain blocks) and the PDF is WeasyPrint's own."""
    from weasyprint import HTML

    html = _COLUMNS_PAGE.format(avoid=avoid, sections="".join(_section(n) for n in range(14)))

    def render() -> bytes:
        speedups.start_document()
        return HTML(string=html).write_pdf()

    speedups.install()
    block_memo.STATS.update(hits=0, misses=0)
    fast = render()
    assert block_memo.STATS["hits"] > 0
    speedups.uninstall()
    try:
        plain = render()
    finally:
        speedups.install()
    assert fast == plain


def test_pseudo_element_styles_are_computed_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint's default stylesheet gives every element six pseudo-elements; with the
    shortcut only those the layout reads (here the list markers and a ``::before``)
    get a computed style, and the PDF is WeasyPrint's own."""
    from weasyprint import HTML
    from weasyprint.css import StyleFor

    html = _COLUMNS_PAGE.format(avoid="auto", sections="".join(_section(n) for n in range(6)))
    html = html.replace("</style>", "h2::before { content: '> '; }</style>")
    made: list = []

    def render() -> tuple[bytes, set, int]:
        init = StyleFor.__init__

        def keeping(self, *args, **kwargs):
            init(self, *args, **kwargs)
            made.append(self)

        monkeypatch.setattr(StyleFor, "__init__", keeping)
        speedups.start_document()
        pdf = HTML(string=html).write_pdf()
        monkeypatch.setattr(StyleFor, "__init__", init)
        styles = made[-1].get_computed_styles()
        return pdf, {pseudo for (_, pseudo) in styles if pseudo}, len(styles)

    speedups.install()
    fast, kinds, count = render()
    assert made[-1].referkit_pending  # styles never asked for, never computed
    assert {"marker", "before"} <= kinds
    speedups.uninstall()
    try:
        plain, plain_kinds, plain_count = render()
    finally:
        speedups.install()
    assert fast == plain
    assert "footnote-call" in plain_kinds and "footnote-call" not in kinds
    assert count < plain_count / 2


@pytest.mark.parametrize("counted", [False, True])
def test_a_try_that_cannot_fit_its_pages_stops_there(
    counted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A layout with a page limit stops once the last allowed page is made and content
    remains (pdf/page_limit.py): the second page is never laid out. Where a page reads
    the page count (``counter(pages)``), the pages may be laid out again, so the layout
    runs to its end; a layout that fits its limit is WeasyPrint's own."""
    from referkit.pdf import page_limit
    from weasyprint import HTML
    from weasyprint.layout import page as page_module

    sections = "".join(_section(n) for n in range(30))
    html = _COLUMNS_PAGE.format(avoid="auto", sections=sections)
    if counted:
        html = html.replace("</style>", "h1::after { content: ' of ' counter(pages); }</style>")
    made: list[int] = []
    remake_page = page_module.remake_page

    def counting(index, *args):
        made.append(index)
        return remake_page(index, *args)

    monkeypatch.setattr(page_module, "remake_page", counting)
    speedups.install()
    page_limit.limit(1)
    try:
        pages = len(HTML(string=html).render().pages)
    except page_limit.TooManyPages:
        pages = None
    finally:
        page_limit.limit(None)
    limited_made = list(made)
    made.clear()
    full = HTML(string=html).render()
    assert len(full.pages) >= 3
    if counted:
        assert pages == len(full.pages)  # laid out to its end: the count is read
    else:
        assert pages is None and limited_made == [0]  # stopped after the first page
    page_limit.limit(len(full.pages))
    try:
        fitting = HTML(string=html).write_pdf()
    finally:
        page_limit.limit(None)
    assert fitting == full.write_pdf()

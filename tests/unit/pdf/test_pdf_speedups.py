"""The PDF speed-ups change no byte: every guide and form rendered the way the workers
render it (balanced columns found by bisection, pdf/columns.py; line breaks
remembered within a document, pdf/line_memo.py) equals WeasyPrint's own rendering.

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
from referkit.pdf import columns, line_memo
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
    columns.uninstall()
    line_memo.uninstall()
    try:
        plain = pdf_workers.render_job(job)
    finally:
        columns.install()
        line_memo.install()
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
    line_memo.install()
    rendered = 0
    for job in jobs:
        fast, plain = _render_both_ways(job)
        assert fast == plain, job.output
        rendered += fast is not None
    assert rendered == len(jobs)  # every one of them fits and was compared

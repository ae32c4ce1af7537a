"""Guide and form layout: numbers on one line, a big "Fax to", balanced columns, fit."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO
from pypdf import PdfReader
from referkit.config import load_project_config
from referkit.loader import load_practice
from referkit.pdf import build_jobs, render_job

LONG = FIXTURES / "longurl"


def render_project(project_dir: Path, out: Path) -> dict[str, tuple[Path, float]]:
    """Every guide and form of a project, rendered in this process: output → (file, pt)."""
    project, findings = load_project_config(project_dir)
    assert project is not None, findings
    load = load_practice(project_dir)
    assert load.practice is not None, load.findings
    rendered = {}
    for job in build_jobs(load.practice, project, load.service_line_paths):
        outcome = render_job(job)
        assert outcome.pdf is not None, (job.output, outcome.overflow_in)
        path = out / job.output.replace("/", "__")
        path.write_bytes(outcome.pdf)
        rendered[job.output] = (path, outcome.body_size_pt)
    return rendered


@pytest.fixture(scope="module")
def long_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, float]]:
    return render_project(LONG, tmp_path_factory.mktemp("long"))


def numbers_of(line) -> list[str]:
    how = line.how_to_refer
    phones = [how.fax, how.phone, how.physician_line] + [c.phone for c in line.contacts[:1]]
    return [p.display for p in phones if p is not None]


def layout_lines(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.splitlines()


def assert_numbers_on_one_line(pdf: Path, numbers: list[str]) -> None:
    lines = layout_lines(pdf)
    for number in numbers:
        area, rest = number.split(" ", 1)
        pattern = re.compile(re.escape(area) + r" +" + re.escape(rest))
        assert any(pattern.search(line) for line in lines), (pdf.name, number)


def test_numbers_never_wrap_with_a_long_name_and_long_urls(long_pdfs) -> None:
    practice = load_practice(LONG).practice
    assert len(practice.organization.name) > 80
    for line in practice.service_lines:
        assert len(line.how_to_refer.portal) > 120
        guide, _ = long_pdfs[f"{line.slug}/referral-guide.pdf"]
        form, _ = long_pdfs[f"{line.slug}/referral-form.pdf"]
        assert_numbers_on_one_line(guide, numbers_of(line))
        assert_numbers_on_one_line(form, [line.how_to_refer.fax.display])
        assert_numbers_on_one_line(form, [line.how_to_refer.phone.display])


def test_numbers_never_wrap_on_the_demo(demo_site: Path) -> None:
    for line in load_practice(REPO).practice.service_lines:
        assert_numbers_on_one_line(demo_site / line.slug / "referral-guide.pdf", numbers_of(line))


def test_a_number_that_would_wrap_is_caught(tmp_path: Path) -> None:
    """The check above can fail: a number split over two lines is reported."""
    pdf = tmp_path / "split.pdf"
    from weasyprint import HTML

    HTML(string="<p style='width: 1in'>Fax (414)<br>555-0131</p>").write_pdf(pdf)
    with pytest.raises(AssertionError):
        assert_numbers_on_one_line(pdf, ["(414) 555-0131"])


def _text_runs(pdf: Path) -> list[tuple[str, str, float]]:
    """(text, font, size in pt) of every text run on the first page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            runs.append((text, str(font.get("/BaseFont")), size * abs(cm[0]) * abs(tm[0])))

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return runs


def test_the_forms_fax_to_number_is_big_and_bold(long_pdfs, demo_site: Path) -> None:
    forms = [
        demo_site / ln.slug / "referral-form.pdf"
        for ln in load_practice(REPO).practice.service_lines
    ]
    forms.append(long_pdfs["spine/referral-form.pdf"][0])
    for form in forms:
        runs = _text_runs(form)
        fax_to = next(i for i, run in enumerate(runs) if run[0].startswith("Fax to"))
        number = runs[fax_to + 1]
        assert re.fullmatch(r"\(\d{3}\) \d{3}-\d{4}", number[0]), number
        assert number[2] >= 14 and number[1].endswith("Bold"), (form, number)

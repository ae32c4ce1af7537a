"""Guide and form layout: numbers on one line, a big "Fax to", balanced columns, fit."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from helpers.project import FIXTURES, REPO, TODAY, copy_project, loaded_project, run_build_py
from pypdf import PdfReader
from referkit.pdf.render import build_jobs
from referkit.pdf.workers import render_job
from referkit.source.loader import load_practice

LONG = FIXTURES / "longurl"


def render_project(project_dir: Path, out: Path) -> dict[str, tuple[Path, float]]:
    """Every guide and form of a project, rendered in this process: output → (file, pt)."""
    loaded = loaded_project(project_dir)
    assert loaded.practice is not None, loaded.load.findings
    rendered = {}
    for job in build_jobs(loaded):
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


def _lengthen_criteria(project: Path, criteria: int, words: int) -> None:
    path = project / "service_lines" / "cardiology.yaml"
    item = " ".join(["Exertional dyspnoea with documented desaturation"] * words)
    block = "\n".join(f"      - {item} {i}" for i in range(criteria))
    text = path.read_text().replace(
        "    criteria: [Stable exertional chest pain]", f"    criteria:\n{block}"
    )
    path.write_text(text)


def column_bottoms(pdf: Path) -> tuple[float, float]:
    """How far down (pt) the text of the left and right column reaches."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [
        (float(x0), float(y0), float(x1), float(y1), word)
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            html,
        )
    ]
    top = next(y1 for _, _, _, y1, w in words if w == "WHEN")
    bottom = next(y0 for _, y0, _, _, w in words if w == "Last")
    middle = float(re.search(r'<page width="([\d.]+)"', html).group(1)) / 2
    inside = [w for w in words if top < w[1] and w[3] < bottom]
    left = max(y1 for x0, _, x1, y1, _ in inside if x1 < middle)
    right = max(y1 for x0, _, x1, y1, _ in inside if x0 > middle)
    return left, right


def test_columns_are_balanced_before_the_size_steps_down(mini: Path) -> None:
    """16 long criteria under one level: the float layout (one column per fixed set of
    sections) landed at 8.5 pt with the right column half empty; balanced columns let
    the level flow into the second column, so the guide fits at 9.5 pt or more."""
    _lengthen_criteria(mini, criteria=16, words=2)
    job = next(j for j in build_jobs(loaded_project(mini)) if "guide" in j.output)
    outcome = render_job(job)
    assert outcome.pdf is not None and outcome.body_size_pt >= 9.5
    pdf = mini / "guide.pdf"
    pdf.write_bytes(outcome.pdf)
    left, right = column_bottoms(pdf)
    assert abs(left - right) < 0.6 * 72, (left, right)  # within 0.6 in of each other


def _many_records(project: Path, count: int = 40) -> int:
    """Replace the records with ``count`` long ones; returns their line number."""
    path = project / "service_lines" / "cardiology.yaml"
    records = "\n".join(
        f"  - {{item: Outside imaging report number {i} with the images on disc, required: true}}"
        for i in range(count)
    )
    text = path.read_text()
    start = text.index("required_records:")
    end = text.index("how_to_refer:")
    path.write_text(text[:start] + "required_records:\n" + records + "\n" + text[end:])
    return text[:start].count("\n") + 1


def _pdfs_on(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("pdf: false", "pdf: true"))


def _rk301(output: str) -> list[str]:
    return [ln for ln in output.splitlines() if " RK301 " in ln]


def test_a_form_too_long_for_one_page_takes_two_and_check_and_build_pass(
    mini: Path, tmp_path: Path
) -> None:
    """26 records cannot fit one page of form at 8 pt: the form takes a second page (with
    the patient line again) instead of failing; the guide flows them through both
    columns. check and build agree."""
    _many_records(mini, 26)
    _pdfs_on(mini)
    check = run_build_py("check", "--format", "text", "--project", str(mini), "--today", TODAY)
    build = run_build_py(
        "build", "--project", str(mini), "--out", str(tmp_path / "site"), "--today", TODAY
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert build.returncode == 0, build.stdout + build.stderr
    assert _rk301(check.stdout) == _rk301(build.stdout + build.stderr) == []
    form = tmp_path / "site" / "cardiology" / "referral-form.pdf"
    reader = PdfReader(form)
    assert len(reader.pages) == 2
    page_two = reader.pages[1].extract_text()
    assert "Patient name" in page_two and "Date of birth" in page_two
    # one field, a box on each page: what is typed once prints on both
    fields = reader.get_fields()
    assert len(fields["patient_name"]["/Kids"]) == 2
    assert "record_26" in fields and "record_27" not in fields
    guide = PdfReader(tmp_path / "site" / "cardiology" / "referral-guide.pdf")
    assert len(guide.pages) == 1


def test_a_guide_that_cannot_fit_fails_check_and_build_with_the_same_rk301(
    mini: Path, tmp_path: Path
) -> None:
    """The guide prints every criterion: 60 long ones cannot fit one page at 8 pt.
    check (measuring the PDFs by default) and build refuse it with the same finding;
    a second check reads the measurement from the cache."""
    _lengthen_criteria(mini, criteria=60, words=3)
    _pdfs_on(mini)
    check = run_build_py("check", "--format", "text", "--project", str(mini), "--today", TODAY)
    build = run_build_py(
        "build", "--project", str(mini), "--out", str(tmp_path / "site"), "--today", TODAY
    )
    assert check.returncode == build.returncode == 1
    found = _rk301(check.stdout)
    assert len(found) == 1 and "Cardiology referral guide does not fit" in found[0], check.stdout
    assert found == _rk301(build.stdout + build.stderr)
    assert "service_lines/cardiology.yaml:7:1: RK301 triage:" in found[0]
    assert "longest sections: triage criteria (" in found[0]
    assert not (tmp_path / "site").exists()
    skipped = run_build_py(
        "check", "--no-pdf", "--format", "text", "--project", str(mini), "--today", TODAY
    )
    assert skipped.returncode == 0 and _rk301(skipped.stdout) == []
    cached = list((mini / ".referkit").rglob("*.overflow"))
    assert len(cached) == 1


def test_check_pdf_predicts_fit_without_writing(tmp_path: Path) -> None:
    project = copy_project(LONG, tmp_path / "long")
    result = run_build_py("check", "--pdf", "--project", str(project), "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "spine/referral-guide.pdf: fits at 11 pt" in result.stderr
    assert "spine/referral-form.pdf: fits at" in result.stderr
    assert not (project / "site").exists() and not (project / ".referkit").exists()


def _word_boxes(pdf: Path) -> list[tuple[int, str, float, float]]:
    """(page, word, x, y) of every word, read back by poppler's pdftotext -bbox."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    words, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', line)
        if found:
            words.append((page, found[3], float(found[1]), float(found[2])))
    return words


def test_a_short_headed_group_of_the_form_stays_in_one_column(tmp_path: Path) -> None:
    """The provincial pathway's form lists "Other information" (two items) last in its
    left column: the second item once opened the right column, cut off from its
    heading; a short headed group now moves whole."""
    rendered = render_project(FIXTURES / "v3-provincial-pathway", tmp_path)
    form = next(path for output, (path, _) in rendered.items() if output.endswith("form.pdf"))
    words = _word_boxes(form)

    def first(word: str) -> tuple[int, float, float]:
        return next((p, x, y) for p, w, x, y in words if w == word)

    heading, reason, interpreter = first("Other"), first("Reason"), first("Interpreter")
    assert heading[0] == reason[0] == interpreter[0]  # one page
    assert abs(reason[1] - interpreter[1]) < 1  # one column: the items start alike
    assert heading[2] < reason[2] < interpreter[2]  # under their heading, in order
    assert heading[1] < reason[1] < heading[1] + 72  # the heading's own column

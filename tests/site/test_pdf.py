"""Referral guides and forms: read back with pypdf, rendered to PNG and QR-decoded."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers.project import REPO, TODAY, build_site, loaded_project, run_build_py
from pypdf import PdfReader
from referkit.pdf.jobs import FIT_STEPS_PT
from referkit.pdf.render import build_jobs
from referkit.pdf.workers import render_job, render_jobs
from referkit.source.loader import load_practice


def _text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_every_demo_guide_is_one_page_with_the_facts(demo_site: Path) -> None:
    practice = load_practice(REPO).practice
    for line in practice.service_lines:
        path = demo_site / line.slug / "referral-guide.pdf"
        reader = PdfReader(path)
        assert len(reader.pages) == 1, line.slug
        text = _text(path)
        assert line.how_to_refer.fax.display in text
        if line.triage.urgent:
            days = line.triage.urgent.seen_within_days
            assert f"URGENT — seen within {days} business day" in text
        for record in line.required_records:
            assert " ".join(record.item.split()) in text, (line.slug, record.item)
        assert line.review.last_reviewed.strftime("%B %-d, %Y") in text
        assert line.review.reviewed_by in text
        assert reader.metadata.title == f"{line.name} referral guide — {practice.organization.name}"
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en" and root["/MarkInfo"]["/Marked"]  # tagged PDF
        assert path.stat().st_size <= 60_000


def test_guide_states_only_what_the_yaml_says(demo_site: Path) -> None:
    """The guide's promises are the turnaround fields, worded as on the page, and the
    guide adds no instruction of its own (it once told readers what not to write)."""
    output = subprocess.run(
        ["pdftotext", str(demo_site / "cardiology" / "referral-guide.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    text = " ".join(output.split())
    assert "Referral acknowledged within 4 business hours." in text
    assert "Patient contacted to schedule within 1 business day." in text
    assert "Consult note back to you within 2 business days of the visit." in text
    for invented in ("patient details", "patient information", "Do not write", "confirm"):
        assert invented not in text, invented


def test_guide_fonts_are_bundled_embedded_and_subset(demo_site: Path) -> None:
    output = subprocess.run(
        ["pdffonts", str(demo_site / "cardiology" / "referral-guide.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    assert output, "no fonts listed"
    for row in output:
        name, emb, sub = row.split()[0], row.split()[-5], row.split()[-4]
        assert re.fullmatch(r"[A-Z]{6}\+RK-(Form-)?Sans(-Bold|-Italic)?", name), name
        assert (emb, sub) == ("yes", "yes"), row


def test_qr_code_decodes_to_the_service_line_url(demo_site: Path, tmp_path: Path) -> None:
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "150",
            str(demo_site / "cardiology" / "referral-guide.pdf"),
            str(tmp_path / "guide"),
        ],
        check=True,
    )
    png = next(tmp_path.glob("guide*.png"))
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert decoded == ["https://refer.example.org/cardiology/"]


def test_form_has_named_fields_of_the_right_types(demo_site: Path) -> None:
    path = demo_site / "cardiology" / "referral-form.pdf"
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    fields = {name: f.get("/FT") for name, f in reader.get_fields().items()}
    text_fields = [
        "referring_clinician",
        "referring_practice",
        "referring_phone",
        "referring_fax",
        "referring_id",
        "patient_name",
        "patient_dob",
        "reason",
    ]
    assert all(fields[name] == "/Tx" for name in text_fields)
    assert fields["urgency"] == "/Btn"
    records = load_practice(REPO).practice.service_lines[1].required_records  # cardiology
    assert [n for n in fields if n.startswith("record_")] == [
        f"record_{i}" for i in range(1, len(records) + 1)
    ]
    assert all(f.get("/V") in (None, "", "/Off") for f in reader.get_fields().values())  # blank
    assert path.stat().st_size <= 200_000


def test_web_page_links_both_pdfs_with_their_real_size(demo_site: Path) -> None:
    html = (demo_site / "cardiology" / "index.html").read_text()
    size_kb = round((demo_site / "cardiology" / "referral-guide.pdf").stat().st_size / 1024)
    assert f"Download the one-page referral guide (PDF, {size_kb} KB)" in html
    assert 'href="referral-form.pdf"' in html


def _long(mini: Path, criteria: int, words: int) -> None:
    path = mini / "service_lines" / "cardiology.yaml"
    item = " ".join(["Exertional dyspnoea with documented desaturation"] * words)
    block = "\n".join(f"      - {item} {i}" for i in range(criteria))
    text = path.read_text().replace(
        "    criteria: [Stable exertional chest pain]", f"    criteria:\n{block}"
    )
    path.write_text(text)
    mkdocs = mini / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text().replace("pdf: false", "pdf: true"))


def test_long_content_fits_by_stepping_the_body_size_down(mini: Path) -> None:
    _long(mini, criteria=16, words=2)
    job = build_jobs(loaded_project(mini))[0]
    outcome = render_job(job)
    assert outcome.pdf is not None
    assert FIT_STEPS_PT[-1] <= outcome.body_size_pt < FIT_STEPS_PT[0]


def test_content_that_cannot_fit_fails_with_a_clear_message(mini: Path, tmp_path: Path) -> None:
    _long(mini, criteria=30, words=3)
    result = build_site(mini, tmp_path / "o")
    assert result.returncode == 1
    message = result.stderr
    assert (
        "service_lines/cardiology.yaml:7:1: RK301 triage: the Cardiology referral guide does "
        "not fit on one page even at 8 pt: it overflows by about"
    ) in message
    assert "longest sections: triage criteria (" in message
    assert re.search(r"overflows by about \d+\.\d in", message)
    assert not (tmp_path / "o").exists()


def test_pdfs_are_byte_identical_across_builds_and_cache(mini: Path, tmp_path: Path) -> None:
    mkdocs = mini / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text().replace("pdf: false", "pdf: true"))
    digests = []
    for run, extra in enumerate((["--no-cache"], ["--no-cache"], [])):
        out = tmp_path / f"out{run}"
        result = run_build_py(
            "build", "--project", str(mini), "--out", str(out), "--today", TODAY, *extra
        )
        assert result.returncode == 0, result.stderr
        digests.append(
            [
                (out / "cardiology" / n).read_bytes()
                for n in ("referral-guide.pdf", "referral-form.pdf")
            ]
        )
        if run == 2:
            assert "(0 rendered, 2 from cache)" in result.stdout
    assert digests[0] == digests[1] == digests[2]


def test_cache_rerenders_exactly_what_changed(mini: Path, tmp_path: Path) -> None:
    mkdocs = mini / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text().replace("pdf: false", "pdf: true"))
    second = mini / "service_lines" / "dermatology.yaml"
    second.write_text(
        (mini / "service_lines" / "cardiology.yaml")
        .read_text()
        .replace("name: Cardiology", "name: Dermatology")
        .replace("Consultative cardiology", "Consultative dermatology")  # not a copy (RK204)
    )

    def build() -> str:
        result = build_site(mini, tmp_path / "o")
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "(4 rendered, 0 from cache)" in build()
    assert "(0 rendered, 4 from cache)" in build()
    second.write_text(
        second.read_text().replace('fax: "+1 608-555-0121"', 'fax: "+1 608-555-0131"')
    )
    assert "(2 rendered, 2 from cache)" in build()
    assert "(608) 555-0131" in _text(tmp_path / "o" / "dermatology" / "referral-guide.pdf")
    templates = mini / "templates" / "pdf"
    templates.mkdir(parents=True)
    shutil.copy(REPO / "plugins/referkit/templates/pdf/guide.css", templates / "guide.css")
    (templates / "guide.css").write_text((templates / "guide.css").read_text() + "\nh1 { }\n")
    assert "(4 rendered, 0 from cache)" in build()


def test_a_damaged_cache_entry_is_rendered_again(mini: Path, tmp_path: Path) -> None:
    mkdocs = mini / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text().replace("pdf: false", "pdf: true"))
    args = ("build", "--project", str(mini), "--out", str(tmp_path / "o"), "--today", TODAY)
    assert run_build_py(*args).returncode == 0
    for entry in (mini / ".referkit" / "cache" / "pdf").glob("*.pdf"):
        entry.write_bytes(b"truncated")
    result = run_build_py(*args)
    assert result.returncode == 0
    assert "(2 rendered, 0 from cache)" in result.stdout
    assert "damaged" in result.stderr


@pytest.mark.parametrize("workers", [2])
def test_the_pool_returns_the_same_bytes_as_one_process(workers: int) -> None:
    jobs = build_jobs(loaded_project(REPO))[:6]
    pooled = [o.pdf for o in render_jobs(jobs, workers=workers)]
    single = [render_job(job).pdf for job in jobs]
    assert pooled == single
    assert all(pdf and pdf.startswith(b"%PDF-") for pdf in pooled)

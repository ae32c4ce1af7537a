"""Fax simulation (helpers/fax.py): print every guide and form the way a fax machine
does, read it back: every phone and fax number printed on it comes back exactly, and
the QR code still decodes.

By default: the demo's guides and forms at standard resolution. REFERKIT_FULL=1 adds
fine mode and the long-name, long-URL practice (tests/fixtures/longurl).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import segno
from helpers.fax import check_fax, fax_pages, needs_tesseract, ocr, squash
from helpers.project import FIXTURES, REPO, loaded_project
from PIL import Image
from referkit.pdf.render import build_jobs
from referkit.pdf.workers import render_job
from referkit.source.loader import load_practice

FULL = os.environ.get("REFERKIT_FULL") == "1"


QUICK_LINES = ("cardiology", "gastroenterology")  # the demo's most and least roomy PDFs


def _demo_cases():
    """Every service line's guide and form with REFERKIT_FULL=1; by default two lines'
    (OCR costs about 9 s a page on this machine)."""
    practice = load_practice(REPO).practice
    lines = [ln for ln in practice.service_lines if FULL or ln.slug in QUICK_LINES]
    return [(line.slug, kind) for line in lines for kind in ("guide", "form")]


@needs_tesseract
@pytest.mark.parametrize("mode", ["standard", "fine"] if FULL else ["standard"])
@pytest.mark.parametrize(("slug", "kind"), _demo_cases())
def test_demo_pdfs_survive_a_fax(
    demo_site: Path, tmp_path: Path, slug: str, kind: str, mode: str
) -> None:
    line = next(ln for ln in load_practice(REPO).practice.service_lines if ln.slug == slug)
    pdf = demo_site / slug / f"referral-{kind}.pdf"
    check_fax(pdf, line, f"https://refer.example.org/{slug}/", tmp_path, mode)


@needs_tesseract
@pytest.mark.skipif(not FULL, reason="the second practice runs with REFERKIT_FULL=1")
@pytest.mark.parametrize("mode", ["standard", "fine"])
def test_the_long_url_practice_survives_a_fax(tmp_path: Path, mode: str) -> None:
    project_dir = FIXTURES / "longurl"
    loaded = loaded_project(project_dir)
    practice = loaded.practice
    for job in build_jobs(loaded):
        outcome = render_job(job)
        pdf = tmp_path / job.output.replace("/", "__")
        pdf.write_bytes(outcome.pdf)
        slug = job.output.split("/")[0]
        line = next(ln for ln in practice.service_lines if ln.slug == slug)
        check_fax(pdf, line, f"{loaded.project.site_url}{slug}/", tmp_path, mode)


@needs_tesseract
def test_a_misread_number_is_caught(tmp_path: Path) -> None:
    """The check can fail: a number printed too small for a fax is not read back."""
    from weasyprint import HTML

    pdf = tmp_path / "tiny.pdf"
    HTML(
        string="<p style='font-size: 4pt'>Fax (608) 555-0121 · Phone (608) 555-0120</p>"
    ).write_pdf(pdf)
    text = squash(ocr(fax_pages(pdf, tmp_path / "tiny", "standard")[0]))
    assert squash("(608) 555-0121") not in text


def test_the_qr_caption_sits_outside_the_quiet_zone(demo_site: Path, tmp_path: Path) -> None:
    """Four modules of white between the code and its caption (ISO/IEC 18004)."""
    pdf = demo_site / "cardiology" / "referral-guide.pdf"
    dpi = 300
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-singlefile", str(pdf), str(tmp_path / "g")],
        check=True,
    )
    image = Image.open(tmp_path / "g.pgm")
    words = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    caption = re.search(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">Current</word>\s*'
        r"<word[^>]*>version</word>\s*<word[^>]*>online</word>",
        words,
    )
    assert caption, "caption not found"
    scale = dpi / 72
    caption_top = float(caption.group(2)) * scale
    left = round((612 - 0.5 * 72 - 1.25 * 72) * scale)  # the QR column, right margin 0.5 in
    right = round((612 - 0.5 * 72) * scale)
    region = image.crop((left, 0, right, round(caption_top) - 1))
    x0, _, x1, y1 = region.point(lambda p: 255 if p < 128 else 0).getbbox()
    code_width = x1 - x0
    modules = segno.make("https://refer.example.org/cardiology/", error="m").symbol_size(border=0)[
        0
    ]
    module = code_width / modules
    gap = caption_top - y1
    assert gap >= 3.5 * module, (gap / module, "modules between the code and its caption")


def _module_in(pdf: Path, url: str, tmp_path: Path) -> tuple[float, float]:
    """(module size, white beside the code's left edge up to the nearest ink) in inches,
    measured at 300 dpi in the QR column of the first page."""
    dpi = 300
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-singlefile", str(pdf)]
        + [str(tmp_path / "q")],
        check=True,
    )
    image = Image.open(tmp_path / "q.pgm")
    width, _ = image.size
    top = round(2 * dpi)
    column = image.crop((round(width - 2.3 * dpi), 0, width - round(0.5 * dpi), top))
    _, y0, _, _ = column.point(lambda p: 255 if p < 128 else 0).getbbox()
    # the code's top row is its finder patterns: the widest dark run in that row
    row = [column.getpixel((x, y0 + 2)) < 128 for x in range(column.width)]
    left = row.index(True)
    right = len(row) - row[::-1].index(True)
    modules = segno.make(url, error="m", micro=False).symbol_size(border=0)[0]
    module_px = (right - left) / modules
    beside = column.crop((0, y0, left, y0 + right - left))
    ink = beside.point(lambda p: 255 if p < 128 else 0).getbbox()
    gap_px = left - ink[2] if ink else left
    return module_px / dpi, gap_px / dpi


def test_a_long_address_prints_a_larger_code_not_smaller_modules(tmp_path: Path) -> None:
    """The long-URL practice's code needs 37 modules: at the usual 1.2 in each would be
    0.027 in (2.6 rows of a standard fax); it prints larger so each is at least 0.031
    in, with its quiet zone, and the masthead text stays clear of it."""
    from referkit.pdf.context import QR_MIN_MODULE_IN, qr_size_in

    loaded = loaded_project(FIXTURES / "longurl")
    url = f"{loaded.project.site_url}spine/"
    assert qr_size_in(url) > 1.2 and qr_size_in("https://refer.example.org/cardiology/") == 1.2
    for job in build_jobs(loaded):
        if not job.output.startswith("spine/"):
            continue
        pdf = tmp_path / job.output.replace("/", "__")
        pdf.write_bytes(render_job(job).pdf)
        module, margin = _module_in(pdf, url, tmp_path)
        assert module >= QR_MIN_MODULE_IN * 0.97, (job.output, module)
        assert margin >= 4 * module * 0.9, (job.output, margin / module, "modules of quiet zone")

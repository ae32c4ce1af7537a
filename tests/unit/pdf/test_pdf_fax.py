"""Fax simulation: print every guide and form the way a fax machine does, read it back.

A standard-mode fax is 1-bit at 204 × 98 dpi; the receiving machine prints each row
twice to get square pixels. Fine mode is 204 × 196. Each PDF is rasterised so
(pdftoppm -mono), OCR'd with Tesseract, and every phone and fax number printed on it
must come back exactly (digits and punctuation; OCR spacing is ignored); the QR code
must still decode with zbarimg.

By default: the demo's guides and forms at standard resolution. REFERKIT_FULL=1 adds
fine mode and the long-name, long-URL practice (tests/fixtures/longurl).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import segno
from helpers.project import FIXTURES, REPO, loaded_project
from PIL import Image
from referkit.pdf.render import build_jobs
from referkit.pdf.workers import render_job
from referkit.source.loader import load_practice

FULL = os.environ.get("REFERKIT_FULL") == "1"
MODES = {"standard": 98, "fine": 196}

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract is not installed (scripts/ensure-system-deps.sh test installs it)",
)


def fax_image(pdf: Path, out: Path, mode: str) -> Path:
    """The page as a fax machine prints it: 1-bit, 204 dpi across, rows doubled in
    standard mode."""
    vertical = MODES[mode]
    subprocess.run(
        ["pdftoppm", "-mono", "-rx", "204", "-ry", str(vertical), "-singlefile", str(pdf)]
        + [str(out)],
        check=True,
    )
    image = Image.open(out.with_suffix(".pbm"))
    if vertical == 98:
        image = image.resize((image.width, image.height * 2), Image.Resampling.NEAREST)
    png = out.with_suffix(".png")
    image.save(png)
    return png


def ocr(png: Path) -> str:
    return subprocess.run(
        ["tesseract", str(png), "stdout", "--dpi", "204"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def qr_codes(png: Path) -> list[str]:
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True
    )
    return result.stdout.split()


def printed_numbers(pdf: Path, line) -> list[str]:
    """Every phone and fax number of the service line that this PDF prints."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    how = line.how_to_refer
    phones = [how.fax, how.phone, how.physician_line]
    phones += [c.phone for c in line.contacts] + [a.phone for a in line.advice]
    displays = {p.display for p in phones if p is not None}
    flat = re.sub(r"\s+", " ", text)
    return sorted(d for d in displays if d in flat)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_fax(pdf: Path, line, page_url: str, tmp_path: Path, mode: str) -> dict:
    png = fax_image(pdf, tmp_path / f"{pdf.stem}-{mode}", mode)
    numbers = printed_numbers(pdf, line)
    assert len(numbers) >= 2, (pdf, numbers)  # fax and phone at least
    text = squash(ocr(png))
    missed = [n for n in numbers if squash(n) not in text]
    assert not missed, (pdf.name, mode, "numbers not read back exactly", missed)
    assert qr_codes(png) == [page_url], (pdf.name, mode)
    return {"numbers": numbers, "png": png}


def _demo_cases():
    practice = load_practice(REPO).practice
    return [(line.slug, kind) for line in practice.service_lines for kind in ("guide", "form")]


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
    text = squash(ocr(fax_image(pdf, tmp_path / "tiny", "standard")))
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

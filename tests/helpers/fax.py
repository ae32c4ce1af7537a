"""A fax machine in software: print a PDF the way a fax does and read it back.

A standard-mode fax is 1-bit at 204 × 98 dpi; the receiving machine prints each row
twice to get square pixels. Fine mode is 204 × 196. Every page is rasterised so
(pdftoppm -mono), read with Tesseract, and every phone and fax number the PDF prints
must come back exactly (digits and punctuation; OCR spacing is ignored); the QR code
on the first page must still decode with zbarimg.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import phonenumbers
import pytest
from PIL import Image

MODES = {"standard": 98, "fine": 196}

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract is not installed (scripts/ensure-system-deps.sh test installs it)",
)


def fax_pages(pdf: Path, out: Path, mode: str) -> list[Path]:
    """Every page as a fax machine prints it: 1-bit, 204 dpi across, rows doubled in
    standard mode; ``out`` is the file name stem (``out-1.png``, ``out-2.png`` …)."""
    vertical = MODES[mode]
    subprocess.run(
        ["pdftoppm", "-mono", "-rx", "204", "-ry", str(vertical), str(pdf), str(out)],
        check=True,
    )
    pngs = []
    for pbm in sorted(out.parent.glob(f"{out.name}-*.pbm")):
        image = Image.open(pbm)
        if vertical == 98:
            image = image.resize((image.width, image.height * 2), Image.Resampling.NEAREST)
        png = pbm.with_suffix(".png")
        image.save(png)
        pngs.append(png)
    return pngs


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


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _free_text(line) -> list[str]:
    """The free text a number may be written in: actions, routes, notes, criteria,
    contact roles, clinic routes and lead-ins, eligibility requirements."""
    texts = []
    for level in line.triage.levels:
        texts += [level.action, level.route, *level.criteria_texts()]
    for clinic in line.clinics:
        texts += [clinic.route, clinic.lead_in, *clinic.criteria_texts()]
    for route in line.how_to_refer:
        texts += [route.when, route.notes]
    texts += [a.how for a in line.advice] + [a.notes for a in line.advice]
    texts += [c.role for c in line.contacts]
    if line.eligibility:
        texts += list(line.eligibility.conditions)
    return [text for text in texts if text]


def printed_numbers(pdf: Path, line, country: str = "US") -> list[str]:
    """Every phone and fax number of the service line that this PDF prints: the checked
    numbers (every route, contact and advice line) as displayed, and each number
    written inside free text as written."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    phones = [p for route in line.how_to_refer for p in (route.fax, route.phone)]
    phones += [route.physician_line for route in line.how_to_refer]
    phones += [p for c in line.contacts for p in (c.phone, c.fax)]
    phones += [a.phone for a in line.advice]
    displays = {p.display for p in phones if p is not None}
    for free in _free_text(line):
        matcher = phonenumbers.PhoneNumberMatcher(
            free, country, leniency=phonenumbers.Leniency.STRICT_GROUPING
        )
        displays |= {match.raw_string for match in matcher}
    flat = re.sub(r"\s+", " ", text)
    return sorted(d for d in displays if d in flat)


def check_fax(pdf: Path, line, page_url: str, tmp_path: Path, mode: str, country="US") -> dict:
    """Fax every page of ``pdf``: each printed number reads back, the QR code decodes."""
    pngs = fax_pages(pdf, tmp_path / f"{pdf.stem}-{mode}", mode)
    numbers = printed_numbers(pdf, line, country)
    assert len(numbers) >= 2, (pdf, numbers)  # fax and phone at least
    text = squash(" ".join(ocr(png) for png in pngs))
    missed = [n for n in numbers if squash(n) not in text]
    assert not missed, (pdf.name, mode, "numbers not read back exactly", missed)
    assert qr_codes(pngs[0]) == [page_url], (pdf.name, mode)
    return {"numbers": numbers, "png": pngs[0], "pages": len(pngs)}

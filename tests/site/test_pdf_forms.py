"""Fillable referral forms: filled with pypdf, then printed by the renderers offices use.

Each form is filled the way a viewer saves it (every text field, every checkbox, one
urgency choice), written, rendered by poppler (pdftoppm: Evince, Okular, CUPS),
MuPDF (mutool) and Ghostscript, and the dark pixels inside every box are counted:
a tick that does not print is a referral without urgency.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers.project import REPO
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from referkit.pdf.forms import export_name, filled_fields
from referkit.source.loader import load_practice

DPI = 150


def _widgets(reader: PdfReader) -> list:
    return [
        ref.get_object()
        for ref in reader.pages[0].get("/Annots", [])
        if ref.get_object().get("/Subtype") == "/Widget"
    ]


def _field_type(widget) -> str | None:
    return widget.get("/FT") or widget["/Parent"].get_object().get("/FT")


def fill(source: Path, target: Path, *, need_appearances: bool) -> dict[str, str]:
    """Fill every field as a viewer would; returns the radio choices made."""
    reader = PdfReader(source)
    writer = PdfWriter(clone_from=reader)
    values: dict[str, object] = {}
    chosen: dict[str, str] = {}
    for name, field in reader.get_fields().items():
        if field.get("/FT") == "/Tx":
            values[name] = f"Test 0121 {name}"
        elif field.get("/Kids"):
            states = [s for s in field["/_States_"] if s != "/Off"]
            chosen[name] = states[-1]
            values[name] = NameObject(states[-1])
        else:
            values[name] = NameObject("/Yes")
    writer.update_page_form_field_values(writer.pages[0], values, auto_regenerate=need_appearances)
    # pypdf stores a radio group's value as a text string; viewers (pdf.js, Acrobat)
    # and the PDF specification write a name, which poppler needs to redraw the choice
    for ref in writer.root_object["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if field.get("/Kids") and field.get("/V") not in (None, "/Off"):
            field[NameObject("/V")] = NameObject(str(field["/V"]))
            for kid in field["/Kids"]:
                kid.get_object().pop("/V", None)
    writer.write(target)
    return chosen


RENDERERS = {
    "poppler": lambda pdf, out: (
        ["pdftoppm", "-r", str(DPI), "-gray", "-singlefile", str(pdf), str(out)],
        out.with_suffix(".pgm"),
    ),
    "mupdf": lambda pdf, out: (
        ["mutool", "draw", "-q", "-r", str(DPI), "-c", "gray", "-o", f"{out}.pgm", str(pdf)],
        out.with_suffix(".pgm"),
    ),
    "ghostscript": lambda pdf, out: (
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pgmraw", f"-r{DPI}"]
        + ["-o", f"{out}.pgm", str(pdf)],
        out.with_suffix(".pgm"),
    ),
}
TOOLS = {"poppler": "pdftoppm", "mupdf": "mutool", "ghostscript": "gs"}


def render(renderer: str, pdf: Path, out: Path) -> Image.Image:
    if shutil.which(TOOLS[renderer]) is None:
        pytest.skip(f"{TOOLS[renderer]} is not installed (scripts/ensure-system-deps.sh test)")
    command, image = RENDERERS[renderer](pdf, out)
    subprocess.run(command, check=True, capture_output=True)
    return Image.open(image).convert("L")


def dark_pixels_inside(image: Image.Image, rect: list[float], page_height: float) -> int:
    """Dark pixels inside a widget, 2 pt in from its edge (the printed border is outside)."""
    x0, y0, x1, y1 = rect
    scale = DPI / 72
    box = (
        round((x0 + 2) * scale),
        round((page_height - y1 + 2) * scale),
        round((x1 - 2) * scale),
        round((page_height - y0 - 2) * scale),
    )
    return sum(1 for p in image.crop(box).get_flattened_data() if p < 128)


def _buttons(pdf: Path) -> list[tuple[str, str, list[float]]]:
    """(field name, appearance state, rectangle) of every checkbox and radio button."""
    found = []
    for widget in _widgets(PdfReader(pdf)):
        if _field_type(widget) != "/Btn":
            continue
        name = widget.get("/T") or widget["/Parent"].get_object()["/T"]
        found.append((str(name), str(widget.get("/AS")), [float(v) for v in widget["/Rect"]]))
    return found


@pytest.mark.parametrize("need_appearances", [False, True], ids=["as-saved", "needappearances"])
@pytest.mark.parametrize("renderer", ["poppler", "mupdf", "ghostscript"])
def test_every_tick_prints_after_filling(
    demo_site: Path, tmp_path: Path, renderer: str, need_appearances: bool
) -> None:
    """A filled, saved form shows every tick and the urgency choice in each renderer,
    whether the saving viewer left NeedAppearances off or switched it on."""
    form = demo_site / "cardiology" / "referral-form.pdf"
    blank = render(renderer, form, tmp_path / "blank")
    filled = tmp_path / "filled.pdf"
    chosen = fill(form, filled, need_appearances=need_appearances)
    assert chosen == {"urgency": "/Routine"}
    assert "urgency" in filled_fields(filled.read_bytes())  # the blank check can fail
    image = render(renderer, filled, tmp_path / "filled")
    height = float(PdfReader(form).pages[0].mediabox.height)
    buttons = _buttons(filled)
    assert len(buttons) == 2 + 6  # Urgent, Routine; six records
    for name, state, rect in buttons:
        before = dark_pixels_inside(blank, rect, height)
        after = dark_pixels_inside(image, rect, height)
        assert before == 0, (name, "an empty box is not empty", before)
        if state == "/Off":  # the urgency choice not taken
            assert after == 0, (renderer, name, state, after)
        else:
            assert after >= 40, (renderer, name, state, "tick not visible", after)


def test_filled_text_prints_in_poppler(demo_site: Path, tmp_path: Path) -> None:
    filled = tmp_path / "filled.pdf"
    fill(demo_site / "cardiology" / "referral-form.pdf", filled, need_appearances=False)
    text = subprocess.run(
        ["pdftotext", "-layout", str(filled), "-"], capture_output=True, text=True, check=True
    ).stdout
    for name in ("patient_name", "patient_phone", "patient_insurance", "referring_signature"):
        assert f"Test 0121 {name}" in text


def test_every_button_carries_its_own_appearances(demo_site: Path) -> None:
    """The structure that makes ticks print: both states drawn, a DA with a font, an
    MK caption, ZapfDingbats in /DR, and no NeedAppearances."""
    practice = load_practice(REPO).practice
    for line in practice.service_lines:
        reader = PdfReader(demo_site / line.slug / "referral-form.pdf")
        acroform = reader.trailer["/Root"]["/AcroForm"]
        assert "/NeedAppearances" not in acroform, line.slug
        fonts = acroform["/DR"]["/Font"]
        assert fonts["/ZaDb"]["/BaseFont"] == "/ZapfDingbats"
        text_font = str(acroform["/DA"]).split()[0]
        assert "Form-Sans" in str(fonts[text_font]["/BaseFont"])
        radios = 0
        for widget in _widgets(reader):
            kind = _field_type(widget)
            x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
            assert x0 < x1 and y0 < y1, "normalized rectangle"
            if kind == "/Tx":
                assert widget["/DA"].startswith(f"{text_font} ") and " Tf 0 g" in widget["/DA"]
                assert "gs" not in widget["/DA"]
                assert "/N" in widget["/AP"]
                continue
            states = set(widget["/AP"]["/N"].keys())
            assert "/Off" in states and len(states) == 2, states
            assert widget["/AS"] == "/Off"
            assert widget["/DA"] == "/ZaDb 0 Tf 0 g"
            assert widget["/MK"]["/CA"] in ("4", "l")
            for state in states:
                stream = widget["/AP"]["/N"][state].get_object()
                assert stream["/Subtype"] == "/Form"
                assert bool(stream.get_data()) == (state != "/Off")
            if "/Parent" in widget:
                radios += 1
                assert "/T" not in widget
        levels = [lv for lv in line.triage.levels if not lv.emergency]
        assert radios == len(levels), line.slug


def test_urgency_is_one_radio_group_named_after_the_levels(demo_site: Path) -> None:
    practice = load_practice(REPO).practice
    line = next(ln for ln in practice.service_lines if ln.slug == "cardiology")
    reader = PdfReader(demo_site / "cardiology" / "referral-form.pdf")
    group = reader.get_fields()["urgency"]
    assert group["/FT"] == "/Btn"
    assert group["/Ff"] & (1 << 15) and group["/Ff"] & (1 << 14)  # radio, no toggle to off
    assert group["/V"] == "/Off"
    choices = {export_name(lv.label) for lv in line.triage.levels if not lv.emergency}
    assert choices == {"/Urgent", "/Routine"}
    assert set(group["/_States_"]) == choices
    names = [str(r.get_object()["/T"]) for r in reader.trailer["/Root"]["/AcroForm"]["/Fields"]]
    assert names.count("urgency") == 1
    # the emergency level is printed as an action, not offered as a choice
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Emergent: Send to the emergency department or call 911." in text


def test_forms_have_the_fields_an_office_expects_and_ship_blank(demo_site: Path) -> None:
    practice = load_practice(REPO).practice
    for line in practice.service_lines:
        pdf = (demo_site / line.slug / "referral-form.pdf").read_bytes()
        assert filled_fields(pdf) == [], line.slug
        reader = PdfReader(io.BytesIO(pdf))
        fields = reader.get_fields()
        for name in (
            "patient_name",
            "patient_dob",
            "patient_phone",
            "patient_insurance",
            "referring_id",
            "referring_signature",
            "signature_date",
            "reason",
        ):
            assert fields[name]["/FT"] == "/Tx", (line.slug, name)
            assert fields[name].get("/V") in (None, ""), (line.slug, name)
        assert fields["referring_id"]["/TU"] == "Referring clinician NPI"


@pytest.mark.parametrize("renderer", ["poppler", "mupdf", "ghostscript"])
def test_a_pre_filled_partner_code_prints_in_every_renderer(
    demo_site: Path, tmp_path: Path, renderer: str
) -> None:
    """A partner's form carries its referral code pre-filled (the only value the build
    writes); with NeedAppearances gone, the form draws that value itself."""
    form = next((demo_site / "for").glob("*/*/referral-form.pdf"))
    reader = PdfReader(form)
    widget = next(w for w in _widgets(reader) if w.get("/T") == "referral_source_code")
    assert widget["/V"] and widget["/AP"]["/N"].get_object().get_data()
    assert filled_fields(form.read_bytes()) == ["referral_source_code"]
    image = render(renderer, form, tmp_path / "partner")
    height = float(reader.pages[0].mediabox.height)
    rect = [float(v) for v in widget["/Rect"]]
    assert dark_pixels_inside(image, rect, height) >= 30, renderer


LONG_REASON = (
    "Firstword "
    + " ".join(
        f"Sentence {i} describes the breathlessness, the swelling and the question."
        for i in range(12)
    )
    + " Lastword"
)


def _fill_reason(source: Path, target: Path, how: str, *, da: str | None = None) -> None:
    """Put LONG_REASON into the reason box as pypdf does (its own appearance) or as a
    viewer that leaves drawing to the reader does (value, NeedAppearances, no appearance).
    ``da`` replaces the box's default appearance (the control below)."""
    from pypdf.generic import BooleanObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(source))
    widget = next(w for w in _widgets(writer) if w.get("/T") == "reason")
    if da is not None:
        widget[NameObject("/DA")] = TextStringObject(da)
    if how == "pypdf":
        writer.update_page_form_field_values(
            writer.pages[0], {"reason": LONG_REASON}, auto_regenerate=False
        )
    else:
        widget[NameObject("/V")] = TextStringObject(LONG_REASON)
        del widget["/AP"]
        writer.root_object["/AcroForm"][NameObject("/NeedAppearances")] = BooleanObject(True)
    writer.write(target)


def _printed_words(pdf: Path, out: Path) -> str:
    """What a printed page says: poppler renders it, Tesseract reads it back."""
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed (scripts/ensure-system-deps.sh test)")
    subprocess.run(
        ["pdftoppm", "-r", "200", "-gray", "-singlefile", str(pdf), str(out)], check=True
    )
    return subprocess.run(
        ["tesseract", str(out.with_suffix(".pgm")), "stdout"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.parametrize("how", ["pypdf", "viewer"])
def test_a_long_reason_wraps_inside_its_box_and_prints_whole(
    demo_site: Path, tmp_path: Path, how: str
) -> None:
    """The reason box is multiline with an automatic size: a long reason filled by
    pypdf or by a viewer wraps and shrinks inside the box, and the printed page
    (poppler) shows its first and last words (issue 21, item 7)."""
    form = demo_site / "cardiology" / "referral-form.pdf"
    widget = next(w for w in _widgets(PdfReader(form)) if w.get("/T") == "reason")
    assert int(widget["/Ff"]) & (1 << 12), "multiline"
    assert " 0 Tf" in str(widget["/DA"]), "automatic size"
    filled = tmp_path / "filled.pdf"
    _fill_reason(form, filled, how)
    words = _printed_words(filled, tmp_path / "filled")
    assert "Firstword" in words and "Lastword" in words, words


def test_a_fixed_size_reason_box_would_cut_the_long_reason(demo_site: Path, tmp_path: Path) -> None:
    """The check above can fail: at a fixed 10 pt (the old box) the end is cut off."""
    form = demo_site / "cardiology" / "referral-form.pdf"
    widget = next(w for w in _widgets(PdfReader(form)) if w.get("/T") == "reason")
    fixed = str(widget["/DA"]).replace(" 0 Tf", " 10 Tf")
    filled = tmp_path / "fixed.pdf"
    _fill_reason(form, filled, "pypdf", da=fixed)
    words = _printed_words(filled, tmp_path / "fixed")
    assert "Firstword" in words and "Lastword" not in words, words

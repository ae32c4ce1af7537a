"""Make WeasyPrint's fillable form print the same in every viewer.

WeasyPrint writes checkboxes with only an "on" appearance, no default appearance
(``DA``) and ``NeedAppearances true``. Viewers that honour ``NeedAppearances``
(poppler: Evince, Okular, most Linux print paths) then rebuild each box from its
``DA`` — which has no font — and draw nothing: a ticked "Urgent" prints blank.

This pass — a WeasyPrint *finisher*, run on the PDF objects before they are
written, so the output keeps WeasyPrint's compression and PDF/UA metadata —
makes the form stand on its own:

* every checkbox and radio button carries both appearances (``/Yes`` or the
  choice's name, and ``/Off``) drawn as vector paths, so no font is needed to
  show a tick; a ``DA`` naming ZapfDingbats and an ``MK`` caption (✓ / ●) so a
  viewer that does regenerate appearances draws the same mark;
* a radio group's choices are named after their labels (``/Urgent``), so the
  exported value reads as what the clinician chose;
* text fields get a ``DA`` with only a font, size and colour (WeasyPrint's
  carries a ``gs`` operator, which is not allowed there) and an empty
  appearance; multiline boxes (the reason) get size 0, "fit the box", so a long
  value filled by any tool wraps and shrinks inside the box and prints whole;
* boxes that repeat on a later page (a two-page form's patient line) become one
  field with a widget per page;
* ``NeedAppearances`` is removed: the form's own appearances are correct.

The build never fills a field; :func:`filled_fields` is the check that it did not.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pydyf
from pypdf import PdfReader

CHECK_ON = "/Yes"
ZAPF = "/ZaDb"
_FF_RADIO = 1 << 15
_FF_NO_TOGGLE_OFF = 1 << 14
_FF_MULTILINE = 1 << 12
_INHERITABLE = ("FT", "T", "TU", "Ff", "V", "DV", "MaxLen")


def _resolve(pdf: pydyf.PDF, value):
    """The object a pydyf reference (b"12 0 R") points at, or the value itself."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return pdf.objects[int(value.split()[0])]
    return value


def finish_form(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: explicit appearances for every widget, no NeedAppearances."""
    acroform = pdf.catalog.get("AcroForm")
    if acroform is None:
        return
    acroform = _resolve(pdf, acroform)
    resources = _resolve(pdf, acroform["DR"])
    fonts = _resolve(pdf, resources["Font"])
    zapf = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/ZapfDingbats"})
    pdf.add_object(zapf)
    fonts[ZAPF[1:]] = zapf.reference
    text_font = _form_font(pdf, fonts)
    kids = {
        ref
        for obj in pdf.objects
        if isinstance(obj, pydyf.Dictionary) and obj.get("FT") == "/Btn" and "Kids" in obj
        for ref in obj["Kids"]
    }
    acroform["Fields"] = pydyf.Array([f for f in acroform["Fields"] if f not in kids])
    acroform.pop("NeedAppearances", None)
    if text_font:
        acroform["DA"] = pydyf.String(f"{text_font} 0 Tf 0 g")

    group_names: dict[int, list[str]] = {}

    def empty(width: float, height: float) -> bytes:
        # one stream per widget: fillers (pypdf among them) rewrite a field's
        # appearance in place, so a shared stream would show one value everywhere
        return _appearance(pdf, width, height, b"")

    widgets = [
        obj
        for obj in pdf.objects
        if isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/Widget"
    ]
    for widget in widgets:
        rect = [float(v) for v in widget["Rect"]]
        x0, x1 = sorted(rect[0::2])
        y0, y1 = sorted(rect[1::2])
        widget["Rect"] = pydyf.Array([x0, y0, x1, y1])
        width, height = x1 - x0, y1 - y0
        parent = _resolve(pdf, widget.get("Parent"))
        field_type = widget.get("FT") or (parent.get("FT") if parent is not None else None)
        if field_type == "/Btn" and parent is not None:
            _finish_radio(pdf, widget, parent, width, height, empty, group_names)
        elif field_type == "/Btn":
            _finish_checkbox(pdf, widget, width, height, empty)
        elif field_type == "/Tx":
            if text_font:
                size = _da_size(_text(widget.get("DA"))) or 10
                if int(widget.get("Ff") or 0) & _FF_MULTILINE:
                    size = 0  # auto: a long reason shrinks to fit its box instead of being cut
                widget["DA"] = pydyf.String(f"{text_font} {size:g} Tf 0 g")
            value = _text(widget.get("V"))
            if value and text_font:  # pre-filled (a partner's referral code): draw it
                size = _da_size(_text(widget.get("DA"))) or 10
                content = _text_content(text_font, size, height, value)
                widget["AP"] = pydyf.Dictionary(
                    {
                        "N": _appearance(
                            pdf,
                            width,
                            height,
                            content,
                            {"Font": {text_font[1:]: fonts[text_font[1:]]}},
                        )
                    }
                )
            else:
                widget["AP"] = pydyf.Dictionary({"N": empty(width, height)})
    _share_repeated_fields(pdf, acroform)


def _share_repeated_fields(pdf: pydyf.PDF, acroform) -> None:
    """Text boxes with one name on several pages (a two-page form repeats "Patient
    name" and "Date of birth" on page 2) become one field with a widget on each page,
    so what is typed once shows on every page; WeasyPrint writes one field per box."""
    by_name: dict[str, list] = {}
    for ref in acroform["Fields"]:
        field = _resolve(pdf, ref)
        if field.get("FT") == "/Tx" and "Kids" not in field:
            by_name.setdefault(_text(field.get("T")), []).append((ref, field))
    fields = list(acroform["Fields"])
    for repeated in by_name.values():
        if len(repeated) < 2:
            continue
        first = repeated[0][1]
        parent = pydyf.Dictionary({k: first[k] for k in _INHERITABLE if k in first})
        parent["DA"] = first.get("DA")
        parent["Kids"] = pydyf.Array([ref for ref, _ in repeated])
        pdf.add_object(parent)
        for _, widget in repeated:
            for key in _INHERITABLE:
                widget.pop(key, None)
            widget["Parent"] = parent.reference
        at = fields.index(repeated[0][0])
        fields = [f for f in fields if f not in {ref for ref, _ in repeated}]
        fields.insert(at, parent.reference)
    acroform["Fields"] = pydyf.Array(fields)


def _text(value) -> str:
    if isinstance(value, pydyf.String):
        value = value.string
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value or "")


def _form_font(pdf: pydyf.PDF, fonts: dict) -> str | None:
    """The resource name of the whole (not subset) font WeasyPrint embeds for fields."""
    for name, ref in fonts.items():
        base = str(_resolve(pdf, ref).get("BaseFont", ""))
        if "Form-Sans" in base:
            return "/" + _text(name).lstrip("/")
    return None


def _da_size(da: str) -> float | None:
    match = re.search(r"([\d.]+)\s+Tf", da)
    return float(match.group(1)) if match else None


def _appearance(
    pdf: pydyf.PDF, width: float, height: float, content: bytes, resources: dict | None = None
) -> bytes:
    stream = pydyf.Stream(
        [content] if content else [],
        extra={
            "Type": "/XObject",
            "Subtype": "/Form",
            "BBox": pydyf.Array([0, 0, round(width, 3), round(height, 3)]),
            "Resources": pydyf.Dictionary(
                {k: pydyf.Dictionary(v) for k, v in (resources or {}).items()}
            ),
        },
        compress=True,
    )
    pdf.add_object(stream)
    return stream.reference


_FORM_FONT = Path(__file__).parent.parent / "fonts" / "ReferKitFormSans-Regular.ttf"


def _text_content(font: str, size: float, height: float, value: str) -> bytes:
    """A one-line text appearance in the form font (embedded whole, Identity-H, so a
    character's code is its glyph id in the bundled file)."""
    from fontTools.ttLib import TTFont

    ttf = TTFont(_FORM_FONT)
    cmap = ttf.getBestCmap()
    glyphs = "".join(f"{ttf.getGlyphID(cmap.get(ord(ch), '.notdef')):04x}" for ch in value)
    baseline = max(1.0, (height - size * 0.72) / 2)
    return (
        f"/Tx BMC q BT {font} {size:g} Tf 0 g 2 {baseline:.2f} Td <{glyphs}> Tj ET Q EMC"
    ).encode()


def _tick(width: float, height: float) -> bytes:
    """A bold check mark, stroked: thick enough to survive a 98 dpi fax."""
    size = min(width, height)
    line = max(1.2, size * 0.16)
    ox, oy = (width - size) / 2, (height - size) / 2
    points = [(0.18, 0.52), (0.42, 0.24), (0.84, 0.82)]
    x, y = (ox + px * size for px, _ in points), (oy + py * size for _, py in points)
    (x1, x2, x3), (y1, y2, y3) = list(x), list(y)
    return (
        f"q 0 g 0 G {line:.2f} w 1 J 1 j {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l "
        f"{x3:.2f} {y3:.2f} l S Q"
    ).encode()


def _dot(width: float, height: float) -> bytes:
    """A filled disc for the chosen radio button."""
    r = min(width, height) * 0.3
    cx, cy = width / 2, height / 2
    k = r * 0.5523  # Bézier control distance for a circle
    return (
        f"q 0 g {cx + r:.2f} {cy:.2f} m "
        f"{cx + r:.2f} {cy + k:.2f} {cx + k:.2f} {cy + r:.2f} {cx:.2f} {cy + r:.2f} c "
        f"{cx - k:.2f} {cy + r:.2f} {cx - r:.2f} {cy + k:.2f} {cx - r:.2f} {cy:.2f} c "
        f"{cx - r:.2f} {cy - k:.2f} {cx - k:.2f} {cy - r:.2f} {cx:.2f} {cy - r:.2f} c "
        f"{cx + k:.2f} {cy - r:.2f} {cx + r:.2f} {cy - k:.2f} {cx + r:.2f} {cy:.2f} c f Q"
    ).encode()


def _button_dicts(caption: str) -> dict:
    return {
        "DA": pydyf.String(f"{ZAPF} 0 Tf 0 g"),
        "MK": pydyf.Dictionary({"BC": pydyf.Array([0]), "CA": pydyf.String(caption)}),
    }


def _finish_checkbox(pdf, widget, width, height, empty) -> None:
    widget.update(_button_dicts("4"))  # ZapfDingbats "4" is a check mark
    on = _appearance(pdf, width, height, _tick(width, height))
    widget["AP"] = pydyf.Dictionary(
        {"N": pydyf.Dictionary({CHECK_ON[1:]: on, "Off": empty(width, height)})}
    )
    widget["AS"] = "/Off"
    widget["V"] = "/Off"


def export_name(label: str) -> str:
    """A radio choice's PDF name from its label: "Category 1" → "/Category_1"."""
    return "/" + (re.sub(r"[^A-Za-z0-9]+", "_", label).strip("_") or "Choice")


def _finish_radio(pdf, widget, group, width, height, empty, group_names) -> None:
    kids = [_resolve(pdf, k) for k in group["Kids"]]
    if id(group) not in group_names:  # once per group, before /Opt goes
        options = [_text(o) for o in group.get("Opt", [])]
        names: list[str] = []
        for i, _ in enumerate(kids):
            name = export_name(options[i]) if i < len(options) else f"/Choice_{i + 1}"
            while name in names:
                name += "_"
            names.append(name)
        group_names[id(group)] = names
        described = _text(group.get("TU"))  # WeasyPrint takes the first button's title
        if ": " in described:  # "Urgency: Urgent" → "Urgency"
            group["TU"] = pydyf.String(described.split(": ")[0])
        group.pop("Opt", None)  # the choices are named after their labels instead
    names = group_names[id(group)]
    index = next(i for i, kid in enumerate(kids) if kid is widget)
    widget.update(_button_dicts("l"))  # ZapfDingbats "l" is a filled circle
    on = _appearance(pdf, width, height, _dot(width, height))
    widget["AP"] = pydyf.Dictionary(
        {"N": pydyf.Dictionary({names[index][1:]: on, "Off": empty(width, height)})}
    )
    widget["AS"] = "/Off"
    for key in ("T", "FT", "V"):
        widget.pop(key, None)  # a kid is a widget of the group, not a field of its own
    group["V"] = "/Off"
    group["Ff"] = _FF_RADIO | _FF_NO_TOGGLE_OFF
    group["DA"] = pydyf.String(f"{ZAPF} 0 Tf 0 g")


def filled_fields(pdf: bytes) -> list[str]:
    """Names of fields that carry a value (the build must leave every field empty)."""
    reader = PdfReader(io.BytesIO(pdf))
    filled = []
    for name, field in (reader.get_fields() or {}).items():
        value = field.get("/V")
        if value not in (None, "", "/Off"):
            filled.append(name)
    return filled


def read_only_code_field(pdf: bytes) -> bytes:
    """A partner form: set the read-only flag on the pre-filled referral code field
    (WeasyPrint keeps the value but writes no flag for ``readonly``)."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            field = annotation.get_object()
            if field.get("/T") == "referral_source_code":
                flags = int(field.get("/Ff", 0))
                field[NameObject("/Ff")] = NumberObject(flags | 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()

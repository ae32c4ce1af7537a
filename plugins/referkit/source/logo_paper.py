"""Does a logo show on white paper? The PDFs print it on white; the site's header is
coloured, so the README's advice (a white mark on a transparent background) prints
white on white unless ``brand.print_logo`` names a version for paper.

A mark "shows" when its colour reaches WCAG 2.2's 3:1 for graphics against white. An
SVG is judged by the paint of its shapes (fill and stroke, inherited as SVG inherits
them, black where none is given), a PNG, WebP or JPEG by its visible pixels. A logo
whose colours cannot be read (CSS classes, ``currentColor``, gradients by reference) is
not judged: nothing is refused on a guess.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MIN_GRAPHIC_CONTRAST = 3.0  # WCAG 2.2, 1.4.11 Non-text Contrast
MIN_SHOWING_SHARE = 0.1  # less than a tenth of the marks showing: the logo does not show
SHAPES = {"path", "rect", "circle", "ellipse", "polygon", "polyline", "line", "text", "tspan"}
NAMED = {
    "white": "#ffffff",
    "black": "#000000",
    "snow": "#fffafa",
    "ivory": "#fffff0",
    "whitesmoke": "#f5f5f5",
    "silver": "#c0c0c0",
    "gray": "#808080",
    "grey": "#808080",
    "lightgray": "#d3d3d3",
    "lightgrey": "#d3d3d3",
    "gainsboro": "#dcdcdc",
    "red": "#ff0000",
    "green": "#008000",
    "blue": "#0000ff",
    "navy": "#000080",
    "yellow": "#ffff00",
    "orange": "#ffa500",
}
_RGB = re.compile(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)")
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


@dataclass(frozen=True)
class PaperVerdict:
    """How much of a logo shows on white: ``share`` of its marks reach 3:1."""

    share: float
    colours: tuple[str, ...]  # the light colours that do not show, most used first

    @property
    def shows(self) -> bool:
        return self.share >= MIN_SHOWING_SHARE


def judge_on_white(path: Path, contrast: Callable[[str, str], float]) -> PaperVerdict | None:
    """The verdict for the logo at ``path``, or None when its colours cannot be read.

    ``contrast(colour, "#ffffff")`` is the WCAG ratio (from branding.py)."""
    try:
        if path.suffix.lower() == ".svg":
            paints = _svg_paints(path.read_bytes())
        else:
            paints = _raster_paints(path)
    except (OSError, ValueError, ElementTree.ParseError):
        return None
    if not paints:
        return None
    showing = [c for c in paints if contrast(c, "#ffffff") >= MIN_GRAPHIC_CONTRAST]
    faint: dict[str, int] = {}
    for colour in paints:
        if contrast(colour, "#ffffff") < MIN_GRAPHIC_CONTRAST:
            faint[colour] = faint.get(colour, 0) + 1
    ordered = tuple(sorted(faint, key=lambda c: (-faint[c], c)))
    return PaperVerdict(len(showing) / len(paints), ordered)


def _colour(value: str | None) -> str | None:
    """A paint as ``#rrggbb``; "" for none/transparent; None when it cannot be read."""
    if value is None:
        return None
    text = value.strip().lower()
    if text in {"none", "transparent"}:
        return ""
    match = _HEX.fullmatch(text)
    if match:
        digits = match.group(1)
        return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)
    match = _RGB.fullmatch(text)
    if match:
        if match.group(4) is not None and float(match.group(4)) == 0:
            return ""
        return "#" + "".join(f"{min(255, int(match.group(i))):02x}" for i in (1, 2, 3))
    if text in NAMED:
        return NAMED[text]
    raise ValueError(f"unreadable paint {value!r}")  # currentColor, url(#gradient), …


def _style(element: ElementTree.Element) -> dict[str, str]:
    declared = dict(element.attrib)
    for part in element.attrib.get("style", "").split(";"):
        if ":" in part:
            name, value = part.split(":", 1)
            declared[name.strip()] = value.strip()
    return declared


def _svg_paints(data: bytes) -> list[str]:
    if b"<!ENTITY" in data:
        raise ValueError("entities are not read")
    root = ElementTree.fromstring(data)
    paints: list[str] = []

    def walk(element: ElementTree.Element, fill: str | None, stroke: str | None) -> None:
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in {"defs", "mask", "clipPath", "symbol", "title", "desc", "metadata"}:
            return
        if tag == "style":
            raise ValueError("CSS in the SVG is not read")
        declared = _style(element)
        if "fill" in declared:
            fill = _colour(declared["fill"])
        if "stroke" in declared:
            stroke = _colour(declared["stroke"])
        if declared.get("opacity", "1").strip() in {"0", "0.0"}:
            return
        if tag in SHAPES:
            paints.extend(p for p in (fill, stroke) if p)
        for child in element:
            walk(child, fill, stroke)

    walk(root, "#000000", "")  # SVG's initial fill is black, its initial stroke none
    return paints


def _raster_paints(path: Path) -> list[str]:
    """The colours of the visible pixels. In an image without transparency, a white or
    near-white background is paper, not a mark, so it is left out."""
    from PIL import Image  # Pillow comes with WeasyPrint; only raster logos need it

    with Image.open(path) as image:
        image.thumbnail((96, 96))
        raw = image.convert("RGBA").tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    visible = [(r, g, b) for r, g, b, a in pixels if a >= 128]
    if len(visible) == len(pixels) and visible:
        background = max(set(visible), key=visible.count)
        if min(background) >= 240:
            marks = [p for p in visible if p != background]
            visible = marks or [background]
    return [f"#{r:02x}{g:02x}{b:02x}" for r, g, b in visible]

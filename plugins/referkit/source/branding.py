"""Branding in one setting: a logo and brand colours that keep text readable.

``brand: {logo, primary, accent}`` in the referkit plugin options becomes a small
stylesheet of Material's colour variables (header, links, buttons) and a logo in the
header. A colour is refused (a finding at its line in mkdocs.yml) when links in it
on the white page, or white header text on it, fall below WCAG's 4.5:1, and the
nearest shade that passes is suggested.
"""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

import yaml

from ..findings import Finding
from ..rules import Rule
from ..rules.files import RK005
from ..rules.project import RK014, RK015, RK016, RK017, RK019
from .logo_paper import MIN_GRAPHIC_CONTRAST, judge_on_white
from .svg_logo import svg_logo_problems

MIN_CONTRAST = 4.5  # WCAG 2.2 AA, 1.4.3 Contrast (Minimum), normal-size text
WHITE = "#ffffff"
# Material's default primary (indigo #4051b5) gives 6.86:1 against white; its default
# accent (#526cfe, hovered links) only 4.26:1 and its stock teal (#009485) 3.77:1, so
# hovered links take the primary's darker shade and palette colours are checked.
LOGO_SUFFIXES = (".svg", ".png", ".webp", ".jpg", ".jpeg")
MAX_LOGO_BYTES = 2_000_000  # printed on every PDF and shown on every page
# Material for MkDocs 9.x palette names and their primary colours, to check a
# theme.palette.primary that mkdocs.yml sets without a brand colour
MATERIAL_PRIMARY = {
    "red": "#ef5552",
    "pink": "#e92063",
    "purple": "#ab47bd",
    "deep-purple": "#7e56c2",
    "indigo": "#4051b5",
    "blue": "#2094f3",
    "light-blue": "#02a6f2",
    "cyan": "#00bdd6",
    "teal": "#009485",
    "green": "#4cae4f",
    "light-green": "#8bc34b",
    "lime": "#cbdc38",
    "yellow": "#ffec3d",
    "amber": "#ffc105",
    "orange": "#ffa724",
    "deep-orange": "#ff6e42",
    "brown": "#795649",
    "grey": "#757575",
    "blue-grey": "#546d78",
    "black": "#000000",
    "white": "#ffffff",
}


def parse_hex(value: str) -> tuple[int, int, int]:
    """``#rrggbb`` or ``#rgb`` as 0-255 channels; ValueError otherwise."""
    text = value.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6 or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise ValueError(f"expected a colour like #0b5394, got {value!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{max(0, min(255, c)):02x}" for c in rgb)


def relative_luminance(color: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = parse_hex(color)
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio, from 1 (same) to 21 (black on white)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def nearest_compliant(color: str, against: str = WHITE, ratio: float = MIN_CONTRAST) -> str:
    """The shade of ``color`` (same hue and saturation in HSL) with the smallest change
    in lightness that reaches ``ratio`` against ``against``."""
    r, g, b = (c / 255 for c in parse_hex(color))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    for step in range(1, 201):
        for direction in (-1, 1):
            candidate_l = lightness + direction * step * 0.005
            if not 0 <= candidate_l <= 1:
                continue
            rgb = colorsys.hls_to_rgb(hue, candidate_l, saturation)
            candidate = to_hex(tuple(round(c * 255) for c in rgb))
            if contrast_ratio(candidate, against) >= ratio:
                return candidate
    return "#000000" if contrast_ratio("#000000", against) >= ratio else WHITE


def shade(color: str, lightness_delta: float) -> str:
    r, g, b = (c / 255 for c in parse_hex(color))
    hue, lightness, saturation = colorsys.rgb_to_hls(r, g, b)
    rgb = colorsys.hls_to_rgb(hue, max(0.0, min(1.0, lightness + lightness_delta)), saturation)
    return to_hex(tuple(round(c * 255) for c in rgb))


def key_position(root: yaml.Node | None, path: tuple) -> tuple[int, int]:
    """1-based line and column of the key at ``path`` in a composed YAML tree.

    ``path`` items are mapping keys, or ``("plugin", name)`` to step into the entry of
    a plugins list named ``name``. Falls back to the deepest key found (or 1:1).
    """
    best = (1, 1)
    node = root
    for step in path:
        found = None
        if isinstance(step, tuple) and isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if isinstance(item, yaml.MappingNode):
                    for key, value in item.value:
                        if key.value == step[1]:
                            found = (key, value)
                elif isinstance(item, yaml.ScalarNode) and item.value == step[1]:
                    found = (item, None)
        elif isinstance(step, tuple) and isinstance(node, yaml.MappingNode):
            step = step[1]
        if found is None and isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == step:
                    found = (key, value)
        if found is None:
            break
        best = (found[0].start_mark.line + 1, found[0].start_mark.column + 1)
        node = found[1]
    return best


def compose_yaml(path: Path) -> yaml.Node | None:
    try:
        return yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        return None


def brand_findings(
    config_path: Path,
    *,
    primary: str | None,
    accent: str | None,
    logo: str | None,
    print_logo: str | None = None,
    palette: object = None,
    empty: tuple[str, ...] = (),
) -> list[Finding]:
    """Refuse brand colours that make text or links hard to read, a missing or unsafe
    logo, a logo that would print white on white, and brand keys left without a value."""
    root = compose_yaml(config_path)
    display = config_path.name
    brand_path = ("plugins", ("plugin", "referkit"), "brand")
    findings: list[Finding] = []

    def finding(path: tuple, rule: Rule, message: str, hint: str, loc: tuple) -> None:
        line, col = key_position(root, path)
        findings.append(rule.at(display, line, col, message, loc=loc, hint=hint))

    for name in empty:
        line, col = key_position(root, (*brand_path, name))
        findings.append(_empty_key(config_path, line, col, name))

    for name, value in (("primary", primary), ("accent", accent)):
        if value is None:
            continue
        try:
            parse_hex(value)
        except ValueError as exc:
            finding(
                (*brand_path, name),
                RK015,
                str(exc),
                f'write a hex colour, e.g. {name}: "#0b5394"',
                ("plugins", "referkit", "brand", name),
            )
            continue
        ratio = contrast_ratio(value, WHITE)
        if ratio < MIN_CONTRAST:
            use = (
                "links on the white page and white header text on it"
                if name == "primary"
                else "links when hovered or focused, on the white page"
            )
            better = nearest_compliant(value)
            finding(
                (*brand_path, name),
                RK015,
                f"{value} gives {ratio:.2f}:1 contrast for {use}; "
                f"WCAG 2.2 AA needs {MIN_CONTRAST}:1",
                f"the nearest shade that passes is {better} "
                f'({contrast_ratio(better, WHITE):.2f}:1): {name}: "{better}"',
                ("plugins", "referkit", "brand", name),
            )
    if primary is None:
        # without a brand colour, a Material palette colour is what links are drawn in
        palettes = palette if isinstance(palette, list) else [palette]
        for index, entry in enumerate(palettes):
            named = entry.get("primary") if isinstance(entry, dict) else None
            color = MATERIAL_PRIMARY.get(str(named).lower()) if named else None
            if not color or contrast_ratio(color, WHITE) >= MIN_CONTRAST:
                continue
            better = nearest_compliant(color)
            if isinstance(palette, list):
                line, col = _palette_position(root, index)
                loc: tuple = ("theme", "palette", index, "primary")
            else:
                line, col = key_position(root, ("theme", "palette", "primary"))
                loc = ("theme", "palette", "primary")
            findings.append(
                RK015.at(
                    display,
                    line,
                    col,
                    f"Material's {named} ({color}) gives "
                    f"{contrast_ratio(color, WHITE):.2f}:1 contrast for links on the white "
                    f"page; WCAG 2.2 AA needs {MIN_CONTRAST}:1",
                    loc=loc,
                    hint=f'set the referkit plugin option brand: {{primary: "{better}"}} '
                    f"({contrast_ratio(better, WHITE):.2f}:1) instead",
                )
            )
    for name, value in (("logo", logo), ("print_logo", print_logo)):
        if value is None:
            continue
        at = key_position(root, (*brand_path, name))
        problems = _logo_findings(config_path, value, at, name)
        findings += problems
        if not problems and (name == "print_logo" or print_logo is None):
            _check_on_paper(value, name, config_path, finding, brand_path)
    return findings


# what each raster type's file starts with: a logo's content must match its name, so a
# script-carrying SVG cannot pass as "logo.png"
_RASTER_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
}


def _logo_findings(
    config_path: Path, logo: str, at: tuple[int, int], name: str = "logo"
) -> list[Finding]:
    """The logo must be a file inside the project (RK005, the same rule as for symbolic
    links), of a type it claims (RK016); an SVG must be plain drawing data (RK017)."""
    display = config_path.name

    def refuse(rule: Rule, message: str, hint: str) -> list[Finding]:
        loc = ("plugins", "referkit", "brand", name)
        return [rule.at(display, *at, message, loc=loc, hint=hint)]

    project_dir = config_path.parent.resolve()
    logo_path = Path(logo)
    logo_path = logo_path if logo_path.is_absolute() else config_path.parent / logo_path
    try:
        resolved = logo_path.resolve()
        resolved.relative_to(project_dir)
    except (OSError, ValueError):
        return refuse(
            RK005,
            f"{logo} is outside the project; ReferKit reads and publishes only files inside it",
            "copy the logo into the project, e.g. templates/assets/, and point logo at the copy",
        )
    if logo_path.suffix.lower() not in LOGO_SUFFIXES:
        return refuse(
            RK016,
            f"{logo}: a logo must be an SVG, PNG, WebP or JPEG file",
            "point logo at e.g. templates/assets/logo.svg",
        )
    try:
        size = resolved.stat().st_size if resolved.is_file() else None
        data = resolved.read_bytes() if size is not None and size <= MAX_LOGO_BYTES else None
    except OSError:
        size = data = None
    if size is not None and data is None:
        return refuse(
            RK016,
            f"{logo}: {size:,} bytes; a logo is at most {MAX_LOGO_BYTES:,} bytes",
            "export the logo smaller (a header logo is a few kilobytes)",
        )
    if data is None:
        return refuse(
            RK016,
            f"{logo}: no such file (paths are relative to the folder of {display})",
            f"put the logo in templates/assets/ and write {name}: templates/assets/<name>",
        )
    suffix = logo_path.suffix.lower()
    if suffix in _RASTER_MAGIC and not data.startswith(_RASTER_MAGIC[suffix]):
        return refuse(
            RK016,
            f"{logo}: the file is not a {suffix[1:].upper()} image, whatever its name says",
            "export the logo again as the type its name says",
        )
    if suffix != ".svg":
        return []
    shown = resolved.relative_to(project_dir).as_posix()
    return [
        RK017.at(
            shown,
            line,
            col,
            f"SVG logo: {what}",
            hint="remove it, or export the logo as a plain SVG (Inkscape: Save As > Plain "
            "SVG; Illustrator: SVG with no scripts, fonts or linked images) or as a PNG",
        )
        for line, col, what in svg_logo_problems(data)
    ]


def _logo_path(value: str, config_path: Path) -> Path:
    path = Path(value)
    return path if path.is_absolute() else config_path.parent / path


def _check_on_paper(value: str, name: str, config_path: Path, finding, brand_path) -> None:
    """RK019: the logo the guides and forms print does not show on white paper."""
    verdict = judge_on_white(_logo_path(value, config_path), contrast_ratio)
    if verdict is None or verdict.shows:
        return
    light = ", ".join(verdict.colours[:3])
    stem = Path(value)
    paper = stem.with_name(f"{stem.stem}-print{stem.suffix}").as_posix()
    if name == "logo":
        hint = (
            f"keep logo: for the coloured header and add a version for paper, e.g. "
            f"print_logo: {paper} (dark marks on a transparent or white background)"
        )
    else:
        hint = "use a version of the logo with dark marks (3:1 or more against white)"
    finding(
        (*brand_path, name),
        RK019,
        f"{value} would print white on white on every referral guide and form: "
        f"{'none' if verdict.share == 0 else f'only {verdict.share:.0%}'} of its marks reach "
        f"{MIN_GRAPHIC_CONTRAST:g}:1 against white (its light colours: {light})",
        hint,
        ("plugins", "referkit", "brand", name),
    )


def _empty_key(config_path: Path, line: int, col: int, name: str) -> Finding:
    """RK014: ``primary: #1d5c73`` unquoted is a key with a comment and no value."""
    try:
        row = config_path.read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        row = ""
    after = row.split(":", 1)[1].strip() if ":" in row else ""
    written = after.split()[0] if after else ""
    if re.fullmatch(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?", written):
        message = (
            f"brand.{name} has no value: YAML reads {written} after an unquoted # as a "
            "comment, so the setting would be ignored"
        )
        hint = f'quote it: {name}: "{written}"'
    else:
        message = f"brand.{name} is given with no value, so the setting would be ignored"
        hint = f"write its value after `{name}:`, or delete the line"
    return RK014.at(
        config_path.name,
        line,
        col,
        message,
        loc=("plugins", "referkit", "brand", name),
        hint=hint,
    )


def _palette_position(root: yaml.Node | None, index: int) -> tuple[int, int]:
    line, col = key_position(root, ("theme", "palette"))
    node = root
    for step in ("theme", "palette"):
        if not isinstance(node, yaml.MappingNode):
            return line, col
        node = next((v for k, v in node.value if k.value == step), None)
    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        item = node.value[index]
        if isinstance(item, yaml.MappingNode):
            for key, _ in item.value:
                if key.value == "primary":
                    return key.start_mark.line + 1, key.start_mark.column + 1
    return line, col

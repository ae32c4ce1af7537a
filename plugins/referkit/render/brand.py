"""The brand stylesheet: Material's colour variables from ``brand.primary`` and ``brand.accent``."""

from __future__ import annotations

from ..source.branding import (
    parse_hex,
    shade,
)


def brand_css(primary: str | None, accent: str | None, *, logo: bool) -> str:
    """Material's colour variables for the brand (colours checked by brand_findings).

    ``[data-md-color-primary]`` has the specificity of Material's own palette selectors
    and this stylesheet loads after Material's, so the brand wins. Without a brand
    colour, Material's primary (its default or a checked palette colour) stays, and
    hovered links take its darker shade instead of Material's light accent.
    """
    lines = [
        "/* ReferKit brand colours (generated from the brand option in mkdocs.yml) */",
        ":root, [data-md-color-primary], [data-md-color-accent] {",
    ]
    if primary:
        main = primary.lower()
        lines += [
            f"  --md-primary-fg-color: {main};",
            f"  --md-primary-fg-color--light: {shade(main, 0.08)};",
            f"  --md-primary-fg-color--dark: {shade(main, -0.08)};",
            "  --md-primary-bg-color: #ffffff;",
            "  --md-primary-bg-color--light: #ffffffb3;",
            f"  --md-typeset-a-color: {main};",
        ]
    if accent:
        r, g, b = parse_hex(accent)
        lines += [
            f"  --md-accent-fg-color: {accent.lower()};",
            f"  --md-accent-fg-color--transparent: rgba({r}, {g}, {b}, 0.1);",
            "  --md-accent-bg-color: #ffffff;",
        ]
    else:
        lines.append("  --md-accent-fg-color: var(--md-primary-fg-color--dark);")
    lines.append("}")
    if logo:
        lines += [
            "/* the logo stays in the header on phones (Material hides it below 76.25em) */",
            ".md-header__button.md-logo { display: inline-block; margin: .2rem .2rem .2rem 0;"
            " padding: .2rem; }",
            ".md-header__button.md-logo img { height: 1.6rem; width: auto; max-width: 8rem; }",
            "@media screen and (max-width: 76.234375em) {",
            "  .md-header__button.md-logo { display: inline-block; }",
            "}",
        ]
    return "\n".join(lines) + "\n"

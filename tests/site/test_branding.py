"""Branding in one setting: brand colours are checked for contrast, the logo shows in
the header on phones, and Material's colours follow the brand."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers.browser import phone_page, serve
from helpers.project import REPO, build_site, run_build_py
from referkit.source.branding import contrast_ratio, nearest_compliant

SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
LOGO = REPO / "templates" / "assets" / "lakeside-logo.svg"


def _with_options(project: Path, options: str, theme_extra: str = "") -> int:
    """Rewrite the fixture's mkdocs.yml; returns the line number of the first option."""
    text = (
        "site_name: Harbor Test Clinic\n"
        "site_url: https://clinic.example.org/\n"
        "docs_dir: content\n"
        "theme:\n"
        "  name: material\n"
        "  font: false\n"
        f"{theme_extra}"
        "plugins:\n"
        "  - search\n"
        "  - referkit:\n"
        "      pdf: false\n"
        f"{options}"
    )
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    return text.count("\n", 0, text.index(options.strip().splitlines()[0])) + 1 if options else 0


def _rgb(hex_color: str) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_contrast_formula_matches_wcag_examples() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast_ratio("#009485", "#ffffff") == pytest.approx(3.77, abs=0.01)  # Material teal
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_nearest_compliant_shade_is_close_and_passes() -> None:
    better = nearest_compliant("#009485")
    assert contrast_ratio(better, "#ffffff") >= 4.5
    assert contrast_ratio(better, "#ffffff") < 4.8  # the nearest, not simply black
    assert better.startswith("#00")  # same hue, darker


def test_low_contrast_brand_colour_stops_the_build(mini: Path, tmp_path: Path) -> None:
    line = _with_options(
        mini, '      brand:\n        primary: "#009485"\n        accent: "#e0e0e0"\n'
    )
    result = build_site(mini, tmp_path / "site")
    assert result.returncode == 1, result.stdout + result.stderr
    output = result.stdout + result.stderr
    expected = rf"mkdocs\.yml:{line + 1}:9: RK015 plugins\.referkit\.brand\.primary: "
    expected += r"#009485 gives 3\.77:1"
    assert re.search(expected, output), output
    assert re.search(rf"mkdocs\.yml:{line + 2}:9: RK015 .*#e0e0e0", output), output
    suggested = re.search(r'primary: "(#[0-9a-f]{6})"', output).group(1)
    assert contrast_ratio(suggested, "#ffffff") >= 4.5
    assert not (tmp_path / "site").exists()


def test_material_teal_palette_without_a_brand_is_refused(mini: Path) -> None:
    _with_options(mini, "", theme_extra="  palette:\n    primary: teal\n")
    result = run_build_py("check", "--project", str(mini), "--format", "text")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    expected = r"mkdocs\.yml:8:5: RK015 theme\.palette\.primary: Material's teal"
    assert re.search(expected, output), output
    assert "brand: {primary:" in output


def test_missing_logo_is_a_finding(mini: Path) -> None:
    line = _with_options(mini, "      brand:\n        logo: templates/assets/nope.svg\n")
    result = run_build_py("check", "--project", str(mini), "--format", "text")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    expected = rf"mkdocs\.yml:{line + 1}:9: RK016 plugins\.referkit\.brand\.logo: "
    expected += r"\S+nope\.svg: no such"
    assert re.search(expected, output), output


def test_brand_logo_and_colours_on_a_phone(mini: Path, tmp_path: Path, browser) -> None:
    (mini / "templates" / "assets").mkdir(parents=True)
    shutil.copy(LOGO, mini / "templates" / "assets" / "logo.svg")
    _with_options(
        mini,
        "      brand:\n        logo: templates/assets/logo.svg\n"
        '        primary: "#6a1b9a"\n        accent: "#9a3412"\n',
    )
    result = build_site(mini, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = phone_page(browser)
    with serve(tmp_path / "site") as url:
        page.goto(url + "cardiology/")
        logo = page.locator(".md-header img[src$='assets/referkit/logo.svg']")
        assert logo.is_visible()
        box = logo.bounding_box()
        assert box["height"] >= 24 and box["x"] >= 0 and box["x"] + box["width"] <= 390
        header = page.locator(".md-header")
        assert header.evaluate("e => getComputedStyle(e).backgroundColor") == _rgb("#6a1b9a")
        assert header.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
        link = page.locator(".md-typeset a[href^='tel:']").first
        assert link.evaluate("e => getComputedStyle(e).color") == _rgb("#6a1b9a")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "brand-header-phone.png"))
    page.context.close()


def test_default_colours_are_readable(mini: Path, tmp_path: Path, browser) -> None:
    """Without a brand: links and hovered links at 4.5:1 or more on the white page."""
    result = build_site(mini, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = browser.new_page()
    with serve(tmp_path / "site") as url:
        page.goto(url + "cardiology/")
        colours = page.evaluate(
            """() => {
            const link = document.querySelector('.md-typeset a[href^="tel:"]');
            const style = getComputedStyle(link);
            return [style.color, style.getPropertyValue('--md-accent-fg-color')];
        }"""
        )
    page.close()
    for colour in colours:
        colour = colour.strip()
        if colour.startswith("rgb"):
            r, g, b = (int(n) for n in re.findall(r"\d+", colour)[:3])
            colour = f"#{r:02x}{g:02x}{b:02x}"
        assert contrast_ratio(colour, "#ffffff") >= 4.5, colour

"""Every generated page is valid HTML (Nu checker) and loads nothing from other hosts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from helpers.project import REPO, html_pages, soup

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITE_HOST = "refer.example.org"
# attributes through which a page makes the browser fetch something
_RESOURCE_ATTRIBUTES = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


def _nu_messages(site: Path) -> list[tuple[str, str]]:
    java = shutil.which("java")
    assert java, "the Nu Html Checker needs Java"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [(m.get("url", "").rsplit("/site/", 1)[-1], m.get("message")) for m in messages]


def test_the_nu_html_checker_is_current() -> None:
    """vnu-jar 26.x: older checkers miss rules such as aria-labelledby on a plain div."""
    result = subprocess.run(
        [shutil.which("java") or "java", "-jar", str(VNU), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert int(result.stdout.split(".")[0]) >= 26, result.stdout


def test_nu_html_checker_finds_no_errors(demo_site: Path) -> None:
    assert _nu_messages(demo_site) == []
    assert len(html_pages(demo_site)) >= 28


def test_nu_html_checker_finds_no_errors_in_a_second_practice(long_site: Path) -> None:
    assert _nu_messages(long_site) == []
    assert (long_site / "404.html").is_file()


def test_nu_html_checker_reports_a_labelled_div(tmp_path: Path) -> None:
    """The rule the 24.x checker missed, so a regression to it would show here."""
    page = tmp_path / "site" / "x.html"
    page.parent.mkdir()
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>x</title></head>'
        '<body><div aria-labelledby="t"><p id="t">Refer</p></div></body></html>'
    )
    assert any("aria-labelledby" in message for _, message in _nu_messages(page.parent))


def _foreign(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) and parts.netloc != SITE_HOST


def test_no_page_references_another_host_for_resources(demo_site: Path) -> None:
    offenders = []
    for path in html_pages(demo_site) + [demo_site / "404.html"]:
        page = soup(path)
        for tag, attribute in _RESOURCE_ATTRIBUTES.items():
            for element in page.find_all(tag):
                if element.get(attribute) and _foreign(element[attribute]):
                    offenders.append((path.name, tag, element[attribute]))
        for link in page.find_all("link"):
            rel = set(link.get("rel", []))
            if rel & {
                "stylesheet",
                "preload",
                "preconnect",
                "dns-prefetch",
                "icon",
                "modulepreload",
            } and _foreign(link.get("href", "")):
                offenders.append((path.name, "link", link["href"]))
        for style in page.find_all("style"):
            offenders += [
                (path.name, "style", u) for u in _CSS_URL.findall(style.string or "") if _foreign(u)
            ]
    for css in demo_site.rglob("*.css"):
        offenders += [
            (css.name, "css", u) for u in _CSS_URL.findall(css.read_text()) if _foreign(u)
        ]
    assert offenders == []


def test_the_check_catches_a_third_party_font(tmp_path: Path) -> None:
    page = tmp_path / "x.html"
    page.write_text('<link rel="stylesheet" href="https://fonts.example.net/css?family=Roboto">')
    found = [link["href"] for link in soup(page).find_all("link") if _foreign(link["href"])]
    assert found == ["https://fonts.example.net/css?family=Roboto"]

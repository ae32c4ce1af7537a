"""The preview as an editor sees it: real Chromium on a real ``build.py serve`` at
127.0.0.1, PDFs on. A one-line YAML edit shows on the open page (live reload), only
that page is rendered again, its PDFs follow; a YAML error shows in the preview's error
box over the last good page, and the fix clears it (issues #21 item 5, #23 item 1)."""

from __future__ import annotations

import re
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

from helpers.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from helpers.serving import Preview  # noqa: E402

BANNER = "#referkit-preview-errors"


def _with_pdfs(project: Path) -> Path:
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert "      pdf: false\n" in text
    config.write_text(text.replace("      pdf: false\n", "      page_size: letter\n"))
    path = project / "service_lines" / "cardiology.yaml"  # serve has no --today
    path.write_text(path.read_text().replace("2026-10-01", date.today().isoformat()))
    return path


def _set_hours(path: Path, hours: str) -> None:
    text = path.read_text()
    new = re.sub(r"\n(\s+)hours: .*", rf"\n\1hours: {hours}", text, count=1)
    assert new != text
    path.write_text(new)


def _guide_text(preview: Preview) -> str:
    import urllib.request

    page = preview.get("cardiology/")[1]
    links = set(re.findall(r'href="([^"]*referral-guide[^"]*\.pdf)"', page))
    if not links:
        return ""  # not linked (yet): the first PDFs are rendered after the first pages
    [href] = links
    url = preview.url("cardiology/" + href if not href.startswith("/") else href)
    with urllib.request.urlopen(url, timeout=10) as response:
        pdf = response.read()
    result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.decode().split())


def test_an_edit_shows_in_the_browser_and_an_error_in_the_error_box(
    mini: Path, tmp_path: Path
) -> None:
    path = _with_pdfs(mini)
    preview = Preview(mini, tmp_path / "serve.log")
    try:
        preview.wait_for("cardiology/", lambda s, b: s == 200 and "8:00–17:00" in b, 300)
        with playwright_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(preview.url("cardiology/"))
            page.get_by_text("8:00–17:00").first.wait_for(timeout=30_000)
            assert page.locator(BANNER).count() == 0

            before = len(re.findall(r"Pages rendered: ", preview.output()))
            _set_hours(path, "Mon–Fri 7:45–16:15")
            saved = time.monotonic()
            # live reload brings the edit into the open page, without a click
            page.get_by_text("7:45–16:15").first.wait_for(timeout=60_000)
            shown_s = time.monotonic() - saved
            rendered = re.findall(r"Pages rendered: (\d+)(?: \(([^)]*)\))?", preview.output())
            assert len(rendered) > before
            count, names = rendered[before]
            # a dirty rebuild: the edited page (and at most the pages listing its hours)
            assert "cardiology/index.html" in names.split(", "), rendered
            assert int(count) <= 3, rendered
            # the PDFs follow: the guide served at the page's link prints the new hours
            deadline = time.monotonic() + 120
            while "7:45–16:15" not in _guide_text(preview):
                assert time.monotonic() < deadline, (preview.get("cardiology/"), preview.output())
                time.sleep(0.5)

            good = path.read_text()
            path.write_text(good.replace("seen_within_days: 3", "seen_within_days: x"))
            box = page.locator(BANNER)
            box.wait_for(timeout=60_000)
            text = box.inner_text()
            assert "service_lines/cardiology.yaml" in text and "RK102" in text, text
            assert page.get_by_text("7:45–16:15").first.is_visible()  # the last good page

            path.write_text(good.replace("seen_within_days: 3", "seen_within_days: 5"))
            page.get_by_text("within 5 business days").first.wait_for(timeout=60_000)
            assert page.locator(BANNER).count() == 0
            browser.close()
    finally:
        log = preview.stop()
    assert "Traceback" not in log, log
    print(f"edit visible in the browser after {shown_s:.2f} s")

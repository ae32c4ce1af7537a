"""The ``feedback`` option ("Report an error on this page") and preview builds (noindex)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers.browser import CHROMIUM, CHROMIUM_ARGS, serve
from helpers.project import FIXTURES, TODAY, copy_project, run_build_py, soup
from pypdf import PdfReader
from referkit.source.project import load_project_config
from referkit.urls import feedback_display, feedback_href

SITE = "https://clinic.example.org/"
MAILTO = "mailto:web@clinic.example.org?subject=Error%20on%20https://clinic.example.org/{}"


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/dated with ``feedback`` set, built with ``--preview``."""
    project = copy_project(FIXTURES / "dated", tmp_path_factory.mktemp("feedback") / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      page_size: letter\n",
            "      page_size: letter\n      feedback: mailto:web@clinic.example.org\n",
        )
    )
    out = project.parent / "site"
    result = run_build_py(
        "build", "--project", str(project), "--out", str(out), "--today", TODAY, "--preview"
    )
    assert result.returncode == 0, result.stderr
    return out


def test_every_service_line_page_links_to_report_an_error(preview_site: Path) -> None:
    for slug in ("sleep", "cardiology"):
        links = soup(preview_site / slug / "index.html").select("p.rk-feedback a")
        assert [(a.get_text(), a["href"]) for a in links] == [
            ("Report an error on this page", MAILTO.format(f"{slug}/"))
        ]
    # the link is the whole mechanism: no script names the address
    for script in soup(preview_site / "sleep" / "index.html").find_all("script"):
        assert "clinic.example.org?subject" not in (script.string or "")


def test_the_guide_footer_carries_the_address_and_the_link(preview_site: Path) -> None:
    guide = preview_site / "sleep" / "referral-guide.pdf"
    text = subprocess.run(["pdftotext", str(guide), "-"], capture_output=True, text=True).stdout
    assert "Report an error on this page: web@clinic.example.org" in " ".join(text.split())
    reader = PdfReader(io.BytesIO(guide.read_bytes()))
    uris = [
        annotation.get_object()["/A"]["/URI"]
        for annotation in reader.pages[0].get("/Annots") or []
        if "/A" in annotation.get_object()
    ]
    assert MAILTO.format("sleep/") in uris


def test_no_request_to_any_third_party(preview_site: Path) -> None:
    from playwright import sync_api

    with sync_api.sync_playwright() as p, serve(preview_site) as base:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        hosts: set[str] = set()
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        page.goto(base + "sleep/", wait_until="networkidle")
        link = page.get_by_role("link", name="Report an error on this page")
        assert link.get_attribute("href") == MAILTO.format("sleep/")
        browser.close()
    assert hosts == {urlsplit(base).netloc}


def test_a_preview_build_is_noindex_everywhere(preview_site: Path) -> None:
    assert (preview_site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    pages = sorted(preview_site.rglob("*.html"))
    assert len(pages) >= 8 and preview_site / "404.html" in pages
    for page in pages:
        metas = soup(page).find_all("meta", attrs={"name": "robots"})
        assert [m["content"] for m in metas] == ["noindex"], page


def test_a_published_build_is_indexable(tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "mini", tmp_path / "mini")
    out = tmp_path / "site"
    result = run_build_py("build", "--project", str(project), "--out", str(out), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert "Disallow" not in (out / "robots.txt").read_text()
    assert soup(out / "cardiology" / "index.html").find("meta", attrs={"name": "robots"}) is None
    assert not soup(out / "cardiology" / "index.html").select("p.rk-feedback")  # not set


def test_feedback_links_for_a_form_and_an_address() -> None:
    page = SITE + "cardiology/"
    assert feedback_href("web@clinic.example.org", page) == MAILTO.format("cardiology/")
    assert (
        feedback_href("https://forms.example.org/report?page={url}", page)
        == "https://forms.example.org/report?page=https%3A%2F%2Fclinic.example.org%2Fcardiology%2F"
    )
    assert (
        feedback_href("https://forms.example.org/r?lang=en", page)
        == "https://forms.example.org/r?lang=en&page=https%3A%2F%2Fclinic.example.org%2Fcardiology%2F"
    )
    assert feedback_display("https://forms.example.org/report?page={url}") == (
        "forms.example.org/report"
    )
    assert feedback_display("mailto:web@clinic.example.org") == "web@clinic.example.org"


@pytest.mark.parametrize(
    "value", ["http://forms.example.org/report", "web at clinic", "javascript:alert(1)"]
)
def test_a_bad_feedback_value_is_a_clear_finding(tmp_path: Path, value: str) -> None:
    project = copy_project(FIXTURES / "mini", tmp_path / "mini")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      pdf: false\n", f"      pdf: false\n      feedback: {value}\n"
        )
    )
    loaded, findings = load_project_config(project)
    assert loaded is None
    assert [(f.code, f.loc) for f in findings] == [("RK011", ("plugins", "referkit", "feedback"))]
    assert "an e-mail address" in findings[0].message and "https://" in findings[0].message

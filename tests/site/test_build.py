"""Integration: build real sites through build.py and read the HTML back."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from helpers.project import REPO, TODAY, build_site, html_pages, run_build_py, soup
from referkit.source.loader import load_practice


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_service_line_page_has_every_section_in_order(demo_site: Path) -> None:
    page = soup(demo_site / "cardiology" / "index.html")
    article = page.select_one("article")
    assert [h.get_text(strip=True) for h in article.find_all("h1")] == ["Cardiology referrals"]
    headings = [h.get_text(strip=True) for h in article.find_all("h2")]
    assert headings == [
        "Conditions we see",
        "When to refer",
        "When not to refer",
        "Before you refer",
        "Records to send",
        "How to refer",
        "Language access",
        "What happens next",
        "Locations",
        "Providers",
        "Insurance and authorization",
        "Preparing your patient",
        "Questions from referring offices",
    ]
    text = _text(article)
    rows = {_text(row.th): _text(row) for row in article.select("table.rk-triage tbody tr")}
    assert "Send to the emergency department or call 911" in rows["Emergent"]
    assert "Seen within 3 business days" in rows["Urgent"]
    assert "Atrial fibrillation with rapid rate" in rows["Urgent"]
    assert "Seen within 15 business days" in rows["Routine"]
    assert "Pre-operative clearance without a cardiac question" in text
    assert "Lipid panel" in text
    checklist = [_text(li) for li in article.select("ul.rk-checklist > li")]
    assert "Most recent ECG tracing (not only the report) (required)" in checklist
    assert "Echocardiogram report from the last 12 months (if available)" in checklist
    assert "(608) 555-0121" in text  # fax
    assert "cardiology.intake@direct.example.org" in text
    assert "acknowledge your referral within 4 business hours" in text
    assert "within 2 business days of the visit" in text
    # the promise the YAML makes, in the guide's wording; nothing added to it
    assert "Patient contacted to schedule within 1 business day." in text
    assert "confirm" not in text.lower()
    # the emergency banner carries the level's own label
    banner = _text(article.select_one(".rk-emergent"))
    assert banner.startswith("Emergent: Send to the emergency department")
    assert "Lakeside Specialty Partners — Main Campus" in text
    assert "Dana Whitfield, MD, FACC" in text
    assert "Bring a list of all medicines" in text
    assert "Can I send a referral for a patient already in the hospital?" in text
    assert "Last reviewed October 1, 2026 by Dana Whitfield, MD, Medical Director." in text
    assert article.select_one('a[href="https://refer.example.org/e-referral"]') is not None


def test_tel_links_are_e164_everywhere(demo_site: Path) -> None:
    tel_links = [
        a["href"] for path in html_pages(demo_site) for a in soup(path).select('a[href^="tel:"]')
    ]
    assert len(tel_links) > 50
    assert all(re.fullmatch(r"tel:\+1\d{10}", href) for href in tel_links), tel_links[:5]
    cardiology = soup(demo_site / "cardiology" / "index.html")
    assert cardiology.select_one('a[href="tel:+16085550120"]') is not None


def test_home_links_every_service_line(demo_site: Path) -> None:
    practice = load_practice(REPO).practice
    home = soup(demo_site / "index.html")
    links = {a["href"] for a in home.select(".rk-service-lines .rk-service-line__name a")}
    assert links == {f"{s.slug}/" for s in practice.service_lines}
    for line in practice.service_lines:
        assert line.summary in _text(home)
        assert (demo_site / line.slug / "index.html").is_file()


def test_location_and_provider_pages(demo_site: Path) -> None:
    location = _text(
        soup(demo_site / "locations" / "westside" / "index.html").select_one("article")
    )
    assert "2450 Prairie Road" in location and "Middleton, WI 53562" in location
    assert "(608) 555-0140" in location and "Fax (608) 555-0141" in location
    assert "Mon–Thu 08:00–17:00" in location and "Fri 08:00–12:00" in location
    assert "Orthopedics" in location and "Dermatology" in location
    provider = _text(
        soup(demo_site / "providers" / "priya-raman" / "index.html").select_one("article")
    )
    assert "Priya Raman, MD" in provider
    assert "Cardiovascular Disease, Echocardiography" in provider
    assert "Not accepting new patients" in provider
    assert "Valve disease" in provider
    assert "Cardiology" in provider and "Main Campus" in provider


def test_content_pages_join_the_navigation(demo_site: Path) -> None:
    page = soup(demo_site / "how-to-refer" / "index.html")
    assert page.select_one("article h1").get_text(strip=True) == "How to refer"
    nav_links = {a.get_text(strip=True) for a in soup(demo_site / "index.html").select("nav a")}
    assert {"How to refer", "About these pages", "Locations", "Providers"} <= nav_links


def test_demo_content_pages_add_no_promise_instruction_or_number(demo_site: Path) -> None:
    """content/ is inherited by every fork: it points at the service-line pages and
    repeats none of their facts (numbers, routes, promises, urgency words)."""
    text = " ".join(
        _text(soup(demo_site / slug / "index.html").select_one("article"))
        for slug in ("", "how-to-refer/", "about/")
    )
    for phrase in (
        "call the intake line as well",
        "mark urgent",
        "confirm the appointment",
        "within one business day",
        "by fax and Direct message",
        "urgent or routine",
        "physician-to-physician line",
        "each page shows",
        "every page shows",
    ):
        assert phrase not in text.lower(), phrase
    # numbers live in the YAML; the home page shows them from there, content/ does not
    for path in sorted((REPO / "content").glob("*.md")):
        assert re.findall(r"\d{3}-\d{4}", path.read_text(encoding="utf-8")) == [], path.name
    assert "Call the intake number on the service line's page" in text


def test_another_project_folder_builds(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build_site(mini, out)
    assert result.returncode == 0, result.stderr
    page = soup(out / "cardiology" / "index.html")
    assert "Harbor Test Clinic" in page.title.get_text()
    assert (out / "locations" / "harbor" / "index.html").is_file()
    assert (out / "providers" / "ada-stone" / "index.html").is_file()


def _tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_failed_build_leaves_previous_output_untouched(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(mini, out).returncode == 0
    before = _tree_digest(out)
    yaml_path = mini / "service_lines" / "cardiology.yaml"
    yaml_path.write_text(
        yaml_path.read_text().replace("seen_within_days: 3", "seen_within_days: x")
    )
    result = build_site(mini, out)
    assert result.returncode == 1
    assert "cardiology.yaml:12:23: RK102 triage.urgent.seen_within_days" in result.stderr
    assert "left unchanged" in result.stderr
    assert "Traceback" not in result.stderr
    assert _tree_digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "site"]  # no leftovers


def test_yaml_values_render_as_text_never_markup(mini: Path, tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script> "quotes" & ampersands *stars* [link](x)'
    path = mini / "service_lines" / "cardiology.yaml"
    text = path.read_text()
    text = text.replace("name: Cardiology\n", f"name: '{hostile}'\n", 1)
    text = text.replace("[Chest pain, Atrial fibrillation]", f"['{hostile}']")
    text = text.replace("a: Yes, call the physician line.", f"a: '{hostile}'")
    path.write_text(text)
    out = tmp_path / "out"
    result = build_site(mini, out)
    assert result.returncode == 0, result.stderr
    for html_path in html_pages(out):
        html = html_path.read_text()
        assert "<script>alert(1)</script>" not in html, html_path
        page = soup(html_path)
        for script in page.find_all("script"):
            assert (
                "alert(1)" not in (script.string or "")
                or script.get("type") == "application/ld+json"
            )
    page = soup(out / "cardiology" / "index.html")
    assert page.select_one("article h1").get_text(strip=True) == f"{hostile} referrals"
    assert hostile in _text(page.select_one("ul.rk-tags"))
    assert page.find("a", string="link") is None
    assert page.find("em", string="stars") is None


def test_unchanged_input_skips_the_engine_and_any_change_does_not(
    mini: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    args = ("build", "--project", str(mini), "--out", str(out), "--today", TODAY)
    assert "built" in run_build_py(*args).stdout
    before = _tree_digest(out)
    again = run_build_py(*args)
    assert again.returncode == 0 and "is up to date" in again.stdout
    assert _tree_digest(out) == before
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("Harbor Test Clinic", "Harbour Test Clinic", 1))
    assert "is up to date" not in run_build_py(*args).stdout
    assert "Harbour Test Clinic" in (out / "index.html").read_text()
    yaml_path = mini / "service_lines" / "cardiology.yaml"
    yaml_path.write_text(
        yaml_path.read_text().replace("seen_within_days: 3", "seen_within_days: 4")
    )
    assert "is up to date" not in run_build_py(*args).stdout
    assert "Seen within 4 business days" in (out / "cardiology" / "index.html").read_text()

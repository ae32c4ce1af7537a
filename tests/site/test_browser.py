"""Pages a clinician uses on a phone: driven in real Chromium, checked with axe-core."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers.browser import BROKEN_NUMBERS_JS, LAYOUT_PROBLEMS_JS, serve
from helpers.project import FIXTURES, REPO, build_site, copy_project, git

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAGE_TYPES = {
    "home": "",
    "service-line": "cardiology/",
    "location": "locations/main-campus/",
    "provider": "providers/dana-whitfield/",
    "content": "how-to-refer/",
    "locations-index": "locations/",
    "providers-index": "providers/",
    "service-lines-index": "service-lines/",
    "404": "404.html",
}
PHONE_WIDTHS = (320, 360, 390, 414)
# a second practice with long names, a long portal URL, Direct address and e-mail
LONG_PAGE_TYPES = {
    "home": "",
    "service-line": "zz-interventional-cardiology/",
    "service-line-short": "aa-sleep-medicine/",
    "location": "locations/northwoods-ambulatory-surgery-and-diagnostic-imaging-pavilion/",
    "provider": "providers/maximiliana-wojciechowska-oyelaran/",
    "content": "referral-policies/",
    "locations-index": "locations/",
    "providers-index": "providers/",
    "service-lines-index": "service-lines/",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def long_site_url(long_site: Path):
    with serve(long_site) as url:
        yield url


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values:
        ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def test_home_to_service_line_by_clicking(desktop, site_url: str) -> None:
    desktop.goto(site_url)
    desktop.get_by_role("link", name="Cardiology", exact=True).first.click()
    desktop.wait_for_url(f"{site_url}cardiology/")
    assert desktop.locator("table.rk-triage").is_visible()
    assert desktop.locator("h1").inner_text() == "Cardiology referrals"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("afib", "cardiology/"),
        ("atrial fibrillation", "cardiology/"),
        ("MRI", "imaging/"),
        ("colonoscopy", "gastroenterology/"),
        # a provider's languages are on the providers index (provider pages stay out)
        ("Spanish-speaking cardiologist", "providers/#cardiology"),
    ],
)
def test_search_finds_service_lines_by_condition_synonym_or_service(
    desktop, site_url: str, query: str, expected: str
) -> None:
    desktop.goto(site_url)
    desktop.locator("label.md-search__icon, .md-search__input").first.click()
    desktop.locator(".md-search__input").press_sequentially(query, delay=30)
    results = desktop.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(min(results.count(), 5))]
    assert any(expected in (href or "") for href in hrefs), hrefs


def test_pdf_links_answer_with_pdfs(desktop, site_url: str) -> None:
    desktop.goto(f"{site_url}cardiology/")
    for name in ("referral guide", "referral form"):
        href = desktop.get_by_role("link", name=name).first.get_attribute("href")
        response = desktop.request.get(f"{site_url}cardiology/{href}")
        assert response.ok and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF-")


def test_first_phone_screen_does_the_job(phone, site_url: str) -> None:
    phone.goto(f"{site_url}cardiology/")
    height = PHONE["height"]
    for selector in (
        "h1",
        ".rk-refer-now a[href^='tel:']",
        ".rk-emergent",
        ".rk-refer-now a[href^='https://']",
    ):
        box = phone.locator(selector).first.bounding_box()
        assert box and box["y"] + box["height"] <= height, selector
    assert "(608) 555-0121" in phone.locator(".rk-refer-now").inner_text()  # fax number
    for target in phone.locator(".rk-action, .rk-download").all():
        box = target.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, target.inner_text()
    base = phone.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontSize")
    assert float(base.removesuffix("px")) >= 16


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_no_axe_violations_and_no_third_party_requests(browser, site_url: str, name: str) -> None:
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        hosts: set[str] = set()
        page.on("request", lambda request, seen=hosts: seen.add(urlsplit(request.url).netloc))
        page.goto(site_url + PAGE_TYPES[name], wait_until="networkidle")
        assert _axe(page) == [], (name, viewport)
        assert hosts <= {urlsplit(site_url).netloc}, hosts
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        size = "phone" if viewport is PHONE else "desktop"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
        context.close()


def test_no_axe_violations_in_a_second_practice(browser, long_site_url: str) -> None:
    found = {}
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for name, path in LONG_PAGE_TYPES.items():
            page.goto(long_site_url + path)
            if violations := _axe(page):
                found[(name, viewport["width"])] = violations
        context.close()
    assert found == {}


def test_axe_is_current() -> None:
    """axe-core 4.14 or newer (package.json); older releases miss WCAG 2.2 rules."""
    banner = AXE.read_text(encoding="utf-8")[:100]
    major_minor = tuple(int(n) for n in re.search(r"axe v(\d+)\.(\d+)", banner).groups())
    assert major_minor >= (4, 14), banner


def test_no_axe_violations_with_search_open(desktop, site_url: str) -> None:
    desktop.goto(f"{site_url}cardiology/")
    desktop.locator(".md-search__input").click()
    desktop.locator(".md-search__input").press_sequentially("heart", delay=30)
    desktop.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert _axe(desktop) == []


def test_print_hides_navigation(desktop, site_url: str) -> None:
    desktop.goto(f"{site_url}cardiology/")
    desktop.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer"):
        assert not desktop.locator(selector).first.is_visible(), selector
    assert desktop.locator("table.rk-triage").is_visible()
    pdf = desktop.pdf()
    assert pdf.startswith(b"%PDF-")


def test_lighthouse_accessibility_best_practices_and_seo_are_100(demo_site: Path) -> None:
    """Scores from the npm lighthouse package, mobile defaults; performance is only printed."""
    from helpers.audit import audit

    rows = audit(demo_site)
    print("\n".join(str(row) for row in rows))
    for row in rows:
        assert (row["accessibility"], row["best-practices"], row["seo"]) == (100, 100, 100), row


def test_search_index_and_worker_wait_until_search_is_used(desktop, site_url: str) -> None:
    requested: list[str] = []
    desktop.on("request", lambda request: requested.append(request.url))
    desktop.goto(f"{site_url}cardiology/", wait_until="networkidle")
    desktop.wait_for_timeout(500)
    first_view = [url for url in requested if "search" in url]
    assert first_view == [], first_view
    desktop.locator(".md-search__input").click()
    desktop.locator(".md-search__input").press_sequentially("afib", delay=30)
    desktop.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert any(url.endswith("search/search_index.json") for url in requested)
    assert any("/workers/search." in url for url in requested)


def _layout_problems(browser, base_url: str, pages: dict[str, str]) -> list[tuple]:
    problems = []
    for width in PHONE_WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 800},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        )
        page = context.new_page()
        for name, path in pages.items():
            page.goto(base_url + path)
            found = page.evaluate(LAYOUT_PROBLEMS_JS, width)
            problems += [(width, name, problem) for problem in found]
        context.close()
    return problems


def test_no_page_scrolls_sideways_on_phones(browser, site_url: str) -> None:
    """Scroll width and every element's right edge within 320-414 px; captions readable."""
    assert _layout_problems(browser, site_url, PAGE_TYPES) == []


def test_long_urls_addresses_and_names_wrap_on_phones(browser, long_site_url: str) -> None:
    assert _layout_problems(browser, long_site_url, LONG_PAGE_TYPES) == []


def test_layout_check_sees_a_page_that_is_too_wide(browser, long_site_url: str) -> None:
    """The measurement itself: a wide element, a clipped one and a squeezed caption."""
    context = browser.new_context(
        viewport={"width": 320, "height": 800}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(long_site_url + "aa-sleep-medicine/")
    page.add_style_tag(
        content=".rk-summary { width: 500px } .rk-refer-now { overflow: hidden } "
        ".rk-actions { width: 400px } table.rk-triage caption { display: table-caption;"
        " width: 3rem }"
    )
    found = " | ".join(page.evaluate(LAYOUT_PROBLEMS_JS, 320))
    context.close()
    assert "document scrollWidth" in found
    assert "p.rk-summary right edge" in found
    assert "cut off by section.rk-refer-now" in found
    assert "caption" in found


DEMO_SERVICE_LINES = sorted(
    [
        "Behavioral Health",
        "Cardiac Electrophysiology",
        "Cardiology",
        "Dermatology",
        "Gastroenterology",
        "Imaging",
        "Orthopedics",
    ]
)


def _open_drawer(page) -> list[str]:
    """Open the navigation drawer; the names of the entries a person can see in it."""
    page.locator(".md-header label[for='__drawer']").click()
    page.wait_for_timeout(400)  # Material slides the drawer in
    entries = page.locator(".md-nav--primary .md-nav__link")
    names = []
    for index in range(entries.count()):
        entry = entries.nth(index)
        box = entry.bounding_box()
        if entry.is_visible() and box and box["x"] >= 0 and box["x"] + box["width"] <= 390:
            names.append(" ".join(entry.inner_text().split()))
    return names


def test_drawer_lists_every_service_line_by_name(phone, site_url: str) -> None:
    phone.goto(f"{site_url}cardiology/")
    visible = _open_drawer(phone)
    listed = [name for name in visible if name in DEMO_SERVICE_LINES]
    assert listed == DEMO_SERVICE_LINES, visible  # all of them, sorted by name
    phone.screenshot(path=str(SCREENSHOTS / "drawer-phone.png"))


def test_drawer_reaches_the_service_lines_overview(phone, site_url: str) -> None:
    phone.goto(site_url)
    assert "Service lines" in _open_drawer(phone)
    phone.locator(".md-nav--primary a.md-nav__link[href$='service-lines/']").first.click()
    phone.wait_for_url(f"{site_url}service-lines/")
    names = phone.locator(".md-content .rk-service-line__name").all_inner_texts()
    assert names == DEMO_SERVICE_LINES


def test_drawer_sorts_by_display_name_not_file_name(browser, long_site_url: str) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{long_site_url}aa-sleep-medicine/")
    visible = _open_drawer(page)
    context.close()
    long_name = "Adult Interventional and Structural Heart Cardiology Consultation Services"
    assert long_name in visible and "Sleep Medicine" in visible, visible
    assert visible.index(long_name) < visible.index("Sleep Medicine")


def test_home_first_phone_screen_answers_first(phone, site_url: str) -> None:
    """390x844: the first service line (name and summary) and the main phone and fax
    are on screen without scrolling; the introduction comes after the service lines."""
    phone.goto(site_url)
    first_line = phone.locator(".rk-service-line").first
    assert first_line.locator(".rk-service-line__name").inner_text() == DEMO_SERVICE_LINES[0]
    for target in (
        first_line.locator(".rk-service-line__name"),
        first_line.locator("p").first,
        phone.locator(".rk-home-contact a[href^='tel:']"),
        phone.locator(".rk-home-contact", has_text="(608) 555-0101"),
    ):
        box = target.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], target
    intro = phone.get_by_text("Each of its service lines has its own page")
    list_box = phone.locator("ul.rk-service-lines").bounding_box()
    assert intro.bounding_box()["y"] > list_box["y"] + list_box["height"]
    phone.screenshot(path=str(SCREENSHOTS / "home-first-screen-phone.png"))


def test_search_snippets_keep_word_boundaries(desktop, site_url: str) -> None:
    desktop.goto(site_url)
    desktop.locator(".md-search__input").click()
    desktop.locator(".md-search__input").press_sequentially("seen within", delay=30)
    results = desktop.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    text = " ".join(results.all_inner_texts())
    assert re.search(r"(Urgent|Routine) Seen within", text), text
    assert not re.search(r"(Emergent|Urgent|Routine|Urgency|Criteria)(Seen|Send|What|If)", text)


def test_search_index_separates_table_cells(demo_site: Path) -> None:
    """Adjacent cells of every triage row stay separate words in the search index."""
    from helpers.project import soup

    index = (demo_site / "search" / "search_index.json").read_text(encoding="utf-8")
    joined = []
    for page in demo_site.glob("*/index.html"):
        for row in soup(page).select("table.rk-triage tr"):
            cells = [" ".join(c.get_text(" ").split()) for c in row.find_all(["th", "td"])]
            for left, right in zip(cells, cells[1:], strict=False):
                if left and right and left.split()[-1] + right.split()[0] in index:
                    joined.append((page.parent.name, left.split()[-1] + right.split()[0]))
    assert joined == []


@pytest.fixture(scope="module")
def long_history_url(tmp_path_factory: pytest.TempPathFactory):
    """The long-values practice under git, its intake fax and a contact's phone changed:
    /changes/ then prints "(715) 555-0131 → (715) 555-0139" in a list item."""
    project = copy_project(
        FIXTURES / "longvalues", tmp_path_factory.mktemp("longhistory") / "project"
    )
    git(project, "init", "-q", "-b", "main", when="2026-09-01T09:00:00+00:00")
    git(project, "add", "-A", when="2026-09-01T09:00:00+00:00")
    git(project, "commit", "-qm", "Initial", when="2026-09-01T09:00:00+00:00")
    path = project / "service_lines" / "zz-interventional-cardiology.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (("715-555-0131", "715-555-0139"), ("715-555-0132", "715-555-0138")):
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    git(project, "commit", "-qam", "New fax", when="2026-11-02T15:30:00+00:00")
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        yield url


def _broken_numbers(browser, base_url: str, pages: dict[str, str]) -> tuple[list, dict]:
    problems, measured = [], {}
    for width in PHONE_WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 800},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        )
        page = context.new_page()
        for name, path in pages.items():
            page.goto(base_url + path)
            found, count = page.evaluate(BROKEN_NUMBERS_JS, width)
            problems += [(width, name, problem) for problem in found]
            measured[name] = min(measured.get(name, count), count)
        context.close()
    return problems, measured


def test_phone_numbers_never_wrap_on_phones(browser, site_url: str) -> None:
    """Issue #11: at 320-414 px every phone and fax number on every demo page type
    (including a partner page) is on one line, in generated and hand-written text."""
    pages = {**PAGE_TYPES, "partner": "for/northside-family-medicine/"}
    problems, measured = _broken_numbers(browser, site_url, pages)
    assert problems == []
    numbered = {name for name, count in measured.items() if count}
    # the demo's content pages point at the service-line pages and print no numbers
    assert numbered >= set(pages) - {"providers-index", "404", "content"}, measured


def test_phone_numbers_never_wrap_with_long_values(browser, long_history_url: str) -> None:
    """The long-values practice, with a /changes/ page listing changed numbers."""
    pages = {**LONG_PAGE_TYPES, "changes": "changes/"}
    problems, measured = _broken_numbers(browser, long_history_url, pages)
    assert problems == []
    assert measured["changes"] >= 4, measured  # both changes, before and after
    assert measured["service-line"] >= 4 and measured["location"] >= 2, measured
    # the nowrap spans add no sideways scrolling
    assert _layout_problems(browser, long_history_url, {"changes": "changes/"}) == []


def test_number_check_sees_a_broken_number(browser, long_history_url: str) -> None:
    """The measurement itself: without the nowrap rule, a narrow box breaks a number."""
    context = browser.new_context(viewport={"width": 320, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(long_history_url + "changes/")
    page.add_style_tag(content=".rk-nowrap { white-space: normal } .rk-change li { width: 4rem }")
    found, _ = page.evaluate(BROKEN_NUMBERS_JS, 320)
    context.close()
    assert any("(715) 555-0131" in problem for problem in found), found

"""The page answers first, in real Chromium on a 390 × 844 phone: the first screen of a
service-line page has jump links to its urgency levels, what to send and how to refer;
the record checklist does not look like checkboxes to tap; a search link opens with its
results."""

from __future__ import annotations

from pathlib import Path

import pytest

PHONE = {"width": 390, "height": 844}
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("slug", ["cardiology", "behavioral-health", "imaging"])
def test_the_first_screen_jumps_to_urgency_records_and_how_to_refer(
    phone, site_url: str, slug: str
) -> None:
    phone.goto(f"{site_url}{slug}/")
    if slug == "cardiology":  # what the clinician sees first, for people to look at
        SHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SHOTS / "service-line-first-screen-390.png"))
    jump = phone.get_by_role("navigation", name="Jump to a section")
    targets = {}
    for link in jump.get_by_role("link").all():
        box = link.bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["height"], link.inner_text()
        assert box["height"] >= 24  # WCAG 2.2 target size
        targets[link.inner_text()] = link.get_attribute("href")
    levels = phone.locator("table.rk-triage tbody th[scope=row]").all_inner_texts()
    assert levels and all(level in targets for level in levels), (levels, targets)
    assert "Records to send" in targets and "How to refer" in targets
    for name, href in targets.items():  # every link lands on what it names
        target = phone.locator(href)
        assert target.count() == 1, (name, href)
        assert name in target.inner_text() or target.inner_text().startswith(name), name
    # a tap scrolls the urgency level into view
    jump.get_by_role("link", name=levels[-1], exact=True).click()
    phone.wait_for_timeout(300)
    row = phone.locator(targets[levels[-1]]).bounding_box()
    assert 0 <= row["y"] < PHONE["height"]


def test_the_records_checklist_is_not_drawn_as_checkboxes_on_screen(phone, site_url: str) -> None:
    phone.goto(f"{site_url}cardiology/")
    items = phone.locator("ul.rk-checklist > li")
    assert items.count() >= 3
    for index in range(items.count()):
        item = items.nth(index)
        assert item.evaluate("li => getComputedStyle(li).listStyleType") == "disc"
        box = item.locator(".rk-box")
        assert box.count() == 0 or not box.is_visible()
        assert item.locator("input, [role=checkbox]").count() == 0
    # printed, the squares come back, to tick by pen
    phone.emulate_media(media="print")
    square = phone.locator("ul.rk-checklist .rk-box").first
    assert square.is_visible()
    size = square.bounding_box()
    assert abs(size["width"] - size["height"]) < 1
    phone.emulate_media(media="screen")


# iOS Safari ignores focus() without a user's tap: Material's programmatic focus of the
# search box on a ?q= link then moves nothing, so nothing may wait for that focus
IOS_FOCUS_RULE = "HTMLElement.prototype.focus = function () {};"


@pytest.mark.parametrize(("query", "expected"), [("afib", "cardiology/"), ("MRI", "imaging/")])
def test_a_search_link_opens_with_its_results(browser, site_url: str, query: str, expected: str):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.add_init_script(IOS_FOCUS_RULE)
    phone = context.new_page()
    phone.goto(f"{site_url}?q={query}")
    results = phone.locator(".md-search-result__item a")
    results.first.wait_for(timeout=20_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(min(results.count(), 5))]
    assert any(expected in (href or "") for href in hrefs), hrefs
    meta = phone.locator(".md-search-result__meta").inner_text()
    assert "Initializing" not in meta and "matching" in meta
    context.close()

"""Three fixtures modelled on real published guidance, built for real: every fact from
the YAML is on the page, and nothing the YAML lacks is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers.project import (
    FIXTURES,
    TODAY,
    build_site,
    copy_project,
    loaded_project,
    run_build_py,
    soup,
)
from helpers.schema_vocab import problems
from referkit.generate import generate

# Sentences a template used to add on its own; none of these fixtures states them.
INVENTED = (
    "mark urgent",
    "mark the referral",
    "acknowledged within",
    "acknowledge your referral",
    "from receipt",
    "receipt of a complete referral",
    "consult note",
    "schedule within",
    "business day",
    "business hour",
    "the patient is seen within the target",
)


def _text(node) -> str:
    return " ".join(node.get_text(" ").split())


def _build(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    project = copy_project(FIXTURES / name, tmp_path_factory.mktemp(name) / "project")
    config = project / "mkdocs.yml"
    # the guide and form are the pdf tests' business; pages build without them here
    config.write_text(config.read_text().replace("pdf: true ", "pdf: false"))
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def category_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, "v2-category")


@pytest.fixture(scope="module")
def direct_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, "v2-direct-access")


@pytest.fixture(scope="module")
def cancer_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, "v2-cancer-pathway")


def _page(site: Path, slug: str):
    return soup(site / slug / "index.html").select_one("article")


def _rows(article) -> list[tuple[str, str, object]]:
    return [(_text(row.th), _text(row), row) for row in article.select("table.rk-triage tbody tr")]


def _assert_nothing_invented(article) -> None:
    text = _text(article).lower()
    assert [phrase for phrase in INVENTED if phrase in text] == []


def _jsonld(site: Path, slug: str) -> dict:
    script = soup(site / slug / "index.html").find("script", type="application/ld+json")
    graph = json.loads(script.string)
    assert problems(graph) == []
    return {node["@id"].rsplit("#", 1)[-1]: node for node in graph["@graph"]}


@pytest.mark.parametrize(
    "name", ["v2-category", "v2-direct-access", "v2-cancer-pathway"], ids=lambda n: n[3:]
)
def test_check_is_clean_and_asks_for_no_promise(name: str) -> None:
    result = run_build_py(
        "check", "--project", str(FIXTURES / name), "--format", "json", "--today", TODAY
    )
    assert result.returncode == 0, result.stdout
    payload = json.loads(result.stdout)
    assert payload["errors"] == 0
    # the only findings: the two promises these sources do not publish, as warnings
    assert [(f["code"], f["severity"]) for f in payload["findings"]] == [
        ("RK432", "warning"),
        ("RK432", "warning"),
    ]


def test_category_scheme_page(category_site: Path) -> None:
    article = _page(category_site, "heart-failure")
    text = _text(article)
    rows = _rows(article)
    assert [label for label, _, _ in rows] == [
        "Emergency",
        "Category 1",
        "Category 2",
        "Category 3",
    ]
    emergency, cat1, cat2, cat3 = (row for _, row, _ in rows)
    assert "Send the patient to the emergency department; call an ambulance if needed." in emergency
    assert "Suspected acute heart failure with any of: Low blood pressure" in emergency
    assert "Seen within 30 calendar days." in cat1
    assert "Seen within 90 calendar days." in cat2
    assert "Seen within 365 calendar days." in cat3
    assert "No criteria are published for this category." in cat3
    caption = _text(article.select_one("table.rk-triage caption"))
    assert caption == "Urgency levels; days are calendar days"  # nothing counted "from" anything
    # nested criteria keep their structure: a lead-in with its own list
    lead = next(li for li in rows[1][2].select("li") if li.find(string=re.compile("all of:")))
    assert [_text(li) for li in lead.select(":scope > ul > li")] == [
        "Weight gain of more than 2 kg in 3 days",
        "Worsening breathlessness despite a higher diuretic dose",
    ]
    group = rows[2][2].select_one(".rk-group")
    assert _text(group) == "All of:"  # a group without lead-in text gets the template's label
    assert "None of: Breathlessness at rest Fainting" in cat2
    # eligibility near the top, before the criteria
    for fact in (
        "Adults 16 years and over",
        "Residents of the Coral Coast health service area",
        "General practitioners and nurse practitioners",
    ):
        assert text.index(fact) < text.rindex("When to refer")  # the section, not a jump link
    based_on = article.select_one(".rk-based-on")
    assert _text(based_on) == (
        "Criteria based on Prioritisation criteria: heart failure (outpatients) "
        "(State health department, 1 Mar 2025)."
    )
    assert based_on.a["href"] == "https://example.org/prioritisation/heart-failure"
    headings = [_text(h) for h in article.find_all("h2")]
    assert headings.index("What the referral must state") < headings.index("Records to send")
    must = [_text(li) for li in article.select("ul.rk-checklist--state > li")]
    assert must == [
        "Reason for request: diagnosis, management advice, a procedure or a second opinion",
        "How far the patient can walk before getting breathless",
    ]
    assert "Recent ECG (required)" in text and "Echocardiogram report (if available)" in text
    steps = [_text(li) for li in article.select("ol.rk-next > li")]
    assert steps == [
        "Seen within: Category 1, 30 calendar days; Category 2, 90 calendar days; "
        "Category 3, 365 calendar days."
    ]
    _assert_nothing_invented(article)
    nodes = _jsonld(category_site, "heart-failure/")
    assert nodes["webpage"]["isBasedOn"] == [
        {
            "@type": "CreativeWork",
            "name": "Prioritisation criteria: heart failure (outpatients)",
            "url": "https://example.org/prioritisation/heart-failure",
            "publisher": {"@type": "Organization", "name": "State health department"},
            "datePublished": "2025-03-01",
        }
    ]
    assert nodes["department"]["knowsAbout"] == "Heart failure"


def test_search_finds_level_labels_and_criteria(category_site: Path) -> None:
    index = json.loads((category_site / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("heart"))
    for needle in ("Category 3", "Known heart failure and all of:", "Fainting", "Category 1"):
        assert needle in text, needle


def test_direct_access_page(direct_site: Path) -> None:
    article = _page(direct_site, "direct-access-gastroscopy")
    text = _text(article)
    rows = {label: row for label, row, _ in _rows(article)}
    assert list(rows) == ["Immediate", "Urgent", "Semi-urgent", "Routine"]
    assert rows["Immediate"].startswith("Immediate No target published. Phone the on-call")
    assert (
        "Phone the on-call gastroenterology registrar through the hospital switchboard"
        in (rows["Immediate"])
    )
    assert (
        "Seen within 30 calendar days. Currently about 25 calendar days, as of 20 Nov 2026"
        in (rows["Urgent"])
    )
    assert (
        "Currently about 410 calendar days, as of 20 Nov 2026 (median wait of patients"
        in (rows["Routine"])
    )
    assert "Currently" not in rows["Semi-urgent"]  # no measured wait published for it
    # the dated notice sits at the top
    notice = _text(article.select_one(".rk-notice"))
    assert notice == (
        "Notice (1 Nov 2026 to 28 Feb 2027): Routine referrals are waiting longer than the "
        "published target; urgent referrals are not affected."
    )
    assert text.index("Routine referrals are waiting longer") < text.rindex("When to refer")
    # a defined term in the criteria links to its footnote
    term = article.select_one("table.rk-triage a.rk-term")
    assert (_text(term), term["href"]) == ("alarm symptoms 1", "#definition-1")
    assert _text(article.select_one("#definition-1")) == (
        "Alarm symptoms: Unintended weight loss, persistent vomiting, iron deficiency anaemia "
        "or a lump in the abdomen"
    )
    must = [_text(li) for li in article.select("ul.rk-checklist--state > li")]
    assert must == [
        "Indication for the procedure",
        "Anticoagulant or antiplatelet medicine and who manages it — if the patient takes one",
        "Latest full blood count and iron studies — for iron deficiency anaemia",
    ]
    assert (
        "Previous endoscopy report (if available) — if the patient had one in the last 5 years"
        in text
    )
    kinds = [_text(p) for p in article.select(".rk-links__kind")]
    assert kinds == ["Forms", "Pathways"]
    form = article.select_one("ul.rk-links > li")
    assert _text(form) == "State referral form for direct access endoscopy (required)"
    assert form.a["href"] == "https://example.org/forms/direct-access-endoscopy.pdf"
    assert "Patients 18 years and over" in text and "General practitioners" in text
    _assert_nothing_invented(article)
    page = _jsonld(direct_site, "direct-access-gastroscopy/")["webpage"]
    assert page["significantLink"] == ["https://example.org/forms/direct-access-endoscopy.pdf"]
    assert page["relatedLink"] == ["https://example.org/pathways/dyspepsia"]


def test_a_notice_shows_only_from_its_start(tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "v2-direct-access", tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("pdf: true ", "pdf: false"))
    path = project / "service_lines" / "direct-access-gastroscopy.yaml"
    path.write_text(path.read_text().replace("from: 2026-11-01", "from: 2026-12-01"))
    assert build_site(project, project / "site").returncode == 0
    article = _page(project / "site", "direct-access-gastroscopy")
    assert article.select(".rk-notice") == []
    assert "waiting longer than the published target" not in _text(article)


def test_cancer_pathway_page(cancer_site: Path) -> None:
    article = _page(cancer_site, "skin-cancer")
    text = _text(article)
    rows = {label: row for label, row, _ in _rows(article)}
    assert list(rows) == ["Two-week wait (suspected cancer)", "Urgent", "Routine"]
    two_week = rows["Two-week wait (suspected cancer)"]
    assert "Seen within 14 calendar days." in two_week
    assert "Refer on the suspected skin cancer form through the e-referral service" in two_week
    assert "Suspected squamous cell carcinoma: Non-healing crusted lesion" in two_week
    assert "Seen within 42 calendar days." in rows["Urgent"]
    assert "Seen within 126 calendar days." in rows["Routine"]
    assert _text(article.select_one("table.rk-triage caption")) == (
        "Urgency levels; days are calendar days counted from the day the trust receives the "
        "referral"
    )
    exclusions = [
        _text(li)
        for li in article.find("h2", string="When not to refer").find_next("ul").select("li")
    ]
    assert len(exclusions) == 11 and exclusions[0] == "Seborrhoeic keratoses"
    assert "Photos of the lesion with a ruler beside it (required) — pigmented lesions" in text
    # the advice route sits in "How to refer", with its reply time
    how = article.find("h2", string="How to refer")
    advice = how.find_next("div", class_="rk-advice")
    assert _text(advice) == (
        "Advice and Guidance · reply within 72 hours Request through the e-referral service, "
        "with photos · https://ers.example.org/advice For lesions that do not meet the "
        "suspected cancer criteria."
    )
    assert advice.find_previous("h2") == how
    assert article.select_one('.rk-based-on a[href="http://guidance.example.org/suspected-cancer"]')
    _assert_nothing_invented(article)
    assert _jsonld(cancer_site, "skin-cancer/")["webpage"]["isBasedOn"][0]["url"] == (
        "http://guidance.example.org/suspected-cancer"
    )


SILENT_LINE = """\
name: Sleep clinic
summary: Sleep studies for adults.
specialty: Pulmonary
triage:
  levels:
    - label: Referral
how_to_refer: {fax: "+1 608-555-0121"}
review: {last_reviewed: 2026-10-01, reviewed_by: "Ada Stone, MD"}
"""
# Words that would state a promise, a target or an instruction.
PROMISE_WORDS = re.compile(
    r"\b(within|acknowledg\w*|seen|call|mark\w*|receipt|consult|schedul\w*|emergency|"
    r"days?|hours?|currently|wait\w*|must|required|send)\b",
    re.IGNORECASE,
)
# The two statements of absence the issue asks for, in a level's row.
ABSENCE = ("No target published.", "No criteria are published for this category.")


def test_silence_a_line_with_only_required_fields_promises_nothing(mini: Path) -> None:
    (mini / "service_lines" / "cardiology.yaml").unlink()
    (mini / "service_lines" / "sleep.yaml").write_text(SILENT_LINE, encoding="utf-8")
    loaded = loaded_project(mini)
    assert loaded.practice is not None, [f.format() for f in loaded.load.findings]
    generated = generate(loaded, {}, docs_dir=mini / "docs")
    markdown = (generated.docs_dir / "sleep" / "index.md").read_text(encoding="utf-8")
    body = markdown.split("\n---\n", 1)[1]
    visible = re.sub(r"<[^>]+>", " ", body)
    for sentence in ABSENCE:
        assert visible.count(sentence) == 1
        visible = visible.replace(sentence, "")
    assert PROMISE_WORDS.findall(visible) == []
    assert "What happens next" not in visible


def test_v2_pages_are_valid_html_and_pass_axe(
    category_site: Path, direct_site: Path, cancer_site: Path
) -> None:
    import shutil
    import subprocess

    from helpers.browser import CHROMIUM, CHROMIUM_ARGS, serve
    from helpers.project import REPO
    from playwright.sync_api import sync_playwright

    pages = [
        category_site / "heart-failure" / "index.html",
        direct_site / "direct-access-gastroscopy" / "index.html",
        cancer_site / "skin-cancer" / "index.html",
    ]
    vnu = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    result = subprocess.run(
        [shutil.which("java") or "java", "-jar", str(vnu), "--errors-only", "--format", "json"]
        + [str(p) for p in pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [(m.get("url", "").rsplit("/", 2)[-2], m.get("message")) for m in messages] == []

    axe = REPO / "node_modules" / "axe-core" / "axe.min.js"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for page_path in pages:
            site, slug = page_path.parent.parent, page_path.parent.name
            with serve(site) as url:
                page = chromium.new_page(viewport={"width": 390, "height": 844})
                page.goto(f"{url}{slug}/", wait_until="networkidle")
                page.add_script_tag(path=str(axe))
                result = page.evaluate(
                    """async () => await axe.run(document, {runOnly: {type: 'tag', values:
                    ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
                )
                violations = [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]]
                assert violations == [], slug
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, (slug, width)  # no sideways scrolling on a phone
                page.close()
        chromium.close()

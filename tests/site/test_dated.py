"""Time as an input: dated facts appear and disappear on their own day, and every build
publishes (tests/fixtures/dated, D = 2026-11-23, the tests' fixed clock).

The fixture holds a notice ending on D, a notice starting on D, waits measured on D-31
(max_wait_age_days 31), a campaign ending on D and a review falling due on D. Builds on
D-1, D and D+1 must show, then drop, each statement on the page, the guide, the form, the
partner kit and the change feed; ``check`` on D+1 still reports them as errors.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers.project import FIXTURES, TODAY, copy_project, git, run_build_py, soup

D_MINUS_1, D, D_PLUS_1 = "2026-11-22", TODAY, "2026-11-24"
ENDING = "Routine referrals currently wait about 12 weeks."
STARTING = "The sleep clinic moves to 9 Harbor Street East."
WAIT = "Currently about 25 calendar days, as of 23 Oct 2026"
OVERDUE = "Review overdue since 24 Nov 2026."
CAMPAIGN_CODE = "SLP27"


def _dated_project(target: Path) -> Path:
    """The fixture under git, with one real change (so the change feed has an entry)."""
    project = copy_project(FIXTURES / "dated", target)
    sleep = project / "service_lines" / "sleep.yaml"
    final = sleep.read_text(encoding="utf-8")
    sleep.write_text(final.replace("seen_within: 30", "seen_within: 45"), encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "Sleep medicine", when="2026-10-05T09:00:00+00:00")
    sleep.write_text(final, encoding="utf-8")
    git(project, "commit", "-qam", "Category 1: 30 days", when="2026-11-02T09:00:00+00:00")
    return project


def _set_option(project: Path, line: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("      page_size: letter\n", f"      page_size: letter\n{line}\n")
    )


def _pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


def _line_of(project: Path, file: str, needle: str) -> int:
    lines = (project / file).read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if needle in text)


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The project and its builds on D-1, D and D+1 (the output, stderr and exit code)."""
    project = _dated_project(tmp_path_factory.mktemp("dated") / "project")
    builds = {}
    for day in (D_MINUS_1, D, D_PLUS_1):
        out = project.parent / f"site-{day}"
        result = run_build_py("build", "--project", str(project), "--out", str(out), "--today", day)
        builds[day] = (out, result)
    return {"project": project, "builds": builds}


def _site(dated: dict, day: str) -> Path:
    return dated["builds"][day][0]


def _page_text(site: Path, path: str) -> str:
    main = soup(site / path / "index.html").select_one("article") or soup(
        site / path / "index.html"
    )
    return " ".join(main.get_text(" ").split())


def test_every_build_publishes(dated: dict) -> None:
    for day, (out, result) in dated["builds"].items():
        assert result.returncode == 0, (day, result.stderr)
        assert (out / "sleep" / "index.html").is_file(), day


def test_each_statement_shows_and_drops_on_its_day_on_the_page(dated: dict) -> None:
    seen = {day: _page_text(_site(dated, day), "sleep") for day in (D_MINUS_1, D, D_PLUS_1)}
    expected = {
        ENDING: (True, True, False),
        STARTING: (False, True, True),
        WAIT: (True, True, False),
        OVERDUE: (False, False, True),
    }
    for statement, shown in expected.items():
        assert tuple(statement in seen[d] for d in (D_MINUS_1, D, D_PLUS_1)) == shown, statement
    overdue = soup(_site(dated, D_PLUS_1) / "sleep" / "index.html").select_one(".rk-overdue")
    assert overdue is not None and overdue.get("role") == "note"  # visible, near the top
    # the other service line is untouched by the sleep clinic's dates
    assert "Review overdue" not in _page_text(_site(dated, D_PLUS_1), "cardiology")


def test_each_statement_shows_and_drops_on_its_day_on_the_guide_and_form(dated: dict) -> None:
    for day, ending, starting, overdue in (
        (D_MINUS_1, True, False, False),
        (D, True, True, False),
        (D_PLUS_1, False, True, True),
    ):
        guide = _pdf_text(_site(dated, day) / "sleep" / "referral-guide.pdf")
        form = _pdf_text(_site(dated, day) / "sleep" / "referral-form.pdf")
        assert (ENDING in guide, STARTING in guide, OVERDUE in guide) == (
            ending,
            starting,
            overdue,
        ), day
        assert (OVERDUE in form) == overdue, day
        # the partner kit's copies come from the same published model
        kit_guide = _pdf_text(_site(dated, day) / "for/northside/sleep/referral-guide.pdf")
        assert (ENDING in kit_guide, OVERDUE in kit_guide) == (ending, overdue), day


def test_the_campaign_runs_until_its_last_day(dated: dict) -> None:
    for day, running in ((D_MINUS_1, True), (D, True), (D_PLUS_1, False)):
        site = _site(dated, day)
        assert (site / "for/spring-sleep/index.html").is_file() == running, day
        assert (site / "for/spring-sleep/referral-kit.zip").is_file() == running, day
        everything = b"".join(
            p.read_bytes() for p in site.rglob("*") if p.is_file() and p.suffix != ".pdf"
        )
        assert (CAMPAIGN_CODE.encode() in everything) == running, day
    links = run_build_py("links", "--project", str(dated["project"]), "--today", D_PLUS_1)
    assert links.returncode == 0 and "spring-sleep" not in links.stdout
    links = run_build_py("links", "--project", str(dated["project"]), "--today", D)
    assert "spring-sleep" in links.stdout


def test_structured_data_and_feed_stay_published(dated: dict) -> None:
    """Notices and waits are not structured data; the overdue line keeps its JSON-LD
    department and its change feed entry (it is published, marked overdue)."""
    for day in (D_MINUS_1, D_PLUS_1):
        site = _site(dated, day)
        scripts = soup(site / "sleep" / "index.html").select('script[type="application/ld+json"]')
        graph = json.dumps([json.loads(s.string) for s in scripts])
        assert ENDING not in graph and STARTING not in graph and "Currently about" not in graph
        assert "https://clinic.example.org/sleep/" in graph
        feed = (site / "changes.xml").read_text(encoding="utf-8")
        assert "Category 1: 45 calendar days → 30 calendar days" in feed
        assert 'href="https://clinic.example.org/sleep/"' in feed


def test_warnings_name_the_file_and_line(dated: dict) -> None:
    project = dated["project"]
    stderr = dated["builds"][D_PLUS_1][1].stderr
    sleep = "service_lines/sleep.yaml"
    expected = [
        (sleep, _line_of(project, sleep, ENDING), "RK461 warning: notices[0].until"),
        (sleep, _line_of(project, sleep, "as_of:"), "RK464 warning: current_wait.as_of"),
        (sleep, _line_of(project, sleep, "last_reviewed:"), "RK401 warning: review."),
        (
            "service_lines/_partners.yaml",
            _line_of(project, "service_lines/_partners.yaml", "until: 2026-11-23"),
            "RK504 warning: campaigns[0].until",
        ),
    ]
    for path, line, start in expected:
        assert re.search(rf"^{re.escape(path)}:{line}:\d+: {re.escape(start)}", stderr, re.M), (
            path,
            line,
            start,
            stderr,
        )
    assert "left out of this build" in stderr and "Review overdue since 24 Nov 2026" in stderr
    # on D nothing has run out yet: only the review reminder (and no error)
    on_d = dated["builds"][D][1].stderr
    assert not re.search(r"RK46[14]|RK504|RK401", on_d), on_d


def test_check_on_d_plus_1_still_reports_errors(dated: dict) -> None:
    result = run_build_py(
        "check", "--project", str(dated["project"]), "--today", D_PLUS_1, "--format", "json"
    )
    assert result.returncode == 1
    found = {(f["code"], f["severity"]) for f in json.loads(result.stdout)["findings"]}
    assert {("RK461", "error"), ("RK464", "error"), ("RK504", "error"), ("RK401", "error")} <= found
    on_d = run_build_py("check", "--project", str(dated["project"]), "--today", D)
    assert on_d.returncode == 0, on_d.stdout


def test_when_lists_the_dates_in_order(dated: dict) -> None:
    project = str(dated["project"])
    text = run_build_py("when", "--project", project, "--today", D_MINUS_1)
    assert text.returncode == 0, text.stderr
    rows = [line.split()[:1] for line in text.stdout.splitlines() if line.startswith("  20")]
    days = [row[0] for row in rows]
    assert days == sorted(days)
    result = run_build_py("when", "--project", project, "--today", D_MINUS_1, "--format", "json")
    events = json.loads(result.stdout)["events"]
    summary = [(e["day"], e["kind"], e["path"], e["line"]) for e in events]
    sleep, partners = "service_lines/sleep.yaml", "service_lines/_partners.yaml"
    cardiology = "service_lines/cardiology.yaml"
    root = dated["project"]
    assert summary == [
        (D, "notice starts", sleep, _line_of(root, sleep, STARTING)),
        (D_PLUS_1, "campaign ends", partners, _line_of(root, partners, "until: 2026-11-23")),
        (D_PLUS_1, "notice ends", sleep, _line_of(root, sleep, ENDING)),
        (D_PLUS_1, "wait goes stale", sleep, _line_of(root, sleep, "as_of:")),
        (D_PLUS_1, "review overdue", sleep, _line_of(root, sleep, "last_reviewed:")),
        # the guide's "Changed on 2 Nov 2026" line, 90 days on
        ("2027-02-01", "recent change ages out", sleep, 1),
        ("2027-10-02", "review overdue", cardiology, _line_of(root, cardiology, "last_reviewed")),
    ]
    assert [e["day"] for e in events] == days
    # from D+1 on, nothing is left to change but the change line's age and the other review
    later = run_build_py("when", "--project", project, "--today", D_PLUS_1, "--format", "json")
    assert [e["kind"] for e in json.loads(later.stdout)["events"]] == [
        "recent change ages out",
        "review overdue",
    ]


def _all_links(site: Path) -> list[str]:
    hrefs = []
    for page in site.rglob("*.html"):
        hrefs += [a.get("href", "") for a in soup(page).find_all("a")]
    return hrefs


def test_overdue_withdraw_leaves_the_line_out_everywhere(dated: dict, tmp_path: Path) -> None:
    project = _dated_project(tmp_path / "withdraw")
    _set_option(project, "      overdue: withdraw")
    out = tmp_path / "site"
    result = run_build_py(
        "build", "--project", str(project), "--out", str(out), "--today", D_PLUS_1
    )
    assert result.returncode == 0, result.stderr
    assert "RK401 warning" in result.stderr and "overdue: withdraw" in result.stderr
    # the content page's two links are published as plain text, each one warned about
    content = "content/how-to-refer.md"
    line = _line_of(project, content, "sleep/")
    assert len(re.findall(rf"^{content}:{line}:\d+: RK405 warning", result.stderr, re.M)) == 2
    assert not (out / "sleep").exists()
    hrefs = _all_links(out)
    assert hrefs and not [h for h in hrefs if re.search(r"(^|/)sleep/", h)], hrefs
    how = soup(out / "how-to-refer" / "index.html").select_one("article").get_text(" ")
    assert "sleep medicine" in how  # the words stay; only the link goes
    for name in (
        "sitemap.xml",
        "changes.xml",
        "search/search_index.json",
        "exports/locations.json",
    ):
        text = (out / name).read_text(encoding="utf-8")
        assert "clinic.example.org/sleep/" not in text and '"sleep/' not in text, name
    fhir = sorted((out / "fhir").rglob("*.json"))
    assert fhir, "the FHIR directory is published"
    for path in fhir:  # the FHIR R4 directory lists no HealthcareService for it
        text = path.read_text(encoding="utf-8")
        assert "clinic.example.org/sleep/" not in text and "Sleep medicine" not in text, path
    listing = json.loads((out / "exports/locations.json").read_text(encoding="utf-8"))
    assert listing["locations"][0]["service_lines"] == ["cardiology"]
    for page in out.rglob("*.html"):
        for script in soup(page).select('script[type="application/ld+json"]'):
            assert "/sleep/" not in script.string, page
    for page in ("index.html", "service-lines/index.html", "providers/ada-stone/index.html"):
        home = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
        assert "Sleep medicine" not in home.get_text(" "), page  # navigation and lists
    kit = zipfile.ZipFile(io.BytesIO((out / "for/northside/referral-kit.zip").read_bytes()))
    assert kit.namelist() and not [n for n in kit.namelist() if n.startswith("sleep")]
    assert "Sleep medicine" not in _pdf_text(out / "for/northside/how-to-refer.pdf")
    # the change feed still tells subscribers what changed, without a link to the page
    assert "Category 1: 45 calendar days" in (out / "changes.xml").read_text(encoding="utf-8")


def test_overdue_fail_stops_the_build(tmp_path: Path) -> None:
    project = _dated_project(tmp_path / "fail")
    _set_option(project, "      overdue: fail")
    out = tmp_path / "site"
    result = run_build_py(
        "build", "--project", str(project), "--out", str(out), "--today", D_PLUS_1
    )
    assert result.returncode == 1
    line = _line_of(project, "service_lines/sleep.yaml", "last_reviewed:")
    assert re.search(rf"^service_lines/sleep.yaml:{line}:\d+: RK401 review", result.stderr, re.M)
    assert not out.exists()
    # the other run-out facts stay warnings: only the review blocks
    assert "RK461 warning" in result.stderr
    on_d = run_build_py("build", "--project", str(project), "--out", str(out), "--today", D)
    assert on_d.returncode == 0, on_d.stderr

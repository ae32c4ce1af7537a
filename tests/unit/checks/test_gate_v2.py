"""The gate for contract v2: each rule with a planted fixture and a near-miss."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers.project import REPO, TODAY
from helpers.samples import V2_LINE
from referkit.checks import RULES, run_checks
from referkit.findings import Finding, Severity
from referkit.source.loader import load_practice
from referkit.source.project import load_project_config

SLEEP = "service_lines/sleep.yaml"
BASE = V2_LINE.replace(
    'how_to_refer:\n  fax: "+1 608-555-0121"\n',
    'how_to_refer:\n  fax: "+1 608-555-0121"\n  phone: "+1 608-555-0120"\n'
    "  hours: Mon–Fri 8:00–17:00\nlocations: [harbor]\n",
)


def _run(project: Path, text: str = BASE, today: str = TODAY) -> list[Finding]:
    (project / "service_lines" / "sleep.yaml").write_text(text, encoding="utf-8")
    config, problems = load_project_config(project)
    assert config is not None, problems
    load = load_practice(project)
    assert load.practice is not None, [f.format() for f in load.findings]
    found = run_checks(load, config, today=date.fromisoformat(today))
    return sorted(f for f in found if f.path == SLEEP)


def _codes(findings: list[Finding], code: str) -> list[tuple[int, int, str]]:
    return [(f.line, f.col, f.message) for f in findings if f.code == code]


def _option(project: Path, line: str) -> None:
    path = project / "mkdocs.yml"
    path.write_text(path.read_text().replace("      pdf: false\n", f"      pdf: false\n{line}\n"))


def _replace(old: str, new: str, text: str = BASE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_a_v2_line_without_promises_only_warns(mini: Path) -> None:
    found = _run(mini)
    assert [(f.code, f.severity, str(f.loc)) for f in found] == [
        ("RK432", Severity.WARNING, "('turnaround', 'acknowledge_within_hours')"),
        ("RK432", Severity.WARNING, "('turnaround', 'consult_note_within_days')"),
    ]
    assert "leave it out if it does not" in found[0].hint  # never asks to invent one


def test_require_promises_makes_missing_promises_errors(mini: Path) -> None:
    _option(mini, "      require_promises: true")
    found = _run(mini)
    assert [(f.code, f.severity) for f in found] == [("RK432", Severity.ERROR)] * 2
    # leaving the promise out is the error here, so the hint must not suggest it
    assert all("leave it out" not in f.hint and "require_promises" in f.hint for f in found)
    promised = BASE + "turnaround: {acknowledge_within_hours: 4, consult_note_within_days: 2}\n"
    assert _run(mini, promised) == []  # near-miss: both promises given


def test_targets_must_not_shrink_down_the_levels(mini: Path) -> None:
    shrinking = _replace("      seen_within: 365", "      seen_within: 20")
    assert _codes(_run(mini, shrinking), "RK431") == [
        (
            24,
            20,
            "the 'Category 1' target (30 calendar days) is longer than the target of the less "
            "urgent 'Category 3' (20 calendar days)",
        )
    ]
    equal = _replace("      seen_within: 365", "      seen_within: 30")
    assert _codes(_run(mini, equal), "RK431") == []  # near-miss: equal targets


def test_target_order_skips_levels_without_a_target(mini: Path) -> None:
    # Category 1 (30) > Advice only (no target) > a last level with 10: still shrinking
    text = BASE.replace(
        "    - label: Advice only\n",
        "    - label: Advice only\n    - label: Later\n"
        "      seen_within: 400\n    - label: Last\n      seen_within: 10\n",
    )
    found = _codes(_run(mini, text), "RK431")
    assert [message.split(" target")[0] for _, _, message in found] == ["the 'Later'"]
    no_target = BASE.replace("      seen_within: 365\n", "")
    assert _codes(_run(mini, no_target), "RK431") == []  # near-miss: nothing to compare


def test_an_emergency_level_needs_an_action(mini: Path) -> None:
    text = _replace("      action: Send to the emergency department.\n", "")
    assert _codes(_run(mini, text), "RK435") == [
        (19, 18, "emergency level 'Emergency' says nothing about what to do")
    ]
    # near-miss: a referral category without an action is normal
    assert _codes(_run(mini), "RK435") == []


def test_an_emergency_level_has_no_target(mini: Path) -> None:
    text = _replace("      emergency: true\n", "      emergency: true\n      seen_within: 1\n")
    assert _codes(_run(mini, text), "RK436") == [
        (
            20,
            20,
            "emergency level 'Emergency' has a target (seen_within: 1); an emergency level acts "
            "now instead of referring",
        )
    ]
    assert _codes(_run(mini), "RK436") == []  # near-miss: targets on non-emergency levels


def test_a_notice_past_until_is_an_error(mini: Path) -> None:
    found = _run(mini, today="2027-02-01")
    assert _codes(found, "RK461") == [
        (56, 87, "notice 'Routine referrals currently wait about 12 weeks.' ended on 2027-01-31")
    ]
    assert _codes(_run(mini, today="2027-01-31"), "RK461") == []  # near-miss: last day


def test_a_notice_before_from_is_not_a_finding(mini: Path) -> None:
    found = _run(mini, today="2026-10-20")
    assert [f.code for f in found if f.code.startswith("RK46") and f.code != "RK465"] == []


def test_an_old_notice_without_until_warns(mini: Path) -> None:
    # the undated notice counts from the last review (2026-10-01)
    found = _run(mini, today="2026-12-31")
    assert _codes(found, "RK462") == [
        (
            57,
            5,
            "notice 'New fax number from January.' has no until: date and is older than 90 days "
            "(undated; the page was last reviewed 2026-10-01)",
        )
    ]
    assert found[[f.code for f in found].index("RK462")].severity is Severity.WARNING
    assert _codes(_run(mini, today="2026-12-30"), "RK462") == []  # near-miss: 90 days
    started = _replace(
        "  - {text: New fax number from January.}", "  - {text: Old, from: 2026-06-01}"
    )
    assert _codes(_run(mini, started), "RK462") == [
        (
            57,
            5,
            "notice 'Old' has no until: date and is older than 90 days (shown since 2026-06-01)",
        )
    ]
    _option(mini, "      max_notice_age_days: 200")
    assert _codes(_run(mini, started), "RK462") == []  # near-miss: the option


def test_a_notice_that_ends_before_it_starts(mini: Path) -> None:
    text = _replace("until: 2027-01-31", "until: 2026-10-31")
    assert _codes(_run(mini, text), "RK463") == [
        (56, 87, "notice ends (2026-10-31) before it starts (2026-11-01)")
    ]


def test_a_stale_current_wait_is_an_error(mini: Path) -> None:
    # as_of 2026-11-20; the default max_wait_age_days is 31
    assert _codes(_run(mini, today="2026-12-22"), "RK464") == [
        (
            59,
            10,
            "the current waits were measured on 20 Nov 2026, 32 days ago (more than "
            "max_wait_age_days: 31)",
        )
    ]
    assert _codes(_run(mini, today="2026-12-21"), "RK464") == []  # near-miss: 31 days
    _option(mini, "      max_wait_age_days: 60")
    assert _codes(_run(mini, today="2026-12-22"), "RK464") == []


def test_a_current_wait_from_the_future_is_an_error(mini: Path) -> None:
    assert _codes(_run(mini, today="2026-11-19"), "RK465") == [
        (59, 10, "as_of 2026-11-20 is in the future")
    ]
    assert _codes(_run(mini, today="2026-11-20"), "RK465") == []


def test_current_wait_levels_must_be_triage_labels(mini: Path) -> None:
    text = _replace("  levels: {Category 1: 25}", "  levels: {Category 1: 25, Categry 3: 90}")
    [(line, col, message)] = _codes(_run(mini, text), "RK466")
    assert (line, col) == (60, 28)
    assert message == (
        "'Categry 3' is not a triage level ('Emergency', 'Category 1', 'Category 3', "
        "'Advice only'); did you mean 'Category 3'?"
    )
    exact = _replace("  levels: {Category 1: 25}", "  levels: {Category 1: 25, Category 3: 90}")
    assert _codes(_run(mini, exact), "RK466") == []


def test_links_must_be_https_but_citations_may_be_http(mini: Path) -> None:
    text = _replace(
        'url: "https://pathways.example.org/osa"', 'url: "http://pathways.example.org/osa"'
    )
    assert _codes(_run(mini, text), "RK471") == [
        (52, 31, "link 'OSA pathway' is not https: http://pathways.example.org/osa")
    ]
    # near-miss: based_on.url is http in BASE (a citation) and is not flagged
    assert "http://guidance.example.org" in BASE
    assert _codes(_run(mini), "RK471") == []


def test_every_rule_has_a_title_and_a_fix() -> None:
    for code, rule in RULES.items():
        assert code == rule.code and code.startswith("RK") and len(code) == 5
        assert rule.title and rule.fix, code


def test_readme_rule_table_matches_the_registry() -> None:
    from referkit.checks import rule_table_markdown

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- rule-table:start -->\n") + len("<!-- rule-table:start -->\n")
    end = readme.index("<!-- rule-table:end -->")
    assert readme[start:end] == rule_table_markdown(), "run: python scripts/rule_table.py"

"""The content gate: one trigger and one near-miss per rule, exceptions, JSON, exit codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from helpers.project import REPO, TODAY, run_build_py
from referkit.checks import run_checks
from referkit.source.loader import load_practice
from referkit.source.project import load_project_config

CARDIOLOGY = "service_lines/cardiology.yaml"


def _edit(project: Path, relpath: str, old: str, new: str) -> None:
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _findings(project: Path, today: str = TODAY) -> list[tuple[str, str, int, str]]:
    config, _ = load_project_config(project)
    load = load_practice(project)
    assert load.practice is not None, [f.format() for f in load.findings]
    found = run_checks(load, config, today=date.fromisoformat(today))
    return sorted((f.code, f.path, f.line, f.message) for f in found)


def test_the_demo_and_the_fixture_are_clean(mini: Path) -> None:
    assert _findings(mini) == []
    assert _findings(REPO) == []


@pytest.mark.parametrize(
    ("today", "code", "message"),
    [
        (
            "2027-10-02",
            "RK401",
            "review is overdue: last reviewed 2026-10-01, more than 365 days ago (due 2027-10-01)",
        ),
        ("2027-09-15", "RK402", "review due on 2027-10-01 (in 16 days)"),
        ("2027-09-30", "RK402", "review due on 2027-10-01 (in 1 day)"),
        ("2027-10-01", "RK402", "review due on 2027-10-01 (today)"),
        ("2026-09-30", "RK403", "last_reviewed 2026-10-01 is in the future"),
    ],
)
def test_review_freshness(mini: Path, today: str, code: str, message: str) -> None:
    assert _findings(mini, today) == [(code, CARDIOLOGY, 41, message)]


def test_review_near_miss(mini: Path) -> None:
    assert _findings(mini, "2027-08-31") == []  # 31 days before the due date


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("We guarantee a visit within a week.", "guarantee"),
        ("Our top-rated team.", "top-rated"),
        ("The best cardiologists in town.", "best"),
        ("Ranked #1 for heart care.", "#1"),
        ("Results are 100% reliable.", "100%"),
        ("A world-class program.", "world-class"),
        ("Refer three patients and receive a gift card.", "gift card"),
        ("We cure arrhythmias.", "cure"),
        ("The leading heart program.", "leading"),
    ],
)
def test_compliance_phrases_are_flagged(mini: Path, text: str, phrase: str) -> None:
    _edit(
        mini,
        CARDIOLOGY,
        "summary: Consultative cardiology for adults with chest pain, arrhythmia or heart failure.",
        f'summary: "{text}"',
    )
    [(code, path, line, message)] = _findings(mini)
    assert (code, path, line) == ("RK411", CARDIOLOGY, 2)
    assert message.lower().startswith(repr(phrase).lower())


@pytest.mark.parametrize(
    "text",
    [
        "Evidence-based care following best practice guidelines.",
        "Endometrial curettage and secure messaging.",
        "Conditions leading to syncope.",
        "Rewarding work is not an inducement.",
    ],
)
def test_compliance_near_misses_pass(mini: Path, text: str) -> None:
    _edit(
        mini,
        CARDIOLOGY,
        "summary: Consultative cardiology for adults with chest pain, arrhythmia or heart failure.",
        f"summary: {text}",
    )
    assert _findings(mini) == []


def test_a_reviewed_exception_allows_one_phrase_and_unused_ones_warn(mini: Path) -> None:
    _edit(
        mini,
        CARDIOLOGY,
        "summary: Consultative cardiology for adults with chest pain, arrhythmia or heart failure.",
        "summary: Leading cardiology, with a guarantee.",
    )
    path = mini / CARDIOLOGY
    path.write_text(
        path.read_text()
        + (
            "compliance_exceptions:\n"
            "  - {phrase: leading, reason: Name of the regional Leading Hearts program, "
            "approved_by: Compliance office 2026-10-01}\n"
            "  - {phrase: cure, reason: old wording, approved_by: Compliance office}\n"
        )
    )
    found = _findings(mini)
    assert [(code, line) for code, _, line, _ in found] == [("RK411", 2), ("RK412", 45)]
    assert found[0][3].startswith("'guarantee'")


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (
            '  fax: "+1 608-555-0121"\n  phone: "+1 608-555-0120"\n  portal: https://clinic.example.org'
            "/e-referral\n  direct: intake@direct.example.org\n",
            '  phone: "+1 608-555-0120"\n',
            "RK421",
        ),
        ('  phone: "+1 608-555-0120"\n', "", "RK422"),
        ("  hours: Mon–Fri 8:00–17:00\n", "", "RK423"),
        ("seen_within_days: 3", "seen_within_days: 30", "RK431"),
        ("  acknowledge_within_hours: 4\n", "", "RK432"),
    ],
)
def test_reachability_and_promises(mini: Path, old: str, new: str, code: str) -> None:
    _edit(mini, CARDIOLOGY, old, new)
    assert [f[0] for f in _findings(mini)] == [code]


def test_provider_must_practise_at_a_service_line_location(mini: Path) -> None:
    _edit(mini, "service_lines/_organization.yaml", "    hours:\n", "    hours:\n")
    org = mini / "service_lines" / "_organization.yaml"
    org.write_text(
        org.read_text().replace(
            "providers:\n",
            "  - id: pier\n    name: Pier Clinic\n"
            "    address: {street: 2 Pier Road, city: Lakeside, "
            'region: WI, postal_code: "53000"}\n    telephone: "+1 608-555-0150"\n'
            "providers:\n",
        )
    )
    _edit(mini, CARDIOLOGY, "locations: [harbor]", "locations: [pier]")
    [(code, _, line, message)] = _findings(mini)
    assert (code, line) == ("RK433", 36)
    assert (
        message == "Ada Stone, MD does not practise at any of this service line's locations (pier)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Example: MRN 00482913, seen last week.",
        "Call about SSN 123-45-6789.",
        "Patient DOB: 04/12/1961 needs a visit.",
        "Patient John Smith, 54, with atrial fibrillation.",
    ],
)
def test_patient_data_is_an_error(mini: Path, text: str) -> None:
    _edit(mini, CARDIOLOGY, "    a: Yes, call the physician line.", f'    a: "{text}"')
    assert [(f[0], f[2]) for f in _findings(mini)] == [("RK441", 39)]


@pytest.mark.parametrize(
    "text",
    [
        "Call (608) 555-0120 with the date of birth ready.",
        "Bring the patient's medication list with the DOB on it.",
        "A patient with new atrial fibrillation.",
    ],
)
def test_patient_data_near_misses(mini: Path, text: str) -> None:
    _edit(mini, CARDIOLOGY, "    a: Yes, call the physician line.", f'    a: "{text}"')
    assert _findings(mini) == []


def test_content_pages_links_anchors_and_patient_data(mini: Path) -> None:
    (mini / "content" / "guide.md").write_text(
        "# Guide\n\n## Steps\n\nSee [steps](#steps), [locations](locations/index.md),\n"
        "[nowhere](missing.md), [bad anchor](#stepz) and [cardiology](cardiology/index.md).\n"
        "Example: patient DOB: 1961-04-12.\n"
    )
    found = [(code, path, line) for code, path, line, _ in _findings(mini)]
    assert found == [
        ("RK441", "content/guide.md", 7),
        ("RK451", "content/guide.md", 6),
        ("RK451", "content/guide.md", 6),
    ]


def test_check_json_output_and_exit_codes(mini: Path) -> None:
    result = run_build_py("check", "--project", str(mini), "--format", "json", "--today", TODAY)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"ok": True, "errors": 0, "warnings": 0, "findings": []}
    _edit(mini, CARDIOLOGY, "seen_within_days: 3", "seen_within_days: 30")
    result = run_build_py("check", "--project", str(mini), "--format", "json", "--today", TODAY)
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["ok"] is False and payload["errors"] == 1
    assert payload["findings"][0] == {
        "code": "RK431",
        "col": 23,
        "field": "triage.urgent.seen_within_days",
        "hint": "urgent patients must be seen sooner than routine ones",
        "line": 12,
        "loc": ["triage", "urgent", "seen_within_days"],
        "message": "urgent target (30 days) is longer than the routine target (15 days)",
        "path": CARDIOLOGY,
        "severity": "error",
    }
    assert run_build_py("check", "--project", str(mini / "nope")).returncode == 2
    table = run_build_py("check", "--project", str(mini), "--today", TODAY)
    assert "service_lines/cardiology.yaml" in table.stdout and "RK431" in table.stdout
    assert "1 error, 0 warnings" in table.stdout


def test_build_refuses_errors_and_publishes_with_warnings(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    warned = run_build_py(
        "build", "--project", str(mini), "--out", str(out), "--today", "2027-09-15"
    )
    assert warned.returncode == 0, warned.stderr
    assert "RK402 warning: review.last_reviewed: review due on 2027-10-01" in warned.stderr
    assert (out / "cardiology" / "index.html").is_file()
    strict = run_build_py(
        "build",
        "--project",
        str(mini),
        "--out",
        str(tmp_path / "strict"),
        "--today",
        "2027-09-15",
        "--strict",
    )
    assert strict.returncode == 1 and not (tmp_path / "strict").exists()
    # past the review date a build still publishes, marked (overdue: notice, the default);
    # overdue: withdraw and overdue: fail are in tests/site/test_dated.py
    stale = run_build_py(
        "build", "--project", str(mini), "--out", str(tmp_path / "stale"), "--today", "2027-10-02"
    )
    assert stale.returncode == 0, stale.stderr
    assert "RK401 warning: review.last_reviewed: review is overdue" in stale.stderr
    page = (tmp_path / "stale" / "cardiology" / "index.html").read_text(encoding="utf-8")
    assert "Review overdue since 2 Oct 2027." in page


def test_reviews_listing_is_sorted_by_urgency(mini: Path) -> None:
    second = mini / "service_lines" / "dermatology.yaml"
    second.write_text(
        (mini / CARDIOLOGY)
        .read_text()
        .replace("2026-10-01", "2026-03-01")
        .replace("name: Cardiology", "name: Dermatology")
    )
    result = run_build_py(
        "check", "--project", str(mini), "--reviews", "--format", "csv", "--today", TODAY
    )
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "service_line,name,last_reviewed,reviewed_by,next_review,days_left"
    assert lines[1].startswith("dermatology,Dermatology,2026-03-01,")
    assert lines[2].startswith("cardiology,Cardiology,2026-10-01,")


def test_remembered_line_findings_equal_a_fresh_gate(tmp_path: Path) -> None:
    """serve keeps each line's findings while its file, the organization, the options
    and the date stay the same: every run equals a fresh one, and only changed lines
    are checked again."""
    from helpers.project import copy_project
    from referkit.checks import LineCheckMemo
    from referkit.source.file_memo import LoadMemo

    project = copy_project(REPO, tmp_path / "demo")
    config, _ = load_project_config(project)
    loads, checks = LoadMemo(), LineCheckMemo()
    lines = len(list((project / "service_lines").glob("[!_]*.yaml")))

    def gate(today: str = TODAY) -> list[str]:
        day = date.fromisoformat(today)
        remembered = run_checks(load_practice(project, loads), config, today=day, memo=checks)
        fresh = run_checks(load_practice(project), config, today=day)
        assert [f.format() for f in remembered] == [f.format() for f in fresh]
        return sorted(f.code for f in remembered)

    assert gate() == [] and checks.checked == lines
    assert gate() == [] and checks.checked == 0
    _edit(project, CARDIOLOGY, "Exertional syncope", "Exertional syncope, guaranteed cure")
    assert gate() == ["RK411", "RK411"] and checks.checked == 1
    _edit(project, "service_lines/_organization.yaml", "name: ", "name: Best ")
    assert "RK411" in gate() and checks.checked == lines  # the organization changed
    assert "RK411" in gate() and checks.checked == 0  # its phrase finding remembered too
    gate("2027-11-23")  # another day: review ages differ for every line
    assert checks.checked == lines


def _line_of(project: Path, relpath: str, text: str) -> int:
    lines = (project / relpath).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def _add_provider(project: Path, npi: str) -> str:
    """Add Bo Stone with ``npi`` to the organization file; its path."""
    org = "service_lines/_organization.yaml"
    line = f"  - {{id: bo-stone, name: Bo Stone, specialty: Cardiovascular, npi: '{npi}', "
    path = project / org
    path.write_text(path.read_text(encoding="utf-8") + line + "locations: [harbor]}\n")
    return org


def test_directory_rules_stop_what_the_fhir_directory_would_publish_wrong(mini: Path) -> None:
    """RK424 a Direct address that is an ordinary email, RK425 a FHIR endpoint that is the
    portal or this site's own /fhir/ files, RK426 one NPI on two providers."""
    _edit(mini, CARDIOLOGY, "direct: intake@direct.example.org", "direct: Referrals@Example.org")
    _edit(
        mini,
        CARDIOLOGY,
        "  physician_line:",
        "  fhir_endpoint: https://clinic.example.org/e-referral/\n  physician_line:",
    )
    org = _add_provider(mini, "1234567893")  # Ada Stone's NPI
    direct, endpoint = _line_of(mini, CARDIOLOGY, "direct:"), _line_of(mini, CARDIOLOGY, "fhir_")
    assert _findings(mini) == [
        (
            "RK424",
            CARDIOLOGY,
            direct,
            "the Direct address 'Referrals@Example.org' is also the ordinary email given at "
            "contacts[0].email; the FHIR directory would publish it as a Direct Project "
            "endpoint, and Direct messages cannot reach an ordinary mailbox",
        ),
        (
            "RK425",
            CARDIOLOGY,
            endpoint,
            "fhir_endpoint 'https://clinic.example.org/e-referral/' is the portal's web "
            "address; the FHIR directory would tell EHRs to send referrals there",
        ),
        (
            "RK426",
            org,
            _line_of(mini, org, "bo-stone"),
            "NPI 1234567893 is given to both ada-stone and bo-stone; the directory would "
            "publish two practitioners with one identifier",
        ),
    ]
    _edit(
        mini,
        CARDIOLOGY,
        "fhir_endpoint: https://clinic.example.org/e-referral/",
        "fhir_endpoint: https://clinic.example.org/fhir/bundle.json",
    )
    assert [f for f in _findings(mini) if f[0] == "RK425"][0][3].startswith(
        "fhir_endpoint 'https://clinic.example.org/fhir/bundle.json' is the FHIR directory "
        "this site publishes (https://clinic.example.org/fhir/)"
    )


def test_directory_rules_point_into_a_v3_route_list(mini: Path) -> None:
    """With contract v3's list of routes, RK424 and RK425 name the line of the route
    that carries the address (here the second), not the main route's."""
    _edit(mini, CARDIOLOGY, "how_to_refer:\n  fax:", "how_to_refer:\n  - label: Intake\n    fax:")
    for field in ("phone", "portal", "direct", "physician_line", "hours"):
        _edit(mini, CARDIOLOGY, f"\n  {field}:", f"\n    {field}:")
    _edit(
        mini,
        CARDIOLOGY,
        "contacts:\n",
        "  - label: Device clinic\n"
        "    when: Pacemaker checks only\n"
        "    direct: Referrals@Example.org\n"
        "    fhir_endpoint: https://clinic.example.org/fhir/\n"
        "contacts:\n",
    )
    direct = _line_of(mini, CARDIOLOGY, "Referrals@Example.org")
    endpoint = _line_of(mini, CARDIOLOGY, "fhir_endpoint:")
    assert [(f[0], f[2]) for f in _findings(mini)] == [("RK424", direct), ("RK425", endpoint)]


def test_directory_rules_near_misses(mini: Path) -> None:
    """A Direct address at a Direct domain, a FHIR server elsewhere on the practice's own
    host, and distinct NPIs are all fine; a FHIR endpoint alone is a way to send a referral."""
    for old, new in (
        ('  fax: "+1 608-555-0121"\n', ""),
        ("  portal: https://clinic.example.org/e-referral\n", ""),
        (
            "  direct: intake@direct.example.org\n",
            "  fhir_endpoint: https://clinic.example.org/api/fhir/r4\n",
        ),
    ):
        _edit(mini, CARDIOLOGY, old, new)
    _add_provider(mini, "1234569261")
    assert _findings(mini) == []

"""Bad input gets one clear finding per problem: file:line:col, field path, what to write."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.project import REPO
from referkit.findings import format_findings
from referkit.source.loader import load_practice


def _edit(project: Path, relpath: str, old: str, new: str) -> None:
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _messages(project: Path) -> list[str]:
    result = load_practice(project)
    assert result.practice is None
    return [f.format().splitlines()[0] for f in result.findings]


def test_the_valid_fixture_and_demo_load(mini: Path) -> None:
    result = load_practice(mini)
    assert result.findings == []
    assert [s.slug for s in result.practice.service_lines] == ["cardiology"]
    demo = load_practice(REPO)
    assert demo.findings == [], format_findings(demo.findings)
    assert len(demo.practice.service_lines) >= 6
    assert len(demo.practice.organization.providers) >= 10
    assert len(demo.practice.organization.locations) >= 3


CASES = [
    pytest.param(
        "service_lines/cardiology.yaml",
        "    seen_within_days: 3",
        "    seen_within_days: three",
        "service_lines/cardiology.yaml:12:23: RK102 triage.urgent.seen_within_days: "
        "expected a whole number of business days, got 'three'",
        id="wrong-type",
    ),
    pytest.param(
        "service_lines/cardiology.yaml",
        "required_records:",
        "requried_records:",
        "service_lines/cardiology.yaml:19:1: RK101 requried_records: unknown field "
        "'requried_records'; did you mean 'required_records'?",
        id="unknown-key-typo",
    ),
    pytest.param(
        "service_lines/cardiology.yaml",
        "summary: Consultative cardiology for adults with chest "
        "pain, arrhythmia or heart failure.\n",
        "",
        "service_lines/cardiology.yaml:1:1: RK103 summary: missing required field 'summary'",
        id="missing-field",
    ),
    pytest.param(
        "service_lines/cardiology.yaml",
        'fax: "+1 608-555-0121"',
        'fax: "555-0121"',
        "service_lines/cardiology.yaml:24:8: RK105 how_to_refer.fax: expected a valid phone "
        'number, e.g. "+1 608-555-0100", got 555-0121',
        id="invalid-phone",
    ),
    pytest.param(
        "service_lines/_organization.yaml",
        'npi: "1234567893"',
        'npi: "1234567890"',
        "service_lines/_organization.yaml:20:10: RK106 providers[0].npi: NPI 1234567890 fails "
        "the NPI check digit, so no clinician has it",
        id="bad-npi",
    ),
    pytest.param(
        "service_lines/cardiology.yaml",
        "locations: [harbor]",
        "locations: [harbour]",
        "service_lines/cardiology.yaml:35:13: RK201 locations[0]: unknown location id 'harbour'; "
        "did you mean 'harbor'?",
        id="unknown-location",
    ),
    pytest.param(
        "service_lines/cardiology.yaml",
        "portal: https://clinic",
        "portal: http://clinic",
        "service_lines/cardiology.yaml:26:11: RK107 how_to_refer.portal: expected an https:// "
        "link, got http://clinic.example.org/e-referral",
        id="non-https-url",
    ),
    pytest.param(
        "service_lines/cardiology.yaml",
        "  urgent:\n",
        "  urgent:\n\tx: 1\n",
        "service_lines/cardiology.yaml:12:1: RK001 YAML syntax error: a tab character is not "
        "allowed here",
        id="tab",
    ),
    pytest.param(
        "service_lines/cardiology.yaml",
        "services: [Echocardiography]",
        "services: [Echocardiography]\nname: Cardiology again",
        "service_lines/cardiology.yaml:6:1: RK002 name: duplicate key 'name' (first defined on "
        "line 1)",
        id="duplicate-key",
    ),
    pytest.param(
        "service_lines/cardiology.yaml",
        "    criteria: [New heart failure symptoms]",
        "   criteria: [New heart failure symptoms]",
        "service_lines/cardiology.yaml:13:4: RK001 YAML syntax error: this line is indented "
        "differently from the fields around it",
        id="bad-indentation",
    ),
    pytest.param(
        "service_lines/cardiology.yaml",
        "  last_reviewed: 2026-10-01",
        "  last_reviewed: October 1",
        "service_lines/cardiology.yaml:41:18: RK102 review.last_reviewed: expected an ISO date "
        "(YYYY-MM-DD), got 'October 1'",
        id="bad-date",
    ),
    pytest.param(
        "service_lines/cardiology.yaml",
        "specialty: Cardiovascular",
        "specialty: Cardiovasculr",
        "service_lines/cardiology.yaml:3:12: RK102 specialty: expected a schema.org "
        "MedicalSpecialty, got 'Cardiovasculr'; did you mean 'Cardiovascular'?",
        id="specialty-typo",
    ),
]


@pytest.mark.parametrize(("relpath", "old", "new", "expected"), CASES)
def test_bad_input_gives_one_exact_message(
    mini: Path, relpath: str, old: str, new: str, expected: str
) -> None:
    _edit(mini, relpath, old, new)
    assert _messages(mini) == [expected]


def test_duplicate_slug_is_reported(mini: Path) -> None:
    source = mini / "service_lines" / "cardiology.yaml"
    (mini / "service_lines" / "cardiology.yml").write_text(source.read_text(), encoding="utf-8")
    assert _messages(mini) == [
        "service_lines/cardiology.yml:1:1: RK203 service line 'cardiology' is defined twice "
        "(also in service_lines/cardiology.yaml)"
    ]


def test_every_problem_in_every_file_is_reported_in_one_run(mini: Path) -> None:
    _edit(mini, "service_lines/cardiology.yaml", "seen_within_days: 3", "seen_within_days: x")
    _edit(mini, "service_lines/cardiology.yaml", 'phone: "+1 608-555-0120"', 'phone: "12"')
    _edit(mini, "service_lines/_organization.yaml", 'npi: "1234567893"', 'npi: "1234567890"')
    second = (mini / "service_lines" / "cardiology.yaml").read_text()
    (mini / "service_lines" / "dermatology.yaml").write_text(
        second.replace("workup:", "wrkup:"), encoding="utf-8"
    )
    result = load_practice(mini)
    codes = sorted((f.path, f.code, f.field_path) for f in result.findings)
    assert codes == [
        ("service_lines/_organization.yaml", "RK106", "providers[0].npi"),
        ("service_lines/cardiology.yaml", "RK102", "triage.urgent.seen_within_days"),
        ("service_lines/cardiology.yaml", "RK105", "how_to_refer.phone"),
        ("service_lines/dermatology.yaml", "RK101", "wrkup"),
        ("service_lines/dermatology.yaml", "RK102", "triage.urgent.seen_within_days"),
        ("service_lines/dermatology.yaml", "RK105", "how_to_refer.phone"),
    ]


def test_yaml_1_1_surprises_are_avoided(mini: Path) -> None:
    _edit(mini, "service_lines/_organization.yaml", 'postal_code: "53000"', "postal_code: 02134")
    _edit(mini, "service_lines/_organization.yaml", 'closes: "17:00"', "closes: 17:00")
    result = load_practice(mini)
    # 02134 keeps its zero; unquoted 17:00 is the text "17:00", not the number 1020
    assert result.findings == []
    location = result.practice.organization.locations[0]
    assert location.address.postal_code == "02134"
    assert location.hours[0].closes == "17:00"


def test_phone_numbers_have_one_display_format_and_e164_links(mini: Path) -> None:
    _edit(mini, "service_lines/cardiology.yaml", '"+1 608-555-0120"', '"(608) 555 0120"')
    line = load_practice(mini).practice.service_lines[0]
    assert line.how_to_refer.phone.display == "(608) 555-0120"
    assert line.how_to_refer.phone.tel_uri == "tel:+16085550120"


def _load_summary(result) -> tuple:
    practice = result.practice or result.partial
    return (
        [f.format() for f in result.findings],
        None
        if practice is None
        else (
            practice.organization.model_dump(mode="json"),
            [line.model_dump(mode="json") for line in practice.service_lines],
        ),
        sorted(result.sources),
    )


def test_a_load_memo_reads_only_changed_files_and_rechecks_references(
    mini: Path, tmp_path: Path
) -> None:
    """serve keeps a LoadMemo between saves: the result equals a fresh load every time."""
    import shutil

    from referkit.source.file_memo import LoadMemo

    second = mini / "service_lines" / "sleep.yaml"
    shutil.copyfile(mini / "service_lines" / "cardiology.yaml", second)
    _edit(mini, "service_lines/sleep.yaml", "name: Cardiology", "name: Sleep medicine")
    memo = LoadMemo()
    first = load_practice(mini, memo)
    assert memo.parsed == 3 and first.practice is not None
    again = load_practice(mini, memo)
    assert memo.parsed == 0
    assert _load_summary(again) == _load_summary(first)

    _edit(mini, "service_lines/sleep.yaml", "seen_within_days: 3", "seen_within_days: 4")
    edited = load_practice(mini, memo)
    assert memo.parsed == 1
    assert _load_summary(edited) == _load_summary(load_practice(mini))
    assert edited.practice.service_lines[1].triage.urgent.seen_within_days == 4

    # the organization drops a provider: the unchanged service lines' references to it
    # are checked again against the new organization
    org = mini / "service_lines" / "_organization.yaml"
    text = org.read_text()
    org.write_text(text.replace("id: ada-stone", "id: ada-stone-md"))
    changed_org = load_practice(mini, memo)
    assert memo.parsed == 1
    assert _load_summary(changed_org) == _load_summary(load_practice(mini))
    unknown = [f for f in changed_org.findings if f.code == "RK201"]
    assert {f.path for f in unknown} == {
        "service_lines/cardiology.yaml",
        "service_lines/sleep.yaml",
    }
    second.unlink()
    removed = load_practice(mini, memo)
    assert memo.parsed == 0
    assert _load_summary(removed) == _load_summary(load_practice(mini))
    assert "service_lines/sleep.yaml" not in removed.sources


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("555-0121", "with its country code and every digit"),  # neither
        ("+1 608-555-012", "after +1 a number has 10 digits (area code and number), this one 9"),
        ("+1 608-555-01211", "this one 11"),
        ("+44 20 7946 09", "no number like this is in use in that country"),
    ],
)
def test_a_phone_number_that_is_none_gets_a_hint_for_what_is_wrong(
    mini: Path, written: str, hint: str
) -> None:
    """A number that has its country code is not told to add one: its digits are counted."""
    _edit(mini, "service_lines/cardiology.yaml", 'fax: "+1 608-555-0121"', f'fax: "{written}"')
    (finding,) = [f for f in load_practice(mini).findings if f.code == "RK105"]
    assert hint in finding.hint
    if written.startswith("+"):
        assert "country code" not in finding.hint

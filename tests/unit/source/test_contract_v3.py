"""Contract v3: routes, clinics, target phrases, flags, grouped checklists, patient
notices and the form block; every v1 and v2 file still loads unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers.contract import as_editor_sees, load_line, messages, write_line
from helpers.project import FIXTURES
from helpers.samples import V2_LINE, V3_LINE
from referkit.source.loader import load_practice
from referkit.source.model import Routes

V3_FIXTURES = sorted(p.name for p in FIXTURES.glob("v3-*"))
EARLIER = ["mini", "longurl", "longvalues", "v2-category", "v2-direct-access", "v2-cancer-pathway"]


def test_a_v3_file_loads_every_field(mini: Path) -> None:
    write_line(mini, V3_LINE)
    line = load_line(mini)
    assert line.eligibility.conditions == ("Only refer when the patient can attend within 14 days",)
    p1, p2 = line.triage.levels
    assert (p1.seen_within, p1.target_phrase) == (2, "Telephone assessment done")
    assert p2.target_phrase is None
    driver, known = p1.criteria
    assert driver.flag == "Urgent" and known.flag == "Call first"
    assert known.group[0].flag == "Urgent" and known.group[1].flag is None
    assert p1.criteria_flags() == ("Urgent", "Call first", "Urgent")
    [clinic] = line.clinics
    assert (clinic.name, clinic.key, clinic.seen_within) == (
        "Insomnia clinic",
        "insomnia-clinic",
        60,
    )
    assert clinic.lead_in == "Insomnia with one of:" and clinic.criteria_flags() == ("Urgent",)
    assert clinic.target_phrase == "Group session offered"
    group, plain = line.must_include
    assert group.group == "Patient details" and group.item is None
    assert [(e.item, e.when) for e in group.entries] == [
        ("Full name", None),
        ("Interpreter", "if needed"),
    ]
    assert [e.item for e in line.must_state] == ["Full name", "Interpreter", "Reason for referral"]
    assert plain.item == "Reason for referral" and plain.group is None
    main, lab = line.how_to_refer
    assert line.main_route is main and line.other_routes == (lab,)
    assert (main.label, main.when, str(main.fax)) == (
        "Central intake",
        "All referrals except those below",
        "(608) 555-0121",
    )
    assert lab.portal_name == "Regional e-referral service" and lab.fax is None
    assert line.advice[0].label is None
    assert str(line.contacts[0].fax) == "(608) 555-0131"
    patients, referrers = line.notices
    assert (patients.audience, referrers.audience) == ("patients", "referrers")
    from datetime import date

    today = date(2026, 11, 23)
    assert line.notices_on(today, "referrers") == (referrers,)
    assert line.notices_on(today, "patients") == (patients,)
    assert len(line.notices_on(today)) == 2
    form = line.form
    assert form.referrer_id.label == "Provider number"
    assert form.patient_fields == ("NHS number", "Parent or guardian")
    assert form.referral_fields == ("UBRN",) and form.omits("insurance")
    assert form.criteria_checkboxes is True


def test_a_v2_how_to_refer_is_a_list_of_one_route(mini: Path) -> None:
    write_line(mini, V2_LINE)
    line = load_line(mini)
    assert isinstance(line.how_to_refer, Routes) and len(line.how_to_refer) == 1
    # a template written for contract v2 reads the main route's fields from the list
    assert line.how_to_refer.fax == line.main_route.fax and line.how_to_refer.fax is not None
    assert line.how_to_refer.hours == line.main_route.hours
    with pytest.raises(AttributeError):
        line.how_to_refer.no_such_field  # noqa: B018
    assert line.form.patient_fields == () and not line.form.criteria_checkboxes
    assert line.clinics == () and all(n.audience == "referrers" for n in line.notices)


@pytest.mark.parametrize("name", EARLIER)
def test_every_earlier_fixture_loads_unchanged(name: str) -> None:
    result = load_practice(FIXTURES / name)
    assert result.findings == [] and result.practice is not None
    for line in result.practice.service_lines:
        assert len(line.how_to_refer) == 1 and line.main_route.label is None


@pytest.mark.parametrize("name", V3_FIXTURES)
def test_the_v3_fixtures_load(name: str) -> None:
    result = load_practice(FIXTURES / name)
    assert result.findings == [], [f.format() for f in result.findings]


def test_there_are_five_v3_fixtures() -> None:
    assert V3_FIXTURES == [
        "v3-pediatric",
        "v3-physio-priority",
        "v3-provincial-pathway",
        "v3-safety-net",
        "v3-two-week-wait",
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "  - label: Sleep laboratory\n",
            "  - label:\n",
            "service_lines/sleep.yaml:36:5: RK102 how_to_refer[1]: with several routes each "
            "needs a label, and this one has none",
            id="route-without-label",
        ),
        pytest.param(
            "  - label: Sleep laboratory\n",
            "  - label: Central intake\n",
            "service_lines/sleep.yaml:36:12: RK102 how_to_refer[1].label: route label "
            "Central intake is used twice; each route needs its own label",
            id="route-label-twice",
        ),
        pytest.param(
            "      seen_within: 2\n",
            "",
            "service_lines/sleep.yaml:9:22: RK102 triage.levels[0].target_phrase: "
            "target_phrase says what the target counts, but there is no seen_within",
            id="phrase-without-target",
        ),
        pytest.param(
            "{group: Patient details, items: [Full name, {item: Interpreter, when: if needed}]}",
            "{group: Patient details}",
            "service_lines/sleep.yaml:28:5: RK102 must_include[0]: group 'Patient details' has "
            "no items; list them under items:",
            id="group-without-items",
        ),
        pytest.param(
            "  omit: [insurance, patient_phone]",
            "  omit: [insurence, patient_phone]",
            "service_lines/sleep.yaml:52:10: RK102 form.omit[0]: expected one of insurance, "
            "patient_phone, referrer_id, got 'insurence'; did you mean 'insurance'?",
            id="omit-typo",
        ),
        pytest.param(
            "audience: patients}",
            "audience: patient}",
            "service_lines/sleep.yaml:46:50: RK102 notices[0].audience: expected one of "
            "referrers, patients, got 'patient'; did you mean 'patients'?",
            id="audience-typo",
        ),
        pytest.param(
            "  criteria_checkboxes: true",
            "  criteria_checkbox: true",
            "service_lines/sleep.yaml:53:3: RK101 form.criteria_checkbox: unknown field "
            "'criteria_checkbox'; did you mean 'criteria_checkboxes'?",
            id="form-field-typo",
        ),
        pytest.param(
            "  patient_fields: [NHS number, Parent or guardian]",
            "  patient_fields: [NHS number, NHS Number]",
            "service_lines/sleep.yaml:50:19: RK102 form.patient_fields: 'NHS Number' is "
            "listed twice",
            id="form-field-twice",
        ),
        pytest.param(
            'fax: "+1 608-555-0131"}',
            'fax: "0131"}',
            "service_lines/sleep.yaml:44:62: RK105 contacts[0].fax: expected a valid phone "
            'number, e.g. "+1 608-555-0100", got 0131',
            id="contact-fax-invalid",
        ),
    ],
)
def test_v3_errors_point_at_the_field(mini: Path, old: str, new: str, expected: str) -> None:
    assert old in V3_LINE, old
    write_line(mini, V3_LINE.replace(old, new, 1))
    assert messages(mini) == [expected]


def test_a_clinic_needs_a_name_and_a_flag_is_short(mini: Path) -> None:
    text = V3_LINE.replace("  - name: Insomnia clinic\n", "  - lead_in: x\n", 1).replace(
        '    lead_in: "Insomnia with one of:"\n', ""
    )
    text = text.replace("flag: Call first", "flag: " + "Call the on-call physician " * 3)
    write_line(mini, text)
    assert messages(mini) == [
        "service_lines/sleep.yaml:14:17: RK102 triage.levels[0].criteria[1].flag: expected at "
        "most 40 characters, got 80",
        "service_lines/sleep.yaml:20:5: RK103 clinics[0].name: missing required field 'name'",
    ]


def test_an_empty_route_list_is_an_error(mini: Path) -> None:
    start = V3_LINE.index("how_to_refer:")
    end = V3_LINE.index("advice:")
    write_line(mini, V3_LINE[:start] + "how_to_refer: []\n" + V3_LINE[end:])
    assert messages(mini) == [
        "service_lines/sleep.yaml:30:15: RK102 how_to_refer: must not be empty"
    ]


def test_a_portal_named_without_an_address_is_a_way_to_refer(mini: Path, tmp_path: Path) -> None:
    from referkit.checks import run_checks
    from referkit.source.project import load_project_config

    text = V3_LINE.replace(
        '    fax: "+1 608-555-0121"\n', "    portal_name: The e-referral service\n"
    )
    write_line(mini, text)
    project, _ = load_project_config(mini)
    load = load_practice(mini)
    codes = {
        f.code for f in run_checks(load, project, today=__import__("datetime").date(2026, 11, 23))
    }
    assert "RK421" not in codes
    write_line(mini, text.replace("    portal_name: The e-referral service\n", ""))
    load = load_practice(mini)
    found = [
        f
        for f in run_checks(load, project, today=__import__("datetime").date(2026, 11, 23))
        if f.code == "RK421"
    ]
    assert [(f.line, f.loc) for f in found] == [(31, ("how_to_refer", 0))]


def test_v3_files_round_trip_through_the_json_schema(mini: Path) -> None:
    from referkit.source.schema import SERVICE_LINE_SCHEMA, json_schemas

    schema = json.loads(json_schemas()[SERVICE_LINE_SCHEMA])
    for name in V3_FIXTURES:
        for path in (FIXTURES / name / "service_lines").glob("[!_]*.yaml"):
            jsonschema.validate(as_editor_sees(yaml.safe_load(path.read_text())), schema)
    jsonschema.validate(as_editor_sees(yaml.safe_load(V3_LINE)), schema)
    bad = as_editor_sees(yaml.safe_load(V3_LINE.replace("omit: [insurance", "omit: [insurence")))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)

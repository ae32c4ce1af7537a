"""Contract v2: any urgency scheme, nested criteria, dated facts; v1 files unchanged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml
from helpers.contract import as_editor_sees, load_line, messages, write_line
from helpers.samples import V2_LINE
from referkit.source.loader import load_practice
from referkit.wording import units


def test_a_v2_file_loads_every_field(mini: Path) -> None:
    write_line(mini, V2_LINE)
    line = load_line(mini)
    triage = line.triage
    assert (triage.days, triage.counted_from) == ("calendar", "receipt of a complete referral")
    assert [lv.label for lv in triage.levels] == [
        "Emergency",
        "Category 1",
        "Category 3",
        "Advice only",
    ]
    emergency, cat1, cat3, advice_only = triage.levels
    assert emergency.emergency and emergency.action == "Send to the emergency department."
    assert emergency.seen_within is None
    [lead] = emergency.criteria
    assert lead.text == "Hypoventilation with any of:" and lead.group_kind == "any_of"
    assert [c.text for c in lead.group] == ["Hypercapnia", "Somnolence"]
    assert lead.group_lead_in is None
    assert cat1.seen_within == 30 and cat1.route.startswith("Phone the on-call")
    plain, nested = cat1.criteria
    assert plain.text == "Commercial driver with witnessed apnoeas" and plain.group == ()
    assert plain.group_kind is None
    assert nested.text is None and nested.group_kind == "all_of"
    assert nested.group_lead_in == "All of:"
    deeper = nested.group[1]
    assert deeper.group_kind == "none_of" and deeper.group_lead_in == "None of:"
    assert [c.text for c in deeper.none_of] == ["Current CPAP use", "Recent sleep study"]
    assert cat1.criteria_texts() == (
        "Commercial driver with witnessed apnoeas",
        "Known OSA",
        "Current CPAP use",
        "Recent sleep study",
    )
    assert cat3.criteria == () and cat3.seen_within == 365
    assert advice_only.seen_within is None and advice_only.key == "advice-only"
    assert cat1.key == "category-1"

    assert line.specialty_label == "Sleep medicine" and line.specialty_name == "Sleep medicine"
    assert line.eligibility.ages == "Adults 18 and over"
    [source] = line.based_on  # one mapping becomes a tuple of one
    assert source.url == "http://guidance.example.org/sleep"  # a citation may be http
    assert source.published == date(2025, 3, 1)
    assert [(m.item, m.when) for m in line.must_include] == [
        ("Reason for request: diagnosis, management advice or second opinion", None),
        ("Current weight and BMI", "if surgery is being considered"),
    ]
    assert line.required_records[0].when == "a study was done in the last 2 years"
    assert isinstance(line.advice, tuple) and line.advice[0].respond_within_hours == 72
    assert [(k.kind, k.required) for k in line.links] == [("form", True), ("other", False)]
    assert line.definitions[0].term == "Commercial driver"
    dated, undated = line.notices
    assert (dated.from_, dated.until) == (date(2026, 11, 1), date(2027, 1, 31))
    assert line.notices_on(date(2026, 10, 31)) == (undated,)  # not yet from
    assert line.notices_on(date(2026, 11, 1)) == (dated, undated)
    assert line.notices_on(date(2027, 2, 1)) == (undated,)  # past until
    assert line.current_wait.for_level("Category 1") == 25
    assert line.current_wait.for_level("Category 3") is None
    assert line.turnaround.acknowledge_within_hours is None
    assert hash(line)  # immutable all the way down, like v1 lines
    with pytest.raises(TypeError):
        line.current_wait.levels["Category 3"] = 400


def test_a_v1_file_exposes_the_same_levels_api(mini: Path) -> None:
    line = load_line(mini, "cardiology")
    triage = line.triage
    assert (triage.days, triage.counted_from) == ("business", None)
    assert [(lv.label, lv.emergency, lv.seen_within, lv.route) for lv in triage.levels] == [
        ("Emergent", True, None, None),
        ("Urgent", False, 3, None),
        ("Routine", False, 15, None),
    ]
    assert triage.levels[0].action == "Send to the emergency department or call 911."
    assert [c.text for c in triage.levels[1].criteria] == ["New heart failure symptoms"]
    assert [lv.key for lv in triage.levels] == ["emergent", "urgent", "routine"]
    assert [triage.v1_key(i) for i in range(3)] == ["emergent", "urgent", "routine"]
    org = load_practice(mini).practice.organization
    assert org.referrer_id.label == "NPI"


def test_v1_without_emergent_has_two_levels(mini: Path) -> None:
    path = mini / "service_lines" / "cardiology.yaml"
    text = path.read_text()
    start, end = text.index("  emergent:"), text.index("  urgent:")
    path.write_text(text[:start] + text[end:])
    triage = load_line(mini, "cardiology").triage
    assert [lv.label for lv in triage.levels] == ["Urgent", "Routine"]
    assert triage.v1_key(0) == "urgent"


def test_referrer_id_and_overnight_hours(mini: Path) -> None:
    org = mini / "service_lines" / "_organization.yaml"
    text = org.read_text()
    assert 'closes: "17:00"' in text
    text = text.replace('opens: "08:00", closes: "17:00"', 'opens: "22:00", closes: "06:00"')
    org.write_text(text + "referrer_id: {label: Provider number}\n")
    practice = load_practice(mini).practice
    assert practice.organization.referrer_id.label == "Provider number"
    hours = practice.organization.locations[0].hours[0]
    assert (hours.opens, hours.closes, hours.overnight) == ("22:00", "06:00", True)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "      seen_within: 30",
            "      seen_within: thirty",
            "service_lines/sleep.yaml:24:20: RK102 triage.levels[1].seen_within: expected a "
            "whole number of days, got 'thirty'",
            id="target-not-a-number",
        ),
        pytest.param(
            "        - Commercial driver with witnessed apnoeas",
            "        - {text: Commercial driver, any_of: [a], none_of: [b]}",
            "service_lines/sleep.yaml:27:11: RK102 triage.levels[1].criteria[0]: a criterion "
            "holds one group, got any_of and none_of; nest one group inside another",
            id="two-groups",
        ),
        pytest.param(
            "            - none_of: [Current CPAP use, Recent sleep study]",
            "            - none_of: [Current CPAP use, {}]",
            "service_lines/sleep.yaml:30:43: RK102 "
            "triage.levels[1].criteria[1].all_of[1].none_of[1]: a criterion needs text or one "
            "of any_of, all_of, none_of",
            id="empty-criterion-deep",
        ),
        pytest.param(
            "  days: calendar",
            "  days: calender",
            "service_lines/sleep.yaml:15:9: RK102 triage.days: expected one of business, "
            "calendar, got 'calender'; did you mean 'calendar'?",
            id="days-typo",
        ),
        pytest.param(
            "  levels:\n",
            "  urgent: {seen_within_days: 3}\n  levels:\n",
            "service_lines/sleep.yaml:15:3: RK102 triage: write either levels: (contract v2) or "
            "urgent (contract v1), not both",
            id="both-versions",
        ),
        pytest.param(
            "    - label: Category 3",
            "    - label: Category 1",
            "service_lines/sleep.yaml:18:5: RK102 triage.levels: level label 'Category 1' is "
            "used twice; each level needs its own label",
            id="duplicate-label",
        ),
        pytest.param(
            "kind: form",
            "kind: from",
            "service_lines/sleep.yaml:48:75: RK102 links[0].kind: expected one of guideline, "
            "pathway, form, other, got 'from'; did you mean 'form'?",
            id="link-kind-typo",
        ),
        pytest.param(
            "  url: http://guidance.example.org/sleep",
            "  url: guidance.example.org/sleep",
            "service_lines/sleep.yaml:12:8: RK107 based_on.url: expected an http:// or "
            "https:// link, got guidance.example.org/sleep",
            id="citation-without-scheme",
        ),
        pytest.param(
            "  url: https://clinic.example.org/advice",
            "  url: http://clinic.example.org/advice",
            "service_lines/sleep.yaml:45:8: RK107 advice.url: expected an https:// link, "
            "got http://clinic.example.org/advice",
            id="advice-url-http",
        ),
        pytest.param(
            "from: 2026-11-01",
            "from: 1 November",
            "service_lines/sleep.yaml:53:68: RK102 notices[0].from: expected an ISO date "
            "(YYYY-MM-DD), got '1 November'",
            id="notice-date",
        ),
        pytest.param(
            "  as_of: 2026-11-20\n",
            "",
            "service_lines/sleep.yaml:56:3: RK103 current_wait.as_of: missing required field "
            "'as_of'",
            id="wait-without-date",
        ),
        pytest.param(
            "  levels: {Category 1: 25}",
            "  levels: {Category 1: about 25}",
            "service_lines/sleep.yaml:57:24: RK102 current_wait.levels.Category 1: expected a "
            "whole number of days, got 'about 25'",
            id="wait-not-a-number",
        ),
        pytest.param(
            "  - {item: Current weight and BMI, when: if surgery is being considered}",
            "  - {item: Current weight and BMI, if: surgery is being considered}",
            "service_lines/sleep.yaml:37:36: RK101 must_include[1].if: unknown field 'if'",
            id="must-include-unknown-key",
        ),
    ],
)
def test_v2_errors_point_at_the_field(mini: Path, old: str, new: str, expected: str) -> None:
    assert old in V2_LINE, old
    write_line(mini, V2_LINE.replace(old, new, 1))
    assert messages(mini) == [expected]


def test_triage_needs_levels(mini: Path) -> None:
    start = V2_LINE.index("  levels:\n")
    end = V2_LINE.index("must_include:")
    write_line(mini, V2_LINE[:start] + V2_LINE[end:])
    assert messages(mini) == [
        "service_lines/sleep.yaml:15:3: RK102 triage: triage needs levels: (a list, most "
        "urgent first), or the v1 fields urgent/routine"
    ]
    write_line(mini, V2_LINE[:start] + "  levels: []\n" + V2_LINE[end:])
    assert messages(mini) == [
        "service_lines/sleep.yaml:17:11: RK102 triage.levels: must not be empty"
    ]


def test_hours_that_open_and_close_at_once_are_an_error(mini: Path) -> None:
    org = mini / "service_lines" / "_organization.yaml"
    org.write_text(org.read_text().replace('closes: "17:00"', 'closes: "08:00"'))
    assert messages(mini)[0] == (
        "service_lines/_organization.yaml:13:9: RK102 locations[0].hours[0]: opens and closes "
        'are both 08:00; for the whole day write opens: "00:00" and closes: "23:59"'
    )


def test_units_name_the_day_count() -> None:
    assert units(30, "calendar") == "30 calendar days"
    assert units(3, "business") == "3 business days"
    assert units(1, "calendar") == "1 calendar day"
    assert units(0, "business") == "the same business day"
    assert units(0, "calendar") == "the same day"
    with pytest.raises(ValueError):
        units(3, "weekdays")


def test_a_v2_file_round_trips_through_the_json_schema(mini: Path) -> None:
    from referkit.source.schema import SERVICE_LINE_SCHEMA, json_schemas

    schema = json.loads(json_schemas()[SERVICE_LINE_SCHEMA])
    data = as_editor_sees(yaml.safe_load(V2_LINE))
    jsonschema.validate(data, schema)  # what the editor accepts ...
    write_line(mini, V2_LINE)
    assert load_line(mini).name == "Sleep medicine"  # ... the loader accepts too
    bad = as_editor_sees(yaml.safe_load(V2_LINE.replace("kind: form", "kind: from")))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    v1 = as_editor_sees(yaml.safe_load((mini / "service_lines" / "cardiology.yaml").read_text()))
    jsonschema.validate(v1, schema)

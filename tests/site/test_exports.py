"""Listings exports: the Business Profile CSV, JSON, and vCard 4.0 files with the pages' NAP."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import vobject
from helpers.project import REPO, build_site, soup
from referkit.source.loader import load_practice

SITE_URL = "https://refer.example.org/"
HOURS = re.compile(r"^$|^\d\d:\d\d-\d\d:\d\d(,\d\d:\d\d-\d\d:\d\d)*$")
WEEK = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def _rows(site: Path) -> list[dict[str, str]]:
    with (site / "exports" / "locations.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _place(site: Path, location_id: str) -> dict:
    [block] = soup(site / "locations" / location_id / "index.html").find_all(
        "script", type="application/ld+json"
    )
    graph = json.loads(block.string)
    return next(n for n in graph["@graph"] if n.get("@id", "").endswith(f"/{location_id}/#place"))


def test_csv_has_the_business_profile_columns_and_hours_format(demo_site: Path) -> None:
    raw = (demo_site / "exports" / "locations.csv").read_bytes()
    assert raw.startswith(
        b"Store code,Business name,Address line 1,Address line 2,Locality,"
        b"Administrative area,Country/Region,Postal code,Latitude,Longitude,Primary phone,"
        b"Additional phones,Website,Primary category,Additional categories,Sunday hours,"
        b"Monday hours,Tuesday hours,Wednesday hours,Thursday hours,Friday hours,"
        b"Saturday hours\r\n"
    )
    rows = {row["Store code"]: row for row in _rows(demo_site)}
    assert list(rows) == ["main-campus", "westside", "northpoint"]
    for row in rows.values():
        for day in WEEK:
            assert HOURS.match(row[f"{day} hours"]), (row["Store code"], day)
    assert rows["westside"]["Friday hours"] == "08:00-12:00"
    assert rows["westside"]["Monday hours"] == "08:00-17:00"
    assert rows["westside"]["Saturday hours"] == ""
    assert rows["northpoint"]["Saturday hours"] == "08:00-12:00"
    assert rows["main-campus"]["Website"] == f"{SITE_URL}locations/main-campus/"
    assert rows["main-campus"]["Latitude"] == "43.0731"


def test_json_export(demo_site: Path) -> None:
    data = json.loads((demo_site / "exports" / "locations.json").read_text())
    assert data["organization"]["name"] == "Lakeside Specialty Partners"
    westside = next(item for item in data["locations"] if item["id"] == "westside")
    assert westside["telephone"] == "+16085550140"
    assert westside["hours"][1] == {"days": ["Fr"], "opens": "08:00", "closes": "12:00"}
    assert westside["languages"] == [
        {"code": "en", "name": "English"},
        {"code": "es", "name": "Spanish"},
    ]
    assert westside["vcard"] == f"{SITE_URL}locations/westside/contact.vcf"


def test_vcards_parse_and_are_folded(demo_site: Path) -> None:
    practice = load_practice(REPO).practice
    for provider in practice.organization.providers:
        raw = (demo_site / "providers" / provider.id / "contact.vcf").read_bytes()
        lines = raw.split(b"\r\n")
        assert lines[-1] == b"" and b"\n" not in b"".join(lines)
        assert all(len(line) <= 75 for line in lines), provider.id
        card = vobject.readOne(raw.decode("utf-8"))
        assert card.version.value == "4.0"
        assert card.fn.value == provider.display_name
        streets = [adr.value.street for adr in card.contents["adr"]]
        assert streets == [practice.location(i).address.street for i in provider.locations]
    page = soup(demo_site / "providers" / "dana-whitfield" / "index.html")
    assert page.find("a", href="contact.vcf") is not None


def test_vcard_escapes_commas_semicolons_and_newlines(mini: Path, tmp_path: Path) -> None:
    path = mini / "service_lines" / "_organization.yaml"
    text = path.read_text()
    text = text.replace("name: Harbor Test Clinic — Harbor Street", 'name: "Harbor; North, East"')
    text = text.replace("street: 1 Harbor Street", 'street: "1 Harbor St; Suite 2, Floor 3"')
    path.write_text(text)
    out = tmp_path / "out"
    assert build_site(mini, out).returncode == 0
    raw = (out / "locations" / "harbor" / "contact.vcf").read_bytes().decode("utf-8")
    unfolded = raw.replace("\r\n ", "")
    assert "FN:Harbor; North\\, East\r\n" in unfolded
    assert ":;;1 Harbor St\\; Suite 2\\, Floor 3;Lakeside;WI;53000;US\r\n" in unfolded
    card = vobject.readOne(raw)
    assert card.fn.value == "Harbor; North, East"
    assert card.adr.value.street == "1 Harbor St; Suite 2, Floor 3"


def test_nap_is_identical_in_the_exports(demo_site: Path) -> None:
    practice = load_practice(REPO).practice
    rows = {row["Store code"]: row for row in _rows(demo_site)}
    data = {
        item["id"]: item
        for item in json.loads((demo_site / "exports/locations.json").read_text())["locations"]
    }
    for location in practice.organization.locations:
        place = _place(demo_site, location.id)
        row, item = rows[location.id], data[location.id]
        card = vobject.readOne((demo_site / "locations" / location.id / "contact.vcf").read_text())
        names = {row["Business name"], item["name"], card.fn.value, place["name"]}
        streets = {row["Address line 1"], item["address"]["street"], card.adr.value.street}
        streets.add(place["address"]["streetAddress"])
        postal = {row["Postal code"], item["address"]["postal_code"], card.adr.value.code}
        postal.add(place["address"]["postalCode"])
        phones = {row["Primary phone"], item["telephone"], place["telephone"]}
        phones.add(card.tel.value.removeprefix("tel:"))
        assert names == {location.name}
        assert streets == {location.address.street}
        assert postal == {location.address.postal_code}
        assert phones == {location.telephone.e164}
        html = soup(demo_site / "locations" / location.id / "index.html")
        # the location page names the place once, in its heading, above the address
        page = " ".join(
            (
                html.select_one("article h1").get_text(" ")
                + html.select_one(".rk-nap").get_text(" ")
            ).split()
        )
        assert location.name in page and location.address.street in page
        assert item["telephone_display"] in page

"""The built demo's /fhir/ folder: on disk as published, valid, and stating the same
NPI, numbers, addresses and hours as the pages, the JSON-LD and locations.csv."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import phonenumbers
from helpers import fhir
from helpers.project import FIXTURES, build_site, copy_project, html_pages, soup
from helpers.schema_vocab import problems

SITE_URL = "https://refer.example.org/"
WEEK = {"Sunday": "sun", "Monday": "mon", "Tuesday": "tue", "Wednesday": "wed"}
WEEK |= {"Thursday": "thu", "Friday": "fri", "Saturday": "sat"}
METHOD_LABELS = {
    "Fax": "fax",
    "Phone": "phone",
    "E-referral portal": "elec",
    "FHIR endpoint": "elec",
    "Direct secure messaging": "semail",
}


def _jsonld_nodes(path: Path) -> list[dict]:
    blocks = soup(path).find_all("script", type="application/ld+json")
    return [node for block in blocks for node in json.loads(block.string)["@graph"]]


def _dl(path: Path) -> dict[str, str]:
    """Every <dt> label on a page's article with its <dd> text, as a reader reads it (a
    span around a time range or a number adds no space before the comma after it)."""
    article = soup(path).select_one("article")
    return {
        dt.get_text(strip=True): re.sub(
            r" ([,.;:])", r"\1", dt.find_next_sibling("dd").get_text(" ", strip=True)
        )
        for dt in article.find_all("dt")
    }


def _e164(display: str) -> str:
    number = phonenumbers.parse(display, "US")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def test_the_directory_is_published_announced_and_kept_out_of_search(demo_site: Path) -> None:
    [link] = soup(demo_site / "index.html").find_all(
        "link", rel="alternate", type="application/fhir+json"
    )
    assert link["href"] == f"{SITE_URL}fhir/bundle.json"
    whole = json.loads((demo_site / "fhir" / "bundle.json").read_text(encoding="utf-8"))
    assert whole["type"] == "collection" and whole["resourceType"] == "Bundle"
    assert fhir.schema_errors(whole, as_type=False) == []
    assert fhir.unresolved_references(whole) == []
    files = fhir.read_files(demo_site)
    assert len(files) == len(whole["entry"]) == 54
    for entry in whole["entry"]:
        resource = entry["resource"]
        key = f"{resource['resourceType']}/{resource['id']}"
        assert entry["fullUrl"] == f"{SITE_URL}fhir/{key}"
        assert files[key] == resource
        assert fhir.schema_errors(resource) == [] and fhir.client_errors(resource) == [], key
    ndjson = sorted((demo_site / "fhir").glob("*.ndjson"))
    assert [p.stem for p in ndjson] == sorted({k.split("/")[0] for k in files})
    for path in ndjson:
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert lines == [
            e["resource"] for e in whole["entry"] if e["resource"]["resourceType"] == path.stem
        ]
        assert lines == [files[f"{path.stem}/{item['id']}"] for item in lines]
    assert "fhir/" not in (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if "fhir" in d["location"]]
    # only the home page announces the Bundle
    others = [p for p in html_pages(demo_site) if p != demo_site / "index.html"]
    assert not [p for p in others if soup(p).find("link", type="application/fhir+json")]


def test_npi_is_the_same_on_the_page_in_jsonld_and_in_fhir(demo_site: Path) -> None:
    files = fhir.read_files(demo_site)
    practitioners = {k.split("/")[1]: r for k, r in files.items() if k.startswith("Practitioner/")}
    assert len(practitioners) == 14
    for provider_id, resource in practitioners.items():
        page = demo_site / "providers" / provider_id / "index.html"
        [identifier] = resource["identifier"]
        assert identifier["system"] == "http://hl7.org/fhir/sid/us-npi"
        assert _dl(page)["NPI"] == identifier["value"]
        [physician] = [n for n in _jsonld_nodes(page) if n["@type"] == "IndividualPhysician"]
        assert physician["usNPI"] == identifier["value"] == physician["identifier"]["value"]
        assert problems(_jsonld_nodes(page)) == []  # schema.org 30.0 knows usNPI on a physician


def test_intake_numbers_and_methods_match_the_service_line_pages(demo_site: Path) -> None:
    files = fhir.read_files(demo_site)
    services = {k.split("/")[1]: r for k, r in files.items() if k.startswith("HealthcareService/")}
    assert len(services) == 7
    for slug, service in services.items():
        page = demo_site / slug / "index.html"
        listed = _dl(page)
        telecom = {t["system"]: t["value"] for t in service.get("telecom", [])}
        assert telecom.get("fax") == (_e164(listed["Fax"]) if "Fax" in listed else None), slug
        calls = [a["href"] for a in soup(page).select("a.rk-action[href^='tel:']")]
        assert f"tel:{telecom['phone']}" == calls[0], slug
        department = next(n for n in _jsonld_nodes(page) if n["@id"].endswith("#department"))
        assert department.get("faxNumber") == telecom.get("fax")
        methods = [c["coding"][0]["code"] for c in service.get("referralMethod", [])]
        on_page = {METHOD_LABELS[label] for label in listed if label in METHOD_LABELS}
        assert methods == [m for m in ("fax", "phone", "elec", "semail") if m in on_page], slug
        hours = listed.get("Hours")
        if "availableTime" in service:
            assert hours == "Mon–Fri 07:30–17:30" and slug == "cardiology"
        else:
            assert service["availabilityExceptions"] == hours, slug


def test_addresses_phones_and_hours_match_locations_csv(demo_site: Path) -> None:
    files = fhir.read_files(demo_site)
    with (demo_site / "exports" / "locations.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 3
    for row in rows:
        location = files[f"Location/{row['Store code']}"]
        assert location["name"] == row["Business name"]
        address = location["address"]
        assert (address["line"], address["city"], address["state"]) == (
            [row["Address line 1"]],
            row["Locality"],
            row["Administrative area"],
        )
        assert (address["postalCode"], address["country"]) == (
            row["Postal code"],
            row["Country/Region"],
        )
        assert location["telecom"][0] == {"system": "phone", "value": row["Primary phone"]}
        position = location["position"]
        assert (str(position["latitude"]), str(position["longitude"])) == (
            row["Latitude"],
            row["Longitude"],
        )
        from_csv = {
            (WEEK[day], *span.split("-"))
            for day in WEEK
            for span in row[f"{day} hours"].split(",")
            if span
        }
        stated = fhir.intervals(location["hoursOfOperation"], "openingTime", "closingTime")
        assert stated == from_csv, row["Store code"]


def test_an_address_reads_as_the_provider_pages_print_it(demo_site: Path) -> None:
    files = fhir.read_files(demo_site)
    locations = {r["name"]: r for k, r in files.items() if k.startswith("Location/")}
    checked = 0
    for page in sorted((demo_site / "providers").glob("*/index.html")):
        for card in soup(page).select("ul.rk-cards li"):
            name = card.a.get_text(strip=True)
            text = " ".join(card.get_text(" ").split())
            assert locations[name]["address"]["text"] in text, (page, text)
            checked += 1
    assert checked >= 20


def test_two_builds_give_byte_identical_directories(tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "v2-category", tmp_path / "project")
    trees = []
    for name in ("first", "second"):
        result = build_site(project, tmp_path / name)
        assert result.returncode == 0, result.stderr
        folder = tmp_path / name / "fhir"
        trees.append(
            {
                p.relative_to(folder): p.read_bytes()
                for p in sorted(folder.rglob("*"))
                if p.is_file()
            }
        )
    assert trees[0] == trees[1] and len(trees[0]) > 5


def test_a_v2_fixture_with_overnight_hours_publishes_a_valid_directory(tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "v2-direct-access", tmp_path / "project")
    _without_pdfs(project)
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    files = fhir.read_files(tmp_path / "site")
    for key, resource in files.items():
        assert fhir.schema_errors(resource) == [] and fhir.client_errors(resource) == [], key
        assert fhir.day_errors(resource) == [], key
    [location] = [r for k, r in files.items() if k.startswith("Location/")]
    assert {"openingTime": "00:00:00", "closingTime": "06:00:00"}.items() <= location[
        "hoursOfOperation"
    ][-1].items()


def _without_pdfs(project: Path) -> None:
    """The fixture renders PDFs for its own tests; the directory needs none."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "pdf: true" in text
    config.write_text(text.replace("pdf: true", "pdf: false", 1), encoding="utf-8")

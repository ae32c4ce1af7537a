"""The FHIR R4 directory, rendered from real projects: valid by two independent checks,
connected, complete, and stating only what the YAML states."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from helpers import fhir
from helpers.project import FIXTURES, REPO, copy_project, edit
from referkit.render.fhir import BUNDLE_URL, bundle, fhir_files, resource_id, resources
from referkit.source.loader import load_practice
from referkit.source.model import DAY_CODES, Practice
from referkit.source.project import load_project_config

PROJECTS = {
    "demo": REPO,
    "mini": FIXTURES / "mini",
    "v2-category": FIXTURES / "v2-category",
    "v2-direct-access": FIXTURES / "v2-direct-access",
    "v2-cancer-pathway": FIXTURES / "v2-cancer-pathway",
    "longvalues": FIXTURES / "longvalues",
    **{name: FIXTURES / name for name in ("v3-provincial-pathway", "v3-two-week-wait")},
    **{name: FIXTURES / name for name in ("v3-pediatric", "v3-safety-net", "v3-physio-priority")},
}


def _load(project: Path) -> tuple[Practice, str]:
    result = load_practice(project)
    assert result.practice is not None, [f.format() for f in result.findings]
    config, _ = load_project_config(project)
    return result.practice, config.site_url


def _directory(project: Path) -> tuple[Practice, list[dict], dict]:
    practice, site_url = _load(project)
    items = resources(practice, site_url)
    return practice, items, bundle(practice, site_url, items)


def _by_id(items: list[dict], resource_type: str) -> dict[str, dict]:
    return {r["id"]: r for r in items if r["resourceType"] == resource_type}


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_every_resource_passes_the_official_schema_and_a_strict_client(name: str) -> None:
    _, items, whole = _directory(PROJECTS[name])
    assert {r["resourceType"] for r in items} >= {"Organization", "Location", "HealthcareService"}
    for resource in items:
        where = f"{resource['resourceType']}/{resource['id']}"
        assert fhir.schema_errors(resource) == [], where
        assert fhir.day_errors(resource) == [], where
        assert fhir.client_errors(resource) == [], where
    assert fhir.schema_errors(whole, as_type=False) == []  # the Bundle, through ResourceList
    assert fhir.client_errors(whole) == []


def test_the_schema_catches_planted_errors() -> None:
    """The same validator fails on an unknown element, a bad day code and a wrong
    telecom system, so a clean result above means something."""
    _, items, whole = _directory(REPO)
    cardiology = _by_id(items, "HealthcareService")["cardiology"]
    location = _by_id(items, "Location")["westside"]
    assert cardiology["availableTime"][0]["daysOfWeek"][0] == "mon"

    unknown = copy.deepcopy(location) | {"openingHours": "Mon–Fri"}
    assert any("'openingHours' was unexpected" in e for e in fhir.schema_errors(unknown))
    assert any("openingHours" in e for e in fhir.client_errors(unknown))

    bad_day = copy.deepcopy(cardiology)
    bad_day["availableTime"][0]["daysOfWeek"][0] = "Mo"
    assert any(e.startswith("availableTime/0/daysOfWeek/0:") for e in fhir.schema_errors(bad_day))
    # R4's schema types Location's days only as `code`; the test adds the value set it
    # gives for the same element of HealthcareService
    bad_location_day = copy.deepcopy(location)
    bad_location_day["hoursOfOperation"][0]["daysOfWeek"][0] = "Mo"
    assert fhir.day_errors(bad_location_day) == ["/hoursOfOperation/0/daysOfWeek: 'Mo'"]

    bad_system = copy.deepcopy(cardiology)
    bad_system["telecom"][0]["system"] = "telephone"
    assert any("'telephone' is not one of" in e for e in fhir.schema_errors(bad_system))
    broken = copy.deepcopy(whole)
    broken["entry"][1]["resource"]["telecom"][0]["system"] = "telephone"
    assert fhir.schema_errors(broken, as_type=False) != []


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_references_resolve_and_counts_match_the_yaml(name: str) -> None:
    practice, items, whole = _directory(PROJECTS[name])
    assert fhir.unresolved_references(whole) == []
    keys = [(r["resourceType"], r["id"]) for r in items]
    assert len(keys) == len(set(keys))
    org = practice.organization
    assert len(_by_id(items, "Organization")) == 1
    assert list(_by_id(items, "Location")) == [resource_id(loc.id) for loc in org.locations]
    assert list(_by_id(items, "HealthcareService")) == [
        resource_id(line.slug) for line in practice.service_lines
    ]
    assert list(_by_id(items, "Practitioner")) == [resource_id(p.id) for p in org.providers]
    roles = _by_id(items, "PractitionerRole").values()
    for provider in org.providers:
        mine = [r for r in roles if r["practitioner"]["reference"].endswith(f"/{provider.id}")]
        assert len(mine) == max(1, len(practice.service_lines_of(provider.id)))


def test_the_demo_cardiology_service_states_the_yaml() -> None:
    practice, items, _ = _directory(REPO)
    line = next(s for s in practice.service_lines if s.slug == "cardiology")
    service = _by_id(items, "HealthcareService")["cardiology"]
    how = line.how_to_refer
    assert service["name"] == "Cardiology" and service["comment"] == line.summary
    assert service["meta"] == {"lastUpdated": "2026-10-01T00:00:00Z"}
    assert service["telecom"] == [
        {"system": "phone", "value": how.phone.e164},
        {"system": "fax", "value": how.fax.e164},
    ]
    assert [c["coding"][0]["code"] for c in service["referralMethod"]] == [
        "fax",
        "phone",
        "elec",
        "semail",
    ]
    assert service["specialty"][1] == {
        "coding": [{"system": "http://nucc.org/provider-taxonomy", "code": "207RC0000X"}]
    }
    assert fhir.intervals(service["availableTime"], "availableStartTime", "availableEndTime") == {
        (d, "07:30", "17:30") for d in ("mon", "tue", "wed", "thu", "fri")
    }
    assert "availabilityExceptions" not in service  # the hours are structured
    endpoints = _by_id(items, "Endpoint")
    assert [e["reference"] for e in service["endpoint"]] == [
        "Endpoint/cardiology.direct",
        "Endpoint/cardiology.portal",
    ]
    direct = endpoints["cardiology.direct"]
    assert direct["connectionType"]["code"] == "direct-project"
    assert direct["address"] == "mailto:cardiology.intake@direct.example.org"
    portal = endpoints["cardiology.portal"]
    assert (portal["connectionType"]["code"], portal["address"]) == ("rest-non-fhir", how.portal)
    details = service["extraDetails"]
    assert "- **Urgent:** Seen within 3 business days." in details
    assert "Physician-to-physician line: (608) 555-0129" in details
    assert "<https://refer.example.org/cardiology/>" in details
    assert "referral-guide.pdf" not in details  # this build publishes no PDFs


def test_referral_methods_and_endpoints_follow_the_routes(mini: Path) -> None:
    """No fax on the route: no fax method and no fax number; a FHIR endpoint is an
    electronic route with its own Endpoint; text hours become availabilityExceptions."""
    edit(mini, "service_lines/cardiology.yaml", '  fax: "+1 608-555-0121"\n', "")
    edit(
        mini,
        "service_lines/cardiology.yaml",
        "  portal: https://clinic.example.org/e-referral\n",
        "",
    )
    edit(
        mini,
        "service_lines/cardiology.yaml",
        "  direct: intake@direct.example.org\n",
        "  fhir_endpoint: https://fhir.clinic.example.org/r4\n",
    )
    _, items, whole = _directory(mini)
    service = _by_id(items, "HealthcareService")["cardiology"]
    assert [c["coding"][0]["code"] for c in service["referralMethod"]] == ["phone", "elec"]
    assert [t["system"] for t in service["telecom"]] == ["phone"]
    assert service["availabilityExceptions"] == "Mon–Fri 8:00–17:00"
    assert "availableTime" not in service
    [endpoint] = _by_id(items, "Endpoint").values()
    assert endpoint["id"] == "cardiology.fhir"
    assert endpoint["connectionType"]["code"] == "hl7-fhir-rest"
    assert endpoint["address"] == "https://fhir.clinic.example.org/r4"
    assert fhir.schema_errors(endpoint) == [] and fhir.unresolved_references(whole) == []


def test_a_v3_service_keeps_its_other_routes(tmp_path: Path) -> None:
    """Contract v3: telecom, hours and the main Endpoint are the main route's; another
    route's name, when, numbers, structured hours and notes are in extraDetails, and its
    Direct address and FHIR endpoint are Endpoints of their own."""
    project = copy_project(FIXTURES / "v3-provincial-pathway", tmp_path / "project")
    edit(
        project,
        "service_lines/digestive-health.yaml",
        "    notes: Use that specialist's existing contact details.\n",
        "    notes: Use that specialist's existing contact details.\n"
        "    direct: gi@direct.riverside.example.org\n"
        "    fhir_endpoint: https://fhir.riverside.example.org/r4\n",
    )
    edit(
        project,
        "service_lines/digestive-health.yaml",
        "    hours: Mon–Fri 9:00–15:00\n",
        '    hours: [{days: [Mo, Tu, We, Th, Fr], opens: "09:00", closes: "15:00"}]\n',
    )
    _, items, whole = _directory(project)
    assert fhir.unresolved_references(whole) == [] and fhir.client_errors(whole) == []
    service = _by_id(items, "HealthcareService")["digestive-health"]
    assert fhir.schema_errors(service) == [] and fhir.client_errors(service) == []
    assert [(t["system"], t["value"]) for t in service["telecom"]] == [
        ("phone", "+14035550102"),
        ("fax", "+14035550101"),
    ]
    assert service["availabilityExceptions"] == "Mon–Fri 8:00–16:30"
    details = service["extraDetails"]
    assert "Main route: **Central Access and Triage**: All referrals except those below\\\n" in (
        details
    )
    assert (
        "Other routes:\n\n"
        "- **Riverside General Hospital specialists**: Patients already under a Riverside "
        "General gastroenterologist\n"
        "  - Direct secure messaging: gi@direct.riverside.example.org\n"
        "  - FHIR endpoint: <https://fhir.riverside.example.org/r4>\n"
        "  - Use that specialist's existing contact details.\n"
        "- **Named physicians' offices**: Patients of Dr Anna Novak or Dr Peter Mensah\n"
        "  - Contact their offices directly; their numbers are under Contacts.\n"
        "- **Hepatology nurse line**: Questions about a known liver patient, not new "
        "referrals\n"
        "  - Phone: (403) 555-0105\n"
        "  - Hours: Mon–Fri 09:00–15:00\n"
    ) in details
    endpoints = _by_id(items, "Endpoint")
    assert {i: e["address"] for i, e in endpoints.items()} == {
        "digestive-health.portal": "https://foothills.example.org/refer/digestive-health",
        "digestive-health.2.direct": "mailto:gi@direct.riverside.example.org",
        "digestive-health.2.fhir": "https://fhir.riverside.example.org/r4",
    }
    assert [r["reference"] for r in service["endpoint"]] == [f"Endpoint/{i}" for i in endpoints]
    assert [c["coding"][0]["code"] for c in service["referralMethod"]] == [
        "fax",
        "phone",
        "elec",
        "semail",
    ]
    for endpoint in endpoints.values():
        assert fhir.schema_errors(endpoint) == [] and fhir.client_errors(endpoint) == []


def test_overnight_hours_are_split_at_midnight_and_mean_the_same() -> None:
    practice, items, _ = _directory(FIXTURES / "v2-direct-access")
    location = practice.organization.locations[0]
    hours = _by_id(items, "Location")[location.id]["hoursOfOperation"]
    assert {
        "daysOfWeek": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "openingTime": "22:00:00",
        "closingTime": "23:59:59",
    } in hours
    assert {
        "daysOfWeek": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "openingTime": "00:00:00",
        "closingTime": "06:00:00",
    } in hours
    fhir_days = dict(zip(DAY_CODES, fhir.DAYS, strict=True))
    expected = {
        (fhir_days[day], block.opens, block.closes)
        for block in location.hours
        for day in block.days
    }
    assert fhir.intervals(hours, "openingTime", "closingTime") == expected


def test_only_what_the_yaml_states(mini: Path) -> None:
    """A provider without NPI, new-patient status, languages or certifications and a
    service line without eligibility, scheduling promise or locations' languages: the
    resources leave those elements out instead of filling them."""
    for old in (
        '    npi: "1234567893"\n',
        "    accepting_new_patients: true\n",
        "    board_certifications: [Cardiovascular Disease]\n",
    ):
        edit(mini, "service_lines/_organization.yaml", old, "")
    _, items, _ = _directory(mini)
    [person] = _by_id(items, "Practitioner").values()
    assert set(person) == {"resourceType", "id", "meta", "active", "name"}
    assert person["name"] == [{"text": "Ada Stone", "suffix": ["MD"]}]
    [role] = _by_id(items, "PractitionerRole").values()
    assert "extension" not in role
    service = _by_id(items, "HealthcareService")["cardiology"]
    for absent in ("eligibility", "communication", "appointmentRequired", "availableTime"):
        assert absent not in service
    assert all("profile" not in r.get("meta", {}) for r in items)


def test_new_patients_and_eligibility_as_written() -> None:
    practice, items, _ = _directory(REPO)
    roles = _by_id(items, "PractitionerRole")
    accepting = roles["dana-whitfield.cardiology"]["extension"][0]["extension"][0]
    assert accepting["valueCodeableConcept"]["coding"][0]["code"] == "newpt"
    closed = roles["priya-raman.cardiology"]["extension"][0]["extension"][0]
    assert closed["valueCodeableConcept"]["text"] == "Not accepting new patients"
    # the role is at the locations the provider and the service line share
    assert [ref["reference"] for ref in roles["priya-raman.cardiology"]["location"]] == [
        "Location/main-campus"
    ]
    _, v2_items, _ = _directory(FIXTURES / "v2-direct-access")
    [service] = _by_id(v2_items, "HealthcareService").values()
    assert service["eligibility"] == [
        {"code": {"text": "Ages"}, "comment": "Patients 18 years and over"},
        {"code": {"text": "Who may refer"}, "comment": "General practitioners"},
    ]
    assert "appointmentRequired" not in service  # it states no scheduling promise


def test_long_ids_stay_valid_unique_and_stable() -> None:
    long_slug = "a-" * 40 + "service"
    first, second = resource_id("provider", long_slug), resource_id("provider", long_slug + "s")
    assert len(first) <= 64 and first != second
    assert first == resource_id("provider", long_slug)
    assert fhir.schema_errors({"resourceType": "Location", "id": first}) == []


def test_files_ndjson_and_bundle_hold_the_same_resources() -> None:
    practice, site_url = _load(REPO)
    files = fhir_files(practice, site_url, frozenset({"cardiology/referral-guide.pdf"}))
    assert files == fhir_files(practice, site_url, frozenset({"cardiology/referral-guide.pdf"}))
    whole = json.loads(files[BUNDLE_URL])
    per_file = {path: json.loads(data) for path, data in files.items() if path.count("/") == 2}
    assert [e["resource"] for e in whole["entry"]] == list(per_file.values())
    for resource_type in {r["resourceType"] for r in per_file.values()}:
        lines = files[f"fhir/{resource_type}.ndjson"].decode("utf-8").splitlines()
        assert [json.loads(line) for line in lines] == [
            r for r in per_file.values() if r["resourceType"] == resource_type
        ]
    cardiology = json.loads(files["fhir/HealthcareService/cardiology.json"])
    assert "<https://refer.example.org/cardiology/referral-guide.pdf>" in cardiology["extraDetails"]
    # the Bundle is written from each entry's own text: byte-for-byte the indented encoder's
    items = resources(practice, site_url, frozenset({"cardiology/referral-guide.pdf"}))
    encoded = json.dumps(bundle(practice, site_url, items), ensure_ascii=False, indent=2) + "\n"
    assert files[BUNDLE_URL] == encoded.encode("utf-8")


def test_markdown_from_yaml_cannot_become_markup(mini: Path) -> None:
    edit(
        mini,
        "service_lines/cardiology.yaml",
        "    action: Send to the emergency department or call 911.",
        '    action: "Send <b>now</b> to the *ED* [here](https://x.example.org) & call 911."',
    )
    _, items, _ = _directory(mini)
    details = _by_id(items, "HealthcareService")["cardiology"]["extraDetails"]
    assert (
        r"Send \<b\>now\</b\> to the \*ED\* \[here\](https://x.example.org) \& call 911." in details
    )

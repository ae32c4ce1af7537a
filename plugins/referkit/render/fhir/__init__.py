"""The practice as a FHIR R4 (4.0.1) directory: the files under ``/fhir/``.

One JSON file per resource at ``fhir/<Type>/<id>.json``, a ``collection`` Bundle
holding them all at ``fhir/bundle.json``, and bulk-data style NDJSON per type at
``fhir/<Type>.ndjson``. Shaped after Da Vinci Plan-Net, without claiming a profile.

Pure: model in, bytes out; only ``generate.py`` writes the files.
"""

from __future__ import annotations

import json

from ... import urls
from ...source.model import Practice
from .common import Directory, meta, resource_id
from .people import location, organization, practitioner, practitioner_roles
from .services import endpoints, healthcare_service

FHIR_DIR = "fhir/"
BUNDLE_URL = f"{FHIR_DIR}bundle.json"
BUNDLE_ID = "directory"
MEDIA_TYPE = "application/fhir+json"
RESOURCE_TYPES = (
    "Organization",
    "Location",
    "HealthcareService",
    "Endpoint",
    "Practitioner",
    "PractitionerRole",
)

__all__ = [
    "BUNDLE_URL",
    "FHIR_DIR",
    "MEDIA_TYPE",
    "RESOURCE_TYPES",
    "bundle",
    "fhir_files",
    "full_url",
    "resource_id",
    "resource_path",
    "resources",
]


def resources(
    practice: Practice, site_url: str, documents: frozenset[str] = frozenset()
) -> list[dict]:
    """Every resource, grouped by type in :data:`RESOURCE_TYPES` order, each group in the
    YAML's order; ``documents`` are the site-relative paths of the PDFs being published."""
    directory = Directory(practice, site_url, documents)
    org = practice.organization
    services, points = [], []
    for line in practice.service_lines:
        line_endpoints = endpoints(directory, line)
        points += line_endpoints
        services.append(healthcare_service(directory, line, [e["id"] for e in line_endpoints]))
    return [
        organization(directory),
        *(location(directory, place) for place in org.locations),
        *services,
        *points,
        *(practitioner(directory, person) for person in org.providers),
        *(role for person in org.providers for role in practitioner_roles(directory, person)),
    ]


def full_url(site_url: str, resource: dict) -> str:
    """The resource's identity: ``<site>/fhir/<Type>/<id>``, the base every relative
    reference in the Bundle resolves against (the file adds ``.json``)."""
    return urls.absolute(site_url, f"{FHIR_DIR}{resource['resourceType']}/{resource['id']}")


def bundle(practice: Practice, site_url: str, items: list[dict]) -> dict:
    directory = Directory(practice, site_url)
    return {
        "resourceType": "Bundle",
        "id": BUNDLE_ID,
        **meta(directory.newest_review()),
        "type": "collection",
        "entry": [{"fullUrl": full_url(site_url, item), "resource": item} for item in items],
    }


def resource_path(resource: dict) -> str:
    return f"{FHIR_DIR}{resource['resourceType']}/{resource['id']}.json"


def fhir_files(
    practice: Practice, site_url: str, documents: frozenset[str] = frozenset()
) -> dict[str, bytes]:
    """Every file of the directory, by site-relative path."""
    items = resources(practice, site_url, documents)
    files = {resource_path(item): _pretty(item) for item in items}
    files[BUNDLE_URL] = _pretty(bundle(practice, site_url, items))
    for resource_type in RESOURCE_TYPES:
        lines = [_compact(item) for item in items if item["resourceType"] == resource_type]
        if lines:
            files[f"{FHIR_DIR}{resource_type}.ndjson"] = b"".join(lines)
    return files


def _pretty(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _compact(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

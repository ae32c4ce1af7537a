"""The practice as a FHIR R4 (4.0.1) directory: the files under ``/fhir/``.

One JSON file per resource at ``fhir/<Type>/<id>.json``, a ``collection`` Bundle
holding them all at ``fhir/bundle.json``, and bulk-data style NDJSON per type at
``fhir/<Type>.ndjson``. Shaped after Da Vinci Plan-Net, without claiming a profile.

Pure: model in, bytes out; only ``generate.py`` writes the files.
"""

from __future__ import annotations

import json
import re
from functools import partial
from typing import NamedTuple

from ... import urls
from ...source.model import Practice, ServiceLine
from ..memo import NO_MEMO, ModelDigests, RenderMemo, digest
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
    return [item.resource for item in _items(practice, site_url, documents, NO_MEMO, None)]


class _Item(NamedTuple):
    """A resource with its two serialisations, made once."""

    resource: dict
    pretty: bytes
    compact: bytes


def _made(resource: dict) -> _Item:
    return _Item(resource, _pretty(resource), _compact(resource))


def _items(
    practice: Practice,
    site_url: str,
    documents: frozenset[str],
    memo: RenderMemo,
    digests: ModelDigests | None,
) -> list[_Item]:
    """:func:`resources`, each group made (or, while ``serve`` runs, reused from ``memo``)
    from what it reads: the organization, and a location's, service line's or
    provider's own service lines (see :mod:`..memo`)."""
    directory = Directory(practice, site_url, documents)
    org = practice.organization

    def key(*parts: str) -> str:
        return digest(digests.base, *parts) if digests is not None else ""

    def line_items(line: ServiceLine) -> tuple[list[_Item], _Item]:
        line_endpoints = endpoints(directory, line)
        ids = [e["id"] for e in line_endpoints]
        return [_made(e) for e in line_endpoints], _made(healthcare_service(directory, line, ids))

    services, points = [], []
    for line in practice.service_lines:
        printed = [
            url in documents for url in (urls.guide_url(line.slug), urls.form_url(line.slug))
        ]
        line_key = key(digests.lines[line.slug] if digests else "", str(printed))
        made_points, service = memo.get(
            f"fhir:line:{line.slug}", line_key, partial(line_items, line)
        )
        points += made_points
        services.append(service)
    items = [memo.get("fhir:organization", key(), lambda: _made(organization(directory)))]
    for place in org.locations:
        lines = practice.service_lines_at(place.id)
        place_key = key(digests.of(lines) if digests else "")
        items.append(
            memo.get(f"fhir:location:{place.id}", place_key, partial(_location, directory, place))
        )
    items += services + points
    people = []
    for person in org.providers:
        lines = practice.service_lines_of(person.id)
        person_key = key(digests.of(lines) if digests else "")
        people.append(
            memo.get(f"fhir:provider:{person.id}", person_key, partial(_person, directory, person))
        )
    items += [made[0] for made in people]
    items += [role for made in people for role in made[1]]
    return items


def _location(directory: Directory, place) -> _Item:
    return _made(location(directory, place))


def _person(directory: Directory, person) -> tuple[_Item, list[_Item]]:
    roles = [_made(role) for role in practitioner_roles(directory, person)]
    return _made(practitioner(directory, person)), roles


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
    practice: Practice,
    site_url: str,
    documents: frozenset[str] = frozenset(),
    *,
    memo: RenderMemo | None = None,
    digests: ModelDigests | None = None,
) -> dict[str, bytes]:
    """Every file of the directory, by site-relative path. ``serve`` passes a ``memo``
    and the model's ``digests`` (generate.py): resources whose inputs did not change
    since the last rebuild are not made again."""
    if memo is None or digests is None:
        memo, digests = NO_MEMO, None
    items = _items(practice, site_url, documents, memo, digests)
    files = {resource_path(item.resource): item.pretty for item in items}
    files[BUNDLE_URL] = _bundle_text(bundle(practice, site_url, []), site_url, items)
    for resource_type in RESOURCE_TYPES:
        lines = [item.compact for item in items if item.resource["resourceType"] == resource_type]
        if lines:
            files[f"{FHIR_DIR}{resource_type}.ndjson"] = b"".join(lines)
    return files


_SLOT = re.compile(r'"\\u0000(\d+)"')
_RESOURCE_INDENT = b"\n      "  # a Bundle entry's resource sits three levels deep


def _bundle_text(head: dict, site_url: str, items: list[_Item]) -> bytes:
    """``_pretty(bundle(...))`` with every resource's text taken from ``items`` instead
    of being encoded again (the indented encoder is pure Python: the Bundle of a large
    practice alone cost a second): each resource stands in as a numbered slot, then
    each slot is replaced by the resource's own text, indented to its depth."""
    head["entry"] = [
        {"fullUrl": full_url(site_url, item.resource), "resource": f"\0{number}"}
        for number, item in enumerate(items)
    ]
    text = _pretty(head).decode("utf-8")

    def resource(match: re.Match[str]) -> str:
        body = items[int(match.group(1))].pretty.rstrip(b"\n")
        return body.replace(b"\n", _RESOURCE_INDENT).decode("utf-8")

    return _SLOT.sub(resource, text).encode("utf-8")


def _pretty(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _compact(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

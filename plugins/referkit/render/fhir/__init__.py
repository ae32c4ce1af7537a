"""The practice as a FHIR R4 (4.0.1) directory: the files under ``/fhir/``.

One JSON file per resource at ``fhir/<Type>/<id>.json``, a ``collection`` Bundle
holding them all at ``fhir/bundle.json``, and bulk-data style NDJSON per type at
``fhir/<Type>.ndjson``. Shaped after Da Vinci Plan-Net, without claiming a profile.

Pure: model in, bytes out; only ``generate.py`` writes the files.
"""

from __future__ import annotations

import json
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
    """A resource with its serialisations, made once: its file, its NDJSON line and
    its entry in the Bundle."""

    resource: dict
    pretty: bytes
    compact: bytes
    entry: bytes


def _made(directory: Directory, resource: dict) -> _Item:
    pretty = _pretty(resource)
    url = json.dumps(full_url(directory.site_url, resource), ensure_ascii=False)
    # exactly as the indented encoder writes it three levels deep in the Bundle
    body = pretty.rstrip(b"\n").replace(b"\n", b"\n      ")
    entry = b'    {\n      "fullUrl": ' + url.encode("utf-8") + b',\n      "resource": '
    return _Item(resource, pretty, _compact(resource), entry + body + b"\n    }")


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
        service = _made(directory, healthcare_service(directory, line, ids))
        return [_made(directory, e) for e in line_endpoints], service

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
    items = [
        memo.get("fhir:organization", key(), lambda: _made(directory, organization(directory)))
    ]
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
    return _made(directory, location(directory, place))


def _person(directory: Directory, person) -> tuple[_Item, list[_Item]]:
    roles = [_made(directory, role) for role in practitioner_roles(directory, person)]
    return _made(directory, practitioner(directory, person)), roles


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
    head = bundle(practice, site_url, [])
    del head["entry"]  # last: each item brings its own
    files[BUNDLE_URL] = _bundle_text(head, items)
    for resource_type in RESOURCE_TYPES:
        lines = [item.compact for item in items if item.resource["resourceType"] == resource_type]
        if lines:
            files[f"{FHIR_DIR}{resource_type}.ndjson"] = b"".join(lines)
    return files


def _bundle_text(head: dict, items: list[_Item]) -> bytes:
    """``_pretty`` of the Bundle ``head`` with every item as an entry, from the entries'
    own texts (the indented encoder is pure Python: encoding the Bundle of a large
    practice again cost a second of every build and of every preview rebuild)."""
    text = _pretty(head)
    assert text.endswith(b"\n}\n") and "entry" not in head
    entries = b",\n".join(item.entry for item in items)
    entry = b'"entry": [\n' + entries + b"\n  ]" if items else b'"entry": []'
    return text[: -len(b"\n}\n")] + b",\n  " + entry + b"\n}\n"


def _pretty(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _compact(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

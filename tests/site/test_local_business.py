"""Google's LocalBusiness rules on top of schema.org validity: name and address on every
LocalBusiness-family node (departments, physicians, places), one address per location."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.project import html_pages, soup
from helpers.schema_vocab import ancestors, problems

ADDRESS_PARTS = ("streetAddress", "addressLocality", "addressRegion", "postalCode")


def _graphs(site: Path) -> dict[str, list[dict]]:
    return {
        str(path.relative_to(site)): json.loads(script.string)["@graph"]
        for path in html_pages(site)
        for script in soup(path).find_all("script", type="application/ld+json")
    }


def _local_businesses(graph: list[dict]) -> list[dict]:
    def types(node: dict) -> list[str]:
        value = node.get("@type", [])
        return value if isinstance(value, list) else [value]

    return [node for node in graph if any("LocalBusiness" in ancestors(t) for t in types(node))]


@pytest.mark.parametrize("site_fixture", ["demo_site", "long_site"])
def test_every_local_business_node_has_name_address_and_phone(
    site_fixture: str, request: pytest.FixtureRequest
) -> None:
    site = request.getfixturevalue(site_fixture)
    missing, seen_types = [], set()
    for page, graph in _graphs(site).items():
        assert problems({"@context": "https://schema.org", "@graph": graph}) == [], page
        for node in _local_businesses(graph):
            seen_types.add(node["@type"])
            address = node.get("address") or {}
            if not node.get("name") or address.get("@type") != "PostalAddress":
                missing.append((page, node["@id"], "name/address"))
            elif any(not address.get(part) for part in ADDRESS_PARTS):
                missing.append((page, node["@id"], "address parts"))
            if not node.get("telephone"):
                missing.append((page, node["@id"], "telephone"))
    assert missing == []
    assert {"MedicalClinic", "IndividualPhysician"} <= seen_types


def test_one_address_per_place_across_the_graph(long_site: Path) -> None:
    """A department's or physician's address is exactly its location's (NAP), and every
    @id stands for one node content wherever it appears."""
    by_id: dict[str, str] = {}
    places: dict[str, dict] = {}
    nodes = []
    for graph in _graphs(long_site).values():
        for node in graph:
            text = json.dumps(node, sort_keys=True)
            assert by_id.setdefault(node["@id"], text) == text, node["@id"]
            if node["@id"].endswith("#place"):
                places[node["@id"]] = node["address"]
            nodes.append(node)
    checked = 0
    for node in nodes:
        if node["@id"].endswith("#department"):
            first = node["location"][0]["@id"]
        elif node["@id"].endswith("#physician"):
            first = node["practicesAt"][0]["@id"]
        else:
            continue
        assert node["address"] == places[first], node["@id"]
        checked += 1
    assert checked >= 4

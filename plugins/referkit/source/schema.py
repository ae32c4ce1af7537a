"""JSON Schemas of the YAML contract, for editor autocomplete and validation as you type.

Editors with a YAML language server read a first-line comment such as
``# yaml-language-server: $schema=_schema/service-line.schema.json`` and then offer
field names, enumerations (e.g. every schema.org MedicalSpecialty) and descriptions.
The schemas come from the same pydantic models the loader validates with.
"""

from __future__ import annotations

import json

from .model import Organization, ServiceLine

SCHEMA_DIR = "_schema"
SERVICE_LINE_SCHEMA = "service-line.schema.json"
ORGANIZATION_SCHEMA = "organization.schema.json"


def json_schemas() -> dict[str, str]:
    """File name -> schema text (sorted keys, so the files are stable)."""
    line = ServiceLine.model_json_schema()
    line["properties"].pop("slug", None)  # the slug is the file name, not a field
    line["required"] = [name for name in line.get("required", []) if name != "slug"]
    line["title"] = "ReferKit service line (contract v3)"
    organization = Organization.model_json_schema()
    organization["title"] = "ReferKit organization (contract v3)"
    return {
        SERVICE_LINE_SCHEMA: json.dumps(line, indent=2, sort_keys=True) + "\n",
        ORGANIZATION_SCHEMA: json.dumps(organization, indent=2, sort_keys=True) + "\n",
    }

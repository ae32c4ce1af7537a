"""The README's option table and YAML reference are generated from the one declaration
of each option (referkit/config.py) and field (referkit/source/model/); these tests
fail when the README drifts from them, or when a field has no description."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers.project import REPO
from pydantic import BaseModel
from referkit.config import Brand, Options
from referkit.source.model.fields import _Model
from referkit.source.reference import README_TABLES, TABLED, between, yaml_table

README = REPO / "README.md"


@pytest.mark.parametrize("name", sorted(README_TABLES))
def test_a_readme_table_matches_its_declaration(name: str) -> None:
    readme = README.read_text(encoding="utf-8")
    assert between(readme, name) == README_TABLES[name](), "run: python scripts/reference.py"


def test_the_one_command_finds_nothing_stale() -> None:
    """README tables, the rule table and the committed JSON Schemas in one check."""
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "reference.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("model", [Options, Brand, *TABLED], ids=lambda m: m.__name__)
def test_every_documented_field_has_a_description(model: type[BaseModel]) -> None:
    missing = [name for name, field in model.model_fields.items() if not field.description]
    assert missing in ([], ["slug"]), f"{model.__name__}: write a docstring under {missing}"


def test_a_field_and_its_docstring_are_its_row() -> None:
    """What the v3 contract relies on: one field plus one docstring line is one row."""

    class Example(_Model):
        fax: str | None = None
        """The referral fax."""
        days: int = 3
        """Days to wait."""

    assert yaml_table(Example).splitlines()[2:] == [
        "| `fax` | no | The referral fax. |",
        "| `days` | no, default `3` | Days to wait. |",
    ]
    assert Example.model_json_schema()["properties"]["fax"]["description"] == "The referral fax."

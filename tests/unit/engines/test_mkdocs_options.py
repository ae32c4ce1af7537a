"""MkDocs' config schema for the plugin is derived from referkit.config.Options, the one
place an option and its default are written."""

from __future__ import annotations

import pytest
from referkit.config import Options
from referkit.engines.mkdocs_plugin import ReferKitConfig


def _validated(raw: dict) -> tuple[dict, list]:
    config = ReferKitConfig()
    config.load_dict(raw)
    failed, _warnings = config.validate()
    return dict(config), failed


def test_every_option_is_in_mkdocs_schema_with_the_same_default() -> None:
    assert [name for name, _ in ReferKitConfig._schema] == list(Options.model_fields)
    values, failed = _validated({})
    assert failed == []
    assert Options.model_validate(values) == Options()
    assert values["compliance_phrases"] == [] and values["brand"] == {}


def test_set_options_pass_through_mkdocs_unchanged() -> None:
    raw = {
        "page_size": "a4",
        "pdf": False,
        "max_review_age_days": 200,
        "compliance_allow": ["leading"],
        "changes_since": "v1.0",
        "brand": {"primary": "#0b5394"},
    }
    values, failed = _validated(raw)
    assert failed == []
    options = Options.model_validate(values)
    assert (options.page_size, options.pdf, options.max_review_age_days) == ("a4", False, 200)
    assert options.compliance_allow == ("leading",) and options.changes_since == "v1.0"
    assert options.brand.primary == "#0b5394"


@pytest.mark.parametrize(
    "raw",
    [{"page_size": "a5"}, {"pdf": "yes"}, {"compliance_phrases": "cure"}, {"brand": "blue"}],
)
def test_mkdocs_refuses_what_options_refuses(raw: dict) -> None:
    _, failed = _validated(raw)
    assert [name for name, _ in failed] == list(raw)

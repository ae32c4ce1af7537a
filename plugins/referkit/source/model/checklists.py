"""What a referral states and sends: ``must_include`` (plain, or headed groups since
contract v3) and ``required_records``."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, StrictBool, model_validator
from pydantic_core import PydanticCustomError

from .fields import Line, Text, _Model
from .triage import _text_as


class MustIncludeEntry(_Model):
    """One thing the referral itself must state (not an attachment)."""

    item: Text
    when: Text | None = None


MustIncludeEntryItem = Annotated[
    MustIncludeEntry,
    BeforeValidator(_text_as("item"), json_schema_input_type=str | MustIncludeEntry),
]


class MustInclude(_Model):
    """A ``must_include`` entry: text, ``{item, when}``, or (contract v3) a headed group
    ``{group, items}`` as a source groups its mandatory items."""

    item: Text | None = None
    when: Text | None = None
    group: Line | None = None
    """A group's heading (contract v3)."""
    items: tuple[MustIncludeEntryItem, ...] = ()
    """The group's items: text, or `{item, when}` (contract v3)."""

    @model_validator(mode="after")
    def _item_or_group(self) -> MustInclude:
        if self.group is None and self.item is None:
            raise PydanticCustomError(
                "must_include_shape",
                "expected item: (one thing to state) or group: with items: (a headed group)",
            )
        if self.group is not None and (self.item is not None or self.when is not None):
            raise PydanticCustomError(
                "must_include_shape",
                "a group holds items: write each as an entry under items:, not item: or when:",
            )
        if self.group is not None and not self.items:
            raise PydanticCustomError(
                "must_include_shape",
                "group {group} has no items; list them under items:",
                {"group": repr(self.group)},
            )
        if self.group is None and self.items:
            raise PydanticCustomError(
                "must_include_shape", "items: belong to a group; add group: (its heading)"
            )
        return self

    @property
    def entries(self) -> tuple[MustIncludeEntry, ...]:
        """The things to state: the group's items, or this entry itself."""
        if self.group is not None:
            return self.items
        return (MustIncludeEntry(item=self.item, when=self.when),)  # type: ignore[arg-type]


MustIncludeItem = Annotated[
    MustInclude, BeforeValidator(_text_as("item"), json_schema_input_type=str | MustInclude)
]


class RequiredRecord(_Model):
    item: Text
    required: StrictBool = True
    """`false` shows "if available" on the page"""
    when: Text | None = None
    """when the record applies"""

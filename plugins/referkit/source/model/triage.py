"""Urgency levels and criteria: contract v2's ``triage.levels`` and v1's three keys.

A v1 file's ``emergent``/``urgent``/``routine`` become the same :class:`Level`
objects (labels "Emergent", "Urgent", "Routine"; business days), so no renderer
needs to know which version a file was written in.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictBool,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .fields import (
    Days,
    DayUnit,
    Line,
    TargetDays,
    Text,
    _Model,
    one_line,
)

GROUP_KINDS = ("any_of", "all_of", "none_of")
GROUP_LEAD_INS = {"any_of": "Any of:", "all_of": "All of:", "none_of": "None of:"}


def _text_as(key: str) -> Any:
    """A before-validator: a bare string item means ``{key: string}``."""

    def convert(value: object) -> object:
        return {key: value} if isinstance(value, str) else value

    return convert


FlagText = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(one_line)]


class Criterion(_Model):
    """One criterion: text, or text (optional) leading into a nested group of criteria.

    ``flag`` (contract v3) is a short mark printed beside the criterion, as a source
    writes "(urgent)" after some of its items; it is never turned into a level.
    """

    text: Text | None = None
    """The criterion as published."""
    flag: FlagText | None = None
    """A short mark printed beside this criterion, e.g. `Urgent` (contract v3)."""
    any_of: tuple[CriterionItem, ...] = ()
    all_of: tuple[CriterionItem, ...] = ()
    none_of: tuple[CriterionItem, ...] = ()

    @model_validator(mode="after")
    def _one_group(self) -> Criterion:
        groups = [kind for kind in GROUP_KINDS if getattr(self, kind)]
        if len(groups) > 1:
            raise PydanticCustomError(
                "criterion_groups",
                "a criterion holds one group, got {groups}; nest one group inside another",
                {"groups": " and ".join(groups)},
            )
        if self.text is None and not groups:
            raise PydanticCustomError(
                "criterion_empty",
                "a criterion needs text or one of any_of, all_of, none_of",
            )
        return self

    @property
    def group_kind(self) -> str | None:
        """``"any_of"``, ``"all_of"`` or ``"none_of"`` for the non-empty group, else None."""
        return next((kind for kind in GROUP_KINDS if getattr(self, kind)), None)

    @property
    def group(self) -> tuple[Criterion, ...]:
        kind = self.group_kind
        return getattr(self, kind) if kind else ()

    @property
    def group_lead_in(self) -> str | None:
        """The heading a group without text gets ("Any of:" …); None when text leads in."""
        kind = self.group_kind
        return GROUP_LEAD_INS[kind] if kind and self.text is None else None

    def texts(self) -> tuple[str, ...]:
        """Every text in this criterion and its nested groups, depth first."""
        own = (self.text,) if self.text else ()
        return own + tuple(t for child in self.group for t in child.texts())

    def flags(self) -> tuple[str, ...]:
        """Every flag in this criterion and its nested groups, depth first."""
        own = (self.flag,) if self.flag else ()
        return own + tuple(f for child in self.group for f in child.flags())


CriterionItem = Annotated[
    Criterion, BeforeValidator(_text_as("text"), json_schema_input_type=str | Criterion)
]
Criterion.model_rebuild()


class _WithCriteria:
    """Readers of ``criteria`` shared by a level and a clinic (not a field here: the
    models declare it, in their own order)."""

    def criteria_texts(self) -> tuple[str, ...]:
        return tuple(t for c in self.criteria for t in c.texts())

    def criteria_flags(self) -> tuple[str, ...]:
        return tuple(f for c in self.criteria for f in c.flags())


class Level(_WithCriteria, _Model):
    """One urgency level, as the practice names it (most urgent first in ``levels``)."""

    label: Line
    """The level's name as published, e.g. Category 1."""
    emergency: StrictBool = False
    """Act now instead of referring: needs `action`, has no `seen_within`."""
    action: Text | None = None
    """What to do instead of referring (emergency levels)."""
    seen_within: TargetDays | None = None
    """The target, in the unit of `triage.days`; leave it out when none is published."""
    target_phrase: Text | None = None
    """What the target counts, as published (contract v3): printed "<phrase> within N
    days" instead of "Seen within N days", e.g. `Intervention (face to face or by
    telephone) provided`. Needs `seen_within`."""
    route: Text | None = None
    """How to refer at this level, when it differs."""
    criteria: tuple[CriterionItem, ...] = ()
    """Text, or `{text, flag, any_of | all_of | none_of: [...]}`, nested."""

    @field_validator("target_phrase")
    @classmethod
    def _phrase_needs_target(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _check_target_phrase(value, info)

    @property
    def key(self) -> str:
        """A slug of the label for ids, CSS classes and form field names."""
        return re.sub(r"[^a-z0-9]+", "-", self.label.lower()).strip("-") or "level"


def _check_target_phrase(value: str | None, info: ValidationInfo) -> str | None:
    """A target phrase says what a target counts: it needs the target (seen_within,
    validated before it; a wrong seen_within is reported on its own)."""
    if value is not None and info.data.get("seen_within") is None and "seen_within" in info.data:
        raise PydanticCustomError(
            "target_phrase",
            "target_phrase says what the target counts, but there is no seen_within",
            {"hint": "add seen_within: (the number of days), or remove target_phrase"},
        )
    return value


class Clinic(_WithCriteria, _Model):
    """A clinic or programme inside the service line, with its own eligibility and
    criteria (contract v3): its own section, never an urgency level."""

    name: Line
    """The clinic's name as published, e.g. CARE Clinic."""
    eligibility: Text | None = None
    """Who the clinic sees, e.g. Children aged 8 and over."""
    lead_in: Text | None = None
    """The sentence before the criteria, e.g. "BMI above the 85th percentile and one of
    the following:"."""
    criteria: tuple[CriterionItem, ...] = ()
    """Text, or `{text, flag, any_of | all_of | none_of: [...]}`, nested."""
    route: Text | None = None
    """How to refer to this clinic, e.g. Mark the referral "CARE Clinic"."""
    seen_within: TargetDays | None = None
    """The clinic's target in the unit of `triage.days`, when one is published."""
    target_phrase: Text | None = None
    """What the target counts, as for a level."""

    @field_validator("target_phrase")
    @classmethod
    def _phrase_needs_target(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _check_target_phrase(value, info)

    @property
    def emergency(self) -> bool:
        """Never: a clinic is referred to, so its target reads like a level's."""
        return False

    @property
    def key(self) -> str:
        """A slug of the name for ids and form values."""
        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-") or "clinic"


class EmergentLevel(_Model):
    """v1 ``triage.emergent``."""

    action: Text
    criteria: tuple[Text, ...] = ()


class TimedLevel(_Model):
    """v1 ``triage.urgent`` / ``triage.routine`` (business days)."""

    seen_within_days: Days
    """business days"""
    criteria: tuple[Text, ...] = ()


V1_LEVELS = (("emergent", "Emergent"), ("urgent", "Urgent"), ("routine", "Routine"))


class Triage(_Model):
    """Urgency levels. v2 writes ``levels``; v1's emergent/urgent/routine still load.

    Render from :attr:`levels`; the v1 fields exist only so a v1 file validates with
    its own field paths (an error points at ``triage.urgent.seen_within_days``).
    """

    days: DayUnit = "business"
    """The unit of every target, wait and reply time in this file."""
    counted_from: Text | None = None
    """What targets are counted from; printed only when given."""
    levels: Annotated[tuple[Level, ...], Field(min_length=1)] = None  # type: ignore[assignment]
    """Urgency levels, most urgent first (contract v2)."""
    emergent: EmergentLevel | None = None
    """Contract v1; v2 files write levels instead."""
    urgent: TimedLevel | None = None
    """Contract v1; v2 files write levels instead."""
    routine: TimedLevel | None = None
    """Contract v1; v2 files write levels instead."""

    @field_validator("levels")
    @classmethod
    def _unique_labels(cls, levels: tuple[Level, ...]) -> tuple[Level, ...]:
        seen: set[str] = set()
        for level in levels:
            if level.label.casefold() in seen:
                raise PydanticCustomError(
                    "duplicate_level",
                    "level label {label} is used twice; each level needs its own label",
                    {"label": repr(level.label)},
                )
            seen.add(level.label.casefold())
        return levels

    @model_validator(mode="after")
    def _levels_from_either_version(self) -> Triage:
        v1 = [name for name, _ in V1_LEVELS if getattr(self, name) is not None]
        if self.levels is not None and v1:
            raise PydanticCustomError(
                "triage_versions",
                "write either levels: (contract v2) or {v1} (contract v1), not both",
                {"v1": ", ".join(v1)},
            )
        if self.levels is None:
            if self.routine is None:
                raise PydanticCustomError(
                    "triage_missing",
                    "triage needs levels: (a list, most urgent first), "
                    "or the v1 fields urgent/routine",
                )
            object.__setattr__(self, "levels", self._v1_levels())
        return self

    def _v1_levels(self) -> tuple[Level, ...]:
        levels = []
        if self.emergent is not None:
            levels.append(
                Level(
                    label="Emergent",
                    emergency=True,
                    action=self.emergent.action,
                    criteria=self.emergent.criteria,
                )
            )
        for name, label in V1_LEVELS[1:]:
            timed = getattr(self, name)
            if timed is not None:
                levels.append(
                    Level(label=label, seen_within=timed.seen_within_days, criteria=timed.criteria)
                )
        return tuple(levels)

    @property
    def is_v1(self) -> bool:
        return self.routine is not None

    def level(self, label: str) -> Level | None:
        return next((lv for lv in self.levels if lv.label == label), None)

    def v1_key(self, index: int) -> str | None:
        """The v1 field name (emergent/urgent/routine) of ``levels[index]`` in a v1 file."""
        if not self.is_v1:
            return None
        names = [name for name, _ in V1_LEVELS if getattr(self, name) is not None]
        return names[index]

"""What a service line's referral form asks for (contract v3's ``form:`` block).

The form's standard fields (referring clinician, patient, reason, urgency, records,
what the referral includes) keep their v2 names; ``form:`` adds the practice's own
patient and referral fields, drops the standard ones it does not use (``omit``), and
may turn every criterion into a tick box. Names are stable, so a practice's intake
can read a returned form by field name:

- ``patient_<label>`` / ``referral_<label>``: the ``form`` block's own fields, the
  label lowercased with other characters as ``_`` ("NHS number" → ``patient_nhs_number``);
- ``urgency`` (one radio group: the non-emergency levels) or, where flags are the
  only urgency a source gives, ``flag_<flag>`` tick boxes;
- ``clinic`` (one radio group: the clinics), never part of ``urgency``;
- ``criterion_1…n`` (with ``criteria_checkboxes``), ``includes_1…n``, ``record_1…n``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..source.model import Clinic, Criterion, Level, Organization, ServiceLine, field_key


@dataclass(frozen=True)
class TextField:
    name: str
    label: str
    title: str = ""  # the field's accessible name (its label when empty)

    @property
    def description(self) -> str:
        return self.title or self.label


@dataclass(frozen=True)
class CriterionBox:
    """One row of the "criteria met" list: a tick box (``name``) or, for a group's
    lead-in that has no text of its own ("Any of:"), a heading (``name`` None)."""

    name: str | None
    text: str
    flag: str | None
    depth: int


@dataclass(frozen=True)
class CriteriaBlock:
    """The criteria of one level or clinic, as tick boxes under its name."""

    heading: str
    lead_in: str | None
    rows: tuple[CriterionBox, ...]


@dataclass(frozen=True)
class IncludesGroup:
    """What the referral must state, under its heading (None for ungrouped items)."""

    heading: str | None
    items: tuple[tuple[int, str, str | None], ...]  # (number, item, when)


def referrer_id_label(line: ServiceLine, org: Organization) -> str:
    own = line.form.referrer_id
    return (own.label if own else None) or org.referrer_id.label or "NPI"


def patient_cells(line: ServiceLine) -> list[TextField]:
    """The patient grid, two per row: name and date of birth first, as on every form."""
    cells = [
        TextField("patient_name", "Patient name"),
        TextField("patient_dob", "Date of birth", "Patient date of birth"),
    ]
    if not line.form.omits("patient_phone"):
        cells.append(TextField("patient_phone", "Patient phone"))
    if not line.form.omits("insurance"):
        cells.append(
            TextField(
                "patient_insurance", "Insurance / member ID", "Patient insurance and member ID"
            )
        )
    cells += [
        TextField(f"patient_{field_key(label)}", label, f"Patient: {label}")
        for label in line.form.patient_fields
    ]
    return cells


def referral_cells(line: ServiceLine) -> list[TextField]:
    return [TextField(f"referral_{field_key(label)}", label) for label in line.form.referral_fields]


def urgency_choices(line: ServiceLine) -> tuple[list[Level], list[str]]:
    """(levels offered in the ``urgency`` radio group, flags offered as tick boxes).

    Where flags are the only urgency a source gives — no level but an emergency one,
    or a single level with neither a target nor a route of its own — the form offers
    one tick box per distinct flag instead, and invents no other choice."""
    levels = [lv for lv in line.triage.levels if not lv.emergency]
    flags = distinct_flags(line)
    only_flags = not levels or (
        len(levels) == 1 and levels[0].seen_within is None and levels[0].route is None
    )
    if flags and only_flags:
        return [], flags
    return levels, []


def distinct_flags(line: ServiceLine) -> list[str]:
    flags: list[str] = []
    owners: list[Level | Clinic] = [*line.triage.levels, *line.clinics]
    for owner in owners:
        for flag in owner.criteria_flags():
            if flag.casefold() not in {f.casefold() for f in flags}:
                flags.append(flag)
    return flags


def criteria_blocks(line: ServiceLine) -> list[CriteriaBlock]:
    """Every criterion of the non-emergency levels and the clinics as a tick box
    (``form.criteria_checkboxes``); an emergency is not referred by form."""
    if not line.form.criteria_checkboxes:
        return []
    counter = iter(range(1, 10_000))
    blocks = []
    for level in line.triage.levels:
        if not level.emergency and level.criteria:
            rows = tuple(_rows(level.criteria, 0, counter))
            blocks.append(CriteriaBlock(level.label, None, rows))
    for clinic in line.clinics:
        if clinic.criteria:
            rows = tuple(_rows(clinic.criteria, 0, counter))
            blocks.append(CriteriaBlock(clinic.name, clinic.lead_in, rows))
    return blocks


def _rows(criteria: tuple[Criterion, ...], depth: int, counter) -> list[CriterionBox]:
    rows: list[CriterionBox] = []
    for criterion in criteria:
        if criterion.text:
            rows.append(
                CriterionBox(f"criterion_{next(counter)}", criterion.text, criterion.flag, depth)
            )
        elif criterion.group_lead_in:
            rows.append(CriterionBox(None, criterion.group_lead_in, criterion.flag, depth))
        if criterion.group:
            rows += _rows(criterion.group, depth + 1, counter)
    return rows


def includes_groups(line: ServiceLine) -> list[IncludesGroup]:
    """``must_include`` in order, numbered ``includes_1…n`` across groups (a v2 list is
    one group without a heading, numbered as before)."""
    groups: list[IncludesGroup] = []
    number = 0
    for heading, entries in line.must_include_groups:
        items = []
        for entry in entries:
            number += 1
            items.append((number, entry.item, entry.when))
        groups.append(IncludesGroup(heading, tuple(items)))
    return groups


def form_fields(line: ServiceLine, org: Organization) -> dict:
    """The v3 variables of a guide's and a form's context (pdf/context.py)."""
    levels, flags = urgency_choices(line)
    return {
        "route": line.main_route,
        "referrer_id_label": referrer_id_label(line, org),
        "show_referrer_id": not line.form.omits("referrer_id"),
        "patient_cells": tuple(patient_cells(line)),
        "referral_cells": tuple(referral_cells(line)),
        "urgency_levels": tuple(levels),
        "urgency_flags": tuple((f"flag_{field_key(flag)}", flag) for flag in flags),
        "clinics": line.clinics,
        "criteria_blocks": tuple(criteria_blocks(line)),
        "includes_groups": tuple(includes_groups(line)),
        "country": org.country,
    }

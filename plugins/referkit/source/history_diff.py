"""The semantic diff behind the change feed: what changed between two loaded models of a
practice, field by field, worded as the pages word it (``source/history.py`` runs it on
each commit that touched service_lines/)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..wording import reply_hours, target_lead, units

__all__ = ["LineChange", "diff_lines", "diff_practices"]
from .model import Practice, ServiceLine


@dataclass(frozen=True)
class LineChange:
    """What one commit changed in one service line (or the practice, slug ``""``)."""

    slug: str
    name: str
    items: tuple[str, ...]


def _unit(line: ServiceLine) -> str:
    return getattr(line.triage, "days", "business")


def _days(n: int | None, unit: str, phrase: str | None = None) -> str:
    """A target as the change feed states it; worded as on the page (wording.units),
    with a level's ``target_phrase`` in place of the count alone ("first treatment
    given within 2 business days")."""
    if n is None:
        return "no target"
    return f"{target_lead(phrase)} within {units(n, unit)}" if phrase else units(n, unit)


def _levels(line: ServiceLine) -> dict[str, dict]:
    """Level label → target, action, criteria texts; for contract v1 and v2 models."""
    triage = line.triage
    levels = getattr(triage, "levels", ())
    result: dict[str, dict] = {}
    if levels and not isinstance(levels[0], str):  # contract v2: Level objects
        for level in levels:
            texts = level.criteria_texts() if hasattr(level, "criteria_texts") else ()
            result[level.label] = {
                "seen_within": level.seen_within,
                "target_phrase": getattr(level, "target_phrase", None),
                "action": level.action,
                "route": getattr(level, "route", None),
                "criteria": tuple(texts),
            }
        return result
    for name in ("emergent", "urgent", "routine"):
        level = getattr(triage, name, None)
        if level is None:
            continue
        result[name.capitalize()] = {
            "seen_within": getattr(level, "seen_within_days", None),
            "target_phrase": None,
            "action": getattr(level, "action", None),
            "route": None,
            "criteria": tuple(level.criteria),
        }
    return result


def _set_changes(label: str, before, after) -> list[str]:
    old, new = set(before), set(after)
    items = [f"{label} added: {text}" for text in sorted(new - old)]
    items += [f"{label} removed: {text}" for text in sorted(old - new)]
    return items


def _value_change(label: str, before, after) -> list[str]:
    if before == after:
        return []
    if before is None:
        return [f"{label} added: {after}"]
    if after is None:
        return [f"{label} removed (was {before})"]
    return [f"{label}: {before} → {after}"]


def diff_lines(old: ServiceLine, new: ServiceLine) -> list[str]:
    """Every change a referring office would act on, in a fixed order."""
    items: list[str] = []
    unit_old, unit_new = _unit(old), _unit(new)
    levels_old, levels_new = _levels(old), _levels(new)
    for label, level in levels_new.items():
        before = levels_old.get(label)
        phrase_old, phrase_new = (before or {}).get("target_phrase"), level["target_phrase"]
        if before is None:
            target = level["seen_within"]
            items.append(
                f"Urgency level added: {label}"
                + (f" ({_days(target, unit_new, phrase_new)})" if target is not None else "")
            )
            continue
        was = (before["seen_within"], unit_old, phrase_old)
        if was != (level["seen_within"], unit_new, phrase_new):
            items.append(
                f"{label}: {_days(before['seen_within'], unit_old, phrase_old)} → "
                f"{_days(level['seen_within'], unit_new, phrase_new)}"
            )
        items += _value_change(f"{label} action", before["action"], level["action"])
        items += _value_change(f"{label} route", before["route"], level["route"])
        items += _set_changes(f"{label} criterion", before["criteria"], level["criteria"])
    items += [f"Urgency level removed: {label}" for label in levels_old if label not in levels_new]

    records_old = {r.item: r.required for r in old.required_records}
    records_new = {r.item: r.required for r in new.required_records}
    items += _set_changes("Record", records_old, records_new)
    for item, required in records_new.items():
        if item in records_old and records_old[item] != required:
            state = "required" if required else "if available"
            items.append(f"Record now {state}: {item}")
    items += _set_changes("Not appropriate", old.not_appropriate, new.not_appropriate)
    items += _set_changes("Workup", old.workup, new.workup)

    how_old, how_new = old.main_route, new.main_route
    for field, label in (
        ("fax", "Referral fax"),
        ("phone", "Intake phone"),
        ("portal", "E-referral portal"),
        ("direct", "Direct address"),
        ("fhir_endpoint", "FHIR endpoint"),
        ("physician_line", "Physician line"),
        ("hours", "Intake hours"),
    ):
        before, after = _text(getattr(how_old, field)), _text(getattr(how_new, field))
        if field == "hours" and before and after and _same_hours(before, after):
            continue  # written another way (text hours made structured), not changed
        items += _value_change(label, before, after)
    items += _route_changes(old, new)
    items += _set_changes("Contact", map(_contact, old.contacts), map(_contact, new.contacts))
    items += _set_changes("Clinic", [c.name for c in old.clinics], [c.name for c in new.clinics])
    clinics_old = {c.name: c for c in old.clinics}
    for clinic in new.clinics:
        before_clinic = clinics_old.get(clinic.name)
        if before_clinic is not None:
            items += _set_changes(
                f"{clinic.name} criterion",
                before_clinic.criteria_texts(),
                clinic.criteria_texts(),
            )

    for field, label, unit in (
        ("acknowledge_within_hours", "Acknowledgement", "hours"),
        ("scheduled_within_days", "Scheduling", "days"),
        ("consult_note_within_days", "Consult note", "days"),
    ):
        before = getattr(old.turnaround, field, None)
        after = getattr(new.turnaround, field, None)
        if before != after:
            fmt = (
                (lambda n, u=unit_new: reply_hours(n, u))  # worded as on the page
                if unit == "hours"
                else (lambda n, u=unit_new: _days(n, u))
            )
            items += _value_change(
                f"{label} promise",
                None if before is None else fmt(before),
                None if after is None else fmt(after),
            )
    return items


def _route_changes(old: ServiceLine, new: ServiceLine) -> list[str]:
    """Contract v3's other routes, by label: added, removed, or with changed numbers."""
    routes_old = {r.label: r for r in old.other_routes}
    routes_new = {r.label: r for r in new.other_routes}
    items = _set_changes("Route", routes_old, routes_new)
    for label, route in routes_new.items():
        before = routes_old.get(label)
        if before is None:
            continue
        for field, name in (("when", "for"), ("fax", "fax"), ("phone", "phone")):
            items += _value_change(
                f"{label} {name}", _text(getattr(before, field)), _text(getattr(route, field))
            )
    return items


def _text(value: object) -> str | None:
    return None if value is None else str(value)


_LEADING_ZERO = re.compile(r"(?<![\d:])0(?=\d:\d\d)")
_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")


def _same_hours(before: str, after: str) -> bool:
    """The same hours written two ways: "Mon–Fri 7:30–17:30" as text and the same
    hours made structured (printed "Mon–Fri 07:30–17:30"), or only spaces and dashes
    changed. A referring office acts on a change of hours, not of how they are typed."""

    def key(text: str) -> str:
        return " ".join(_DASHES.sub("–", _LEADING_ZERO.sub("", text)).split())

    return key(before) == key(after)


def _contact(contact) -> str:
    fax = getattr(contact, "fax", None)
    parts = [contact.role, contact.name, _text(contact.phone), fax and f"fax {fax}", contact.email]
    return ", ".join(p for p in parts if p)


def diff_practices(old: Practice, new: Practice) -> list[LineChange]:
    """Per service line (in the new practice's order, retired lines last)."""
    old_lines = {line.slug: line for line in old.service_lines}
    new_lines = {line.slug: line for line in new.service_lines}
    changes: list[LineChange] = []
    for slug, line in new_lines.items():
        if slug not in old_lines:
            changes.append(LineChange(slug, line.name, ("Service line added",)))
            continue
        items = diff_lines(old_lines[slug], line)
        if items:
            changes.append(LineChange(slug, line.name, tuple(items)))
    for slug, line in old_lines.items():
        if slug not in new_lines:
            changes.append(LineChange(slug, line.name, ("Service line retired",)))
    return changes

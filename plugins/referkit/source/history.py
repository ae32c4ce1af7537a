"""What changed: a semantic diff of the model between commits that touched service_lines/.

Each commit on the first-parent line that changed ``service_lines/`` is loaded into
the model with the same loader as a build (from ``git archive`` into a temporary
folder), and compared with the previous loadable commit on that line (its first
parent's state) field by field: targets, criteria, records, contact numbers,
promises, service lines added or retired. A merge that brings changes in is one
entry, dated by the merge. Whitespace, comments and reordering do not change the
model, so they produce no entry. Dates are commit dates, never the clock, so the
same history gives the same page and feed.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from ..findings import Finding, Severity
from ..rules.kit import RK491
from ..wording import long_date, reply_hours, target_lead, units
from .model import Practice, ServiceLine

RECENT_DAYS = 90
_GIT_TIMEOUT_S = 60


@dataclass(frozen=True)
class LineChange:
    """What one commit changed in one service line (or the practice, slug ``""``)."""

    slug: str
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class ChangeSet:
    """One commit's semantic changes."""

    commit: str
    committed: datetime
    lines: tuple[LineChange, ...]

    @property
    def day(self) -> date:
        return self.committed.date()

    @property
    def anchor(self) -> str:
        return f"{self.day.isoformat()}-{self.commit[:8]}"


@dataclass(frozen=True)
class History:
    """The change sets, newest first; ``None`` findings-wise means git was available."""

    changes: tuple[ChangeSet, ...]
    warning: Finding | None = None

    def for_line(self, slug: str) -> list[tuple[ChangeSet, LineChange]]:
        return [(cs, lc) for cs in self.changes for lc in cs.lines if lc.slug == slug]

    def recent_line(self, slug: str, today: date, days: int = RECENT_DAYS) -> str | None:
        """ "Changed on November 20, 2026: Urgent: 5 → 3 business days" for the guide,
        when the newest change to ``slug`` is at most ``days`` old on ``today``."""
        for change_set, line in self.for_line(slug):
            if change_set.day >= today - timedelta(days=days):
                return f"Changed on {long_date(change_set.day)}: " + "; ".join(line.items)
            return None
        return None


# --- git --------------------------------------------------------------------


def _git(repo: Path, *args: str, binary: bool = False) -> bytes | str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        timeout=_GIT_TIMEOUT_S,
        check=True,
    )
    return result.stdout if binary else result.stdout.decode("utf-8")


def _no_history(
    project_dir: Path, why: str, hint: str = "build from a git checkout to publish what changed"
) -> History:
    return History(
        (),
        RK491.at(
            "service_lines",
            0,
            0,
            f"no git history ({why}): the /changes/ page and feed are left out",
            severity=Severity.WARNING,
            hint=hint,
        ),
    )


def load_history(project_dir: Path, since: str | None = None) -> History:
    """The semantic change history of ``project_dir/service_lines`` (newest first).

    ``since`` limits it to commits after that revision (compared with its state).
    Outside a git checkout the history is empty and carries a warning.
    """
    project_dir = project_dir.resolve()
    try:
        top = Path(_git(project_dir, "rev-parse", "--show-toplevel").strip())
        head = _git(project_dir, "rev-parse", "HEAD").strip()
    except FileNotFoundError:
        return _no_history(project_dir, "git is not installed")
    except subprocess.CalledProcessError:
        return _no_history(project_dir, "not a git checkout, or no commits yet")
    if _git(project_dir, "rev-parse", "--is-shallow-repository").strip() == "true":
        # a CI checkout fetches one commit by default: every change would be missing
        return _no_history(
            project_dir,
            "the checkout is shallow, so the earlier commits are missing",
            "fetch the whole history (actions/checkout: fetch-depth: 0; GitLab CI: "
            "GIT_DEPTH: 0; git fetch --unshallow)",
        )
    rel = (project_dir / "service_lines").relative_to(top.resolve()).as_posix()
    try:
        return _history(str(top), head, rel, since)
    except subprocess.CalledProcessError as exc:
        return _no_history(project_dir, exc.stderr.decode("utf-8", "replace").strip())


@lru_cache(maxsize=8)
def _history(top: str, head: str, rel: str, since: str | None) -> History:
    """Cached per HEAD, so ``serve`` rebuilds do not walk the history again.

    Only the first-parent line is walked: a plain ``git log`` flattens merged
    branches into one date-ordered list, so a commit would be compared with one from
    another branch and publish reversals that never happened ("5 → 3", "3 → 5").
    Along the first-parent line, consecutive commits that touched ``rel`` hold
    exactly what each one (a merge included) changed against its first parent.
    """
    repo = Path(top)
    revs = f"{since}..{head}" if since else head
    log = _git(
        repo, "log", "--first-parent", "--reverse", "--format=%H %cI", revs, "--", rel
    ).split("\n")
    commits = [(sha, datetime.fromisoformat(when)) for sha, when in (e.split() for e in log if e)]
    previous = _load_at(top, since, rel) if since else None
    change_sets: list[tuple[int, ChangeSet]] = []
    for order, (sha, when) in enumerate(commits):
        practice = _load_at(top, sha, rel)
        if practice is None:
            continue  # not loadable with today's contract: compare the next one with the last good
        if previous is not None:
            lines = diff_practices(previous, practice)
            if lines:
                change_sets.append((order, ChangeSet(sha, when, tuple(lines))))
        previous = practice
    # newest first; commits made in the same second keep the history's order
    change_sets.sort(key=lambda item: (item[1].committed, item[0]), reverse=True)
    return History(tuple(cs for _, cs in change_sets))


@lru_cache(maxsize=256)
def _load_at(top: str, rev: str, rel: str) -> Practice | None:
    from .loader import load_practice

    try:
        archive = _git(Path(top), "archive", "--format=tar", rev, "--", rel, binary=True)
    except subprocess.CalledProcessError:
        return None
    with tempfile.TemporaryDirectory(prefix="referkit-rev-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        project = Path(tmp, rel).parent
        return load_practice(project).practice


# --- the semantic diff ---------------------------------------------------------


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
        items += _value_change(
            label, _text(getattr(how_old, field)), _text(getattr(how_new, field))
        )
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

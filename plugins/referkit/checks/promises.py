"""RK43x: promises and levels — targets, promises and people that hold together.

Nothing here asks for a promise the practice does not make: a missing turnaround
promise is a warning unless the project opts in with ``require_promises: true``.
"""

from __future__ import annotations

from ..findings import Finding, Severity
from ..rules.promises import RK431, RK432, RK433, RK434, RK435, RK436
from ..source.model import Triage
from ..source.positions import Loc
from ..wording import units
from .registry import LineContext, line_check

PROMISES = (
    ("acknowledge_within_hours", "acknowledgement time"),
    ("consult_note_within_days", "consult-note turnaround"),
)


def level_loc(triage: Triage, index: int, name: str | None = None) -> Loc:
    """Where ``levels[index]`` (or one of its fields) is written: v2 or v1 field paths."""
    v1_key = triage.v1_key(index)
    if v1_key is None:
        return ("triage", "levels", index) + ((name,) if name else ())
    name = {"seen_within": "seen_within_days"}.get(name, name)
    return ("triage", v1_key) + ((name,) if name else ())


@line_check
def check_targets_do_not_shrink(ctx: LineContext) -> list[Finding]:
    triage = ctx.line.triage
    timed = [(i, lv) for i, lv in enumerate(triage.levels) if lv.seen_within is not None]
    findings = []
    for (index, level), (_, lower) in zip(timed, timed[1:], strict=False):
        if level.seen_within <= lower.seen_within:
            continue
        upper_key, lower_key = triage.v1_key(index), triage.v1_key(triage.levels.index(lower))
        if upper_key and lower_key:  # v1 wording, unchanged
            message = (
                f"{upper_key} target ({level.seen_within} days) is longer than the {lower_key} "
                f"target ({lower.seen_within} days)"
            )
            hint = f"{upper_key} patients must be seen sooner than {lower_key} ones"
        else:
            message = (
                f"the {level.label!r} target ({units(level.seen_within, triage.days)}) is longer "
                f"than the target of the less urgent {lower.label!r} "
                f"({units(lower.seen_within, triage.days)})"
            )
            hint = None
        loc = level_loc(triage, index, "seen_within")
        findings.append(ctx.finding(RK431, loc, message, hint=hint))
    return findings


@line_check
def check_emergency_levels(ctx: LineContext) -> list[Finding]:
    triage = ctx.line.triage
    findings = []
    for index, level in enumerate(triage.levels):
        if not level.emergency:
            continue
        if level.action is None:
            findings.append(
                ctx.finding(
                    RK435,
                    level_loc(triage, index),
                    f"emergency level {level.label!r} says nothing about what to do",
                    at=level_loc(triage, index, "emergency"),
                )
            )
        if level.seen_within is not None:
            findings.append(
                ctx.finding(
                    RK436,
                    level_loc(triage, index, "seen_within"),
                    f"emergency level {level.label!r} has a target "
                    f"(seen_within: {level.seen_within}); an emergency level acts now instead "
                    "of referring",
                )
            )
    return findings


@line_check
def check_promises(ctx: LineContext) -> list[Finding]:
    line = ctx.line
    required = ctx.project.options.require_promises
    severity = Severity.ERROR if required else Severity.WARNING
    findings = []
    for name, label in PROMISES:
        if getattr(line.turnaround, name) is None:
            if required:
                hint = (
                    f"add turnaround.{name}: with the time intake keeps; this project "
                    "requires every promise (require_promises: true in mkdocs.yml)"
                )
            else:
                hint = (
                    f"add turnaround.{name}: if intake keeps this promise; leave it out if it "
                    "does not"
                )
            findings.append(
                ctx.finding(
                    RK432,
                    ("turnaround", name),
                    f"the {label} is missing",
                    at=("turnaround",),
                    severity=severity,
                    hint=hint,
                )
            )
    return findings


@line_check
def check_people_and_places(ctx: LineContext) -> list[Finding]:
    line, practice = ctx.line, ctx.load.practice
    findings = []
    known = {p.id for p in practice.organization.providers}
    for index, provider_id in enumerate(line.providers):
        if provider_id not in known:
            continue  # RK201 says so; a file with an error is still read by the gate
        provider = practice.provider(provider_id)
        if line.locations and not set(provider.locations) & set(line.locations):
            findings.append(
                ctx.finding(
                    RK433,
                    ("providers", index),
                    f"{provider.display_name} does not practise at any of this service line's "
                    f"locations ({', '.join(line.locations)})",
                )
            )
    if not line.locations:
        findings.append(ctx.finding(RK434, ("locations",), "no locations listed", at=()))
    return findings

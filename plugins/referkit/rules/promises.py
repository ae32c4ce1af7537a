"""RK431–RK436: promises and levels — targets, promises and people that hold together.

Reported by ``checks/promises.py``.
"""

from __future__ import annotations

from ..findings import Severity
from .rule import Rule

RK431 = Rule(
    "RK431",
    title="a target gets shorter going down the levels (a less urgent level is seen sooner)",
    why="Levels run from most to least urgent; a less urgent level with a shorter target "
    "is a typo that would tell referring offices to mark patients wrongly.",
    fix="levels run from most to least urgent: correct the target or the order",
    bad="triage:\n  urgent:\n    seen_within_days: 30\n    criteria: [New heart failure symptoms]\n"
    "  routine:\n    seen_within_days: 15\n    criteria: [Stable exertional chest pain]\n",
    good="triage:\n  urgent:\n    seen_within_days: 3\n    criteria: [New heart failure symptoms]\n"
    "  routine:\n    seen_within_days: 15\n    criteria: [Stable exertional chest pain]\n",
)

RK432 = Rule(
    "RK432",
    severity=Severity.WARNING,
    severity_note="error with `require_promises: true`",
    title="a turnaround promise (acknowledgement time, consult-note time) is missing",
    why="Referring offices plan around when a referral is acknowledged and when the consult "
    "note comes back; ReferKit never invents a promise, so a missing one is pointed out.",
    fix="add it under turnaround: if intake keeps such a promise; otherwise leave it out "
    "(with `require_promises: true` it is required)",
    bad="turnaround:\n  acknowledge_within_hours: 4\n",
    good="turnaround:\n  acknowledge_within_hours: 4\n  consult_note_within_days: 2\n",
)

RK433 = Rule(
    "RK433",
    title="a provider does not practise at any of the service line's locations",
    why="The page lists who sees patients where; a clinician who works at none of the "
    "service line's locations sends patients to a place that cannot book them.",
    fix="add the location to the provider in _organization.yaml, or the provider's location "
    "to this service line",
    bad="locations: [harbor]\nproviders: [ben-okafor]   # practises at lakeside only\n",
    good="locations: [harbor, lakeside]\nproviders: [ben-okafor]\n",
)

RK434 = Rule(
    "RK434",
    severity=Severity.WARNING,
    title="no locations listed",
    why="Without a location the page, guide and structured data cannot say where patients "
    "are seen, the first thing a referring office tells a patient.",
    fix="list where patients are seen, e.g. locations: [main-campus]",
    bad="name: Cardiology\nproviders: [ada-stone]\n",
    good="name: Cardiology\nlocations: [harbor]\nproviders: [ada-stone]\n",
)

RK435 = Rule(
    "RK435",
    title="an emergency level has no `action`",
    why="An emergency level tells the referring office to act now instead of referring; "
    "without an action it says nothing about what to do for the sickest patients.",
    fix="add action: what to do instead of referring, e.g. Send to the emergency department",
    bad="triage:\n  levels:\n    - label: Emergency\n      emergency: true\n"
    "      criteria: [Ongoing chest pain at rest]\n",
    good="triage:\n  levels:\n    - label: Emergency\n      emergency: true\n"
    "      action: Send to the emergency department or call 911.\n"
    "      criteria: [Ongoing chest pain at rest]\n",
)

RK436 = Rule(
    "RK436",
    title="an emergency level has a `seen_within` target",
    why="A target on an emergency level would tell a referring office to send a referral "
    "and wait, for patients who need the emergency department now.",
    fix="remove seen_within: (an emergency level acts now), or set emergency: false",
    bad="triage:\n  levels:\n    - label: Emergency\n      emergency: true\n      seen_within: 1\n"
    "      action: Send to the emergency department or call 911.\n",
    good="triage:\n  levels:\n    - label: Emergency\n      emergency: true\n"
    "      action: Send to the emergency department or call 911.\n",
)

"""RK401–RK423: the content gate's review, compliance-language and reachability rules.

Reported by ``checks/review.py`` (RK40x), ``checks/compliance.py``, ``checks/content.py``
and ``checks/publishing.py`` (RK41x) and ``checks/reachability.py`` (RK42x).
"""

from __future__ import annotations

from ..findings import Severity
from .rule import Rule

RK401 = Rule(
    "RK401",
    title="review overdue: `review.last_reviewed` is older than `max_review_age_days`",
    why="Referral criteria, targets and contacts go stale; a page nobody has confirmed for "
    "a year may send patients to the wrong place, so it stops publishing.",
    fix="have the service line's reviewer confirm every fact, then update "
    "review.last_reviewed and review.reviewed_by",
    bad="review:\n  last_reviewed: 2025-06-01   # more than 365 days ago\n"
    "  reviewed_by: Ada Stone, MD\n",
    good="review:\n  last_reviewed: 2026-10-01\n  reviewed_by: Ada Stone, MD\n",
)

RK402 = Rule(
    "RK402",
    severity=Severity.WARNING,
    title="review due within `review_warning_days`",
    why="A warning ahead of the deadline leaves time to schedule the review before the "
    "page stops publishing (RK401).",
    fix="schedule the review before the page stops publishing",
    bad="review:\n  last_reviewed: 2025-12-10   # due 2026-12-10, in 17 days\n"
    "  reviewed_by: Ada Stone, MD\n",
    good="review:\n  last_reviewed: 2026-10-01   # due 2027-10-01\n  reviewed_by: Ada Stone, MD\n",
)

RK403 = Rule(
    "RK403",
    title="`review.last_reviewed` is in the future",
    why="A review date in the future claims a review that has not happened and would "
    "keep the page publishing past its real due date.",
    fix="write the date the review actually happened",
    bad="review:\n  last_reviewed: 2027-01-15\n  reviewed_by: Ada Stone, MD\n",
    good="review:\n  last_reviewed: 2026-10-01\n  reviewed_by: Ada Stone, MD\n",
)

RK411 = Rule(
    "RK411",
    title="overpromising or inducement language (guarantee, best, #1, gift card, …)",
    why="Referral pages state checkable facts; superlatives and guaranteed outcomes "
    "mislead, and anything that looks like a reward for referrals can breach "
    "anti-kickback rules.",
    fix="rephrase as a checkable fact, or add a reviewed compliance_exceptions entry "
    "(phrase, reason, approved_by)",
    bad="summary: The best cardiology care in the region, guaranteed.\n",
    good="summary: Consultative cardiology for adults with chest pain, arrhythmia or heart "
    "failure.\n",
)

RK412 = Rule(
    "RK412",
    severity=Severity.WARNING,
    title="a compliance exception that matches nothing on its page",
    why="An exception is a reviewed permission for one phrase; one left behind after the "
    "text changed would silently allow the phrase if it came back.",
    fix="remove exceptions that are no longer needed",
    bad="summary: Consultative cardiology for adults.\ncompliance_exceptions:\n"
    "  - {phrase: leading, reason: Name of the trial, approved_by: Ada Stone}\n",
    good="summary: Consultative cardiology for adults.\n",
)

RK413 = Rule(
    "RK413",
    title="a compliance exception whose `approved_by` is not a listed reviewer",
    why="A compliance exception lets a page say something the gate would refuse; only "
    "someone accountable for the content may approve it.",
    fix="add the approver to `reviewers:` in _organization.yaml, or have a listed reviewer "
    "approve it",
    bad="compliance_exceptions:\n"
    "  - {phrase: cure, reason: Quoted trial title, approved_by: Marketing team}\n",
    good="compliance_exceptions:\n"
    "  - {phrase: cure, reason: Quoted trial title, approved_by: Ada Stone}\n",
)

RK421 = Rule(
    "RK421",
    title="no way to send a referral: the main route has no fax, portal or Direct address",
    why="A referral page that names no way to send a referral cannot be acted on; the "
    "referring office has to call around instead.",
    fix="add one to how_to_refer (its first route, when there are several), e.g. fax: "
    '"+1 608-555-0121"; a portal without an address counts: portal_name',
    bad='how_to_refer:\n  phone: "+1 608-555-0120"\n  hours: Mon–Fri 8:00–17:00\n',
    good='how_to_refer:\n  fax: "+1 608-555-0121"\n  phone: "+1 608-555-0120"\n'
    "  hours: Mon–Fri 8:00–17:00\n",
)

RK422 = Rule(
    "RK422",
    title="no intake phone number",
    why="Referring offices call intake to ask about a referral or an urgent patient; "
    "without a number the page leaves them with no one to ask.",
    fix="add phone: so referring offices can call intake",
    bad='how_to_refer:\n  fax: "+1 608-555-0121"\n  hours: Mon–Fri 8:00–17:00\n',
    good='how_to_refer:\n  fax: "+1 608-555-0121"\n  phone: "+1 608-555-0120"\n'
    "  hours: Mon–Fri 8:00–17:00\n",
)

RK423 = Rule(
    "RK423",
    title="intake hours are missing",
    why="A phone number without hours sends calls to an empty office; the hours say when "
    "someone answers.",
    fix="add hours: e.g. Mon–Fri 8:00–17:00",
    bad='how_to_refer:\n  fax: "+1 608-555-0121"\n  phone: "+1 608-555-0120"\n',
    good='how_to_refer:\n  fax: "+1 608-555-0121"\n  phone: "+1 608-555-0120"\n'
    "  hours: Mon–Fri 8:00–17:00\n",
)

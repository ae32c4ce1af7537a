"""RK401–RK426: the content gate's review, compliance-language and reachability rules.

Reported by ``checks/review.py`` (RK40x), ``checks/compliance.py``, ``checks/content.py``
and ``checks/publishing.py`` (RK41x), ``checks/reachability.py`` (RK421–RK423) and
``checks/directory.py`` (RK424–RK426: what the FHIR directory would publish wrong).
"""

from __future__ import annotations

from ..findings import Severity
from .rule import Rule

RK401 = Rule(
    "RK401",
    severity_note="a warning in a build unless `overdue: fail`: the line is published "
    "marked 'Review overdue', or left out with `overdue: withdraw`",
    title="review overdue: `review.last_reviewed` is older than `max_review_age_days`",
    why="Referral criteria, targets and contacts go stale; a page nobody has confirmed for "
    "a year may send patients to the wrong place, so it is never presented as current: "
    "a build marks it 'Review overdue since <date>' on page, guide and form (or leaves it "
    "out, or stops, as the `overdue` option says) and `check` reports an error.",
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

RK405 = Rule(
    "RK405",
    severity=Severity.WARNING,
    title="a `content/` page links to a service line that a build leaves out for an "
    "overdue review (`overdue: withdraw`); the link is published as plain text",
    why="With `overdue: withdraw` an overdue service line disappears from the site; a "
    "hand-written link to it would lead nowhere, so the build publishes its words "
    "without the link and says where it was.",
    fix="have the service line reviewed, or remove the link",
    file="content/how-to-refer.md",
    bad="Heart referrals: see [cardiology](cardiology/).   <!-- cardiology.yaml is overdue -->\n",
    good="Heart referrals: see [cardiology](cardiology/).   <!-- cardiology.yaml reviewed -->\n",
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
    title="no way to send a referral: the main route has no fax, portal, Direct address or "
    "FHIR endpoint",
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

RK424 = Rule(
    "RK424",
    title="a Direct address that is an ordinary email address given elsewhere in the YAML "
    "(the practice's or a contact's email)",
    why="The FHIR directory publishes `direct` as a Direct Project endpoint, and EHRs send "
    "referrals there by Direct secure messaging, which an ordinary mailbox cannot receive: "
    "the referrals would be lost.",
    fix="write the Direct address your HISP issued for intake, or remove direct:",
    bad="how_to_refer:\n  direct: referrals@example.org\ncontacts:\n"
    "  - {role: Referral coordinator, email: referrals@example.org}\n",
    good="how_to_refer:\n  direct: cardiology.intake@direct.example.org\ncontacts:\n"
    "  - {role: Referral coordinator, email: referrals@example.org}\n",
)

RK425 = Rule(
    "RK425",
    title="`fhir_endpoint` is the portal's web address, or this site or its own /fhir/ "
    "directory, not a FHIR server that receives referrals",
    why="The FHIR directory tells EHRs to send referrals to `fhir_endpoint` (connection type "
    "hl7-fhir-rest); a web page, or the static files this site publishes, cannot take them.",
    fix="write the base URL of the FHIR server that accepts referrals, or remove fhir_endpoint:",
    bad="how_to_refer:\n  portal: https://refer.example.org/e-referral\n"
    "  fhir_endpoint: https://refer.example.org/e-referral\n",
    good="how_to_refer:\n  portal: https://refer.example.org/e-referral\n"
    "  fhir_endpoint: https://fhir.example.org/r4\n",
)

RK426 = Rule(
    "RK426",
    title="one NPI is given to two providers",
    why="An NPI identifies one clinician; the FHIR directory and the JSON-LD would publish "
    "two practitioners with the same identifier, and a payer directory would merge or "
    "reject them.",
    fix="check each provider's NPI against the NPPES record; list a person once",
    bad='providers:\n  - {id: dana-whitfield, npi: "1234567893", ...}\n'
    '  - {id: marcus-oyelaran, npi: "1234567893", ...}\n',
    good='providers:\n  - {id: dana-whitfield, npi: "1234567893", ...}\n'
    '  - {id: marcus-oyelaran, npi: "1234569261", ...}\n',
    file="service_lines/_organization.yaml",
)

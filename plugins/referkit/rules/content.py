"""RK441–RK484: what may publish — patient data, content pages, dated statements, links,
placeholders, the demo's contact details and files outside the project.

Reported by ``checks/patient_data.py`` and ``checks/content.py`` (RK441, RK451),
``checks/dated.py`` (RK46x), ``checks/links.py`` (RK471), ``source/placeholders.py``
(RK481), ``checks/publishing.py`` (RK482, RK483) and ``checks/numbers.py`` (RK484).
"""

from __future__ import annotations

from ..findings import Severity
from .rule import Rule

RK441 = Rule(
    "RK441",
    title="text that looks like patient data (MRN, SSN, DOB, a named patient with a diagnosis)",
    why="Referral pages and guides are public; a real patient's details pasted in as an "
    "example would be a privacy breach the moment the site publishes.",
    fix="remove it; use a made-up, clearly generic example if needed",
    bad="faq:\n  - q: What should the letter say?\n"
    "    a: 'For example: Patient John Smith, 64, with new atrial fibrillation.'\n",
    good="faq:\n  - q: What should the letter say?\n"
    "    a: The reason for referral, current medicines and the clinical question.\n",
)

RK451 = Rule(
    "RK451",
    title="a broken link or anchor in `content/`",
    why="A hand-written page that links to a page or heading that does not exist leaves a "
    "referring office at a dead end; generated addresses are known, so this is checked.",
    fix="fix the link target",
    file="content/about.md",
    bad="See the [cardiology criteria](cardiolgy/index.md#urgent).\n",
    good="See the [cardiology criteria](cardiology/index.md).\n",
)

RK461 = Rule(
    "RK461",
    severity_note="a warning in a build, which leaves the notice out",
    title="a notice is past its `until` date (it would publish a stale statement)",
    why="A notice says something is true for a while (a closure, a changed fax); past its "
    "end date it misleads referring offices about how to refer today.",
    fix="remove the notice, or move until: to when it stops being true",
    bad="notices:\n  - {text: Fax line changes on 1 November., until: 2026-11-01}\n",
    good="notices:\n  - {text: Fax line changes on 1 December., until: 2026-12-01}\n",
)

RK462 = Rule(
    "RK462",
    severity=Severity.WARNING,
    title="a notice without `until` is older than `max_notice_age_days` (counted from "
    "its `from`, else from the last review)",
    why="A notice without an end date can outlive what it announces; after a while someone "
    "must confirm it still holds.",
    fix="confirm it still holds and give it an until: date, or remove it",
    bad="notices:\n  - {text: Echo bookings are delayed., from: 2026-05-01}\n",
    good="notices:\n  - {text: Echo bookings are delayed., from: 2026-05-01, until: 2026-12-31}\n",
)

RK463 = Rule(
    "RK463",
    title="a notice ends before it starts",
    why="A notice that ends before it starts is never shown; the two dates are swapped or "
    "one has a typo.",
    fix="swap from: and until:",
    bad="notices:\n"
    "  - {text: Clinic closed for the holidays., from: 2026-12-31, until: 2026-12-24}\n",
    good="notices:\n"
    "  - {text: Clinic closed for the holidays., from: 2026-12-24, until: 2026-12-31}\n",
)

RK464 = Rule(
    "RK464",
    severity_note="a warning in a build, which leaves the waits out",
    title="`current_wait.as_of` is older than `max_wait_age_days`",
    why="A measured wait is a fact about one date; an old figure presented as current would "
    "mislead referring offices about how soon patients are seen.",
    fix="measure the waits again and update current_wait, or remove it",
    bad="current_wait:\n  as_of: 2026-08-01   # more than 31 days ago\n  levels: {Routine: 21}\n",
    good="current_wait:\n  as_of: 2026-11-16\n  levels: {Routine: 21}\n",
)

RK465 = Rule(
    "RK465",
    title="`current_wait.as_of` is in the future",
    why="A wait cannot have been measured on a date that has not come; the date is a typo, "
    "and it would keep the figure looking current for too long.",
    fix="write the date the waits were measured",
    bad="current_wait:\n  as_of: 2027-11-16\n  levels: {Routine: 21}\n",
    good="current_wait:\n  as_of: 2026-11-16\n  levels: {Routine: 21}\n",
)

RK466 = Rule(
    "RK466",
    title="a `current_wait` level is not one of the `triage.levels` labels",
    why="A wait is shown beside its level; a label that matches no level would be dropped "
    "from the page without a word.",
    fix="use the exact label of a level (the message suggests the nearest)",
    bad="current_wait:\n  as_of: 2026-11-16\n  levels: {Rutine: 21}   # the level is Routine\n",
    good="current_wait:\n  as_of: 2026-11-16\n  levels: {Routine: 21}\n",
)

RK471 = Rule(
    "RK471",
    title="a link under `links` is not https",
    why="Links under `links` are followed by referring offices (pathways, forms); over "
    "plain http they can be altered on the way, and browsers warn about them.",
    fix="use the https:// address; a source only reachable over http belongs under based_on "
    "(a citation), not links",
    bad="links:\n  - {title: OSA pathway, url: http://pathways.example.org/osa, kind: pathway}\n",
    good="links:\n  - {title: OSA pathway, url: https://pathways.example.org/osa, kind: pathway}\n",
)

RK481 = Rule(
    "RK481",
    stage="load",
    title="a placeholder left in (`TODO: …`, text in «…», an empty `review.last_reviewed`)",
    why="The starter file marks every fact an intake team must confirm; a placeholder that "
    "publishes states a guess, or nothing, as the practice's word.",
    fix="replace this placeholder with the real fact",
    bad='how_to_refer:\n  fax: "TODO: the intake fax number"\n',
    good='how_to_refer:\n  fax: "+1 608-555-0121"\n',
)

RK482 = Rule(
    "RK482",
    title="the demo's fictional contact details (555-01xx numbers, example.org/.com/.net "
    'addresses) or its own sentences (its practice name, "fictional") in YAML, `content/` '
    "or mkdocs.yml while `site_url` is a real domain",
    why="A fork of the demo that publishes its fictional fax numbers and addresses at a real "
    "address would send referrals, with patient data, to numbers nobody answers; its "
    '"… is a fictional practice" would tell every referring office the practice is not real.',
    fix="write your practice's real numbers and addresses, and your own text",
    bad="# mkdocs.yml: site_url: https://refer.lakeside-clinic.org/\nhow_to_refer:\n"
    '  fax: "+1 608-555-0121"   # the demo\'s number\n',
    good="# mkdocs.yml: site_url: https://refer.lakeside-clinic.org/\nhow_to_refer:\n"
    '  fax: "+1 …"   # the intake fax number the practice really uses\n',
)

RK483 = Rule(
    "RK483",
    title="a `content/` or `templates/` file that links out of the project or is not UTF-8",
    why="Content pages and templates are published or rendered as they are; a file from "
    "outside the project or in another encoding publishes what nobody reviewed, or garbled "
    "text.",
    fix="copy the file into the project and save it as UTF-8",
    file="content/",
    bad="content/about.md -> /home/ana/Documents/about.md\n"
    "content/intake.md   (saved as Windows-1252)\n",
    good="content/about.md    (the file itself, UTF-8)\ncontent/intake.md   (UTF-8)\n",
)

RK484 = Rule(
    "RK484",
    severity=Severity.WARNING,
    title="a phone or fax number written in text that cannot be dialled (a digit too many or "
    "too few, no such area code)",
    why="A number in an action or a note is printed as written, on the page and on the faxed "
    "guide; one typed with a digit missing sends an urgent call nowhere, and only a missing "
    "link on the page would show it.",
    fix="check the number against its source and write all of it, e.g. +1 608-555-0100",
    bad="    action: Call the on-call nephrologist at +1 608-555-019.\n",
    good="    action: Call the on-call nephrologist at +1 608-555-0190.\n",
)

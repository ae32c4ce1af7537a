"""RK491–RK503: the referral-marketing kit — change history, `_partners.yaml`.

RK491 is reported by ``source/history.py``; RK501–RK503 by ``checks/partners.py``
(``_partners.yaml`` is read and checked with the rest of the project).
"""

from __future__ import annotations

from ..findings import Severity
from .rule import Rule

RK491 = Rule(
    "RK491",
    stage="generate",
    severity=Severity.WARNING,
    title="no git history: the /changes/ page and feed are left out",
    why="The /changes/ page and feed tell referring offices what changed and when, read "
    "from the commits of `service_lines/`; without git ReferKit publishes no change list "
    "rather than an invented one.",
    fix="build from a git checkout to publish what changed",
    file="in a shell",
    bad="$ cp -r lakeside-referrals /tmp/site && cd /tmp/site   # a copy without .git\n"
    "$ python build.py build\n",
    good="$ git clone https://git.example.org/lakeside-referrals && cd lakeside-referrals\n"
    "$ python build.py build\n",
)

RK501 = Rule(
    "RK501",
    stage="load",
    title="`_partners.yaml` names a service line that does not exist (with the nearest slug)",
    why="A partner's page and kit would silently leave out the service line it was "
    "promised; the slug must name a service-line file.",
    fix="use the file name of a service line, e.g. cardiology for service_lines/cardiology.yaml",
    file="service_lines/_partners.yaml",
    bad="partners:\n  - {id: northside, name: Northside Family Medicine, code: NFM-01,\n"
    "     service_lines: [cardiolgy]}\n",
    good="partners:\n  - {id: northside, name: Northside Family Medicine, code: NFM-01,\n"
    "     service_lines: [cardiology]}\n",
)

RK502 = Rule(
    "RK502",
    stage="load",
    title="a partner or campaign id, or a referral code, is used twice in `_partners.yaml`",
    why="Ids are page addresses (`/for/<id>/`) and codes say where a referral came from; "
    "one used twice would publish one partner's page over another's or credit the wrong "
    "source.",
    fix="give each partner and campaign its own id and code",
    file="service_lines/_partners.yaml",
    bad="partners:\n  - {id: northside, name: Northside Family Medicine, code: NFM-01}\n"
    "  - {id: southside, name: Southside Clinic, code: NFM-01}\n",
    good="partners:\n  - {id: northside, name: Northside Family Medicine, code: NFM-01}\n"
    "  - {id: southside, name: Southside Clinic, code: SSC-01}\n",
)

RK503 = Rule(
    "RK503",
    stage="load",
    title="a campaign ends before it starts",
    why="A campaign's page is published on the days it runs; one that ends before it "
    "starts never runs, which is always a typo in one of the dates.",
    fix="swap from: and until:",
    file="service_lines/_partners.yaml",
    bad="campaigns:\n  - {id: afib-2026, name: AF pathway 2026, code: AF26,\n"
    "     from: 2027-03-31, until: 2026-11-01}\n",
    good="campaigns:\n  - {id: afib-2026, name: AF pathway 2026, code: AF26,\n"
    "     from: 2026-11-01, until: 2027-03-31}\n",
)

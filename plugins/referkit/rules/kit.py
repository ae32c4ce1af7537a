"""RK491–RK504: the referral-marketing kit — change history, `_partners.yaml`.

RK491 is reported by ``source/history.py``; RK501–RK504 by ``checks/partners.py``
(``_partners.yaml`` is read and checked with the rest of the project).
"""

from __future__ import annotations

from ..findings import Severity
from .rule import Rule

RK491 = Rule(
    "RK491",
    stage="generate",
    severity=Severity.WARNING,
    severity_note="error for a `changes_since` that is not a commit",
    title="no git history, or a shallow clone (a CI checkout's default): the /changes/ "
    "page and feed are left out; or `changes_since` is not a commit of the repository (it "
    "reaches git only as a commit id, never as an option)",
    why="The /changes/ page and feed tell referring offices what changed and when, read "
    "from the commits of `service_lines/`; without git, or with only the newest commits "
    "fetched, ReferKit publishes no change list rather than an invented or truncated one.",
    fix="build from a git checkout with its whole history (actions/checkout: "
    "fetch-depth: 0; GitLab CI: GIT_DEPTH: 0); give `changes_since` a commit, tag or "
    "branch that exists",
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

RK504 = Rule(
    "RK504",
    severity_note="a warning in a build, which leaves the campaign out",
    title="a campaign is past its `until` date (its coded pages and kit would stay online)",
    why="A campaign's page, coded PDFs and kit are published only while it runs; a build "
    "after its end leaves them out, and `check` asks for the ended entry to be removed so "
    "_partners.yaml says what is running.",
    fix="remove the campaign from _partners.yaml, or move until: to when it really ends",
    file="service_lines/_partners.yaml",
    bad="campaigns:\n  - {id: afib-2026, name: AF pathway 2026, code: AF26,\n"
    "     from: 2026-05-01, until: 2026-10-31}   # ended\n",
    good="campaigns:\n  - {id: afib-2027, name: AF pathway 2027, code: AF27,\n"
    "     from: 2026-11-01, until: 2027-03-31}\n",
)

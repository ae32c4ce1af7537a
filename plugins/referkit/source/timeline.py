"""Time as an input: on which day each dated fact starts, ends or goes stale.

A static site has no clock: a dated statement takes effect only through a build on
that date. These functions are the one definition of those days, so the gate
(checks/dated.py, review.py, partners.py), the model a build publishes
(:func:`on_date`) and ``build.py when`` (:func:`upcoming`) agree to the day.

Every date here is the first day on which the published output differs: a notice
with ``until: 2026-11-20`` is shown on the 20th and left out from the 21st.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from ..config import Options
from ..wording import short_date
from .history import RECENT_DAYS, History
from .loaded import LoadedProject
from .loader import LoadResult
from .model import CurrentWait, Notice, Practice, ServiceLine
from .partners import Campaign, PartnersResult, audiences

ONE_DAY = timedelta(days=1)


def review_due(line: ServiceLine, options: Options) -> date:
    """The last day the review counts: ``last_reviewed`` + ``max_review_age_days``."""
    return line.review.last_reviewed + timedelta(days=options.max_review_age_days)


def overdue_from(line: ServiceLine, options: Options) -> date:
    """The first day the service line is past its review date."""
    return review_due(line, options) + ONE_DAY


def wait_stale_from(wait: CurrentWait, options: Options) -> date:
    """The first day ``current_wait`` is older than ``max_wait_age_days``."""
    return wait.as_of + timedelta(days=options.max_wait_age_days) + ONE_DAY


def notice_gone_from(notice: Notice) -> date | None:
    """The first day a notice is no longer shown (the day after its ``until``)."""
    return None if notice.until is None else notice.until + ONE_DAY


def campaign_gone_from(campaign: Campaign) -> date | None:
    return None if campaign.until is None else campaign.until + ONE_DAY


def on_date(practice: Practice, options: Options, today: date) -> Practice:
    """The model a build on ``today`` publishes.

    Notices not yet started or past their ``until`` and a ``current_wait`` older than
    ``max_wait_age_days`` are left out. A service line past its review date is kept and
    marked (:attr:`Practice.overdue`) so that its page, guide and form say so, or left
    out with ``overdue: withdraw`` (:attr:`Practice.withdrawn`). The gate reports each
    of these with its file and line.
    """
    lines: list[ServiceLine] = []
    overdue: list[tuple[str, date]] = []
    withdrawn: list[str] = []
    for line in practice.service_lines:
        if today >= overdue_from(line, options):
            if options.overdue == "withdraw":
                withdrawn.append(line.slug)
                continue
            overdue.append((line.slug, overdue_from(line, options)))
        update: dict[str, object] = {}
        shown = line.notices_on(today)
        if shown != line.notices:
            update["notices"] = shown
        wait = line.current_wait
        if wait is not None and today >= wait_stale_from(wait, options):
            update["current_wait"] = None
        lines.append(line.model_copy(update=update) if update else line)
    return Practice(
        practice.organization, tuple(lines), overdue=tuple(overdue), withdrawn=tuple(withdrawn)
    )


def publish(loaded: LoadedProject) -> LoadedProject:
    """``loaded`` as a build on ``loaded.today`` publishes it: the practice from
    :func:`on_date`, and the partners and running campaigns (``partners.audiences``, the
    one place campaigns are filtered by date) with the service lines it still holds.
    The pipeline calls this once, after the gate; every renderer reads the result."""
    practice = loaded.practice
    assert practice is not None, "a project is published from a valid model only"
    published = on_date(practice, loaded.project.options, loaded.today)
    people = audiences(loaded.partners.data, published, loaded.today)
    return dataclasses.replace(
        loaded,
        load=dataclasses.replace(loaded.load, practice=published),
        audiences=tuple(people),
    )


@dataclass(frozen=True, order=True)
class Event:
    """One day on which the published output changes by itself."""

    day: date
    path: str
    line: int
    col: int
    kind: str
    what: str
    service_line: str = ""

    def as_dict(self) -> dict[str, object]:
        data = dataclasses.asdict(self)
        data["day"] = self.day.isoformat()
        return data


def upcoming(
    load: LoadResult,
    partners: PartnersResult | None,
    options: Options,
    today: date,
    history: History | None = None,
) -> list[Event]:
    """Every day after ``today`` on which a build publishes something different
    with no edit to the YAML, soonest first."""
    practice = load.practice
    if practice is None:
        return []
    events: list[Event] = []

    def add(day: date | None, path: str, loc: tuple, kind: str, what: str, slug: str) -> None:
        if day is None or day <= today:
            return
        source = partners.source if partners and path == partners_path else load.sources.get(path)
        row, col = source.position_of(loc) if source is not None and loc else (1, 1)
        events.append(Event(day, path, row, col, kind, what, slug))

    partners_path = partners.source.path if partners and partners.source else ""
    for line in practice.service_lines:
        path = load.service_line_paths[line.slug]
        for index, notice in enumerate(line.notices):
            text = _quote(notice.text)
            add(
                notice.from_,
                path,
                ("notices", index, "from"),
                "notice starts",
                f"{line.name}: notice {text} is shown from {short_date(notice.from_)}"
                if notice.from_
                else "",
                line.slug,
            )
            add(
                notice_gone_from(notice),
                path,
                ("notices", index, "until"),
                "notice ends",
                f"{line.name}: notice {text} (until {short_date(notice.until)}) is left out"
                if notice.until
                else "",
                line.slug,
            )
        wait = line.current_wait
        if wait is not None:
            add(
                wait_stale_from(wait, options),
                path,
                ("current_wait", "as_of"),
                "wait goes stale",
                f"{line.name}: the current waits measured on {short_date(wait.as_of)} are "
                f"older than {options.max_wait_age_days} days and are left out",
                line.slug,
            )
        add(
            overdue_from(line, options),
            path,
            ("review", "last_reviewed"),
            "review overdue",
            _overdue_what(line, options),
            line.slug,
        )
        if history is not None:
            newest = history.for_line(line.slug)[:1]
            for change_set, _ in newest:
                add(
                    change_set.day + timedelta(days=RECENT_DAYS) + ONE_DAY,
                    path,
                    (),
                    "recent change ages out",
                    f"{line.name}: the guide's 'Changed on {short_date(change_set.day)}' line "
                    f"is more than {RECENT_DAYS} days old and is left out",
                    line.slug,
                )
    data = partners.data if partners is not None else None
    for index, campaign in enumerate(data.campaigns if data is not None else ()):
        name = campaign.name or campaign.id
        add(
            campaign.from_,
            partners_path,
            ("campaigns", index, "from"),
            "campaign starts",
            f"campaign {name} ({campaign.code}) starts: /for/{campaign.id}/ is published",
            "",
        )
        add(
            campaign_gone_from(campaign),
            partners_path,
            ("campaigns", index, "until"),
            "campaign ends",
            f"campaign {name} ({campaign.code}) ended on {short_date(campaign.until)}: "
            f"/for/{campaign.id}/ is left out"
            if campaign.until
            else "",
            "",
        )
    return sorted(events)


def _overdue_what(line: ServiceLine, options: Options) -> str:
    due = short_date(review_due(line, options))
    since = short_date(overdue_from(line, options))
    if options.overdue == "withdraw":
        return f"{line.name}: review was due on {due}; the service line is left out of the site"
    if options.overdue == "fail":
        return f"{line.name}: review was due on {due}; builds fail until it is reviewed"
    return (
        f"{line.name}: review was due on {due}; its page, guide and form say "
        f"'Review overdue since {since}'"
    )


def _quote(text: str, limit: int = 50) -> str:
    short = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return f"'{short}'"

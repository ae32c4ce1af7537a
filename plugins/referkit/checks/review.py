"""RK40x: review freshness — a page past its review date does not publish silently.

``check`` reports an overdue review as an error. A build on that day follows the
``overdue`` option: by default (``notice``) it publishes the service line with a
visible "Review overdue since <date>" on its page, guide and form and warns;
``withdraw`` leaves the line out of the site and warns; ``fail`` stops the build.
"""

from __future__ import annotations

from datetime import date

from ..findings import Severity
from ..rules.review import RK401, RK402, RK403
from ..source.loader import LoadResult
from ..source.model import ServiceLine
from ..source.project import ProjectConfig
from ..source.timeline import overdue_from, review_due
from ..wording import short_date, unit_name
from .registry import LineContext, line_check


def next_review(line: ServiceLine, project: ProjectConfig) -> date:
    return review_due(line, project.options)


_IN_A_BUILD = {
    "notice": "published with 'Review overdue since {since}' on its page, guide and form",
    "withdraw": "left out of this build (overdue: withdraw): its page, guide, form and "
    "every link to them",
}


@line_check
def check_review(ctx: LineContext) -> list:
    line, project, today = ctx.line, ctx.project, ctx.today
    loc = ("review", "last_reviewed")
    last, due = line.review.last_reviewed, next_review(line, project)
    max_age = project.options.max_review_age_days
    if last > today:
        return [ctx.finding(RK403, loc, f"last_reviewed {last} is in the future")]
    if today >= overdue_from(line, project.options):
        message = (
            f"review is overdue: last reviewed {last}, more than {max_age} days ago (due {due})"
        )
        outcome = _IN_A_BUILD.get(project.options.overdue) if ctx.building else None
        if outcome is None:  # check, or a build with overdue: fail
            return [ctx.finding(RK401, loc, message)]
        since = short_date(overdue_from(line, project.options))
        return [
            ctx.finding(
                RK401,
                loc,
                f"{message}: {outcome.format(since=since)}",
                severity=Severity.WARNING,
            )
        ]
    left = (due - today).days
    if left <= project.options.review_warning_days:
        when = "today" if left == 0 else f"in {left} {unit_name(None, count=left)}"
        return [ctx.finding(RK402, loc, f"review due on {due} ({when})")]
    return []


def reviews_table(load: LoadResult, project: ProjectConfig, today: date) -> list[dict]:
    """Every service line's last and next review, most urgent first."""
    rows = []
    for line in load.practice.service_lines if load.practice else ():
        due = next_review(line, project)
        rows.append(
            {
                "service_line": line.slug,
                "name": line.name,
                "last_reviewed": line.review.last_reviewed.isoformat(),
                "reviewed_by": line.review.reviewed_by,
                "next_review": due.isoformat(),
                "days_left": (due - today).days,
            }
        )
    return sorted(rows, key=lambda r: (r["days_left"], r["service_line"]))

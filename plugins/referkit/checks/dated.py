"""RK46x: dated statements — notices and measured waits that must not go stale.

``check`` reports a notice past its ``until`` and a stale ``current_wait`` as errors,
so the editor cleans the YAML; a build on the same day leaves them out of every output
(source/timeline.py decides the days) and reports them as warnings, so the build that
makes them disappear still publishes.
"""

from __future__ import annotations

import difflib

from ..findings import Finding, Severity
from ..rules.content import RK461, RK462, RK463, RK464, RK465, RK466
from ..source.timeline import notice_gone_from, wait_stale_from
from ..wording import short_date
from .registry import LineContext, line_check


def _short(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@line_check
def check_notices(ctx: LineContext) -> list[Finding]:
    line, today = ctx.line, ctx.today
    max_age = ctx.project.options.max_notice_age_days
    findings = []
    for index, notice in enumerate(line.notices):
        start, until = notice.from_, notice.until
        if start is not None and until is not None and until < start:
            findings.append(
                ctx.finding(
                    RK463,
                    ("notices", index, "until"),
                    f"notice ends ({until}) before it starts ({start})",
                )
            )
            continue
        gone = notice_gone_from(notice)
        if gone is not None and gone <= today:
            message = f"notice {_short(notice.text)!r} ended on {until}"
            findings.append(
                ctx.finding(
                    RK461,
                    ("notices", index, "until"),
                    message + (": left out of this build" if ctx.building else ""),
                    severity=Severity.WARNING if ctx.building else None,
                )
            )
        elif until is None and (start is None or start <= today):
            since = start or line.review.last_reviewed
            age = (today - since).days
            if age > max_age:
                what = "shown since" if start else "undated; the page was last reviewed"
                findings.append(
                    ctx.finding(
                        RK462,
                        ("notices", index),
                        f"notice {_short(notice.text)!r} has no until: date and is older than "
                        f"{max_age} days ({what} {since})",
                    )
                )
    return findings


@line_check
def check_current_wait(ctx: LineContext) -> list[Finding]:
    line, today = ctx.line, ctx.today
    wait = line.current_wait
    if wait is None:
        return []
    findings = []
    max_age = ctx.project.options.max_wait_age_days
    age = (today - wait.as_of).days
    if age < 0:
        findings.append(
            ctx.finding(RK465, ("current_wait", "as_of"), f"as_of {wait.as_of} is in the future")
        )
    elif today >= wait_stale_from(wait, ctx.project.options):
        message = (
            f"the current waits were measured on {short_date(wait.as_of)}, {age} days ago "
            f"(more than max_wait_age_days: {max_age})"
        )
        findings.append(
            ctx.finding(
                RK464,
                ("current_wait", "as_of"),
                message + (": left out of this build" if ctx.building else ""),
                severity=Severity.WARNING if ctx.building else None,
            )
        )
    labels = [level.label for level in line.triage.levels]
    for name in wait.levels:
        if name in labels:
            continue
        message = f"{name!r} is not a triage level ({', '.join(repr(x) for x in labels)})"
        match = difflib.get_close_matches(name, labels, n=1, cutoff=0.5)
        hint = None
        if match:
            message += f"; did you mean {match[0]!r}?"
            hint = f"write the label exactly as in triage.levels: {match[0]}"
        findings.append(
            ctx.finding(RK466, ("current_wait", "levels", name), message, hint=hint, key=True)
        )
    return findings

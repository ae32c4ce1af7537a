"""RK42x: reachability — a referring office can send a referral and reach intake."""

from __future__ import annotations

from ..findings import Finding
from .registry import LineContext, Rule, line_check, register

register(
    Rule(
        "RK421",
        "no way to send a referral: the main route has no fax, portal or Direct address",
        "add one to how_to_refer (its first route, when there are several), e.g. fax: "
        '"+1 608-555-0121"; a portal without an address counts: portal_name',
    ),
    Rule("RK422", "no intake phone number", "add phone: so referring offices can call intake"),
    Rule("RK423", "intake hours are missing", "add hours: e.g. Mon–Fri 8:00–17:00"),
)


@line_check
def check_reachability(ctx: LineContext) -> list[Finding]:
    how = ctx.line.main_route
    # a v2 mapping is the main route itself; in a v3 list it is the first entry
    written = ctx.source.data.get("how_to_refer") if isinstance(ctx.source.data, dict) else None
    loc = ("how_to_refer", 0) if isinstance(written, list) else ("how_to_refer",)
    findings = []
    if not (how.fax or how.portal or how.portal_name or how.direct):
        findings.append(
            ctx.finding(
                "RK421",
                loc,
                "no way to send a referral: add a fax number, portal or Direct address",
                hint='e.g. fax: "+1 608-555-0121"',
            )
        )
    if not how.phone:
        findings.append(ctx.finding("RK422", loc, "no intake phone number"))
    if not how.hours:
        findings.append(ctx.finding("RK423", loc, "intake hours are missing"))
    return findings

"""RK42x: reachability — a referring office can send a referral and reach intake."""

from __future__ import annotations

from ..findings import Finding
from ..rules.review import RK421, RK422, RK423
from .registry import LineContext, line_check


@line_check
def check_reachability(ctx: LineContext) -> list[Finding]:
    how = ctx.line.main_route
    # a v2 mapping is the main route itself; in a v3 list it is the first entry
    written = ctx.source.data.get("how_to_refer") if isinstance(ctx.source.data, dict) else None
    loc = ("how_to_refer", 0) if isinstance(written, list) else ("how_to_refer",)
    findings = []
    if not (how.fax or how.portal or how.portal_name or how.direct or how.fhir_endpoint):
        findings.append(
            ctx.finding(
                RK421,
                loc,
                "no way to send a referral: add a fax number, portal, Direct address "
                "or FHIR endpoint",
                hint='e.g. fax: "+1 608-555-0121"',
            )
        )
    if not how.phone:
        findings.append(ctx.finding(RK422, loc, "no intake phone number"))
    if not how.hours:
        findings.append(ctx.finding(RK423, loc, "intake hours are missing"))
    return findings

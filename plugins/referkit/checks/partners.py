"""The ``_partners.yaml`` rules: ids, codes and service lines it names (RK501-RK503),
and campaigns that have ended (RK504)."""

from __future__ import annotations

import difflib

from ..findings import Finding, Severity
from ..rules import Rule
from ..rules.kit import RK501, RK502, RK503, RK504
from ..source.partners import PartnersFile
from ..source.positions import SourceFile
from ..source.timeline import campaign_gone_from
from .registry import ProjectContext, project_check


def cross_checks(data: PartnersFile, source: SourceFile, slugs: list[str]) -> list[Finding]:
    findings: list[Finding] = []

    def finding(rule: Rule, loc: tuple, message: str, hint: str) -> Finding:
        line, col = source.position_of(loc)
        return rule.at(source.path, line, col, message, loc=loc, hint=hint)

    seen_ids: dict[str, tuple] = {}
    seen_codes: dict[str, tuple] = {}
    for group in ("partners", "campaigns"):
        for index, item in enumerate(getattr(data, group)):
            for name, value, seen in (("id", item.id, seen_ids), ("code", item.code, seen_codes)):
                key = value.casefold()
                if key in seen:
                    first = seen[key]
                    findings.append(
                        finding(
                            RK502,
                            (group, index, name),
                            f"{name} {value!r} is already used by {first[0]}[{first[1]}]",
                            RK502.fix,
                        )
                    )
                else:
                    seen[key] = (group, index)
            for ref_index, slug in enumerate(item.service_lines or ()):
                if slug not in slugs:
                    match = difflib.get_close_matches(slug, slugs, n=1, cutoff=0.6)
                    message = f"unknown service line {slug!r}" + (
                        f"; did you mean {match[0]!r}?" if match else ""
                    )
                    findings.append(
                        finding(
                            RK501,
                            (group, index, "service_lines", ref_index),
                            message,
                            "service lines here: " + ", ".join(slugs[:12]),
                        )
                    )
            if group == "campaigns" and item.until is not None and item.until < item.from_:
                findings.append(
                    finding(
                        RK503,
                        (group, index, "until"),
                        f"campaign {item.id!r} ends ({item.until}) before it starts ({item.from_})",
                        RK503.fix,
                    )
                )
    return findings


@project_check
def check_partners_file(ctx: ProjectContext) -> list[Finding]:
    """``_partners.yaml`` (read in the load phase) against the service lines."""
    slugs = sorted(ctx.load.service_line_paths)  # every file, also one that failed to load
    result = ctx.loaded.partners
    if result.data is None or result.source is None:
        return result.findings
    findings = result.findings + cross_checks(result.data, result.source, slugs)
    return findings + ended_campaigns(result.data, result.source, ctx)


def ended_campaigns(data: PartnersFile, source: SourceFile, ctx: ProjectContext) -> list[Finding]:
    """RK504: an error for ``check``; in a build, a warning (the campaign is left out)."""
    findings = []
    for index, campaign in enumerate(data.campaigns):
        gone = campaign_gone_from(campaign)
        if gone is None or gone > ctx.today or campaign.until < campaign.from_:
            continue  # still running, or RK503 says what is wrong
        loc = ("campaigns", index, "until")
        line, col = source.position_of(loc)
        message = f"campaign {campaign.id!r} ended on {campaign.until}"
        if ctx.building:
            message += f": /for/{campaign.id}/ is left out of this build"
        findings.append(
            RK504.at(
                source.path,
                line,
                col,
                message,
                loc=loc,
                severity=Severity.WARNING if ctx.building else None,
            )
        )
    return findings

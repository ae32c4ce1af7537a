"""The ``_partners.yaml`` rules: ids, codes and service lines it names (RK501-RK503)."""

from __future__ import annotations

import difflib

from ..findings import Finding
from ..source.partners import PartnersFile, load_partners
from ..source.positions import SourceFile
from .registry import RULES, ProjectContext, Rule, project_check, register

register(
    Rule(
        "RK501",
        "`_partners.yaml` names a service line that does not exist (with the nearest slug)",
        "use the file name of a service line, e.g. cardiology for service_lines/cardiology.yaml",
        stage="load",
    ),
    Rule(
        "RK502",
        "a partner or campaign id, or a referral code, is used twice in `_partners.yaml`",
        "give each partner and campaign its own id and code",
        stage="load",
    ),
    Rule(
        "RK503",
        "a campaign ends before it starts",
        "swap from: and until:",
        stage="load",
    ),
)


def cross_checks(data: PartnersFile, source: SourceFile, slugs: list[str]) -> list[Finding]:
    findings: list[Finding] = []

    def finding(code: str, loc: tuple, message: str, hint: str) -> Finding:
        line, col = source.position_of(loc)
        return Finding(source.path, line, col, code, message, loc=loc, hint=hint)

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
                            "RK502",
                            (group, index, name),
                            f"{name} {value!r} is already used by {first[0]}[{first[1]}]",
                            RULES["RK502"].fix,
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
                            "RK501",
                            (group, index, "service_lines", ref_index),
                            message,
                            "service lines here: " + ", ".join(slugs[:12]),
                        )
                    )
            if group == "campaigns" and item.until is not None and item.until < item.from_:
                findings.append(
                    finding(
                        "RK503",
                        (group, index, "until"),
                        f"campaign {item.id!r} ends ({item.until}) before it starts ({item.from_})",
                        RULES["RK503"].fix,
                    )
                )
    return findings


@project_check
def check_partners_file(ctx: ProjectContext) -> list[Finding]:
    """Validate ``_partners.yaml`` with the rest of the project (``build.py check``)."""
    slugs = sorted(ctx.load.service_line_paths)  # every file, also one that failed to load
    result = load_partners(ctx.project.project_dir)
    if result.data is None or result.source is None:
        return result.findings
    return result.findings + cross_checks(result.data, result.source, slugs)

"""RK009: at most 50 findings per file, then one that says how many more there are."""

from __future__ import annotations

from collections.abc import Iterable

from ..findings import Finding, Severity, has_errors, sort_findings
from .files import RK009

MAX_FINDINGS_PER_FILE = 50


def cap_per_file(findings: Iterable[Finding], limit: int = MAX_FINDINGS_PER_FILE) -> list[Finding]:
    """At most ``limit`` findings per file, then one that says how many more there are."""
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    capped: list[Finding] = []
    for path, group in by_path.items():
        others = [f for f in group if f.code != RK009.code]
        if len(others) <= limit:
            capped += group
            continue
        ordered = sort_findings(others)
        kept, dropped = ordered[:limit], ordered[limit:]
        more = len(dropped) + sum(1 + f.hidden for f in group if f.code == RK009.code)
        first = dropped[0]
        capped += kept
        capped.append(
            RK009.at(
                path,
                first.line,
                first.col,
                f"and {more:,} more problems in this file (only the first {limit} are listed)",
                severity=Severity.ERROR if has_errors(dropped) else Severity.WARNING,
                hint="fix the problems above, then run check again",
                hidden=more - 1,
            )
        )
    return capped

"""One registry of every finding code: its title, default severity and fix.

Rule families register their codes and their check functions here; ``run_checks``
runs whatever is registered, and the README's rule table is generated from
:data:`RULES` (``.venv/bin/python scripts/rule_table.py``; a test keeps the two in step).

To add a rule: pick a free code in the family's range, ``register(Rule(...))`` it,
and decorate the function that finds it with ``@line_check`` (once per service
line) or ``@project_check`` (once per project).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from ..findings import Finding, Severity
from ..source.loader import LoadResult
from ..source.model import ServiceLine
from ..source.positions import Loc, SourceFile
from ..source.project import ProjectConfig


@dataclass(frozen=True)
class Rule:
    """A finding code: what it means (``title``) and what to do about it (``fix``)."""

    code: str
    title: str
    fix: str
    severity: Severity = Severity.ERROR
    severity_note: str = ""  # e.g. "error with require_promises: true"
    stage: str = "check"  # "yaml", "load", "pdf" or "check": which step reports it


RULES: dict[str, Rule] = {}


def register(*rules: Rule) -> None:
    for rule in rules:
        if rule.code in RULES and RULES[rule.code] != rule:
            raise ValueError(f"rule code {rule.code} is registered twice")
        RULES[rule.code] = rule


@dataclass(frozen=True)
class LineContext:
    """Everything a per-service-line rule reads; rules return findings, nothing else."""

    line: ServiceLine
    path: str
    source: SourceFile
    project: ProjectConfig
    today: date
    load: LoadResult
    phrases: list = field(default_factory=list)

    def finding(
        self,
        code: str,
        loc: Loc,
        message: str,
        *,
        hint: str | None = None,
        severity: Severity | None = None,
        key: bool = False,
        col: int | None = None,
        at: Loc | None = None,
    ) -> Finding:
        """A finding about ``loc`` for ``code``, placed at ``at`` (default ``loc``): its
        value, or its key with ``key=True``."""
        rule = RULES[code]
        row, column = self.source.position_of(loc if at is None else at, key=key)
        return Finding(
            self.path,
            row,
            col if col is not None else column,
            code,
            message,
            loc=loc,
            severity=severity or rule.severity,
            hint=rule.fix if hint is None else hint,
        )


@dataclass(frozen=True)
class ProjectContext:
    """What a once-per-project rule reads."""

    project: ProjectConfig
    today: date
    load: LoadResult
    phrases: list = field(default_factory=list)


LineCheck = Callable[[LineContext], Iterable[Finding]]
ProjectCheck = Callable[[ProjectContext], Iterable[Finding]]
LINE_CHECKS: list[LineCheck] = []
PROJECT_CHECKS: list[ProjectCheck] = []


def line_check(function: LineCheck) -> LineCheck:
    """Run ``function`` once per service line, in registration order."""
    LINE_CHECKS.append(function)
    return function


def project_check(function: ProjectCheck) -> ProjectCheck:
    """Run ``function`` once per project, after the service-line rules."""
    PROJECT_CHECKS.append(function)
    return function


def rule_table_markdown() -> str:
    """The README's table of codes, one row per code, sorted."""
    rows = ["| code | severity | what it means | what to do |", "|---|---|---|---|"]
    for code in sorted(RULES):
        rule = RULES[code]
        severity = rule.severity.value + (f" ({rule.severity_note})" if rule.severity_note else "")
        rows.append(f"| {code} | {severity} | {rule.title} | {rule.fix} |")
    return "\n".join(rows) + "\n"

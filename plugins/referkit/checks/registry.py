"""The content gate's check functions: which run, and what each one reads.

The rules themselves (code, what, why, examples, fix, severity) are declared in
:mod:`referkit.rules`; a check makes its findings through them.

To add a gate rule: declare ``RK4nn`` in its family module under ``referkit/rules/``,
then decorate the function that finds it with ``@line_check`` (once per service line)
or ``@project_check`` (once per project) and return ``ctx.finding(RK4nn, loc, message)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ..findings import Finding, Severity
from ..rules import Rule
from ..source.loaded import LoadedProject
from ..source.loader import LoadResult
from ..source.model import ServiceLine
from ..source.positions import Loc, SourceFile
from ..source.project import ProjectConfig

# Why the gate runs: "check" reports everything an editor should fix; "build" is the
# gate of a build on --today, where a dated fact that has run out (a notice past
# until, a stale wait, an ended campaign, an overdue review) is left out of the
# output with a warning instead of stopping the build (see source/timeline.py).
Mode = Literal["check", "build"]


@dataclass(frozen=True)
class LineContext:
    """Everything a per-service-line rule reads; rules return findings, nothing else.

    A line rule reads its line, its file's source, the organization (through ``load``),
    the project (options, site_url), ``today`` and ``mode``, never another service
    line: ``serve`` keeps each line's findings until one of those changes
    (:class:`referkit.checks.LineCheckMemo`). A rule that compares service lines is a
    ``@project_check``."""

    line: ServiceLine
    path: str
    source: SourceFile
    project: ProjectConfig
    today: date
    load: LoadResult
    phrases: list = field(default_factory=list)
    mode: Mode = "check"

    @property
    def building(self) -> bool:
        return self.mode == "build"

    def finding(
        self,
        rule: Rule,
        loc: Loc,
        message: str,
        *,
        hint: str | None = None,
        severity: Severity | None = None,
        key: bool = False,
        col: int | None = None,
        at: Loc | None = None,
    ) -> Finding:
        """``rule``'s finding about ``loc``, placed at ``at`` (default ``loc``): its value,
        or its key with ``key=True``; the hint defaults to the rule's fix."""
        row, column = self.source.position_of(loc if at is None else at, key=key)
        return rule.at(
            self.path,
            row,
            col if col is not None else column,
            message,
            loc=loc,
            severity=severity,
            hint=hint,
        )


@dataclass(frozen=True)
class ProjectContext:
    """What a once-per-project rule reads (``loaded``: content/ and ``_partners.yaml``,
    read in the load phase; a rule reads no file)."""

    project: ProjectConfig
    today: date
    load: LoadResult
    phrases: list = field(default_factory=list)
    loaded: LoadedProject | None = None
    mode: Mode = "check"
    memo: Any = None  # serve's LineCheckMemo: organization-only rules reuse their findings

    @property
    def building(self) -> bool:
        return self.mode == "build"

    def organization_rule(self, rule: str, source, make) -> list[Finding]:
        """``make()``, or its findings from the last run when only the organization
        file and the phrase rules are read and neither changed (``serve``)."""
        if self.memo is None:
            return make()
        return self.memo.organization(rule, source, self.phrases, make)


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

"""The content gate: rules that keep referral content current, factual and reachable.

Each rule reads the validated model (and the source positions the loader kept)
and returns findings; nothing here decides what a finding does to a build.

Rule families, one module each, register their check functions in :mod:`.registry`;
the rules they report are declared in :mod:`referkit.rules`:
RK40x review freshness, RK41x compliance language, RK42x reachability (RK424–RK426:
what the FHIR directory would publish wrong, :mod:`.directory`), RK43x promises and
levels, RK44x patient data, RK45x content pages, RK46x dated notices and waits, RK47x
links, RK48x publishing (placeholders, demo contact details; see :mod:`.publishing`).
"""

from __future__ import annotations

from datetime import date

from ..findings import Finding
from ..rules import RULES, Rule
from ..rules.docs import rule_table_markdown
from ..source.loaded import LoadedProject, load_project
from ..source.loader import LoadResult
from ..source.project import ProjectConfig

# importing a family module registers its checks (findings are sorted when printed)
from . import (  # noqa: F401
    compliance,
    content,
    dated,
    directory,
    links,
    partners,
    patient_data,
    promises,
    publishing,
    reachability,
    review,
)
from .compliance import DEFAULT_PHRASES, PhraseRule, phrase_rules
from .registry import (
    LINE_CHECKS,
    PROJECT_CHECKS,
    LineContext,
    Mode,
    ProjectContext,
    line_check,
    project_check,
)
from .review import next_review, reviews_table

__all__ = [
    "DEFAULT_PHRASES",
    "RULES",
    "LineContext",
    "Mode",
    "PhraseRule",
    "ProjectContext",
    "Rule",
    "line_check",
    "next_review",
    "phrase_rules",
    "project_check",
    "reviews_table",
    "rule_table_markdown",
    "run_checks",
    "run_line_checks",
]


def run_checks(
    load: LoadResult,
    project: ProjectConfig,
    *,
    today: date,
    loaded: LoadedProject | None = None,
    mode: Mode = "check",
) -> list[Finding]:
    """Every content rule, in one pass; the caller decides what a finding does.

    ``loaded`` is the load phase's project (content/, ``_partners.yaml``); callers
    without one (tests) get it loaded here, without git history. ``mode="build"`` is
    the gate of a build: dated facts that have run out are warnings there (the build
    leaves them out), errors for ``check``."""
    assert load.practice is not None, "checks run on a valid model only"
    if loaded is None:
        loaded = load_project(project, today=today, history=False)
    findings = run_line_checks(load, project, today=today, mode=mode)
    phrases = phrase_rules(project)
    project_ctx = ProjectContext(project, today, load, phrases, loaded, mode)
    for check in PROJECT_CHECKS:
        findings.extend(check(project_ctx))
    return findings


def run_line_checks(
    load: LoadResult, project: ProjectConfig, *, today: date, mode: Mode = "check"
) -> list[Finding]:
    """The per-service-line rules over ``load.practice`` (which may hold only the lines
    that validated, so a type error in one file does not hide the rest of the gate)."""
    practice = load.practice
    assert practice is not None, "checks run on a valid model only"
    phrases = phrase_rules(project)
    findings: list[Finding] = []
    for line in practice.service_lines:
        path = load.service_line_paths[line.slug]
        ctx = LineContext(line, path, load.sources[path], project, today, load, phrases, mode)
        for check in LINE_CHECKS:
            findings.extend(check(ctx))
    return findings

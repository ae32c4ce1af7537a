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
    numbers,
    partners,
    patient_data,
    promises,
    publishing,
    reachability,
    review,
)
from .compliance import DEFAULT_PHRASES, ORGANIZATION_PATH, PhraseRule, phrase_rules
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
    "LineCheckMemo",
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
    memo: LineCheckMemo | None = None,
    mode: Mode = "check",
) -> list[Finding]:
    """Every content rule, in one pass; the caller decides what a finding does.

    ``loaded`` is the load phase's project (content/, ``_partners.yaml``); callers
    without one (tests) get it loaded here, without git history. ``mode="build"`` is
    the gate of a build: dated facts that have run out are warnings there (the build
    leaves them out), errors for ``check``. ``memo``: see :func:`run_line_checks`."""
    assert load.practice is not None, "checks run on a valid model only"
    if loaded is None:
        loaded = load_project(project, today=today, history=False)
    findings = run_line_checks(load, project, today=today, mode=mode, memo=memo)
    phrases = phrase_rules(project)
    project_ctx = ProjectContext(project, today, load, phrases, loaded, mode, memo)
    for check in PROJECT_CHECKS:
        findings.extend(check(project_ctx))
    return findings


def run_line_checks(
    load: LoadResult,
    project: ProjectConfig,
    *,
    today: date,
    mode: Mode = "check",
    memo: LineCheckMemo | None = None,
) -> list[Finding]:
    """The per-service-line rules over ``load.practice`` (which may hold only the lines
    that validated, so a type error in one file does not hide the rest of the gate).

    With a ``memo`` kept from the last run (``serve``), a line whose file, organization,
    project, date and mode are the same keeps its findings instead of being checked again."""
    practice = load.practice
    assert practice is not None, "checks run on a valid model only"
    phrases = phrase_rules(project)
    org_source = load.sources.get(ORGANIZATION_PATH)
    if memo is not None:
        memo.start()
    findings: list[Finding] = []
    for line in practice.service_lines:
        path = load.service_line_paths[line.slug]
        source = load.sources[path]
        inputs = (source, org_source, project, today, mode)
        remembered = memo.get(path, inputs) if memo is not None else None
        if remembered is None:
            ctx = LineContext(line, path, source, project, today, load, phrases, mode)
            remembered = [f for check in LINE_CHECKS for f in check(ctx)]
            if memo is not None:
                memo.put(path, inputs, remembered)
        findings.extend(remembered)
    if memo is not None:
        memo.keep(set(load.service_line_paths.values()))
    return findings


class LineCheckMemo:
    """The per-line rules' findings of the last run, with what they were made from.

    A line check reads only its service line and that file's source, the organization,
    the project's mkdocs.yml facts (site_url, options), the date and the mode (see
    :class:`~.registry.LineContext`). The loader's
    :class:`~referkit.source.file_memo.LoadMemo` hands back the same source object for
    a file whose bytes did not change, so sameness is identity there and equality for
    the project, the date and the mode."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[tuple, list[Finding]]] = {}
        self._org: dict[str, tuple[tuple, list[Finding]]] = {}
        self.checked = 0  # lines checked (not remembered) by the last run, for tests

    def get(self, path: str, inputs: tuple) -> list[Finding] | None:
        entry = self._entries.get(path)
        if entry is None or not _same(entry[0], inputs):
            self.checked += 1
            return None
        return entry[1]

    def put(self, path: str, inputs: tuple, findings: list[Finding]) -> None:
        self._entries[path] = (inputs, findings)

    def start(self) -> None:
        self.checked = 0

    def keep(self, paths: set[str]) -> None:
        """Forget the files that are gone."""
        self._entries = {k: v for k, v in self._entries.items() if k in paths}

    def organization(self, rule: str, source, phrases: list, make) -> list[Finding]:
        """An organization-only rule's findings (its phrases and patient data, 0.3 s
        on a large practice), kept while the organization file's source object (the
        same while its bytes are) and the phrase rules are the same."""
        inputs = (source, phrases)
        entry = self._org.get(rule)
        if entry is not None and entry[0][0] is source and entry[0][1] == phrases:
            return entry[1]
        findings = make()
        self._org[rule] = (inputs, findings)
        return findings


def _same(before: tuple, now: tuple) -> bool:
    source, org, project, today, mode = before
    return (
        source is now[0]
        and org is now[1]
        and project == now[2]
        and today == now[3]
        and mode == now[4]
    )

"""One build's work before any site engine runs: load, check, render PDFs, generate.

Two phases, as Pelican separates context from output. **Load**: :func:`load` reads
everything once into a :class:`~referkit.source.loaded.LoadedProject` (the YAML, the
partners, the git history, content/, the logo, assets and templates). **Render**:
the gate, the PDF phase (public and partner PDFs in one pool run) and ``generate``
take that object and read no file and run no git; nothing is written to the docs
folder unless the content is free of errors.

Between the two, the gate runs for a build (``mode="build"``) and
:func:`~referkit.source.timeline.publish` derives, once, the project as it is
published on the build's day: notices, waits and campaigns that have run out are left
out, and a service line past its review date is marked or withdrawn. Every renderer
reads that one model.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import TemplateError

from .checks import LineCheckMemo, Mode, run_checks
from .checks.publishing import check_publishing
from .findings import Finding, Severity, has_errors
from .generate import Generated, generate
from .pdf.jobs import PdfResult
from .render.memo import RenderMemo
from .render.pages import template_environment
from .render.template_check import compile_templates, template_error_finding, unused_templates
from .rules.cap import cap_per_file
from .source.file_memo import LoadMemo
from .source.loaded import LoadedProject, ProjectFile, load_project
from .source.loader import LoadResult
from .source.project import ProjectConfig
from .source.timeline import publish


@dataclass
class Prepared:
    """The outcome of :func:`prepare`: findings always, a generated folder on success."""

    project: ProjectConfig
    loaded: LoadedProject
    findings: list[Finding] = field(default_factory=list)
    generated: Generated | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # time per phase, for benchmarks
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # CPU per phase, workers too

    @property
    def load(self) -> LoadResult:
        return self.loaded.load

    @property
    def ok(self) -> bool:
        return self.generated is not None


@dataclass
class PrepareMemo:
    """What ``serve`` keeps from one rebuild to the next (issue #23, item 1): the YAML
    files as loaded and validated, each service line's findings, the compiled
    templates and the rendered pages; a rebuild then reads, validates, checks and
    renders only what a save changed."""

    files: LoadMemo = field(default_factory=LoadMemo)
    lines: LineCheckMemo = field(default_factory=LineCheckMemo)
    pages: RenderMemo = field(default_factory=RenderMemo)  # pages, FHIR, exports, the tree
    _environments: dict[str, list] = field(default_factory=dict)
    _made: int = 0

    def environment(self, templates: Mapping[str, ProjectFile]):
        """The Jinja environments of the last rebuild while its templates are the same
        (the load phase asks for two: pages, then PDFs)."""
        digest = hashlib.sha256()
        for name in sorted(templates):
            digest.update(name.encode() + b"\0" + templates[name].data + b"\0")
        made = self._environments.setdefault(digest.hexdigest(), [])
        if len(made) <= self._made:
            made.append(template_environment(templates))
        self._made += 1
        return made[self._made - 1]

    def start(self) -> None:
        self._made = 0


def load(
    project: ProjectConfig,
    *,
    today: date | None = None,
    history: bool = True,
    memo: PrepareMemo | None = None,
):
    """The load phase: everything a build of ``project`` reads, read once."""
    if memo is None:
        return load_project(project, today=today, history=history, environment=template_environment)
    memo.start()
    return load_project(
        project, today=today, history=history, environment=memo.environment, memo=memo.files
    )


def check_loaded(
    loaded: LoadedProject,
    *,
    render_templates: bool = False,
    mode: Mode = "check",
    memo: PrepareMemo | None = None,
) -> list[Finding]:
    """Validate the YAML, run the content checks and compile the templates; writes
    nothing a build uses. ``render_templates`` also renders the project's template
    overrides against the model (``check`` does; a build renders them anyway).

    ``mode`` says whose gate this is: ``check`` reports dated facts that have run out
    as errors; a build (``mode="build"``) leaves them out and reports warnings."""
    project, load_result, today = loaded.project, loaded.load, loaded.today
    findings = list(load_result.findings) + check_publishing(loaded)
    if load_result.practice is not None:
        lines = memo.lines if memo is not None else None
        findings.extend(
            run_checks(load_result, project, today=today, loaded=loaded, mode=mode, memo=lines)
        )
    elif load_result.partial is not None:
        # every problem in one run: the gate still reads every file as far as it validated
        partial = dataclasses.replace(load_result, practice=load_result.partial)
        gate = run_checks(partial, project, today=today, loaded=loaded, mode=mode)
        findings.extend(f for f in gate if not _about_left_out(f, load_result.left_out))
    template_findings = compile_templates(project, loaded.page_env)
    findings.extend(template_findings)
    findings.extend(unused_templates(loaded.templates, project, loaded.page_env))
    if render_templates and load_result.practice is not None and not template_findings:
        findings.extend(trial_render(loaded))
    return cap_per_file(findings)


def check_project(
    project: ProjectConfig,
    *,
    today: date | None = None,
    render_templates: bool = False,
    history: bool = False,
) -> tuple[LoadedProject, list[Finding]]:
    """``build.py check``: load and check. The git history is read only with
    ``history`` (``check --pdf``: a guide's "Changed on …" line takes room)."""
    loaded = load(project, today=today, history=history)
    return loaded, check_loaded(loaded, render_templates=render_templates)


def _about_left_out(finding: Finding, left_out: dict[str, tuple]) -> bool:
    """A gate finding about a value that failed validation (reported already), or about
    what holds it (``how_to_refer`` has no fax when its fax was unreadable)."""
    loc = finding.loc
    return bool(loc) and any(
        gone[: len(loc)] == loc or loc[: len(gone)] == gone
        for gone in left_out.get(finding.path, ())
    )


def prepare(
    project: ProjectConfig,
    *,
    strict: bool = False,
    today: date | None = None,
    use_cache: bool = True,
    config_findings: list[Finding] | None = None,
    memo: PrepareMemo | None = None,
    pdf_phase: Callable[[LoadedProject, bool], PdfResult] | None = None,
) -> Prepared:
    """Load the project, check it and, if nothing blocks publishing, render its PDFs
    and write its docs folder.

    ``config_findings`` (warnings about mkdocs.yml) count like any other finding.
    ``serve`` passes a ``memo`` kept between rebuilds and its own ``pdf_phase`` (the
    pages first, the PDFs that are not cached afterwards)."""
    started, cpu = time.perf_counter(), cpu_seconds()
    loaded = load(project, today=today, memo=memo)
    findings = [*(config_findings or ()), *check_loaded(loaded, mode="build", memo=memo)]
    prepared = Prepared(project=project, loaded=loaded, findings=findings)
    prepared.seconds["load_and_check"] = time.perf_counter() - started
    prepared.cpu_seconds["load_and_check"] = cpu_seconds() - cpu
    blocking = has_errors(findings) or (
        strict and any(f.severity is Severity.WARNING for f in findings)
    )
    if blocking or loaded.practice is None:
        return prepared
    # the one model every renderer reads: the project as published on loaded.today
    loaded = prepared.loaded = publish(loaded)
    pdfs: dict[str, bytes] = {}
    pdf_stats = None
    if project.options.pdf:
        started, cpu = time.perf_counter(), cpu_seconds()
        try:
            pdf_result = (pdf_phase or render_now)(loaded, use_cache)
        except TemplateError as exc:
            prepared.findings.append(template_error_finding(exc, project.project_dir))
            return prepared
        prepared.seconds["pdfs"] = time.perf_counter() - started
        prepared.cpu_seconds["pdfs"] = cpu_seconds() - cpu
        prepared.findings.extend(pdf_result.findings)
        if has_errors(pdf_result.findings):
            return prepared
        pdfs, pdf_stats = pdf_result.files, pdf_result.stats
    started, cpu = time.perf_counter(), cpu_seconds()
    try:
        generated = generate(loaded, pdfs, memo=memo.pages if memo is not None else None)
    except TemplateError as exc:
        prepared.findings.append(template_error_finding(exc, project.project_dir))
        return prepared
    prepared.seconds["generate"] = time.perf_counter() - started
    prepared.cpu_seconds["generate"] = cpu_seconds() - cpu
    if pdf_stats is not None:
        generated.stats.pdfs_rendered = pdf_stats.rendered
        generated.stats.pdfs_cached = pdf_stats.cached
        generated.stats.pdfs_rendered_kinds = dict(sorted(pdf_stats.rendered_kinds.items()))
    prepared.findings.extend(generated.findings)
    if not has_errors(generated.findings):
        prepared.generated = generated
    return prepared


def render_now(loaded: LoadedProject, use_cache: bool) -> PdfResult:
    """A build's PDF phase: every PDF, rendered (or from the cache) before the pages."""
    from .pdf.render import render_pdfs  # WeasyPrint is heavy: only when PDFs are wanted

    return render_pdfs(loaded, use_cache=use_cache)


def cpu_seconds() -> float:
    """CPU seconds of this process and of every child it has waited for (the PDF
    workers of a finished pool run included)."""
    try:
        import resource
    except ImportError:  # Windows: this process only
        return time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _overrides(loaded: LoadedProject, folder: str) -> bool:
    """Whether the project's templates/ replaces a template under ``folder``/
    (``shared/`` macros count for pages and PDFs alike)."""
    templates = loaded.project.templates_dir
    prefixes = (folder + "/", "shared/")
    return any(
        name.startswith(prefixes) and Path(file.filename).is_relative_to(templates)
        for name, file in loaded.templates.items()
    )


def trial_render(loaded: LoadedProject) -> list[Finding]:
    """Render the project's page and PDF overrides with the real model, writing nothing
    that a build uses; the packaged defaults are covered by ReferKit's own tests."""
    loaded = publish(loaded)  # what a build on the same day renders
    project = loaded.project
    findings: list[Finding] = []
    if _overrides(loaded, "pages"):
        with tempfile.TemporaryDirectory(prefix="referkit-check-") as scratch:
            try:
                generate(loaded, {}, docs_dir=Path(scratch) / "docs")
            except TemplateError as exc:
                findings.append(template_error_finding(exc, project.project_dir))
    if _overrides(loaded, "pdf") and project.options.pdf:
        from .pdf.render import trial_html

        try:
            trial_html(loaded)
        except TemplateError as exc:
            findings.append(template_error_finding(exc, project.project_dir))
    return findings

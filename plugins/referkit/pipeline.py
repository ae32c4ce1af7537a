"""One build's work before any site engine runs: load, check, render PDFs, generate.

Load everything first, then write (as Pelican separates context from output):
nothing is written to the docs folder unless the content is free of errors.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import TemplateError

from .checks import run_checks, run_line_checks
from .checks.publishing import check_publishing
from .findings import Finding, Severity, has_errors
from .generate import Generated, generate
from .render.template_check import compile_templates, template_error_finding, template_names
from .rules.cap import cap_per_file
from .source.loader import LoadResult, load_practice
from .source.project import ProjectConfig


@dataclass
class Prepared:
    """The outcome of :func:`prepare`: findings always, a generated folder on success."""

    project: ProjectConfig
    load: LoadResult
    findings: list[Finding] = field(default_factory=list)
    generated: Generated | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # time per phase, for benchmarks

    @property
    def ok(self) -> bool:
        return self.generated is not None


def check_project(
    project: ProjectConfig, *, today: date | None = None, render_templates: bool = False
) -> tuple[LoadResult, list[Finding]]:
    """Validate the YAML, run the content checks and compile the templates; writes
    nothing a build uses. ``render_templates`` also renders the project's template
    overrides against the model (``check`` does; a build renders them anyway)."""
    load = load_practice(project.project_dir)
    findings = list(load.findings) + check_publishing(load, project)
    if load.practice is not None:
        findings.extend(run_checks(load, project, today=today or date.today()))
    elif load.partial is not None:
        # every problem in one run: the gate still reads the service lines that validated
        partial = dataclasses.replace(load, practice=load.partial)
        findings.extend(run_line_checks(partial, project, today=today or date.today()))
    template_findings = compile_templates(project)
    findings.extend(template_findings)
    if render_templates and load.practice is not None and not template_findings:
        findings.extend(trial_render(load.practice, project))
    return load, cap_per_file(findings)


def prepare(
    project: ProjectConfig,
    *,
    strict: bool = False,
    today: date | None = None,
    use_cache: bool = True,
    config_findings: list[Finding] | None = None,
) -> Prepared:
    """Check the project and, if nothing blocks publishing, write its docs folder.

    ``config_findings`` (warnings about mkdocs.yml) count like any other finding."""
    started = time.perf_counter()
    load, findings = check_project(project, today=today)
    findings = [*(config_findings or ()), *findings]
    prepared = Prepared(project=project, load=load, findings=findings)
    prepared.seconds["load_and_check"] = time.perf_counter() - started
    blocking = has_errors(findings) or (
        strict and any(f.severity is Severity.WARNING for f in findings)
    )
    if blocking or load.practice is None:
        return prepared
    pdfs: dict[str, bytes] = {}
    pdf_stats = None
    if project.options.pdf:
        from .pdf.render import render_all  # WeasyPrint is heavy: only when PDFs are wanted

        started = time.perf_counter()
        try:
            pdf_result = render_all(
                load.practice,
                project,
                use_cache=use_cache,
                source_paths=load.service_line_paths,
                today=today,
            )
        except TemplateError as exc:
            prepared.findings.append(template_error_finding(exc, project.project_dir))
            return prepared
        prepared.seconds["pdfs"] = time.perf_counter() - started
        prepared.findings.extend(pdf_result.findings)
        if has_errors(pdf_result.findings):
            return prepared
        pdfs, pdf_stats = pdf_result.files, pdf_result.stats
    started = time.perf_counter()
    try:
        generated = generate(load.practice, project, pdfs, today=today)
    except TemplateError as exc:
        prepared.findings.append(template_error_finding(exc, project.project_dir))
        return prepared
    prepared.seconds["generate"] = time.perf_counter() - started
    if pdf_stats is not None:
        generated.stats.pdfs_rendered = pdf_stats.rendered
        generated.stats.pdfs_cached = pdf_stats.cached
    prepared.findings.extend(generated.findings)
    if not has_errors(generated.findings):
        prepared.generated = generated
    return prepared


def _overrides(project: ProjectConfig, folder: str) -> bool:
    """Whether the project overrides a template of ``folder`` (``shared/`` macros count
    for pages and PDFs alike)."""
    prefixes = (folder + "/", "shared/")
    return any(n.startswith(prefixes) for n in template_names(project.templates_dir))


def trial_render(practice, project: ProjectConfig) -> list[Finding]:
    """Render the project's page and PDF overrides with the real model, writing nothing
    that a build uses; the packaged defaults are covered by ReferKit's own tests."""
    findings: list[Finding] = []
    if _overrides(project, "pages"):
        with tempfile.TemporaryDirectory(prefix="referkit-check-") as scratch:
            try:
                generate(practice, project, {}, docs_dir=Path(scratch) / "docs")
            except TemplateError as exc:
                findings.append(template_error_finding(exc, project.project_dir))
    if _overrides(project, "pdf") and project.options.pdf:
        from .pdf.context import build_jobs

        try:
            build_jobs(practice, project)
        except TemplateError as exc:
            findings.append(template_error_finding(exc, project.project_dir))
    return findings

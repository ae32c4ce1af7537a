"""One-page referral guides and fillable referral forms, rendered by WeasyPrint.

The HTML for each PDF is rendered here (pure Jinja, cheap); WeasyPrint runs in
warm worker processes that receive only plain data. The fit strategy renders the
guide at decreasing body sizes (FIT_STEPS_PT, never below 8 pt) and keeps the
first that fits on one page; if none does, the build fails with a finding that
names the service line, its longest sections and how far it overflows. A form
never fails: it takes a second page instead (context.fit_steps).
"""

from __future__ import annotations

import sys
from datetime import date

from ..findings import Finding
from ..source.model import Practice
from ..source.project import ProjectConfig
from .cache import PdfCache
from .context import PdfRenderer, PdfSpec
from .fit import guide_overflow, section_lengths
from .jobs import PdfOutcome, PdfResult
from .workers import render_jobs


def render_all(
    practice: Practice,
    project: ProjectConfig,
    *,
    use_cache: bool = True,
    source_paths: dict[str, str] | None = None,
    workers: int | None = None,
    today: date | None = None,
    write_manifest: bool = True,
) -> PdfResult:
    """Render (or take from the cache) every PDF of the practice.

    ``check`` runs this too (``write_manifest=False``, the files unused): a clean
    ``check`` means ``build`` publishes, and the build then finds every PDF cached."""
    renderer = PdfRenderer(practice, project, today)
    specs = renderer.specs(source_paths or {})
    cache = PdfCache(project.cache_dir / "pdf")
    result = PdfResult()
    pending: list[PdfSpec] = []
    for spec in specs:
        cached = cache.get(spec.key) if use_cache else None
        overflow = cache.get_overflow(spec.key) if use_cache and cached is None else None
        if cached is not None:
            result.files[spec.output] = cached
            result.stats.cached += 1
        elif overflow is not None:
            result.findings.append(_overflow(spec, overflow, project))
            result.stats.cached += 1
        else:
            pending.append(spec)
    for spec, outcome in zip(pending, render_staged(renderer, pending, workers), strict=True):
        result.stats.rendered += 1
        if outcome.pdf is None:
            result.findings.append(_overflow(spec, outcome.overflow_in, project))
            cache.put_overflow(spec.key, outcome.overflow_in)
            continue
        result.files[spec.output] = outcome.pdf
        cache.put(spec.key, outcome.pdf)
    if write_manifest:
        cache.write_manifest({s.output: s.key for s in specs if s.output in result.files})
    return result


def render_staged(
    renderer: PdfRenderer, specs: list[PdfSpec], workers: int | None = None
) -> list[PdfOutcome]:
    """Render every PDF's fit steps at the largest size first (where most fit, so most
    PDFs cost one template run), then the remaining steps of those that did not fit."""
    outcomes = render_jobs([renderer.job(spec, stage="first") for spec in specs], workers=workers)
    retry = [index for index, outcome in enumerate(outcomes) if outcome.pdf is None]
    if retry:
        rest = [renderer.job(specs[index], stage="rest") for index in retry]
        for index, outcome in zip(retry, render_jobs(rest, workers=workers), strict=True):
            outcomes[index] = outcome
    return outcomes


def _overflow(spec: PdfSpec, overflow_in: float, project: ProjectConfig) -> Finding:
    label = f"{spec.line.name} referral {spec.kind}"
    sections = section_lengths(spec.line, spec.kind)
    return guide_overflow(label, spec.source_path, sections, overflow_in, project.project_dir)


def measure_pdfs(
    practice: Practice,
    project: ProjectConfig,
    source_paths: dict[str, str] | None = None,
    today: date | None = None,
) -> list[Finding]:
    """``build.py check`` (unless ``--no-pdf``): what the build's PDF step would refuse,
    measured with the build's own cache, so a second ``check`` or the build that
    follows renders nothing again."""
    return render_all(
        practice, project, source_paths=source_paths, today=today, write_manifest=False
    ).findings


def predict_fit(
    practice: Practice,
    project: ProjectConfig,
    source_paths: dict[str, str] | None = None,
    today: date | None = None,
) -> list[Finding]:
    """``build.py check --pdf``: render every guide and form in memory (no cache, nothing
    written) and report what would not fit; prints the size each PDF lands at."""
    renderer = PdfRenderer(practice, project, today)
    specs = renderer.specs(source_paths or {})
    findings: list[Finding] = []
    for spec, outcome in zip(specs, render_staged(renderer, specs), strict=True):
        if outcome.pdf is None:
            findings.append(_overflow(spec, outcome.overflow_in, project))
            print(f"{spec.output}: does not fit", file=sys.stderr)
        else:
            pages = f" on {outcome.pages} pages" if outcome.pages > 1 else ""
            print(f"{spec.output}: fits at {outcome.body_size_pt:g} pt{pages}", file=sys.stderr)
    return findings

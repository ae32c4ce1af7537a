"""One-page referral guides and fillable referral forms, rendered by WeasyPrint.

The HTML for each PDF is rendered here (pure Jinja, cheap); WeasyPrint runs in
warm worker processes that receive only plain data. The fit strategy renders the
guide at decreasing body sizes (FIT_STEPS_PT, never below 8 pt) and keeps the
first that fits on one page; if none does, the build fails with a finding that
names the service line, its longest sections and how far it overflows.
"""

from __future__ import annotations

import sys
from datetime import date

from ..findings import Finding
from ..source.model import Practice
from ..source.project import ProjectConfig
from .cache import PdfCache
from .context import PdfRenderer, PdfSpec
from .fit import overflow_finding
from .jobs import PdfResult
from .workers import render_jobs


def render_all(
    practice: Practice,
    project: ProjectConfig,
    *,
    use_cache: bool = True,
    source_paths: dict[str, str] | None = None,
    workers: int | None = None,
    today: date | None = None,
) -> PdfResult:
    """Render (or take from the cache) every PDF of the practice."""
    renderer = PdfRenderer(practice, project, today)
    specs = renderer.specs(source_paths or {})
    cache = PdfCache(project.cache_dir / "pdf")
    result = PdfResult()
    pending: list[PdfSpec] = []
    for spec in specs:
        cached = cache.get(spec.key) if use_cache else None
        if cached is not None:
            result.files[spec.output] = cached
            result.stats.cached += 1
        else:
            pending.append(spec)
    jobs = [renderer.job(spec) for spec in pending]
    for spec, job, outcome in zip(pending, jobs, render_jobs(jobs, workers=workers), strict=True):
        result.stats.rendered += 1
        if outcome.pdf is None:
            result.findings.append(overflow_finding(job, outcome, project.project_dir))
            continue
        result.files[spec.output] = outcome.pdf
        cache.put(spec.key, outcome.pdf)
    cache.write_manifest({s.output: s.key for s in specs if s.output in result.files})
    return result


def predict_fit(
    practice: Practice,
    project: ProjectConfig,
    source_paths: dict[str, str] | None = None,
    today: date | None = None,
) -> list[Finding]:
    """``build.py check --pdf``: render every guide and form in memory (no cache, nothing
    written) and report what would not fit; prints the size each PDF lands at."""
    renderer = PdfRenderer(practice, project, today)
    jobs = [renderer.job(spec) for spec in renderer.specs(source_paths or {})]
    findings: list[Finding] = []
    for job, outcome in zip(jobs, render_jobs(jobs), strict=True):
        if outcome.pdf is None:
            findings.append(overflow_finding(job, outcome, project.project_dir))
            print(f"{job.output}: does not fit", file=sys.stderr)
        else:
            print(f"{job.output}: fits at {outcome.body_size_pt:g} pt", file=sys.stderr)
    return findings

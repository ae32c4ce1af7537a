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
from pathlib import Path

from ..config import MKDOCS_FILE
from ..findings import Finding
from ..rules.pdf import RK302
from ..source.model import Practice
from ..source.project import ProjectConfig
from .cache import PdfCache
from .context import PdfRenderer, PdfSpec
from .fit import overflow_finding
from .jobs import PdfJob, PdfOutcome, PdfResult
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
    outcomes = render_jobs(jobs, workers=workers)
    result.findings += refused_findings(jobs, outcomes, project.project_dir)
    for spec, job, outcome in zip(pending, jobs, outcomes, strict=True):
        result.stats.rendered += 1
        if outcome.pdf is None:
            result.findings.append(overflow_finding(job, outcome, project.project_dir))
            continue
        if outcome.refused:
            continue  # reported above; never published or cached
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
    outcomes = render_jobs(jobs)
    findings: list[Finding] = refused_findings(jobs, outcomes, project.project_dir)
    for job, outcome in zip(jobs, outcomes, strict=True):
        if outcome.pdf is None:
            findings.append(overflow_finding(job, outcome, project.project_dir))
            print(f"{job.output}: does not fit", file=sys.stderr)
        else:
            print(f"{job.output}: fits at {outcome.body_size_pt:g} pt", file=sys.stderr)
    return findings


def refused_findings(
    jobs: list[PdfJob], outcomes: list[PdfOutcome], project_dir: Path
) -> list[Finding]:
    """RK302, once per thing a PDF asked for and did not get (with how many PDFs asked),
    at the project file that names it when one does (a PDF template override, the logo)."""
    asked: dict[str, list[str]] = {}
    for job, outcome in zip(jobs, outcomes, strict=True):
        for problem in outcome.refused:
            asked.setdefault(problem, []).append(job.output)
    findings = []
    for problem, outputs in asked.items():
        path, line, col = _where_named(problem, project_dir)
        more = f" and {len(outputs) - 1} more" if len(outputs) > 1 else ""
        findings.append(
            RK302.at(
                path,
                line,
                col,
                f"{outputs[0]}{more}: {problem}",
                hint="remove the reference: a PDF draws only ReferKit's own files and the "
                "brand logo (brand.logo in mkdocs.yml, a file inside the project); the PDF is "
                "not published until then",
            )
        )
    return findings


def _where_named(problem: str, project_dir: Path) -> tuple[str, int, int]:
    """The first project file (PDF template overrides, then the rest of templates/) whose
    text names what was refused; mkdocs.yml (where the brand logo is set) otherwise."""
    url = problem.split(" (", 1)[0].removeprefix("Failed to load image at ").strip("'\"")
    needles = [url, url.removeprefix("file://")]
    templates = project_dir / "templates"
    files = sorted(templates.glob("pdf/**/*")) + sorted(templates.rglob("*"))
    for path in files:
        if not path.is_file() or path.stat().st_size > 1_000_000:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for needle in needles:
            at = text.find(needle) if needle else -1
            if at >= 0:
                line = text.count("\n", 0, at) + 1
                col = at - (text.rfind("\n", 0, at) + 1) + 1
                return path.relative_to(project_dir).as_posix(), line, col
    return MKDOCS_FILE, 1, 1

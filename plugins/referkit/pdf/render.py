"""The PDF phase: every PDF of a loaded project, public and partner, in one pool run.

Each PDF gets a cache key from what it prints (keys.py) and, when the cache does not
hold it, a job: its typed context (context.py) and fit steps, sent to warm workers
that build the HTML and run WeasyPrint (workers.py). A PDF is written to the cache
the moment it comes back, so a build that is killed keeps every PDF it finished and
the next one renders only the rest. The fit strategy renders a PDF at decreasing body
sizes (``jobs.fit_steps``, never below 8 pt) and keeps the first that fits on one
page; if none does, a public guide fails the build with a finding that names the
service line, its longest sections and how far it overflows (a partner copy that
cannot fit is left out of the kit), and the cache remembers the overflow, so ``check``
and the build that follows do not render a known failure again. A form never fails: it
takes a second page instead. A partner copy is the public PDF plus a referral code: it starts at
the size its public copy fits at, and its columns balance where the public copy's did
(both measured by the public copy's render, or remembered with it in the cache).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..config import MKDOCS_FILE
from ..findings import Finding
from ..rules.pdf import RK302
from ..source.loaded import LoadedProject
from ..source.model import ServiceLine
from .cache import CacheMemory, PdfCache, PdfFit
from .context import PartnerCopy, PdfContexts, template_variables
from .fit import guide_overflow, section_lengths
from .forms import read_only_code_field
from .html import PdfTemplates
from .jobs import FIT_STEPS_PT, PdfJob, PdfOutcome, PdfResult, PdfSetup, fit_steps
from .keys import PdfKeys
from .workers import PdfPool, Renderer, install_setup, render_jobs

PARTNERS_SOURCE = "service_lines/_partners.yaml"
PDF_TEMPLATES = ("pdf/", "shared/")  # what a PDF template may include or import


@dataclass(frozen=True)
class PdfSpec:
    """One PDF to produce: what it is, for whom, where it goes and its cache key."""

    kind: str  # "guide", "form" or "overview"
    output: str  # its path in the docs folder
    source_path: str  # the YAML file an overflow finding points at
    lines: tuple[ServiceLine, ...]  # one for a guide or form; a partner's for the overview
    partner: PartnerCopy | None  # None: the public PDF
    key: str

    @property
    def line(self) -> ServiceLine:
        return self.lines[0]


class PdfDocuments:
    """Every PDF a loaded project publishes, its context, cache key and job."""

    def __init__(self, loaded: LoadedProject, facts: dict | None = None) -> None:
        self.loaded = loaded
        self.contexts = PdfContexts(loaded)
        self.keys = PdfKeys(loaded, self.contexts, facts)
        self.env = loaded.pdf_env
        templates = loaded.templates
        self.setup = PdfSetup(
            templates=tuple(
                (name, templates[name])
                for name in sorted(templates)
                if name.startswith(PDF_TEMPLATES)
            ),
            shared={"org": self.contexts.org, "logo": self.contexts.logo},
        )

    def spec(self, kind: str, lines: tuple[ServiceLine, ...], output: str, partner=None) -> PdfSpec:
        if kind == "overview":
            source = PARTNERS_SOURCE
        else:
            slug = lines[0].slug
            paths = self.loaded.load.service_line_paths
            source = paths.get(slug, f"service_lines/{slug}.yaml")
        return PdfSpec(kind, output, source, lines, partner, self.keys.key(kind, lines, partner))

    def public(self) -> list[PdfSpec]:
        """Each service line's guide and form."""
        specs = []
        for line in self.loaded.practice.service_lines:
            specs.append(self.spec("guide", (line,), urls.guide_url(line.slug)))
            specs.append(self.spec("form", (line,), urls.form_url(line.slug)))
        return specs

    def partner(self) -> list[PdfSpec]:
        """Each partner's (and running campaign's) coded guides and forms and overview."""
        by_slug = {line.slug: line for line in self.loaded.practice.service_lines}
        specs = []
        for audience in self.loaded.audiences:
            copy = self.contexts.partner_copy(audience)
            lines = tuple(by_slug[slug] for slug in audience.slugs)
            for line in lines:
                specs.append(self.spec("guide", (line,), audience.guide_url(line.slug), copy))
                specs.append(self.spec("form", (line,), audience.form_url(line.slug), copy))
            specs.append(self.spec("overview", lines, audience.overview_url, copy))
        return specs

    def job(self, spec: PdfSpec, fit: PdfFit | None = None) -> PdfJob:
        """What a worker needs to render ``spec`` (only for PDFs the cache does not
        have); ``fit``: where its public copy fitted, for a partner copy."""
        if spec.kind == "overview":
            context = self.contexts.overview(spec.lines, spec.partner)
            # with each line's intake counts and review line at every size first; without
            # them (contacts, routes and targets stay) only when that cannot fit one page
            plan = [
                ({"extras": extras}, size, 1) for extras in (True, False) for size in FIT_STEPS_PT
            ]
            label = f"referral overview for {spec.partner.audience.name}"
            sections: tuple = (("service lines", len(spec.lines)),)
        else:
            context = self.contexts.line_context(spec.line, spec.kind, spec.partner)
            plan = fit_steps(spec.kind)
            label = f"{spec.line.name} referral {spec.kind}"
            sections = section_lengths(spec.line, spec.kind)
        steps = tuple((size, extra) for extra, size, _ in plan)
        variables = {
            name: value
            for name, value in template_variables(context).items()
            if name not in self.setup.shared
        }
        return PdfJob(
            output=spec.output,
            source_path=spec.source_path,
            label=label,
            kind=spec.kind,
            variables=variables,
            steps=steps,
            forms=spec.kind == "form",
            sections=sections,
            setup=self.setup.digest,
            start=fit.step if fit is not None and 0 <= fit.step < len(steps) else 0,
            columns=fit.columns if fit is not None else (),
            pages=tuple(pages for _, _, pages in plan),
        )

    def html(self, job: PdfJob) -> list[str]:
        """Every fit step's HTML of ``job``, rendered here (``check`` renders a
        project's PDF template overrides this way; a template error is raised)."""
        templates = PdfTemplates(self.setup, self.env)
        return [templates.html(job, step, inline_css=True) for step in range(len(job.steps))]


def _overflow(documents: PdfDocuments, spec: PdfSpec, overflow_in: float) -> Finding:
    label = f"{spec.line.name} referral {spec.kind}"
    sections = section_lengths(spec.line, spec.kind)
    return guide_overflow(
        label, spec.source_path, sections, overflow_in, documents.loaded.load.sources
    )


def render_pdfs(
    loaded: LoadedProject,
    *,
    use_cache: bool = True,
    workers: int | None = None,
    pool: PdfPool | None = None,
) -> PdfResult:
    """Render (or take from the cache) every PDF of the project, public and partner,
    in one pool run; a partner form's referral code field is made read-only. ``pool``:
    warm workers kept by the caller (``serve``), else started for this run."""
    return PdfPlan(loaded, use_cache=use_cache).run(workers=workers, pool=pool)


class PdfPlan:
    """One PDF phase: the PDFs the cache holds (in :attr:`result` already) and the
    jobs for the rest, which :meth:`run` renders. ``serve`` publishes the pages first
    and runs the plan afterwards (engines/preview_build.py)."""

    def __init__(
        self,
        loaded: LoadedProject,
        *,
        use_cache: bool = True,
        public_only: bool = False,
        memory: CacheMemory | None = None,
    ) -> None:
        """``memory``: ``serve``'s, kept between rebuilds (no PDF is read twice)."""
        self.loaded = loaded
        facts = memory.facts if memory is not None else None
        self.documents = documents = PdfDocuments(loaded, facts)
        self.specs = documents.public() + ([] if public_only else documents.partner())
        self.cache = PdfCache(loaded.project.cache_dir / "pdf", memory)
        if memory is not None:
            memory.keep_only({spec.key for spec in self.specs})
        self.result = PdfResult()
        self.pending: list[PdfSpec] = []
        self._fits: dict[tuple[str, str], PdfFit] = {}  # (kind, slug) -> the public copy's
        for spec in self.specs:
            cached = self.cache.get(spec.key) if use_cache else None
            overflow = self.cache.get_overflow(spec.key) if use_cache and cached is None else None
            if overflow is not None:  # measured before: it does not fit
                if spec.partner is None:
                    self.result.findings.append(_overflow(documents, spec, overflow))
                self.result.stats.cached += 1
                continue
            if cached is None:
                self.pending.append(spec)
                continue
            self.result.files[spec.output] = cached
            self.result.stats.cached += 1
            if spec.partner is None and spec.kind != "overview":
                fit = self.cache.get_fit(spec.key)
                if fit is not None:
                    self._fits[(spec.kind, spec.line.slug)] = fit

    def run(
        self,
        *,
        workers: int | None = None,
        pool: PdfPool | None = None,
        stop: Callable[[], bool] | None = None,
        write_manifest: bool = True,
    ) -> PdfResult:
        """Render the pending PDFs into :attr:`result` and the cache, each as it comes
        back; a partner copy after its public copy, from where that one fitted. With
        ``stop``, no further job starts once it returns True (the result is partial)."""
        documents, result, cache = self.documents, self.result, self.cache
        pending = self.pending
        public = {
            (s.kind, s.line.slug) for s in pending if s.partner is None and s.kind != "overview"
        }
        waiting: dict[tuple[str, str], list[PdfSpec]] = {}
        by_output = {spec.output: spec for spec in pending}
        findings: list[tuple[str, Finding]] = []
        jobs: list[PdfJob] = []
        outcomes: list[PdfOutcome] = []
        with Renderer(documents.setup, expected=len(pending), workers=workers, pool=pool) as run:
            for spec in pending:
                public_copy = (spec.kind, spec.line.slug) if spec.kind != "overview" else None
                if spec.partner is not None and public_copy in public:
                    waiting.setdefault(public_copy, []).append(spec)  # after its public copy
                else:
                    run.submit(documents.job(spec, self._fits.get(public_copy)))
            for job, outcome in run.results():
                spec = by_output[job.output]
                jobs.append(job)
                outcomes.append(outcome)
                result.stats.rendered += 1
                kinds = result.stats.rendered_kinds
                kinds[spec.kind] = kinds.get(spec.kind, 0) + 1
                if stop is not None and stop():
                    run.cancel()
                    waiting.clear()
                if spec.partner is None and spec.kind != "overview":
                    fit = PdfFit(outcome.step, outcome.columns) if outcome.pdf else None
                    for copy in waiting.pop((spec.kind, spec.line.slug), ()):
                        run.submit(documents.job(copy, fit))
                if outcome.pdf is None:
                    if spec.partner is None:  # a partner copy that cannot fit is left out
                        findings.append(
                            (spec.output, _overflow(documents, spec, outcome.overflow_in))
                        )
                    if not outcome.refused:  # a refused PDF is never cached, its overflow neither
                        cache.put_overflow(spec.key, outcome.overflow_in)
                    continue
                if outcome.refused:
                    continue  # reported below: such a PDF is neither published nor cached
                pdf = (
                    read_only_code_field(outcome.pdf) if spec.partner and job.forms else outcome.pdf
                )
                result.files[spec.output] = pdf
                cache.put(spec.key, pdf, PdfFit(outcome.step, outcome.columns))
        done = sorted(zip(jobs, outcomes, strict=True), key=lambda pair: pair[0].output)
        result.findings += refused_findings(
            [job for job, _ in done], [outcome for _, outcome in done], self.loaded
        )
        result.findings.extend(finding for _, finding in sorted(findings, key=lambda f: f[0]))
        if write_manifest and (stop is None or not stop()):
            cache.write_manifest({s.output: s.key for s in self.specs if s.output in result.files})
        return result


def build_jobs(loaded: LoadedProject, *, partners: bool = False) -> list[PdfJob]:
    """Every public guide and form (and with ``partners`` every partner copy and
    overview) as a render job, cache or not; this process can render them
    (:func:`~.workers.render_job`)."""
    documents = PdfDocuments(loaded)
    install_setup(documents.setup)
    specs = documents.public() + (documents.partner() if partners else [])
    return [documents.job(spec) for spec in specs]


def trial_html(loaded: LoadedProject) -> None:
    """Render the HTML of every PDF, partner copies included, at every fit step, in
    this process: a template error is raised here (``check``)."""
    documents = PdfDocuments(loaded)
    for spec in documents.public() + documents.partner():
        documents.html(documents.job(spec))


def measure_pdfs(loaded: LoadedProject) -> list[Finding]:
    """``build.py check`` (unless ``--no-pdf``): what the build's PDF step would refuse,
    measured with the build's own cache, so a second ``check`` or the build that
    follows renders nothing again (the public PDFs; no manifest is written)."""
    plan = PdfPlan(loaded, public_only=True)
    return plan.run(write_manifest=False).findings


def predict_fit(loaded: LoadedProject) -> list[Finding]:
    """``build.py check --pdf``: render every guide and form in memory (no cache, nothing
    written) and report what would not fit; prints the size each PDF lands at."""
    documents = PdfDocuments(loaded)
    specs = documents.public()
    jobs = [documents.job(spec) for spec in specs]
    outcomes = render_jobs(jobs, documents.setup)
    findings: list[Finding] = refused_findings(jobs, outcomes, loaded)
    for spec, outcome in zip(specs, outcomes, strict=True):
        if outcome.pdf is None:
            findings.append(_overflow(documents, spec, outcome.overflow_in))
            print(f"{spec.output}: does not fit", file=sys.stderr)
        else:
            pages = f" on {outcome.pages} pages" if outcome.pages > 1 else ""
            print(f"{spec.output}: fits at {outcome.body_size_pt:g} pt{pages}", file=sys.stderr)
    return findings


def refused_findings(
    jobs: list[PdfJob], outcomes: list[PdfOutcome], loaded: LoadedProject
) -> list[Finding]:
    """RK302, once per thing the PDFs asked for and did not get (with how many asked),
    at the project file that names it (a PDF template override, the logo) when one does."""
    asked: dict[str, list[str]] = {}
    for job, outcome in zip(jobs, outcomes, strict=True):
        for problem in outcome.refused:
            asked.setdefault(problem, []).append(job.output)
    findings = []
    for problem, outputs in asked.items():
        path, line, col = _where_named(problem, loaded)
        more = f" and {len(outputs) - 1} more" if len(outputs) > 1 else ""
        findings.append(RK302.at(path, line, col, f"{outputs[0]}{more}: {problem}"))
    return findings


def _where_named(problem: str, loaded: LoadedProject) -> tuple[str, int, int]:
    """The first of the project's own templates (or its logo) whose text names what was
    refused, and where; mkdocs.yml (where the logo is set) when none does."""
    url = problem.split(" (", 1)[0].removeprefix("Failed to load image at ").strip("'\"")
    needles = [n for n in (url, url.removeprefix("file://")) if n]
    project_dir = loaded.project.project_dir.resolve()
    named = [
        (Path(file.filename).resolve(), file.text)
        for file in loaded.templates.values()
        if project_dir in Path(file.filename).resolve().parents
    ]
    if loaded.logo is not None and loaded.project.brand_logo_path is not None:
        text = loaded.logo.data.decode("utf-8", errors="replace")
        named.append((loaded.project.brand_logo_path.resolve(), text))
    for path, text in sorted(named):
        for needle in needles:
            at = text.find(needle)
            if at >= 0:
                line = text.count("\n", 0, at) + 1
                col = at - (text.rfind("\n", 0, at) + 1) + 1
                return path.relative_to(project_dir).as_posix(), line, col
    return MKDOCS_FILE, 1, 1

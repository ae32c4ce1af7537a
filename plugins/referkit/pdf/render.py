"""The PDF phase: every PDF of a loaded project, public and partner, in one pool run.

The HTML for each PDF is rendered here (pure Jinja, cheap) from its typed context
(context.py); WeasyPrint runs in warm worker processes that receive only plain data.
The fit strategy (``jobs.fit_steps``) renders a PDF at decreasing body sizes
(FIT_STEPS_PT, never below 8 pt) and keeps the first that fits on one page; if none
does, a public guide fails the build with a finding that names the service line, its
longest sections and how far it overflows (a partner copy that cannot fit is left out
of the kit). A form never fails: it takes a second page instead. Most PDFs fit at the
largest size, so each is rendered first with the steps at that size only, and only
those that do not fit get the other steps (:func:`render_staged`).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .. import urls
from ..config import MKDOCS_FILE
from ..findings import Finding
from ..rules.pdf import RK302
from ..source.loaded import LoadedProject
from ..source.model import ServiceLine
from .cache import PdfCache
from .context import PartnerCopy, PdfContexts, template_variables
from .fit import guide_overflow, section_lengths
from .forms import read_only_code_field
from .jobs import FIT_STEPS_PT, PdfJob, PdfOutcome, PdfResult, fit_steps
from .keys import PdfKeys
from .workers import render_jobs

PARTNERS_SOURCE = "service_lines/_partners.yaml"


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
    """Every PDF a loaded project publishes, its context, cache key and HTML."""

    def __init__(self, loaded: LoadedProject) -> None:
        self.loaded = loaded
        self.contexts = PdfContexts(loaded)
        self.keys = PdfKeys(loaded, self.contexts)
        self.env = loaded.pdf_env
        self._css: str | None = None

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

    def job(self, spec: PdfSpec, stage: str = "all") -> PdfJob:
        """Render the HTML a worker needs (only for PDFs the cache does not have).

        ``stage`` "first" renders only the leading fit steps at the largest size, "rest"
        the others, "all" every step (the same tries, in the same order)."""
        if self._css is None:
            self._css = self.env.get_template("pdf/guide.css").render()
        template = self.env.get_template(f"pdf/{spec.kind}.html.j2")
        if spec.kind == "overview":
            context = self.contexts.overview(spec.lines, spec.partner)
            # with each line's intake counts and review line at every size first; without
            # them (contacts, routes and targets stay) only when that cannot fit one page
            steps = [
                ({"extras": extras}, size, 1) for extras in (True, False) for size in FIT_STEPS_PT
            ]
            label = f"referral overview for {spec.partner.audience.name}"
            sections: tuple = (("service lines", len(spec.lines)),)
        else:
            context = self.contexts.line_context(spec.line, spec.kind, spec.partner)
            steps = fit_steps(spec.kind)
            label = f"{spec.line.name} referral {spec.kind}"
            sections = section_lengths(spec.line, spec.kind)
        head = next((i for i, step in enumerate(steps) if step[1] != steps[0][1]), len(steps))
        if stage == "first":
            steps = steps[:head]
        elif stage == "rest":
            steps = steps[head:]
        variables = template_variables(context)
        htmls = tuple(
            template.render(body_size_pt=size, **extra, **variables).replace(
                "</head>", f"<style>{self._css}</style>\n</head>", 1
            )
            for extra, size, _ in steps
        )
        return PdfJob(
            output=spec.output,
            source_path=spec.source_path,
            label=label,
            htmls=htmls,
            sizes_pt=tuple(size for _, size, _ in steps),
            forms=spec.kind == "form",
            sections=sections,
            pages=tuple(pages for _, _, pages in steps),
            complete=stage != "first",
        )


def render_staged(
    documents: PdfDocuments, specs: list[PdfSpec], workers: int | None = None
) -> tuple[list[PdfJob], list[PdfOutcome]]:
    """Render every PDF's fit steps at the largest size first (where most fit, so most
    PDFs cost one template run per step there), then the other steps of those that did
    not fit; the job that gave each outcome, and the outcomes."""
    jobs = [documents.job(spec, "first") for spec in specs]
    outcomes = render_jobs(jobs, workers=workers)
    retry = [index for index, outcome in enumerate(outcomes) if outcome.pdf is None]
    if retry:
        rest = [documents.job(specs[index], "rest") for index in retry]
        outcomes_rest = render_jobs(rest, workers=workers)
        for index, job, outcome in zip(retry, rest, outcomes_rest, strict=True):
            jobs[index], outcomes[index] = job, outcome
    return jobs, outcomes


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
    public_only: bool = False,
    write_manifest: bool = True,
) -> PdfResult:
    """Render (or take from the cache) every PDF of the project, public and partner,
    in one pool run; a partner form's referral code field is made read-only.

    ``check`` runs this for the public PDFs (``public_only``, no manifest, the files
    unused): a clean ``check`` means the build publishes, and the build then finds
    those PDFs cached. A guide that cannot fit is cached as its overflow, so neither
    renders it again."""
    documents = PdfDocuments(loaded)
    specs = documents.public() + ([] if public_only else documents.partner())
    cache = PdfCache(loaded.project.cache_dir / "pdf")
    result = PdfResult()
    pending: list[PdfSpec] = []
    for spec in specs:
        cached = cache.get(spec.key) if use_cache else None
        overflow = cache.get_overflow(spec.key) if use_cache and cached is None else None
        if cached is not None:
            result.files[spec.output] = cached
            result.stats.cached += 1
        elif overflow is not None:
            if spec.partner is None:
                result.findings.append(_overflow(documents, spec, overflow))
            result.stats.cached += 1
        else:
            pending.append(spec)
    jobs, outcomes = render_staged(documents, pending, workers)
    result.findings += refused_findings(jobs, outcomes, documents.loaded)
    for spec, outcome in zip(pending, outcomes, strict=True):
        result.stats.rendered += 1
        if outcome.pdf is None:
            if spec.partner is None:  # a partner copy that cannot fit is left out of its kit
                result.findings.append(_overflow(documents, spec, outcome.overflow_in))
            if not outcome.refused:  # a refused PDF is never cached, its overflow neither
                cache.put_overflow(spec.key, outcome.overflow_in)
            continue
        if outcome.refused:
            continue  # reported above: such a PDF is neither published nor cached
        forms = spec.kind == "form"
        pdf = read_only_code_field(outcome.pdf) if spec.partner and forms else outcome.pdf
        result.files[spec.output] = pdf
        cache.put(spec.key, pdf)
    if write_manifest:
        cache.write_manifest({s.output: s.key for s in specs if s.output in result.files})
    return result


def build_jobs(loaded: LoadedProject, *, partners: bool = False) -> list[PdfJob]:
    """Every public guide and form (and with ``partners`` every partner copy and
    overview) as a render job, HTML included, cache or not."""
    documents = PdfDocuments(loaded)
    specs = documents.public() + (documents.partner() if partners else [])
    return [documents.job(spec) for spec in specs]


def measure_pdfs(loaded: LoadedProject) -> list[Finding]:
    """``build.py check`` (unless ``--no-pdf``): what the build's PDF step would refuse,
    measured with the build's own cache, so a second ``check`` or the build that
    follows renders nothing again."""
    return render_pdfs(loaded, public_only=True, write_manifest=False).findings


def predict_fit(loaded: LoadedProject) -> list[Finding]:
    """``build.py check --pdf``: render every guide and form in memory (no cache, nothing
    written) and report what would not fit; prints the size each PDF lands at."""
    documents = PdfDocuments(loaded)
    specs = documents.public()
    jobs, outcomes = render_staged(documents, specs)
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

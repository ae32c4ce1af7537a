"""The PDF phase: every PDF of a loaded project, public and partner, in one pool run.

The HTML for each PDF is rendered here (pure Jinja, cheap) from its typed context
(context.py); WeasyPrint runs in warm worker processes that receive only plain data.
The fit strategy renders a PDF at decreasing body sizes (FIT_STEPS_PT, never below
8 pt) and keeps the first that fits on one page; if none does, a public PDF fails the
build with a finding that names the service line, its longest sections and how far
it overflows (a partner copy that cannot fit is left out of the kit).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from .. import urls
from ..findings import Finding
from ..source.loaded import LoadedProject
from ..source.model import ServiceLine
from .cache import PdfCache
from .context import PartnerCopy, PdfContexts, template_variables
from .fit import overflow_finding, section_lengths
from .forms import read_only_code_field
from .jobs import FIT_STEPS_PT, FORM_FIT_STEPS_PT, PdfJob, PdfResult
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

    def job(self, spec: PdfSpec) -> PdfJob:
        """Render the HTML a worker needs (only for PDFs the cache does not have)."""
        if self._css is None:
            self._css = self.env.get_template("pdf/guide.css").render()
        template = self.env.get_template(f"pdf/{spec.kind}.html.j2")
        if spec.kind == "overview":
            context = self.contexts.overview(spec.lines, spec.partner)
            # with each line's intake counts and review line at every size first; without
            # them (contacts, routes and targets stay) only when that cannot fit one page
            steps = [
                (size, {"extras": extras}) for extras in (True, False) for size in FIT_STEPS_PT
            ]
            label = f"referral overview for {spec.partner.audience.name}"
            sections: tuple = (("service lines", len(spec.lines)),)
        else:
            context = self.contexts.line_context(spec.line, spec.kind, spec.partner)
            sizes = FIT_STEPS_PT if spec.kind == "guide" else FORM_FIT_STEPS_PT
            steps = [(size, {}) for size in sizes]
            label = f"{spec.line.name} referral {spec.kind}"
            sections = section_lengths(spec.line, spec.kind)
        variables = template_variables(context)
        htmls = tuple(
            template.render(body_size_pt=size, **extra, **variables).replace(
                "</head>", f"<style>{self._css}</style>\n</head>", 1
            )
            for size, extra in steps
        )
        return PdfJob(
            output=spec.output,
            source_path=spec.source_path,
            label=label,
            htmls=htmls,
            sizes_pt=tuple(size for size, _ in steps),
            forms=spec.kind == "form",
            sections=sections,
        )


def render_pdfs(
    loaded: LoadedProject, *, use_cache: bool = True, workers: int | None = None
) -> PdfResult:
    """Render (or take from the cache) every PDF of the project, public and partner,
    in one pool run; a partner form's referral code field is made read-only."""
    documents = PdfDocuments(loaded)
    specs = documents.public() + documents.partner()
    cache = PdfCache(loaded.project.cache_dir / "pdf")
    result = PdfResult()
    pending: list[PdfSpec] = []
    for spec in specs:
        cached = cache.get(spec.key) if use_cache else None
        if cached is not None:
            result.files[spec.output] = cached
            result.stats.cached += 1
        else:
            pending.append(spec)
    jobs = [documents.job(spec) for spec in pending]
    for spec, job, outcome in zip(pending, jobs, render_jobs(jobs, workers=workers), strict=True):
        result.stats.rendered += 1
        if outcome.pdf is None:
            if spec.partner is None:  # a partner copy that cannot fit is left out of its kit
                result.findings.append(overflow_finding(job, outcome, loaded.load.sources))
            continue
        pdf = read_only_code_field(outcome.pdf) if spec.partner and job.forms else outcome.pdf
        result.files[spec.output] = pdf
        cache.put(spec.key, pdf)
    cache.write_manifest({s.output: s.key for s in specs if s.output in result.files})
    return result


def build_jobs(loaded: LoadedProject, *, partners: bool = False) -> list[PdfJob]:
    """Every public guide and form (and with ``partners`` every partner copy and
    overview) as a render job, HTML included, cache or not."""
    documents = PdfDocuments(loaded)
    specs = documents.public() + (documents.partner() if partners else [])
    return [documents.job(spec) for spec in specs]


def predict_fit(loaded: LoadedProject) -> list[Finding]:
    """``build.py check --pdf``: render every guide and form in memory (no cache, nothing
    written) and report what would not fit; prints the size each PDF lands at."""
    jobs = build_jobs(loaded)
    findings: list[Finding] = []
    for job, outcome in zip(jobs, render_jobs(jobs), strict=True):
        if outcome.pdf is None:
            findings.append(overflow_finding(job, outcome, loaded.load.sources))
            print(f"{job.output}: does not fit", file=sys.stderr)
        else:
            print(f"{job.output}: fits at {outcome.body_size_pt:g} pt", file=sys.stderr)
    return findings

"""One-page referral guides and fillable referral forms, rendered by WeasyPrint.

The HTML for each PDF is rendered here (pure Jinja, cheap); WeasyPrint runs in
warm worker processes that receive only plain data. The fit strategy renders the
guide at decreasing body sizes (FIT_STEPS_PT, never below 8 pt) and keeps the
first that fits on one page; if none does, the build fails with a finding that
names the service line, its longest sections and how far it overflows.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path

import segno

from .. import urls
from ..config import ProjectConfig
from ..findings import Finding
from ..kit.changes import recent_changes
from ..render.pages import template_environment
from ..source.model import Practice, ServiceLine
from .cache import PdfCache
from .forms import finish_form

FONTS_DIR = Path(__file__).parent.parent / "fonts"
FIT_STEPS_PT = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
FORM_FIT_STEPS_PT = (10.0, 9.5, 9.0, 8.5, 8.0)
CACHE_FORMAT = 1
POOL_THRESHOLD = 4  # below this many renders, a pool's start-up costs more than it saves
PAGE_SIZES = {"letter": "letter", "a4": "A4"}


@dataclass(frozen=True)
class PdfJob:
    """Everything a worker needs to render one PDF: plain, picklable data."""

    output: str
    source_path: str
    label: str
    htmls: tuple[str, ...]  # one per fit step, largest body size first
    sizes_pt: tuple[float, ...]
    forms: bool
    sections: tuple[tuple[str, int, tuple], ...]  # (YAML field, characters, its loc)


@dataclass
class PdfOutcome:
    output: str
    pdf: bytes | None
    body_size_pt: float | None
    overflow_in: float = 0.0


@dataclass
class PdfStats:
    rendered: int = 0
    cached: int = 0


@dataclass
class PdfResult:
    files: dict[str, bytes] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    stats: PdfStats = field(default_factory=PdfStats)


@dataclass(frozen=True)
class _Item:
    item: str
    when: str | None = None
    required: bool = True


def _items(values: Iterable) -> list[_Item]:
    """must_include / required_records entries as (item, when, required)."""
    return [_Item(v.item, getattr(v, "when", None), getattr(v, "required", True)) for v in values]


QR_QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks


def qr_data_uri(url: str) -> str:
    """A vector QR code as an SVG data URI (an ``<img>`` keeps its alt text when tagged).

    The quiet zone is part of the image, so whatever follows the image (its caption)
    starts outside it whatever the module size.
    """
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=1, border=QR_QUIET_ZONE)


@dataclass(frozen=True)
class PdfSpec:
    """One PDF to produce, with the cache key of everything that shapes its bytes.

    The key hashes data, not rendered HTML, so a no-change build decides every
    cache hit without running a template: the service line, the organization facts
    the PDFs show, the page URL, page size and language, the template and CSS
    sources (a project's overrides included), the fonts, and the WeasyPrint,
    ReferKit and cache-format versions.
    """

    line: ServiceLine
    kind: str  # "guide" or "form"
    output: str
    source_path: str
    key: str


class PdfRenderer:
    """Renders the HTML of guides and forms for one project; WeasyPrint runs elsewhere."""

    TEMPLATES = (
        "pdf/guide.html.j2",
        "pdf/form.html.j2",
        "pdf/guide.css",
        "pdf/_recent_change.html.j2",
        "pdf/_language_access.html.j2",
    )

    def __init__(
        self, practice: Practice, project: ProjectConfig, today: date | None = None
    ) -> None:
        self.practice = practice
        self.today = today or date.today()  # which dated notices the guides show
        self.project = project
        self.env = template_environment(project.templates_dir)
        self.page_size = PAGE_SIZES[project.options.page_size]
        sources = [self.env.loader.get_source(self.env, name)[0] for name in self.TEMPLATES]
        self.logo = brand_logo(project, practice.organization.name)
        # the guide's "Changed on <date>: …" line (changes.py; empty outside git)
        self.recent_changes = recent_changes(
            project.project_dir,
            [line.slug for line in practice.service_lines],
            self.today,
            since=project.options.changes_since,
        )
        language_access = practice.organization.language_access
        self._shared_key = {
            "logo": self.logo and self.logo["digest"],
            "cache_format": CACHE_FORMAT,
            "engine": _engine_version(),
            "fonts": _fonts_digest(),
            "templates": [hashlib.sha256(src.encode()).hexdigest() for src in sources],
            "organization": {
                "name": practice.organization.name,
                "referrer_id_label": _referrer_id_label(practice.organization),
                "language_access": language_access and language_access.model_dump(mode="json"),
            },
            "site_url": project.site_url,
            "language": project.language,
            "page_size": self.page_size,
            "fit_steps_pt": FIT_STEPS_PT,
            "form_fit_steps_pt": FORM_FIT_STEPS_PT,
        }
        self._css: str | None = None

    def specs(self, source_paths: dict[str, str]) -> list[PdfSpec]:
        specs = []
        for line in self.practice.service_lines:
            line_data = line.model_dump(mode="json")
            for kind, output in (
                ("guide", urls.guide_url(line.slug)),
                ("form", urls.form_url(line.slug)),
            ):
                notices = [n.text for n in line.notices_on(self.today)]
                payload = {**self._shared_key, "kind": kind, "line": line_data, "notices": notices}
                if kind == "guide":
                    payload["recent_change"] = self.recent_changes.get(line.slug)
                key = hashlib.sha256(
                    json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
                ).hexdigest()
                source = source_paths.get(line.slug, f"service_lines/{line.slug}.yaml")
                specs.append(PdfSpec(line, kind, output, source, key))
        return specs

    def job(
        self, spec: PdfSpec, *, qr_url: str | None = None, referral_code: str | None = None
    ) -> PdfJob:
        """Render the HTML a worker needs (only for PDFs the cache does not have).

        Partner-coded copies (kit.py) pass ``qr_url`` (the partner's page) and the
        ``referral_code`` the guide prints and the form pre-fills."""
        if self._css is None:
            self._css = self.env.get_template("pdf/guide.css").render()
        line = spec.line
        page_url = qr_url or urls.absolute(self.project.site_url, urls.service_line_url(line.slug))
        context = {
            "referral_code": referral_code,
            "org": self.practice.organization,
            "line": line,
            "page_url": page_url,
            "qr_data_uri": qr_data_uri(page_url),
            "language": self.project.language,
            "page_size": self.page_size,
            "document_date": line.review.last_reviewed.isoformat(),
            "contact": line.contacts[0] if line.contacts else None,
            "notices": line.notices_on(self.today),
            "recent_change": self.recent_changes.get(line.slug),
            "levels": line.triage.levels,
            "days": line.triage.days,
            "records": _items(line.required_records),
            "must_include": _items(line.must_include),
            "referrer_id_label": _referrer_id_label(self.practice.organization),
            "logo": self.logo,
        }
        template = self.env.get_template(f"pdf/{spec.kind}.html.j2")
        sizes = FIT_STEPS_PT if spec.kind == "guide" else FORM_FIT_STEPS_PT
        htmls = tuple(
            template.render(body_size_pt=size, **context).replace(
                "</head>", f"<style>{self._css}</style>\n</head>", 1
            )
            for size in sizes
        )
        return PdfJob(
            output=spec.output,
            source_path=spec.source_path,
            label=f"{line.name} referral {spec.kind}",
            htmls=htmls,
            sizes_pt=sizes,
            forms=spec.kind == "form",
            sections=section_lengths(line, spec.kind),
        )


def brand_logo(project: ProjectConfig, alt: str) -> dict | None:
    """The branding logo for the PDFs (``brand.logo`` in mkdocs.yml).

    The path and file type were checked when mkdocs.yml was read (RK016, see
    branding.py), so the site and the PDFs accept and refuse the same logos.
    """
    path = project.brand_logo_path
    if path is None or not path.is_file():
        return None
    data = path.read_bytes()
    return {"uri": path.as_uri(), "alt": alt, "digest": hashlib.sha256(data).hexdigest()}


def _referrer_id_label(org) -> str:
    referrer = getattr(org, "referrer_id", None)
    return getattr(referrer, "label", None) or "NPI"


def build_jobs(
    practice: Practice,
    project: ProjectConfig,
    source_paths: dict[str, str] | None = None,
    today: date | None = None,
) -> list[PdfJob]:
    """Every guide and form as a render job (HTML included), cache or not."""
    renderer = PdfRenderer(practice, project, today)
    return [renderer.job(spec) for spec in renderer.specs(source_paths or {})]


def _criteria_chars(criteria) -> int:
    return sum(len(c.text or "") + _criteria_chars(getattr(c, "group", ()) or ()) for c in criteria)


def _chars(values) -> int:
    total = 0
    for value in values or ():
        if isinstance(value, str):
            total += len(value)
        elif hasattr(value, "model_dump"):
            total += sum(len(str(v)) for v in value.model_dump().values() if v not in (None, True))
        else:
            total += len(str(value))
    return total


def section_lengths(line: ServiceLine, kind: str) -> tuple[tuple[str, int, tuple], ...]:
    """What the PDF of ``kind`` prints, longest first: (YAML field, characters, loc).

    The form prints no criteria, summary or workup; it prints the levels' labels,
    routes and emergency actions, the records and must_include checklists.
    """
    levels = line.triage.levels
    how = line.how_to_refer
    how_chars = sum(len(str(v)) for v in how.model_dump().values() if v)
    if kind == "form":
        sections = {
            "triage levels": (
                sum(len(lv.label) + len(lv.route or "") + len(lv.action or "") for lv in levels),
                ("triage",),
            ),
            "required_records": (_chars(line.required_records), ("required_records",)),
            "must_include": (_chars(line.must_include), ("must_include",)),
            "how_to_refer": (len(how.portal or ""), ("how_to_refer",)),
        }
    else:
        sections = {
            "triage criteria": (
                sum(
                    _criteria_chars(lv.criteria) + len(lv.action or "") + len(lv.route or "")
                    for lv in levels
                ),
                ("triage",),
            ),
            "summary": (len(line.summary), ("summary",)),
            "how_to_refer": (how_chars, ("how_to_refer",)),
        }
        for name in (
            "required_records",
            "must_include",
            "workup",
            "not_appropriate",
            "advice",
            "definitions",
            "notices",
        ):
            value = getattr(line, name, ())
            sections[name] = (_chars(value if isinstance(value, tuple) else (value,)), (name,))
    rows = [(name, chars, loc) for name, (chars, loc) in sections.items() if chars]
    return tuple(sorted(rows, key=lambda row: (-row[1], row[0])))


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


def overflow_finding(job: PdfJob, outcome: PdfOutcome, project_dir: Path) -> Finding:
    """RK301 at the YAML line of the longest section this PDF prints."""
    longest = ", ".join(f"{name} ({chars} characters)" for name, chars, _ in job.sections[:3])
    line = col = 1  # the file's start, when no section names a line
    loc: tuple = ()
    if job.sections:
        from ..source.yaml_source import read_yaml

        loc = job.sections[0][2]
        source = project_dir / job.source_path
        if source.is_file():  # positions are re-read only here, on the rare failure
            line, col = read_yaml(source, job.source_path).position_of(loc, key=True)
    return Finding(
        job.source_path,
        line,
        col,
        "RK301",
        f"the {job.label} does not fit on one page even at {min(job.sizes_pt):g} pt: it "
        f"overflows by about {outcome.overflow_in:.1f} in; longest sections: {longest}",
        loc=loc,
        hint="shorten the longest sections or move detail to the web page, which the "
        "PDF's QR code links to",
    )


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


def render_jobs(jobs: list[PdfJob], *, workers: int | None = None) -> list[PdfOutcome]:
    """Render in warm worker processes when there are enough jobs, else in this process."""
    if not jobs:
        return []
    workers = workers or min(os.cpu_count() or 1, len(jobs))
    if len(jobs) < POOL_THRESHOLD or workers <= 1:
        return [render_job(job) for job in _progress(jobs, len(jobs))]
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_warm_worker,
        initargs=(os.getpid(),),
    ) as pool:
        # chunks keep workers busy without shipping every job's HTML at once
        futures = pool.map(render_job, jobs, chunksize=max(1, len(jobs) // (workers * 8)))
        return list(_progress(futures, len(jobs)))


def _progress(items: Iterable, total: int) -> Iterable:
    """A rich progress bar for long runs on a terminal; silent when piped."""
    if total < 20 or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("Rendering PDFs", total=total)
        for item in items:
            yield item
            progress.advance(task)


# --- worker side: WeasyPrint is imported here only ----------------------------

_FONT_CONFIG = None


def _warm_worker(parent_pid: int | None = None) -> None:
    """Import WeasyPrint and load the fonts once per worker process.

    A worker dies with the build that started it, even when that build is killed
    with SIGKILL and cannot shut its pool down (see :func:`_die_with_parent`).
    """
    global _FONT_CONFIG
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    from weasyprint.text.fonts import FontConfiguration

    _FONT_CONFIG = FontConfiguration()


def _die_with_parent(parent_pid: int) -> None:
    """Linux: ask the kernel to SIGKILL this process when its parent dies (prctl
    PR_SET_PDEATHSIG); elsewhere a daemon thread polls the parent. Once the workers are
    gone, multiprocessing's resource tracker reads end-of-file and exits too."""
    import ctypes
    import signal
    import threading
    import time

    armed = False
    if sys.platform.startswith("linux"):
        try:
            armed = ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:

        def watch() -> None:
            while os.getppid() == parent_pid:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="referkit-parent-watch", daemon=True).start()


def render_job(job: PdfJob) -> PdfOutcome:
    """Render one PDF; the guide tries each fit step until it fills exactly one page."""
    try:
        from weasyprint import HTML
    except ImportError as exc:  # reported with the install command, as MkDocs' social plugin does
        raise RuntimeError(
            "Rendering PDFs needs WeasyPrint and Pango: pip install weasyprint, and on "
            "Debian/Ubuntu apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from exc
    if _FONT_CONFIG is None:
        _warm_worker()
    base_url = FONTS_DIR.as_uri() + "/"
    overflow = 0.0
    for html, size in zip(job.htmls, job.sizes_pt, strict=True):
        document = HTML(string=html, base_url=base_url).render(
            font_config=_FONT_CONFIG, pdf_forms=job.forms
        )
        if len(document.pages) == 1:
            pdf = document.write_pdf(
                pdf_variant="pdf/ua-1",
                pdf_forms=job.forms,
                uncompressed_pdf=False,
                finisher=finish_form if job.forms else None,
            )
            return PdfOutcome(job.output, pdf, size)
        overflow = _overflow_inches(document)
    return PdfOutcome(job.output, None, None, overflow)


def _overflow_inches(document) -> float:
    """How much content lands beyond the first page, in inches."""
    total_px = 0.0
    for page in document.pages[1:]:
        top, bottom = None, None
        for box in page._page_box.descendants():
            y, height = getattr(box, "position_y", None), getattr(box, "height", None)
            if not isinstance(y, int | float) or not isinstance(height, int | float):
                continue
            if type(box).__name__ in {"PageBox", "MarginBox"}:
                continue
            top = y if top is None else min(top, y)
            bottom = y + height if bottom is None else max(bottom, y + height)
        if top is not None and bottom is not None:
            total_px += bottom - top
    return total_px / 96


_VERSION_CACHE: dict[str, str] = {}


def _engine_version() -> str:
    if "engine" not in _VERSION_CACHE:
        from importlib.metadata import version

        from .. import __version__

        _VERSION_CACHE["engine"] = f"weasyprint {version('weasyprint')}; referkit {__version__}"
    return _VERSION_CACHE["engine"]


def _fonts_digest() -> str:
    if "fonts" not in _VERSION_CACHE:
        digest = hashlib.sha256()
        for path in sorted(FONTS_DIR.glob("*.ttf")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        _VERSION_CACHE["fonts"] = digest.hexdigest()
    return _VERSION_CACHE["fonts"]

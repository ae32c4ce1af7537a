"""The data each guide and form prints, its cache key, and the HTML a worker renders."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import segno

from .. import urls
from ..render.pages import template_environment
from ..source.history import recent_changes
from ..source.model import Practice, ServiceLine
from ..source.project import ProjectConfig
from .fit import section_lengths
from .form_fields import form_context
from .jobs import CACHE_FORMAT, FIT_STEPS_PT, FONTS_DIR, FORM_FIT_STEPS_PT, PAGE_SIZES, PdfJob


@dataclass(frozen=True)
class _Item:
    item: str
    when: str | None = None
    required: bool = True


def _items(values: Iterable) -> list[_Item]:
    """must_include / required_records entries as (item, when, required)."""
    return [_Item(v.item, getattr(v, "when", None), getattr(v, "required", True)) for v in values]


QR_QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks
QR_SIZE_IN = 1.2  # the printed code, quiet zone included, unless its modules need more
# A module of at least 0.031 in spans three rows of a standard-mode fax (98 dpi), so a
# long address (more modules) prints larger instead of with smaller modules; the size
# does not depend on the body size a PDF lands at.
QR_MIN_MODULE_IN = 0.031


def qr_data_uri(url: str) -> str:
    """A vector QR code as an SVG data URI (an ``<img>`` keeps its alt text when tagged).

    The quiet zone is part of the image, so whatever follows the image (its caption)
    starts outside it whatever the module size.
    """
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=1, border=QR_QUIET_ZONE)


def qr_size_in(url: str) -> float:
    """How wide the code prints (quiet zone included): QR_SIZE_IN, or wider when the
    address needs so many modules that each would be under QR_MIN_MODULE_IN."""
    modules = segno.make(url, error="m", micro=False).symbol_size(border=QR_QUIET_ZONE)[0]
    return round(max(QR_SIZE_IN, modules * QR_MIN_MODULE_IN), 3)


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
        "pdf/_referral_code.html.j2",
        "pdf/_referral_code_field.html.j2",
        "pdf/_form_sections.html.j2",
        "pdf/_qr_size.html.j2",
        "shared/_macros.j2",
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
                "country": practice.organization.country,
                "referrer_id_label": practice.organization.referrer_id.label,
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
                notices = [n.text for n in line.notices_on(self.today, "referrers")]
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
        self,
        spec: PdfSpec,
        *,
        qr_url: str | None = None,
        referral_code: str | None = None,
        stage: str = "all",
    ) -> PdfJob:
        """Render the HTML a worker needs (only for PDFs the cache does not have).

        Partner-coded copies (kit.py) pass ``qr_url`` (the partner's page) and the
        ``referral_code`` the guide prints and the form pre-fills. ``stage`` "first"
        renders only the fit steps at the largest size (most PDFs fit there), "rest"
        the others, "all" every step."""
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
            "qr_size_in": qr_size_in(page_url),
            "language": self.project.language,
            "page_size": self.page_size,
            "document_date": line.review.last_reviewed.isoformat(),
            "contact": line.contacts[0] if line.contacts else None,
            "notices": line.notices_on(self.today, "referrers"),
            "recent_change": self.recent_changes.get(line.slug),
            "levels": line.triage.levels,
            "days": line.triage.days,
            "records": _items(line.required_records),
            "must_include": _items(line.must_state),
            "logo": self.logo,
            **form_context(line, self.practice.organization),
        }
        template = self.env.get_template(f"pdf/{spec.kind}.html.j2")
        steps = fit_steps(spec.kind)
        # the first stage: the leading steps at the largest size (a prefix, so the
        # order of tries is the same whether a PDF is rendered in one stage or two)
        head = next((i for i, step in enumerate(steps) if step[1] != steps[0][1]), len(steps))
        if stage == "first":
            steps = steps[:head]
        elif stage == "rest":
            steps = steps[head:]
        htmls = tuple(
            template.render(body_size_pt=size, **variables, **context).replace(
                "</head>", f"<style>{self._css}</style>\n</head>", 1
            )
            for variables, size, _ in steps
        )
        return PdfJob(
            output=spec.output,
            source_path=spec.source_path,
            label=f"{line.name} referral {spec.kind}",
            htmls=htmls,
            sizes_pt=tuple(size for _, size, _ in steps),
            forms=spec.kind == "form",
            sections=section_lengths(line, spec.kind),
            pages=tuple(pages for _, _, pages in steps),
            complete=stage != "first",
        )


def fit_steps(kind: str) -> list[tuple[dict, float, int | None]]:
    """(template variables, body size, pages allowed) for each try, in order.

    The guide: every size down to 8 pt on exactly one page, at each size first with
    its short sections kept whole, then flowing through both columns. The form: the
    two-column table (urgency left, checklists right) at every size, then the flowing
    layout whose long checklists use both columns; only when neither fits one page at
    8 pt does it take a second page (with the patient line repeated), at the largest
    size that fits two, and as many pages as it needs at 8 pt rather than fail.
    """
    if kind == "guide":
        # short sections stay whole in one column; when that cannot fit at a size, they
        # may flow into the next column before the type steps down
        return [({"flow": flow}, size, 1) for size in FIT_STEPS_PT for flow in (False, True)]
    one_page = [
        ({"layout": layout, "multipage": False}, size, 1)
        for layout in ("table", "flow")
        for size in FORM_FIT_STEPS_PT
    ]
    two_pages = [({"layout": "flow", "multipage": True}, size, 2) for size in FORM_FIT_STEPS_PT]
    return [
        *one_page,
        *two_pages,
        ({"layout": "flow", "multipage": True}, FORM_FIT_STEPS_PT[-1], None),
    ]


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


def build_jobs(
    practice: Practice,
    project: ProjectConfig,
    source_paths: dict[str, str] | None = None,
    today: date | None = None,
) -> list[PdfJob]:
    """Every guide and form as a render job (HTML included), cache or not."""
    renderer = PdfRenderer(practice, project, today)
    return [renderer.job(spec) for spec in renderer.specs(source_paths or {})]


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

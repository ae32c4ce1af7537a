"""What each PDF prints: one typed context per template, made by one builder.

:class:`PdfContexts` builds the guide's, the form's and the partner overview's
context from the loaded project; a partner copy is the same PDF with a
:class:`PartnerCopy` (its QR code links the partner's page, it prints the referral
code, its form's portal link carries the code). The dataclasses below are the
templates' variables, by name: a field added here is a variable the template can use.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from typing import Any

import segno

from .. import urls
from ..source.loaded import LoadedProject
from ..source.model import Clinic, Contact, Level, Notice, Organization, Route, Routes, ServiceLine
from ..source.partners import Audience, with_code
from .form_fields import CriteriaBlock, IncludesGroup, TextField, form_fields
from .jobs import PAGE_SIZES

QR_QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks
QR_SIZE_IN = 1.2  # the printed code, quiet zone included, unless its modules need more
# A module of at least 0.031 in spans three rows of a standard-mode fax (98 dpi), so a
# long address (more modules) prints larger instead of with smaller modules; the size
# does not depend on the body size a PDF lands at.
QR_MIN_MODULE_IN = 0.031


@lru_cache(maxsize=4096)
def _qr_code(url: str) -> tuple[str, int]:
    """The code of ``url`` as an SVG data URI and its width in modules (quiet zone
    included): made once per address, though a guide, a form and each fit step ask."""
    code = segno.make(url, error="m", micro=False)
    uri = code.svg_data_uri(scale=1, border=QR_QUIET_ZONE)
    return uri, code.symbol_size(border=QR_QUIET_ZONE)[0]


def qr_data_uri(url: str) -> str:
    """A vector QR code as an SVG data URI (an ``<img>`` keeps its alt text when tagged).

    The quiet zone is part of the image, so whatever follows the image (its caption)
    starts outside it whatever the module size.
    """
    return _qr_code(url)[0]


def qr_size_in(url: str) -> float:
    """How wide the code prints (quiet zone included): QR_SIZE_IN, or wider when the
    address needs so many modules that each would be under QR_MIN_MODULE_IN."""
    return round(max(QR_SIZE_IN, _qr_code(url)[1] * QR_MIN_MODULE_IN), 3)


@dataclass(frozen=True)
class PartnerCopy:
    """The partner variant of a PDF: for whom, and how its links carry the code."""

    audience: Audience
    param: str  # the query parameter of a coded portal link (``query_param``)
    page_url: str  # the partner's /for/<id>/ page, absolute: the QR code's target

    @property
    def code(self) -> str:
        return self.audience.code

    def coded(self, url: str) -> str:
        return with_code(url, self.param, self.code)


@dataclass(frozen=True)
class PdfLogo:
    """The brand logo as the templates print it: ``logo.uri`` and ``logo.alt``."""

    uri: str  # a data: URI, so the PDF worker reads no file
    alt: str
    digest: str


@dataclass(frozen=True)
class PdfFeedback:
    """The guide footer's "Report an error on this page" (the ``feedback`` option):
    ``href`` carries the page's address, ``display`` is what the print shows."""

    href: str
    display: str


@dataclass(frozen=True)
class PdfItem:
    """A ``must_include`` or ``required_records`` entry: item, when, required."""

    item: str
    when: str | None = None
    required: bool = True


@dataclass(frozen=True)
class LinePdfContext:
    """The variables of a service line's guide and form (``body_size_pt`` is added per
    fit step when the template is rendered)."""

    referral_code: str | None  # a partner copy's code; None on the public PDF
    org: Organization
    line: ServiceLine  # a partner form's copy has the coded portal link
    page_url: str  # what the QR code links: the service line's page, or the partner's
    qr_data_uri: str
    qr_size_in: float  # 1.2, or more for an address with many modules
    language: str
    page_size: str
    document_date: str  # the service line's last review, ISO
    contact: Contact | None
    notices: tuple[Notice, ...]  # the referrers' notices in force on the build's date
    overdue_since: date | None  # published past its review date: the first overdue day
    feedback: PdfFeedback | None  # "Report an error on this page" (the guide's footer)
    recent_change: str | None  # "Changed on <date>: …" for a change in the last 90 days
    levels: tuple[Level, ...]
    days: str  # "business" or "calendar"
    records: tuple[PdfItem, ...]
    must_include: tuple[PdfItem, ...]
    referrer_id_label: str  # the form block's own, else the organization's (default NPI)
    logo: PdfLogo | None
    country: str  # the practice's: how numbers written in free text are read
    # contract v3: the main route, and the form's own fields (pdf/form_fields.py)
    route: Route
    show_referrer_id: bool
    patient_cells: tuple[TextField, ...]
    referral_cells: tuple[TextField, ...]
    urgency_levels: tuple[Level, ...]  # the urgency radio group
    urgency_flags: tuple[tuple[str, str], ...]  # (field name, flag) where flags are the urgency
    clinics: tuple[Clinic, ...]
    criteria_blocks: tuple[CriteriaBlock, ...]
    includes_groups: tuple[IncludesGroup, ...]


@dataclass(frozen=True)
class GuideContext(LinePdfContext):
    """``pdf/guide.html.j2``: the one-page referral guide."""


@dataclass(frozen=True)
class FormContext(LinePdfContext):
    """``pdf/form.html.j2``: the fillable referral form."""


@dataclass(frozen=True)
class OverviewLine:
    line: ServiceLine
    portal: str | None  # the coded portal link


@dataclass(frozen=True)
class OverviewContext:
    """``pdf/overview.html.j2``: "How to refer to us" in a partner's referral kit
    (``body_size_pt`` and ``extras`` are added per fit step)."""

    org: Organization
    audience: Audience
    referral_code: str
    lines: tuple[OverviewLine, ...]
    page_url: str
    qr_data_uri: str
    qr_size_in: float
    language: str
    page_size: str
    document_date: str  # the newest review among its service lines, ISO
    logo: PdfLogo | None


def template_variables(context: Any) -> dict[str, Any]:
    """A context's fields as template variables (shallow: models stay models)."""
    return {f.name: getattr(context, f.name) for f in fields(context)}


def referrer_id_label(org: Organization) -> str:
    referrer = getattr(org, "referrer_id", None)
    return getattr(referrer, "label", None) or "NPI"


def _items(values) -> tuple[PdfItem, ...]:
    return tuple(
        PdfItem(v.item, getattr(v, "when", None), getattr(v, "required", True)) for v in values
    )


class PdfContexts:
    """The one context builder for every PDF of a loaded project."""

    def __init__(self, loaded: LoadedProject) -> None:
        practice = loaded.practice
        assert practice is not None, "PDFs are built from a valid model only"
        self.loaded = loaded
        self.org = practice.organization
        self.project = loaded.project
        self.page_size = PAGE_SIZES[loaded.project.options.page_size]
        logo = loaded.print_logo  # white paper: brand.print_logo, else brand.logo (RK019)
        self.logo = logo and PdfLogo(logo.data_uri, self.org.name, logo.digest)

    def partner_copy(self, audience: Audience) -> PartnerCopy:
        data = self.loaded.partners.data
        assert data is not None, "partner copies need _partners.yaml"
        page_url = urls.absolute(self.project.site_url, audience.url)
        return PartnerCopy(audience, data.query_param, page_url)

    def notices(self, line: ServiceLine) -> tuple[Notice, ...]:
        """The line's notices for referring offices (a patient notice is never on a
        guide or form): the published model (``timeline.publish``) holds only those in
        force on the build's date."""
        return line.notices_for("referrers")

    def overdue_since(self, line: ServiceLine):
        practice = self.loaded.practice
        return practice.overdue_since(line.slug) if practice is not None else None

    def feedback(self, page_url: str) -> PdfFeedback | None:
        feedback = self.project.options.feedback
        if feedback is None:
            return None
        return PdfFeedback(urls.feedback_href(feedback, page_url), urls.feedback_display(feedback))

    def recent_change(self, line: ServiceLine) -> str | None:
        return self.loaded.history.recent_line(line.slug, self.loaded.today)

    def printed_line(self, line: ServiceLine, kind: str, partner: PartnerCopy | None):
        """The service line as the PDF prints it: a partner form's printed portal
        address carries the code (on the guide the longer address would squeeze the
        fax and phone numbers)."""
        portal = line.main_route.portal
        if partner is None or kind != "form" or not portal:
            return line
        main = line.main_route.model_copy(update={"portal": partner.coded(portal)})
        routes = Routes((main, *line.other_routes))
        return line.model_copy(update={"how_to_refer": routes})

    def line_context(
        self, line: ServiceLine, kind: str, partner: PartnerCopy | None = None
    ) -> LinePdfContext:
        """The guide's (``kind="guide"``) or the form's context, public or partner."""
        printed = self.printed_line(line, kind, partner)
        page_url = (
            partner.page_url
            if partner is not None
            else urls.absolute(self.project.site_url, urls.service_line_url(line.slug))
        )
        kind_class = GuideContext if kind == "guide" else FormContext
        return kind_class(
            referral_code=partner.code if partner is not None else None,
            org=self.org,
            line=printed,
            page_url=page_url,
            qr_data_uri=qr_data_uri(page_url),
            qr_size_in=qr_size_in(page_url),
            language=self.project.language,
            page_size=self.page_size,
            document_date=line.review.last_reviewed.isoformat(),
            contact=line.contacts[0] if line.contacts else None,
            notices=self.notices(line),
            overdue_since=self.overdue_since(line),
            feedback=self.feedback(page_url),
            recent_change=self.recent_change(line),
            levels=line.triage.levels,
            days=line.triage.days,
            records=_items(line.required_records),
            must_include=_items(line.must_state),
            logo=self.logo,
            **form_fields(printed, self.org),
        )

    def overview(self, lines: tuple[ServiceLine, ...], partner: PartnerCopy) -> OverviewContext:
        """A partner's one-page overview of the service lines it gets."""
        return OverviewContext(
            org=self.org,
            audience=partner.audience,
            referral_code=partner.code,
            lines=tuple(
                OverviewLine(
                    line,
                    partner.coded(line.main_route.portal) if line.main_route.portal else None,
                )
                for line in lines
            ),
            page_url=partner.page_url,
            qr_data_uri=qr_data_uri(partner.page_url),
            qr_size_in=qr_size_in(partner.page_url),
            language=self.project.language,
            page_size=self.page_size,
            document_date=(
                max(line.review.last_reviewed for line in lines).isoformat() if lines else ""
            ),
            logo=self.logo,
        )

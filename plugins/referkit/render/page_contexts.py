"""What each page template receives: one typed structure per template.

A project may override any page template by name (``templates/pages/…``); these
classes are the list of names such an override may use, with their types. Every
field is passed to the template under its own name (:meth:`PageContext.variables`).
Besides these, every template sees the filters of :data:`render.pages.FILTERS` and,
once the kit has run, the global ``kit`` (``kit.page_data``: the newest change of each
service line, read by ``pages/_changes_link.html.j2``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any

from markupsafe import Markup

from .. import urls as _urls
from ..source.history import History
from ..source.model import (
    Location,
    Notice,
    Organization,
    Practice,
    Provider,
    ServiceLine,
)
from ..source.partners import Audience


@dataclass(frozen=True, kw_only=True)
class PageContext:
    """Every page template: ``link(url)`` makes a site URL relative to this page (so
    the site works from any folder), ``urls`` is :mod:`referkit.urls`."""

    link: Callable[[str], str]
    urls: ModuleType = _urls

    def variables(self) -> dict[str, object]:
        """The template's variables: each field under its own name (not copied)."""
        return {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}


@dataclass(frozen=True, kw_only=True)
class SiteContext(PageContext):
    """A page about the practice: the model, its organization and the page's own URL."""

    practice: Practice
    org: Organization
    page_url: str


@dataclass(frozen=True, kw_only=True)
class HomeContext(SiteContext):
    """``pages/home.md.j2``: the introduction is ``content/index.md`` (Markdown)."""

    title: str
    intro: Markup


@dataclass(frozen=True)
class PdfInfo:
    """What a page needs to link a PDF: its URL and size in bytes."""

    url: str
    size_bytes: int


@dataclass(frozen=True, kw_only=True)
class ServiceLineContext(SiteContext):
    """``pages/service_line.md.j2``: the service line, its locations and providers in
    the YAML's order, its PDFs (None when PDFs are off), the notices shown on the build's
    day (``notices`` for referrers at the top, ``patient_notices`` with the patient
    instructions), for a line published past its review date the first overdue day, the
    "Report an error on this page" link (None without the ``feedback`` option), and
    ``country``: how numbers written in free text are read."""

    line: ServiceLine
    locations: Sequence[Location]
    providers: Sequence[Provider]
    guide: PdfInfo | None
    form: PdfInfo | None
    notices: Sequence[Notice]
    patient_notices: Sequence[Notice] = ()
    country: str = "US"
    overdue_since: date | None = None
    feedback: str | None = None


@dataclass(frozen=True, kw_only=True)
class LocationContext(SiteContext):
    """``pages/location.md.j2``: the service lines and providers at the location."""

    location: Location
    lines: Sequence[ServiceLine]
    providers: Sequence[Provider]


@dataclass(frozen=True, kw_only=True)
class ProviderContext(SiteContext):
    """``pages/provider.md.j2``: the service lines the provider works in, their locations."""

    provider: Provider
    lines: Sequence[ServiceLine]
    locations: Sequence[Location]


@dataclass(frozen=True, kw_only=True)
class IndexContext(SiteContext):
    """``pages/service_lines_index.md.j2``, ``pages/locations_index.md.j2`` and
    ``pages/providers_index.md.j2``; ``groups`` (providers by service line, then
    anyone in none of them) is what the providers index lists."""

    title: str
    groups: Sequence[tuple[str, Sequence[Provider]]]


@dataclass(frozen=True, kw_only=True)
class ChangesContext(PageContext):
    """``pages/changes.md.j2``: the history of ``service_lines/`` and the slugs that
    still have a page. (``long_date`` is the filter of the same name, kept as a
    variable for templates written before the filter existed.)"""

    title: str
    history: History
    live: frozenset[str] | set[str]
    long_date: Callable[[date], str]


@dataclass(frozen=True, kw_only=True)
class PartnerContext(PageContext):
    """``pages/partner.md.j2``: a partner's or campaign's page; each of ``lines`` holds
    ``line``, ``portal`` (coded), ``guide`` and ``form`` (PDF links, or None)."""

    title: str
    audience: Audience
    lines: Sequence[Mapping[str, Any]]
    kit_zip: int | None

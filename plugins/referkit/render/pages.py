"""Render the model into Markdown pages (with front matter) for the docs folder.

Pure functions: model in, text out. Values from YAML are escaped by Jinja's
autoescaping in the HTML blocks and by the ``md`` filter in Markdown lines, so
no YAML value can become markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
)
from markupsafe import Markup, escape

from .. import urls
from ..source.languages import language_names
from ..source.loaded import PACKAGE_TEMPLATES, ProjectFile
from ..source.model import Definition, Practice, ServiceLine
from ..wording import (
    business_days,
    human_size,
    level_target,
    long_date,
    month_day_year,
    reply_hours,
    short_date,
    units,
)
from .nowrap import nowrap_phones, num_spans, numbers, tel_links, time_ranges, url_lines
from .page_contexts import (
    HomeContext,
    IndexContext,
    LocationContext,
    PdfInfo,
    ProviderContext,
    ServiceLineContext,
    SiteContext,
)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


MetaFor = Callable[[str, str], dict[str, object]]
"""Extra front matter for a page, given its title and description (e.g. JSON-LD)."""


@dataclass(frozen=True)
class Page:
    """One generated Markdown page: where it goes and what it says."""

    url: str
    title: str
    description: str
    markdown: str

    @property
    def path(self) -> str:
        return urls.source_path(self.url)


def md_escape(value: object) -> Markup:
    """Escape text for a Markdown line: HTML first, then Markdown punctuation."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", str(escape(str(value)))))


def _yaml_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char.isprintable():
        return char
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"  # a lone surrogate is not a character: no UTF-8 file can hold it
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


_NOT_ASCII_PRINTABLE = re.compile(r"[^\x20-\x7e]")


def front_matter(data: dict[str, object]) -> str:
    """Front matter written as one line of JSON, which is valid YAML and about 50 times
    faster to emit than PyYAML's pure-Python dumper (it dominated generation time).

    Every character that is not printable (controls, noncharacters, surrogates, line
    and paragraph separators, format characters) is written as an escape, because a
    YAML reader rejects some of them and reads others as line breaks: either way the
    engine would render the front matter as Markdown. A lone surrogate (not a character;
    the loader rejects it) becomes U+FFFD. The tests read every other code point back
    through MkDocs' own front matter reader.

    ``title`` is stored HTML-escaped because MkDocs themes print ``page.title`` without
    escaping (MkDocs' Jinja environment does not autoescape).
    """
    if "title" in data:
        data = {**data, "title": str(escape(str(data["title"])))}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    text = _NOT_ASCII_PRINTABLE.sub(_yaml_escape, text)
    return f"---\n{text}\n---\n\n"


def link_terms(text: str, definitions: tuple[Definition, ...]) -> Markup:
    """Escape ``text`` and link each defined term in it to its numbered footnote
    (``#definition-N``, N in the order of ``definitions``); longest terms win."""
    escaped = str(escape(text))
    if not definitions:
        return Markup(escaped)
    numbers = {str(escape(d.term)).casefold(): n for n, d in enumerate(definitions, start=1)}
    alternatives = sorted(numbers, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(term) for term in alternatives) + r")(?!\w)", re.I
    )

    def link(match: re.Match[str]) -> str:
        number = numbers[match.group(1).casefold()]
        return (
            f'<a class="rk-term" href="#definition-{number}">{match.group(1)}'
            f"<sup>{number}</sup></a>"
        )

    return Markup(pattern.sub(link, escaped))


FILTERS: dict[str, Callable[..., object]] = {
    "md": md_escape,
    "human_size": human_size,
    "business_days": business_days,
    "language_names": language_names,
    "units": units,
    "reply_hours": reply_hours,
    "level_target": level_target,
    "short_date": short_date,
    "long_date": long_date,
    "month_day_year": month_day_year,
    "terms": link_terms,
    "phone": nowrap_phones,
    "tel_links": tel_links,
    "num_spans": num_spans,
    "time_ranges": time_ranges,
    "url_lines": url_lines,
    "numbers": numbers,
}
"""ReferKit's filters, besides Jinja's own, in every page and PDF template; the
wording ones (units, dates, sizes, a level's target) are :mod:`referkit.wording`."""


class LoadedTemplates(BaseLoader):
    """Templates read in the load phase (``source.loaded.read_templates``): rendering
    reads no file. Errors still name the template's real path and line."""

    def __init__(self, files: Mapping[str, ProjectFile]) -> None:
        self.files = files

    def get_source(self, environment: Environment, template: str):
        file = self.files.get(template)
        if file is None:
            raise TemplateNotFound(template)
        return file.data.decode("utf-8"), file.filename, lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self.files)


def template_environment(templates: Mapping[str, ProjectFile] | Path | None) -> Environment:
    """Jinja environment where a project's ``templates/`` overrides the defaults by name:
    over the loaded template files, or (given a folder) read from disk as they are used."""
    if isinstance(templates, Mapping):
        loader: BaseLoader = LoadedTemplates(templates)
    else:
        folders = [PACKAGE_TEMPLATES]
        if templates is not None and templates.is_dir():
            folders.insert(0, templates)
        loader = ChoiceLoader([FileSystemLoader(str(folder)) for folder in folders])
    env = Environment(
        loader=loader,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


_ADJACENT_BLOCKS = re.compile(
    r"(</(?:caption|th|td|tr|thead|tbody|dt|dd|li|p|h[1-6]|div|section)>)(?=<[a-z])"
)


def _separate_blocks(html: str) -> str:
    """Put a line break between block elements that a template wrote on one line.

    Search indexers (Material's among them) strip tags without adding spaces, so
    ``<th>Urgent</th><td>Seen within…`` would be indexed as "UrgentSeen within…".
    """
    return _ADJACENT_BLOCKS.sub("\\1\n", html)


def description_for(text: str, suffix: str = "") -> str:
    """A meta description of at most 160 characters, cut at a word boundary."""
    text = " ".join(f"{text} {suffix}".split())
    if len(text) <= 160:
        return text
    cut = text[:157].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


class PageRenderer:
    """Renders every page of a practice with one template environment."""

    def __init__(
        self,
        practice: Practice,
        site_name: str,
        env: Environment,
        feedback: Callable[[str], str] | None = None,
    ) -> None:
        # the model as published on the build's date (timeline.publish): notices, waits
        # and campaigns that have run out are already left out, so nothing here filters
        self.practice = practice
        self.site_name = site_name
        self.env = env
        self.feedback = feedback  # page URL -> "Report an error on this page" link

    def _site(self, page_url: str) -> dict[str, object]:
        """The fields every :class:`SiteContext` shares, for ``page_url``."""
        return {
            "practice": self.practice,
            "org": self.practice.organization,
            "page_url": page_url,
            "link": lambda to: urls.relative(page_url, to),
        }

    def _render(self, template: str, meta: dict[str, object], context: SiteContext) -> str:
        body = self.env.get_template(template).render(context.variables())
        return front_matter(meta) + _separate_blocks(body)

    def home(self, intro_markdown: str, extra_meta: MetaFor) -> Page:
        org = self.practice.organization
        title = f"Referrals to {org.name}"
        names = ", ".join(s.name for s in self.practice.service_lines[:6])
        description = description_for(
            f"How to refer patients to {org.name}: criteria, urgency, required records and "
            f"contacts for {names}."
        )
        meta = {"title": title, "description": description, **extra_meta(title, description)}
        context = HomeContext(**self._site(urls.HOME), title=title, intro=Markup(intro_markdown))
        markdown = self._render("pages/home.md.j2", meta, context)
        return Page(urls.HOME, title, description, markdown)

    def service_line(
        self, line: ServiceLine, pdfs: dict[str, PdfInfo], extra_meta: MetaFor
    ) -> Page:
        url = urls.service_line_url(line.slug)
        title = f"{line.name} referrals"
        description = description_for(line.summary, _search_suffix(line))
        meta = {
            "title": title,
            "description": description,
            "search": {"boost": 2},
            "referkit_last_reviewed": line.review.last_reviewed.isoformat(),
            **extra_meta(title, description),
        }
        locations = [self.practice.location(i) for i in line.locations]
        providers = [self.practice.provider(i) for i in line.providers]
        context = ServiceLineContext(
            **self._site(url),
            line=line,
            locations=locations,
            providers=providers,
            guide=pdfs.get("guide"),
            form=pdfs.get("form"),
            notices=line.notices_for("referrers"),
            patient_notices=line.notices_for("patients"),
            country=self.practice.organization.country,
            overdue_since=self.practice.overdue_since(line.slug),
            feedback=self.feedback(url) if self.feedback else None,
        )
        markdown = self._render("pages/service_line.md.j2", meta, context)
        return Page(url, title, description, markdown)

    def location(self, location_id: str, extra_meta: MetaFor) -> Page:
        location = self.practice.location(location_id)
        url = urls.location_url(location.id)
        lines = self.practice.service_lines_at(location.id)
        title = location.name
        description = description_for(
            f"{location.name}, {location.address.one_line}. Phone {location.telephone}. "
            f"Services: {', '.join(s.name for s in lines)}."
        )
        # detail pages stay out of the search index: the locations and providers index
        # pages carry every name, and the index must stay small for phones at scale
        meta = {
            "title": title,
            "description": description,
            "search": {"exclude": True},
            **extra_meta(title, description),
        }
        providers = [p for p in self.practice.organization.providers if location.id in p.locations]
        context = LocationContext(
            **self._site(url), location=location, lines=lines, providers=providers
        )
        markdown = self._render("pages/location.md.j2", meta, context)
        return Page(url, title, description, markdown)

    def provider(self, provider_id: str, extra_meta: MetaFor) -> Page:
        provider = self.practice.provider(provider_id)
        url = urls.provider_url(provider.id)
        lines = self.practice.service_lines_of(provider.id)
        title = provider.display_name
        focus = f" Focus: {', '.join(provider.focus)}." if provider.focus else ""
        description = description_for(
            f"{provider.display_name}, {', '.join(s.name for s in lines) or provider.specialty} "
            f"at {self.practice.organization.name}.{focus}"
        )
        meta = {
            "title": title,
            "description": description,
            "search": {"exclude": True},
            **extra_meta(title, description),
        }
        locations = [self.practice.location(i) for i in provider.locations]
        context = ProviderContext(
            **self._site(url), provider=provider, lines=lines, locations=locations
        )
        markdown = self._render("pages/provider.md.j2", meta, context)
        return Page(url, title, description, markdown)

    def index(self, kind: str, extra_meta: MetaFor) -> Page:
        org = self.practice.organization
        if kind == "service_lines":
            url, title = urls.SERVICE_LINES, "Service lines"
            description = (
                f"Every service line at {org.name}: who it sees, urgency criteria and how to refer."
            )
        elif kind == "locations":
            url, title = urls.LOCATIONS, "Locations"
            description = (
                f"Addresses, phone and fax numbers and hours of every {org.name} location."
            )
        else:
            url, title = urls.PROVIDERS, "Providers"
            description = (
                f"Physicians and clinicians at {org.name}: specialties, board certifications, "
                "locations and whether they accept new patients."
            )
        description = description_for(description)
        meta = {"title": title, "description": description, **extra_meta(title, description)}
        context = IndexContext(**self._site(url), title=title, groups=self._provider_groups())
        markdown = self._render(f"pages/{kind}_index.md.j2", meta, context)
        return Page(url, title, description, markdown)

    def _provider_groups(self) -> list[tuple[str, list]]:
        """Providers grouped by service line; anyone in none of them comes last."""
        groups, listed = [], set()
        for line in self.practice.service_lines:
            people = [self.practice.provider(i) for i in line.providers]
            listed.update(line.providers)
            if people:
                groups.append((line.name, people))
        others = [p for p in self.practice.organization.providers if p.id not in listed]
        if others:
            groups.append(("Other clinicians", others))
        return groups


def _search_suffix(line: ServiceLine) -> str:
    if not line.conditions:
        return ""
    return "Conditions: " + ", ".join(line.conditions) + "."

"""Turn a loaded project into a complete docs folder any MkDocs-style engine renders.

This module and output.py, which it writes with, are the only ones that write
generated files, and neither reads any input: the content pages, assets, logo and
templates come from the loaded project (source/loaded.py), the PDFs from the PDF
phase. A file is written only when its bytes changed and files that are no longer
generated are removed, so a rebuild after a one-file edit touches one page, and
``mkdocs serve`` does not loop on its own output.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

import yaml
from markupsafe import escape

from . import urls
from .checks.content import MARKDOWN_LINK, resolve_link
from .findings import Finding
from .kit.referral_kit import build_kit
from .output import is_direct, write_tree
from .render.brand import brand_css
from .render.fhir import BUNDLE_URL, fhir_files
from .render.memo import NO_MEMO, PageMemo, RenderMemo, loaded_digests, overrides_pages
from .render.pages import (
    MetaFor,
    Page,
    PageRenderer,
    PdfInfo,
    description_for,
    front_matter,
)
from .render.sitemap import render_robots, render_sitemap
from .render.structured_data import StructuredData, to_script_json
from .rules.project import RK020
from .source.loaded import FRONT_MATTER as _FRONT_MATTER
from .source.loaded import H1 as _H1
from .source.loaded import LoadedProject
from .source.model import Practice
from .source.project import ProjectConfig

ASSET_PREFIX = urls.ASSETS + "referkit/"


@dataclass
class GenerateStats:
    files_written: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    pdfs_rendered: int = 0
    pdfs_cached: int = 0
    pdfs_rendered_kinds: dict[str, int] = field(default_factory=dict)  # "guide" -> 1, ...


@dataclass
class Generated:
    """What ``generate`` produced: the folder, the navigation and the pages."""

    docs_dir: Path
    nav: list
    pages: list[Page]
    extra_css: list[str]
    stats: GenerateStats = field(default_factory=GenerateStats)
    findings: list[Finding] = field(default_factory=list)
    logo: str | None = None  # the brand logo inside the docs folder, for the theme header
    preview: bool = False  # a preview build: every page noindex, robots.txt disallows all
    known_page_count: int | None = None  # a reused run's (engines/reuse.py): no pages held

    @property
    def page_count(self) -> int:
        return self.known_page_count if self.known_page_count is not None else len(self.pages)


def generate(
    loaded: LoadedProject,
    pdfs: dict[str, bytes] | None = None,
    docs_dir: Path | None = None,
    memo: RenderMemo | None = None,
) -> Generated:
    """Write the docs folder for ``loaded``; ``pdfs`` maps output paths to PDF bytes
    (public and partner, from the PDF phase).

    ``loaded`` is the project as a build on its day publishes it (``timeline.publish``):
    notices, waits and campaigns that have run out are already left out. ``serve``
    passes a ``memo`` kept between rebuilds: pages and FHIR resources whose inputs did
    not change are reused, and files it wrote last time are not read back to compare
    (render/memo.py)."""
    practice, project = loaded.practice, loaded.project
    assert practice is not None, "a docs folder is generated from a valid model only"
    docs_dir = docs_dir or project.docs_dir
    pdfs = pdfs or {}
    preview = project.options.preview
    env = loaded.page_env
    renderer = PageRenderer(practice, project.site_name, env, _feedback_link(project))
    data = StructuredData(practice, project.site_url, project.site_name)
    files: dict[str, bytes] = dict(pdfs)
    findings: list[Finding] = []
    memo = memo or NO_MEMO
    memo.start()
    # exports, the changes feed and partner pages (kit.py); page_data lets templates link them
    kit = build_kit(loaded, env, pdfs, memo)
    env.globals["kit"] = kit.page_data
    files.update(kit.files)
    findings.extend(kit.findings)
    digests = loaded_digests(loaded, kit.page_data) if memo is not NO_MEMO else None
    # the FHIR R4 directory: out of the sitemap and search, announced on the home page
    files.update(
        fhir_files(practice, project.site_url, frozenset(pdfs), memo=memo, digests=digests)
    )
    keys = PageMemo(memo, digests, overrides_pages(loaded))

    def jsonld(build_graph: Callable[[str, str], dict]) -> MetaFor:
        return lambda title, description: {
            "referkit_jsonld": to_script_json(build_graph(title, description))
        }

    def home_meta(title: str, description: str) -> dict[str, object]:
        fhir = urls.absolute(project.site_url, BUNDLE_URL)
        return {**jsonld(data.home_graph)(title, description), "referkit_fhir": fhir}

    home = partial(renderer.home, loaded.intro, home_meta)
    pages: list[Page] = [keys.page(urls.HOME, (keys.every, loaded.intro), home)]
    for line in practice.service_lines:
        links = {
            kind: PdfInfo(url, len(pdfs[url]))
            for kind, url in (
                ("guide", urls.guide_url(line.slug)),
                ("form", urls.form_url(line.slug)),
            )
            if url in pdfs
        }
        graph = partial(data.service_line_graph, line)
        parts = (keys.line(line.slug), repr(sorted(links.items())))
        make = partial(renderer.service_line, line, links, jsonld(graph))
        pages.append(keys.page(urls.service_line_url(line.slug), parts, make))
    index_urls = {
        "service_lines": urls.SERVICE_LINES,
        "locations": urls.LOCATIONS,
        "providers": urls.PROVIDERS,
    }
    for kind, url in index_urls.items():
        make = partial(renderer.index, kind, jsonld(partial(data.index_graph, url)))
        pages.append(keys.page(url, (keys.every,), make))
    for location in practice.organization.locations:
        graph = partial(data.location_graph, location)
        lines = practice.service_lines_at(location.id)  # what its page reads beyond the base
        make = partial(renderer.location, location.id, jsonld(graph))
        pages.append(keys.page(urls.location_url(location.id), (keys.of(lines),), make))
    for provider in practice.organization.providers:
        graph = partial(data.provider_graph, provider)
        lines = practice.service_lines_of(provider.id)
        make = partial(renderer.provider, provider.id, jsonld(graph))
        pages.append(keys.page(urls.provider_url(provider.id), (keys.of(lines),), make))
    for page in pages:
        files[page.path] = page.markdown.encode("utf-8")

    content_nav = []
    for path, text in _content_files(loaded):
        if path in files:
            findings.append(
                RK020.at(
                    f"content/{path}",
                    1,
                    1,
                    f"content/{path} would replace a generated page",
                    hint="rename the file; generated pages own the service-line, "
                    "locations/ and providers/ addresses",
                )
            )
            continue
        if path.endswith(".md") and isinstance(text, str):
            page_url = path[: -len("index.md")] if path.endswith("index.md") else path[:-3] + "/"
            text = unlink_withdrawn(path, text, practice.withdrawn)
            files[path] = _with_content_meta(text, page_url, data).encode("utf-8")
            content_nav.append(path)
        else:
            files[path] = text if isinstance(text, bytes) else text.encode("utf-8")

    for name, asset in sorted(loaded.assets.items()):
        files[ASSET_PREFIX + name] = asset
    brand = project.options.brand
    logo = None
    if loaded.logo is not None:
        logo = ASSET_PREFIX + "logo" + loaded.logo.suffix
        files[logo] = loaded.logo.data
    files[ASSET_PREFIX + "brand.css"] = brand_css(
        brand.primary, brand.accent, logo=logo is not None
    ).encode("utf-8")

    files["sitemap.xml"] = render_sitemap(
        project.site_url, _sitemap_entries(practice, content_nav) + kit.sitemap
    ).encode("utf-8")
    files["robots.txt"] = render_robots(project.site_url, preview=preview).encode("utf-8")
    if preview:
        for path, content in files.items():
            if path.endswith(".md"):
                files[path] = _noindex(content)

    direct = {path: files.pop(path) for path in list(files) if memo.direct and is_direct(path)}
    trees = [write_tree(docs_dir, files, memo.written)]
    if memo.direct:  # serve: straight into the preview's site folder (output.py)
        trees.append(write_tree(memo.direct, direct, memo.written_direct, scan=False))
    stats = GenerateStats(*(sum(getattr(t, n) for t in trees) for n in vars(trees[0])))
    memo.finish()
    nav = _navigation(practice, content_nav)
    # the same navigation, for engines that take the docs folder without this plugin
    nav_text = yaml.safe_dump({"nav": nav}, sort_keys=False, allow_unicode=True)
    nav_path = docs_dir.parent / "nav.yml"
    if not nav_path.is_file() or nav_path.read_text(encoding="utf-8") != nav_text:
        nav_path.write_text(nav_text, encoding="utf-8")
    extra_css = [ASSET_PREFIX + "referkit.css", ASSET_PREFIX + "brand.css"]
    return Generated(docs_dir, nav, pages, extra_css, stats, findings, logo, preview)


def _feedback_link(project: ProjectConfig) -> Callable[[str], str] | None:
    """``feedback(page_url)``: the "Report an error on this page" link for a page, with
    the page's public address in it; None without the ``feedback`` option."""
    feedback = project.options.feedback
    if feedback is None:
        return None
    return lambda page_url: urls.feedback_href(feedback, urls.absolute(project.site_url, page_url))


def _noindex(content: bytes) -> bytes:
    """A generated page with ``referkit_robots: noindex`` in its one-line front matter."""
    if not content.startswith(b"---\n{") or b'"referkit_robots"' in content.split(b"\n", 2)[1]:
        return content
    return b'---\n{"referkit_robots": "noindex", ' + content[len(b"---\n{") :]


def unlink_withdrawn(path: str, text: str, withdrawn: tuple[str, ...]) -> str:
    """A content page's Markdown with links to withdrawn service lines (their pages and
    PDFs) turned into plain text, so nothing on the site links to them; the gate warns
    about each one (RK405)."""
    if not withdrawn:
        return text

    def plain(match: re.Match[str]) -> str:
        target = resolve_link(path, match.group("target"))
        if target is not None and target.split("/", 1)[0] in withdrawn:
            return match.group("text")
        return match.group(0)

    return MARKDOWN_LINK.sub(plain, text)


def _content_files(loaded: LoadedProject) -> list[tuple[str, str | bytes]]:
    """content/ files but index.md (the home page's intro): pages as text, others as bytes."""
    return [
        (file.name, file.text if file.name.endswith(".md") else file.data)
        for file in loaded.content
        if file.name != "index.md"
    ]


def _with_content_meta(text: str, page_url: str, data: StructuredData) -> str:
    """Give a hand-written page the same head data as generated ones."""
    meta: dict[str, object] = {}
    match = _FRONT_MATTER.match(text)
    body = text
    if match:
        loaded = yaml.safe_load(match.group(1))
        meta = loaded if isinstance(loaded, dict) else {}
        body = text[match.end() :]
    heading = _H1.search(body)
    title = str(meta.get("title") or (heading.group(1) if heading else page_url.strip("/")))
    if "description" not in meta:
        paragraph = next(
            (
                p
                for p in re.split(r"\n\s*\n", _H1.sub("", body, count=1))
                if p.strip() and not p.lstrip().startswith(("#", "<", "!", "|", "-", "*", "1."))
            ),
            title,
        )
        meta["description"] = description_for(re.sub(r"[*_`\[\]]|\(.*?\)", "", paragraph))
    graph = data.content_graph(page_url, title, str(meta["description"]))
    meta["referkit_jsonld"] = to_script_json(graph)
    return front_matter(meta) + body


def _sitemap_entries(practice: Practice, content_pages: list[str]) -> list[tuple[str, date | None]]:
    """Every page with the date its facts were last reviewed (None where no date applies)."""
    lines = practice.service_lines
    latest = max((s.review.last_reviewed for s in lines), default=None)

    def newest(related: tuple) -> date | None:
        return max((s.review.last_reviewed for s in related), default=None)

    entries: list[tuple[str, date | None]] = [(urls.HOME, latest)]
    entries += [(urls.service_line_url(s.slug), s.review.last_reviewed) for s in lines]
    entries += [(urls.SERVICE_LINES, latest), (urls.LOCATIONS, latest), (urls.PROVIDERS, latest)]
    entries += [
        (urls.location_url(loc.id), newest(practice.service_lines_at(loc.id)))
        for loc in practice.organization.locations
    ]
    entries += [
        (urls.provider_url(p.id), newest(practice.service_lines_of(p.id)))
        for p in practice.organization.providers
    ]
    for path in content_pages:
        entries.append(
            (path[: -len("index.md")] if path.endswith("index.md") else path[:-3] + "/", None)
        )
    return entries


NAV_GROUP_THRESHOLD = 30  # beyond this many service lines, group them by specialty


def _navigation(practice: Practice, content_pages: list[str]) -> list:
    """A short navigation: detail pages for locations and providers hang off their indexes.

    Service lines are listed by their names, after the section's own overview page: with
    Material's navigation.indexes a section's first page becomes its index, so a service
    line in that place would vanish from the phone drawer. A health system's hundreds of
    service lines are grouped by specialty, so that with Material's navigation.prune a
    page carries its own group, not every service line.
    """

    def entry(line) -> dict[str, str]:
        return {str(escape(line.name)): urls.source_path(urls.service_line_url(line.slug))}

    lines = sorted(practice.service_lines, key=lambda line: (line.name.casefold(), line.slug))
    service_nav: list = [urls.source_path(urls.SERVICE_LINES)]
    if len(lines) <= NAV_GROUP_THRESHOLD:
        service_nav += [entry(s) for s in lines]
    else:
        groups: dict[str, list] = {}
        for line in lines:
            groups.setdefault(line.specialty, []).append(entry(line))
        service_nav += [{name: groups[name]} for name in sorted(groups)]
    return [
        {"Home": "index.md"},
        {"Service lines": service_nav},
        {"Locations": urls.source_path(urls.LOCATIONS)},
        {"Providers": urls.source_path(urls.PROVIDERS)},
        *content_pages,
    ]

"""The referral-marketing kit: listings exports, the "what changed" feed, partner pages.

One entry point for the generator, :func:`build_kit`, so ``generate.py`` only adds
the kit's files, sitemap entries and page data. Everything here is optional
output around the public site: without git history the changes page is left out
(with a warning), and without ``_partners.yaml`` nothing under ``/for/`` exists.
It renders from the loaded project and the PDFs the PDF phase made (partner copies
included: pdf/render.py); it reads no file and runs no git.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date

from jinja2 import Environment

from .. import urls
from ..findings import Finding
from ..render.exports import export_files
from ..render.memo import NO_MEMO, RenderMemo, digest
from ..render.page_contexts import ChangesContext, PartnerContext, PdfInfo
from ..render.pages import description_for, front_matter
from ..render.structured_data import StructuredData, to_script_json
from ..source.loaded import LoadedProject
from ..source.partners import OVERVIEW_NAME, with_code
from ..source.timeline import publish
from ..wording import long_date
from .changes import render_atom


@dataclass
class Kit:
    """What the kit adds to the docs folder."""

    files: dict[str, bytes] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    sitemap: list[tuple[str, date | None]] = field(default_factory=list)
    page_data: dict[str, object] = field(default_factory=dict)  # Jinja globals for pages


def build_kit(
    loaded: LoadedProject, env: Environment, pdfs: dict[str, bytes], memo: RenderMemo = NO_MEMO
) -> Kit:
    """Build every kit file; ``env`` renders the kit's Markdown pages, ``pdfs`` holds
    every rendered PDF by output path (the partner copies go into the kits). The exports
    read the organization and where each service line is seen: ``serve``'s ``memo``
    keeps them while those are unchanged."""
    kit = Kit()
    practice, site_url = loaded.practice, loaded.project.site_url
    seen_at = [(line.slug, *line.locations) for line in practice.service_lines]
    exports_key = digest(practice.organization.model_dump_json(), site_url, repr(seen_at))
    kit.files.update(memo.get("exports", exports_key, lambda: export_files(practice, site_url)))
    _add_changes(kit, loaded, env)
    _add_partners(kit, loaded, env, pdfs)
    return kit


def _add_changes(kit: Kit, loaded: LoadedProject, env: Environment) -> None:
    """/changes/ and /changes.xml, and each service line's newest change for its page."""
    practice, project, history = loaded.practice, loaded.project, loaded.history
    if history.warning is not None:
        kit.findings.append(history.warning)
        return
    org = practice.organization
    live = {line.slug for line in practice.service_lines}
    title = "What changed"
    description = description_for(
        f"Changes to {org.name}'s referral criteria, urgency targets, records to send, "
        "contacts and promises, newest first."
    )
    data = StructuredData(practice, project.site_url, project.site_name)
    meta = {
        "title": title,
        "description": description,
        "search": {"exclude": True},
        "referkit_jsonld": to_script_json(data.content_graph(urls.CHANGES, title, description)),
    }
    context = ChangesContext(
        title=title,
        history=history,
        live=live,
        long_date=long_date,
        link=lambda to: urls.relative(urls.CHANGES, to),
    )
    body = env.get_template("pages/changes.md.j2").render(context.variables())
    kit.files[urls.source_path(urls.CHANGES)] = (front_matter(meta) + body).encode("utf-8")
    page_url = urls.absolute(project.site_url, urls.CHANGES)
    kit.files[urls.CHANGES_FEED] = render_atom(
        history,
        site_url=project.site_url,
        title=f"{org.name}: what changed in referral requirements",
        author=org.name,
        fallback_updated=max(
            (line.review.last_reviewed for line in practice.service_lines), default=date.min
        ),
        page_url=page_url,
        line_url=lambda slug: (
            urls.absolute(project.site_url, urls.service_line_url(slug)) if slug in live else None
        ),
    ).encode("utf-8")
    newest = history.changes[0].day if history.changes else None
    kit.sitemap.append((urls.CHANGES, newest))
    kit.page_data["changes"] = {
        slug: [
            {
                "anchor": change_set.anchor,
                "day": change_set.day.isoformat(),
                "date": long_date(change_set.day),
                "summary": "; ".join(line.items),
            }
            for change_set, line in history.for_line(slug)
        ]
        for slug in sorted(live)
        if history.for_line(slug)
    }


# --- partners and campaigns ------------------------------------------------------

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: same bytes every build


def _add_partners(kit: Kit, loaded: LoadedProject, env: Environment, pdfs: dict) -> None:
    """/for/<id>/ pages and referral-kit.zip for partners and running campaigns (their
    coded PDFs come from the PDF phase); nothing at all without ``_partners.yaml``."""
    data = loaded.partners.data
    if data is None:
        return
    practice, project = loaded.practice, loaded.project
    param = data.query_param
    structured = StructuredData(practice, project.site_url, project.site_name)
    by_slug = {line.slug: line for line in practice.service_lines}
    for audience in loaded.audiences:
        lines = []
        for slug in audience.slugs:
            line = by_slug[slug]
            portal = line.main_route.portal
            item = {
                "line": line,
                "portal": with_code(portal, param, audience.code) if portal else None,
                "guide": _pdf_info(pdfs, audience.guide_url(slug)),
                "form": _pdf_info(pdfs, audience.form_url(slug)),
            }
            lines.append(item)
        members = {
            name: pdfs[url]
            for slug in audience.slugs
            for name, url in (
                (f"{slug}-{urls.GUIDE_FILE}", audience.guide_url(slug)),
                (f"{slug}-{urls.FORM_FILE}", audience.form_url(slug)),
            )
            if url in pdfs
        }
        if audience.overview_url in pdfs:
            members[OVERVIEW_NAME] = pdfs[audience.overview_url]
        archive = deterministic_zip(members) if members else None
        if archive is not None:
            kit.files[audience.kit_url] = archive
        kit.files[urls.source_path(audience.url)] = _partner_page(
            practice, env, structured, audience, lines, len(archive) if archive else None
        ).encode("utf-8")


def _pdf_info(pdfs: dict[str, bytes], url: str) -> PdfInfo | None:
    return PdfInfo(url, len(pdfs[url])) if url in pdfs else None


def _partner_page(practice, env, data, audience, lines, kit_size) -> str:
    org = practice.organization
    title = f"Referrals from {audience.name}"
    description = description_for(
        f"Referral code {audience.code} for {audience.name}: coded e-referral links, "
        f"guides and forms for referring patients to {org.name}."
    )
    meta = {
        "title": title,
        "description": description,
        "search": {"exclude": True},
        "referkit_robots": "noindex",
        "referkit_jsonld": to_script_json(data.content_graph(audience.url, title, description)),
    }
    context = PartnerContext(
        title=title,
        audience=audience,
        lines=lines,
        kit_zip=kit_size,
        link=lambda to: urls.relative(audience.url, to),
    )
    body = env.get_template("pages/partner.md.j2").render(context.variables())
    return front_matter(meta) + body


def deterministic_zip(members: dict[str, bytes]) -> bytes:
    """A zip whose bytes depend only on ``members``: sorted names, fixed timestamps
    and permissions, DEFLATE at a fixed level."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, members[name], compresslevel=9)
    return buffer.getvalue()


def partner_links(loaded: LoadedProject) -> tuple[list[list[str]], list[Finding]]:
    """Rows for ``build.py links``: a header, then every partner and running campaign."""
    from ..checks.partners import cross_checks

    practice, partners, project = loaded.practice, loaded.partners, loaded.project
    if practice is None:
        return [], loaded.load.findings
    slugs = [line.slug for line in practice.service_lines]
    findings = list(partners.findings)
    if partners.data is not None and partners.source is not None:
        findings += cross_checks(partners.data, partners.source, slugs)
    if findings:
        return [], findings
    rows = [["kind", "id", "name", "code", "page_url", "kit_url", "service_lines"]]
    # what a build on loaded.today publishes: running campaigns, lines not withdrawn
    for audience in publish(loaded).audiences:
        rows.append(
            [
                audience.kind,
                audience.id,
                audience.name,
                audience.code,
                urls.absolute(project.site_url, audience.url),
                urls.absolute(project.site_url, audience.kit_url),
                " ".join(audience.slugs),
            ]
        )
    return rows, []

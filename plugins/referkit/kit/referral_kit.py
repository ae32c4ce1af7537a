"""The referral-marketing kit: listings exports, the "what changed" feed, partner pages.

One entry point for the generator, :func:`build_kit`, so ``generate.py`` only adds
the kit's files, sitemap entries and page data. Everything here is optional
output around the public site: without git history the changes page is left out
(with a warning), and without ``_partners.yaml`` nothing under ``/for/`` exists.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date

from jinja2 import Environment

from .. import urls
from ..findings import Finding
from ..render.exports import export_files
from ..render.page_contexts import ChangesContext, PartnerContext
from ..render.pages import description_for, front_matter
from ..render.structured_data import StructuredData, to_script_json
from ..source.history import History, load_history
from ..source.model import Practice, Routes
from ..source.partners import Audience, audiences, load_partners, with_code
from ..source.project import ProjectConfig
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
    practice: Practice,
    project: ProjectConfig,
    env: Environment,
    *,
    today: date | None = None,
) -> Kit:
    """Build every kit file for ``practice``; ``env`` renders the kit's Markdown pages."""
    kit = Kit()
    kit.files.update(export_files(practice, project.site_url))
    history = load_history(project.project_dir, since=project.options.changes_since)
    _add_changes(kit, practice, project, env, history)
    _add_partners(kit, practice, project, env, today or date.today())
    return kit


def _add_changes(
    kit: Kit, practice: Practice, project: ProjectConfig, env: Environment, history: History
) -> None:
    """/changes/ and /changes.xml, and each service line's newest change for its page."""
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
        fallback_updated=max(line.review.last_reviewed for line in practice.service_lines),
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

KIT_PDF_FORMAT = 2  # bump when the partner PDFs' post-processing changes
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: same bytes every build
OVERVIEW_NAME = "how-to-refer.pdf"


def _add_partners(
    kit: Kit, practice: Practice, project: ProjectConfig, env: Environment, today: date
) -> None:
    """/for/<id>/ pages, partner-coded PDFs and referral-kit.zip for partners and
    running campaigns; nothing at all without ``_partners.yaml``."""
    loaded = load_partners(project.project_dir)
    kit.findings.extend(loaded.findings)
    if loaded.data is None:
        return
    param = loaded.data.query_param
    people = audiences(loaded.data, practice, today)
    pdfs = _partner_pdfs(practice, project, people, param, today) if project.options.pdf else {}
    data = StructuredData(practice, project.site_url, project.site_name)
    by_slug = {line.slug: line for line in practice.service_lines}
    for audience in people:
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
                (f"{slug}-referral-guide.pdf", audience.guide_url(slug)),
                (f"{slug}-referral-form.pdf", audience.form_url(slug)),
            )
            if url in pdfs
        }
        overview_url = audience.url + OVERVIEW_NAME
        if overview_url in pdfs:
            members[OVERVIEW_NAME] = pdfs[overview_url]
        archive = deterministic_zip(members) if members else None
        if archive is not None:
            kit.files[audience.kit_url] = archive
        kit.files.update({url: pdfs[url] for url in pdfs if url.startswith(audience.url)})
        kit.files[urls.source_path(audience.url)] = _partner_page(
            practice, env, data, audience, lines, len(archive) if archive else None
        ).encode("utf-8")


def _pdf_info(pdfs: dict[str, bytes], url: str):
    from ..render.pages import PdfInfo

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


def _partner_pdfs(
    practice: Practice, project: ProjectConfig, people: list[Audience], param: str, today: date
) -> dict[str, bytes]:
    """Every partner-coded guide and form plus each overview, from the PDF cache
    when their inputs are unchanged; rendered in the same warm worker pool."""
    from ..pdf.cache import PdfCache
    from ..pdf.context import PdfRenderer, qr_data_uri, qr_size_in
    from ..pdf.jobs import FIT_STEPS_PT, PdfJob
    from ..pdf.workers import render_jobs

    # the build's date, so partner guides show the same notices and changes as public ones
    renderer = PdfRenderer(practice, project, today)
    specs = {(spec.line.slug, spec.kind): spec for spec in renderer.specs({})}
    partials = [
        renderer.env.loader.get_source(renderer.env, name)[0]
        for name in (
            "pdf/_referral_code.html.j2",
            "pdf/_referral_code_field.html.j2",
            "pdf/overview.html.j2",
            "pdf/_qr_size.html.j2",
            "shared/_macros.j2",
        )
    ]
    cache = PdfCache(project.cache_dir / "pdf")
    files: dict[str, bytes] = {}
    pending: list[tuple[str, object]] = []  # (cache key, job)
    by_slug = {line.slug: line for line in practice.service_lines}
    for audience in people:
        page_url = urls.absolute(project.site_url, audience.url)
        for slug in audience.slugs:
            for kind, output in (
                ("guide", audience.guide_url(slug)),
                ("form", audience.form_url(slug)),
            ):
                spec = specs[(slug, kind)]
                portal = spec.line.main_route.portal
                # the form's printed portal address carries the code too (on the guide
                # the longer address would squeeze the fax and phone numbers)
                if portal and kind == "form":
                    main = spec.line.main_route.model_copy(
                        update={"portal": with_code(portal, param, audience.code)}
                    )
                    routes = Routes((main, *spec.line.other_routes))
                    spec = dataclasses.replace(
                        spec, line=spec.line.model_copy(update={"how_to_refer": routes})
                    )
                printed = spec.line.main_route.portal or ""
                key = _key(spec.key + "|" + printed, audience.code, page_url, partials)
                cached = cache.get(key)
                if cached is not None:
                    files[output] = cached
                    continue
                job = renderer.job(spec, qr_url=page_url, referral_code=audience.code)
                pending.append((key, dataclasses.replace(job, output=output)))
        overview_url = audience.url + OVERVIEW_NAME
        lines = [by_slug[slug] for slug in audience.slugs]
        key = _key(
            json.dumps([line.model_dump(mode="json") for line in lines], sort_keys=True),
            audience.code,
            page_url + "|" + audience.name,
            partials + [json.dumps(practice.organization.model_dump(mode="json"), sort_keys=True)],
        )
        cached = cache.get(key)
        if cached is not None:
            files[overview_url] = cached
            continue
        context = {
            "org": practice.organization,
            "audience": audience,
            "referral_code": audience.code,
            "lines": [
                {
                    "line": line,
                    "portal": with_code(line.main_route.portal, param, audience.code)
                    if line.main_route.portal
                    else None,
                }
                for line in lines
            ],
            "page_url": page_url,
            "qr_data_uri": qr_data_uri(page_url),
            "qr_size_in": qr_size_in(page_url),
            "language": project.language,
            "page_size": renderer.page_size,
            "document_date": max(line.review.last_reviewed for line in lines).isoformat()
            if lines
            else "",
        }
        css = renderer.env.get_template("pdf/guide.css").render()
        template = renderer.env.get_template("pdf/overview.html.j2")
        # with each line's intake counts and review line at every size first; without
        # them (contacts, routes and targets stay) only when that cannot fit one page
        htmls = tuple(
            template.render(body_size_pt=size, extras=extras, **context).replace(
                "</head>", f"<style>{css}</style>\n</head>", 1
            )
            for extras in (True, False)
            for size in FIT_STEPS_PT
        )
        job = PdfJob(
            output=overview_url,
            source_path="service_lines/_partners.yaml",
            label=f"referral overview for {audience.name}",
            htmls=htmls,
            sizes_pt=FIT_STEPS_PT * 2,
            forms=False,
            sections=(("service lines", len(lines)),),
        )
        pending.append((key, job))
    jobs = [job for _, job in pending]
    for (key, job), outcome in zip(pending, render_jobs(jobs), strict=True):
        if outcome.pdf is None:
            continue  # too long for one page: left out of the kit, the public PDF gate reports it
        pdf = _read_only_code_field(outcome.pdf) if job.forms else outcome.pdf
        files[job.output] = pdf
        cache.put(key, pdf)
    return files


def _key(base: str, code: str, page_url: str, extra: list[str]) -> str:
    payload = json.dumps([KIT_PDF_FORMAT, base, code, page_url, extra], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _read_only_code_field(pdf: bytes) -> bytes:
    """Set the read-only flag on the pre-filled referral code field (WeasyPrint keeps
    the value but writes no flag for ``readonly``)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            field = annotation.get_object()
            if field.get("/T") == "referral_source_code":
                flags = int(field.get("/Ff", 0))
                field[NameObject("/Ff")] = NumberObject(flags | 1)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def partner_links(project: ProjectConfig, today: date) -> tuple[list[list[str]], list[Finding]]:
    """Rows for ``build.py links``: a header, then every partner and running campaign."""
    from ..checks.partners import cross_checks
    from ..source.loader import load_practice

    load = load_practice(project.project_dir)
    if load.practice is None:
        return [], load.findings
    slugs = [line.slug for line in load.practice.service_lines]
    loaded = load_partners(project.project_dir)
    findings = list(loaded.findings)
    if loaded.data is not None and loaded.source is not None:
        findings += cross_checks(loaded.data, loaded.source, slugs)
    if findings:
        return [], findings
    rows = [["kind", "id", "name", "code", "page_url", "kit_url", "service_lines"]]
    for audience in audiences(loaded.data, load.practice, today):
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

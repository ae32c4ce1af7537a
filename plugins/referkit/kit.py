"""The referral-marketing kit: listings exports, the "what changed" feed, partner pages.

One entry point for the generator, :func:`build_kit`, so ``generate.py`` only adds
the kit's files, sitemap entries and page data. Everything here is optional
output around the public site: without git history the changes page is left out
(with a warning), and without ``_partners.yaml`` nothing under ``/for/`` exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jinja2 import Environment

from . import urls
from .changes import History, load_history, long_date, render_atom
from .config import ProjectConfig
from .exports import export_files
from .findings import Finding
from .model import Practice
from .pages import description_for, front_matter
from .structured_data import StructuredData, to_script_json


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
    _add_changes(kit, practice, project, env, load_history(project.project_dir))
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
    body = env.get_template("pages/changes.md.j2").render(
        title=title,
        history=history,
        live=live,
        long_date=long_date,
        urls=urls,
        link=lambda to: urls.relative(urls.CHANGES, to),
    )
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

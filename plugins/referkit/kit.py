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

from .config import ProjectConfig
from .exports import export_files
from .findings import Finding
from .model import Practice


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
    return kit

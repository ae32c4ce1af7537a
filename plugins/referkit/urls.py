"""The site's stable URLs (printed QR codes depend on them) and relative links."""

from __future__ import annotations

import posixpath

HOME = ""
LOCATIONS = "locations/"
PROVIDERS = "providers/"
CHANGES = "changes/"
CHANGES_FEED = "changes.xml"
SERVICE_LINES = "service-lines/"  # the overview of every service line


def service_line_url(slug: str) -> str:
    return f"{slug}/"


def guide_url(slug: str) -> str:
    return f"{slug}/referral-guide.pdf"


def form_url(slug: str) -> str:
    return f"{slug}/referral-form.pdf"


def location_url(location_id: str) -> str:
    return f"{LOCATIONS}{location_id}/"


def provider_url(provider_id: str) -> str:
    return f"{PROVIDERS}{provider_id}/"


def source_path(url: str) -> str:
    """The Markdown file that MkDocs turns into ``url`` (directory URLs)."""
    return f"{url}index.md" if url else "index.md"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url``; both are site-relative."""
    target = posixpath.relpath("/" + to_url, "/" + from_url) if to_url != from_url else "."
    if to_url.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target == "./" or target == "." else target


def absolute(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url

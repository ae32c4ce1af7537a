"""sitemap.xml with lastmod from review dates, and a robots.txt that names it.

Dates come from the YAML, never the clock, so the same input gives the same
bytes; MkDocs' own sitemap (build date as lastmod) is switched off by the adapter.
"""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from . import urls


def render_sitemap(site_url: str, entries: list[tuple[str, date | None]]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, lastmod in sorted(entries, key=lambda e: e[0]):
        lines.append(
            f"  <url><loc>{escape(urls.absolute(site_url, url))}</loc>"
            + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "")
            + "</url>"
        )
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(site_url, 'sitemap.xml')}\n"

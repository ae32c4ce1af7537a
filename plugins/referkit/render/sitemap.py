"""sitemap.xml with lastmod from review dates, and a robots.txt that names it.

Dates come from the YAML, never the clock, so the same input gives the same
bytes. Every engine publishes this sitemap, not its own (MkDocs': build date as
lastmod; Zensical's: no lastmod): the adapter switches MkDocs' off, the generated
theme folder carries it as a template, and ``html_fixes.finish_site`` copies it over
whatever an engine wrote.
"""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from .. import urls


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


def render_robots(site_url: str, *, preview: bool = False) -> str:
    """robots.txt naming the sitemap; a preview build's disallows everything."""
    if preview:
        return "User-agent: *\nDisallow: /\n"
    return f"User-agent: *\nAllow: /\n\nSitemap: {urls.absolute(site_url, 'sitemap.xml')}\n"


def sitemap_template(sitemap_xml: str) -> str:
    """A theme template that prints ``sitemap_xml`` as it is, in Jinja2 and MiniJinja alike.

    Engines render the theme's ``sitemap.xml`` themselves (MkDocs and Zensical both
    list it as a static template), with the build date or nothing as lastmod. Put in
    the merged theme folder, this one publishes ReferKit's sitemap instead, review
    dates included, even when an engine is run without ``build.py``.
    """
    return "{% raw %}" + sitemap_xml + "{% endraw %}"

"""What changed, published: the Atom feed of the semantic change history.

The history itself (git, each revision loaded, the semantic diff) is read by
``source/history.py`` before anything renders.
"""

from __future__ import annotations

from datetime import date, datetime

from ..source.history import History


def render_atom(
    history: History,
    *,
    site_url: str,
    title: str,
    author: str,
    fallback_updated: date,
    page_url: str,
    line_url,
) -> str:
    """An Atom 1.0 feed (RFC 4287): one entry per service line per commit."""
    from xml.sax.saxutils import escape, quoteattr

    def stamp(when: datetime) -> str:
        return when.isoformat()

    feed_url = site_url + "changes.xml"
    updated = (
        stamp(history.changes[0].committed)
        if history.changes
        else f"{fallback_updated.isoformat()}T00:00:00Z"
    )
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{escape(page_url)}</id>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(page_url)}/>',
        f"  <updated>{updated}</updated>",
        f"  <author><name>{escape(author)}</name></author>",
    ]
    for change_set in history.changes:
        for line in change_set.lines:
            target = line_url(line.slug) or f"{page_url}#{change_set.anchor}"
            items = "".join(f"<li>{escape(item)}</li>" for item in line.items)
            out += [
                "  <entry>",
                f"    <title>{escape(line.name)}: {escape('; '.join(line.items))}</title>",
                f"    <id>{escape(page_url)}#{change_set.anchor}-{line.slug}</id>",
                f'    <link rel="alternate" type="text/html" href={quoteattr(target)}/>',
                f"    <updated>{stamp(change_set.committed)}</updated>",
                f'    <content type="html">{escape(f"<ul>{items}</ul>")}</content>',
                "  </entry>",
            ]
    out.append("</feed>")
    return "\n".join(out) + "\n"

"""RK47x: links a referring office follows — external guidance, pathways and forms."""

from __future__ import annotations

from ..findings import Finding
from ..rules.content import RK471
from .registry import LineContext, line_check


@line_check
def check_links(ctx: LineContext) -> list[Finding]:
    return [
        ctx.finding(
            RK471,
            ("links", index, "url"),
            f"link {link.title!r} is not https: {link.url}",
        )
        for index, link in enumerate(ctx.line.links)
        if not link.url.startswith("https://")
    ]

"""RK47x: links a referring office follows — external guidance, pathways and forms."""

from __future__ import annotations

from ..findings import Finding
from .registry import LineContext, Rule, line_check, register

register(
    Rule(
        "RK471",
        "a link under `links` is not https",
        "use the https:// address; a source only reachable over http belongs under based_on "
        "(a citation), not links",
    ),
)


@line_check
def check_links(ctx: LineContext) -> list[Finding]:
    return [
        ctx.finding(
            "RK471",
            ("links", index, "url"),
            f"link {link.title!r} is not https: {link.url}",
        )
        for index, link in enumerate(ctx.line.links)
        if not link.url.startswith("https://")
    ]

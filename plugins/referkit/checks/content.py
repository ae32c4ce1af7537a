"""RK45x: hand-written content pages — links, anchors, phrases and patient data."""

from __future__ import annotations

import re
from pathlib import Path

from ..findings import Finding
from ..rules.content import RK441, RK451
from ..rules.review import RK405, RK411
from ..source.loader import LoadResult
from ..source.timeline import overdue_from
from .compliance import ORGANIZATION_PATH
from .patient_data import patient_data_in
from .registry import ProjectContext, project_check

MARKDOWN_LINK = re.compile(
    r"(?<!!)\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
)
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _slugify(heading: str) -> str:
    """The anchor Python-Markdown's toc extension gives a heading."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading)
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


@project_check
def check_content(ctx: ProjectContext) -> list[Finding]:
    """Patient data, phrases and broken links or anchors in content/ Markdown."""
    rules, load, loaded = ctx.phrases, ctx.load, ctx.loaded
    pages = {page.name: page.text for page in loaded.content_pages()}
    files = {file.name for file in loaded.content}
    generated = _generated_paths(load)
    anchors = {rel: {_slugify(h) for h in _HEADING.findall(text)} for rel, text in pages.items()}
    findings = []
    withdrawn = _withdrawn_today(ctx)
    for rel, text in pages.items():
        display = f"content/{rel}"
        lines = text.splitlines()
        for number, text in enumerate(lines, start=1):
            for kind, match in patient_data_in(text):
                findings.append(
                    RK441.at(
                        display,
                        number,
                        match.start() + 1,
                        f"looks like a {kind} ({match.group(0)!r}); pages must never carry patient "
                        "data",
                        hint="remove it",
                    )
                )
            for rule in rules:
                for match in rule.compiled().finditer(text):
                    findings.append(
                        RK411.at(
                            display,
                            number,
                            match.start() + 1,
                            f"{match.group(0)!r} {rule.why}; referral pages state facts",
                            hint="rephrase as a checkable fact",
                        )
                    )
            for match in MARKDOWN_LINK.finditer(text):
                target = match.group("target")
                resolved = resolve_link(rel, target)
                if resolved is not None and resolved.split("/", 1)[0] in withdrawn:
                    findings.append(
                        RK405.at(
                            display,
                            number,
                            match.start("target") + 1,
                            f"link {target!r} points to {withdrawn[resolved.split('/', 1)[0]]}, "
                            "which this build leaves out (overdue: withdraw): the link is "
                            "published as plain text",
                        )
                    )
                    continue
                problem = _link_problem(rel, target, files, generated, anchors)
                if problem:
                    findings.append(
                        RK451.at(
                            display,
                            number,
                            match.start("target") + 1,
                            problem,
                            hint="fix the link target",
                        )
                    )
    return findings


def _generated_paths(load: LoadResult) -> set[str]:
    paths = {"index.md", "locations/index.md", "providers/index.md"}
    # every service-line file, also one that failed to load (its page is not a broken link)
    for slug in load.service_line_paths:
        paths |= {f"{slug}/index.md", f"{slug}/referral-guide.pdf", f"{slug}/referral-form.pdf"}
    org = load.sources.get(ORGANIZATION_PATH)
    data = org.data if org is not None and isinstance(org.data, dict) else {}
    for group, folder in (("locations", "locations"), ("providers", "providers")):
        items = data.get(group) if isinstance(data.get(group), list) else []
        paths |= {
            f"{folder}/{x['id']}/index.md" for x in items if isinstance(x, dict) and x.get("id")
        }
    return paths


def _withdrawn_today(ctx: ProjectContext) -> dict[str, str]:
    """slug -> name of the service lines a build on ``ctx.today`` leaves out."""
    practice, options = ctx.load.practice, ctx.project.options
    if not ctx.building or options.overdue != "withdraw" or practice is None:
        return {}
    return {
        line.slug: line.name
        for line in practice.service_lines
        if ctx.today >= overdue_from(line, options)
    }


def resolve_link(page: str, target: str) -> str | None:
    """The docs-folder path a link on the content page ``page`` points to
    (``cardiology/index.md``); None for an external, ``mailto:`` or ``tel:`` link and
    for one that leaves the site."""
    if _EXTERNAL.match(target) or target.startswith("//"):
        return None
    path_part = target.partition("#")[0]
    if not path_part:
        return page
    resolved = (Path(page).parent / path_part).as_posix()
    parts: list[str] = []
    for part in resolved.split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in {"", "."}:
            parts.append(part)
    resolved = "/".join(parts)
    return resolved + "/index.md" if path_part.endswith("/") else resolved


def _link_problem(
    page: str,
    target: str,
    files: set[str],
    generated: set[str],
    anchors: dict[str, set[str]],
) -> str:
    if _EXTERNAL.match(target) or target.startswith("//"):
        return ""  # external links and mailto:/tel: are not checked here
    anchor = target.partition("#")[2]
    resolved = resolve_link(page, target)
    if resolved is None:
        return f"link {target!r} points outside the site"
    exists = resolved in files or resolved in generated
    if not exists:
        return f"link {target!r} points to {resolved}, which does not exist"
    if anchor and resolved in anchors and anchor not in anchors[resolved]:
        return f"link {target!r}: {resolved} has no heading with the anchor #{anchor}"
    return ""

"""Gate rules about what may publish at all, read from the plain YAML data.

They run on every check, also when some file failed to load, so that one run
reports them together with every other problem:

- RK482 the demo's fictional contact details (555-01xx numbers, example.org
  addresses) and its own sentences on a site whose ``site_url`` is a real domain, in
  YAML, content/ and mkdocs.yml;
- RK204 two service lines that are one (a copied file);
- RK413 a compliance exception approved by someone who is not a listed reviewer;
- RK483 content/ or templates/ files that are links out of the project, or not UTF-8.

(Placeholders, RK481, are found by the loader: see ``placeholders.py``.)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..findings import Finding, shorten
from ..rules.content import RK482, RK483
from ..rules.files import RK003
from ..rules.review import RK413
from ..source.characters import forbidden_characters
from ..source.loaded import LoadedProject
from ..source.loader import ORGANIZATION_FILE, SERVICE_LINES_DIR, LoadResult
from ..source.positions import MAX_CHARACTER_FINDINGS, Loc, strings_in
from ..source.project import ProjectConfig
from .duplicates import check_duplicate_lines

ORG_PATH = f"{SERVICE_LINES_DIR}/{ORGANIZATION_FILE}"
# as generate.py reads a content page's own front matter (importing it would be circular)
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.DOTALL)
# 555-0100 to 555-0199 are the North American numbers reserved for fiction
FICTIONAL_PHONE = re.compile(r"(?<![\d-])(?:\(?\d{3}\)?[\s.-]?)?555[\s.-]?01\d\d(?!\d)")
# RFC 2606 example domains, in a link, an address or on their own
EXAMPLE_DOMAIN = re.compile(
    r"(?<![\w.-])(?:[\w.+-]+@)?(?:[\w-]+\.)*example\.(?:org|com|net)\b", re.IGNORECASE
)
_RESERVED_TLDS = {"example", "test", "invalid", "localhost"}
# the demo practice's own words: a fork that keeps them publishes "a fictional practice"
DEMO_TEXT = re.compile(
    r"\bLakeside Specialty Partners\b|\bfictional\b|\bdemonstrate ReferKit\b", re.IGNORECASE
)


def is_example_site(site_url: str) -> bool:
    """True for example domains, reserved test names and local addresses."""
    host = (urlsplit(site_url).hostname or "").lower().rstrip(".")
    if host in {"localhost", "127.0.0.1", "::1", ""}:
        return True
    labels = host.split(".")
    return labels[-1] in _RESERVED_TLDS or ".".join(labels[-2:]) in {
        "example.org",
        "example.com",
        "example.net",
    }


def check_publishing(loaded: LoadedProject) -> list[Finding]:
    load, project = loaded.load, loaded.project
    findings: list[Finding] = []
    findings += check_reviewers(load)
    findings += check_duplicate_lines(load)
    findings += check_project_files(project)
    if not is_example_site(project.site_url):
        findings += check_demo_contacts(load, loaded)
    return findings


# --- fictional contact details ------------------------------------------------


def _fictional(text: str) -> Iterator[tuple[re.Match[str], str]]:
    for match in FICTIONAL_PHONE.finditer(text):
        yield match, "a fictional 555-01xx phone number"
    for match in EXAMPLE_DOMAIN.finditer(text):
        yield match, "an example.org/.com/.net address"
    demo = DEMO_TEXT.search(text)  # one finding per line, however many words match
    if demo:
        yield demo, _excerpt(text, demo)


def _excerpt(text: str, match: re.Match[str], reach: int = 32) -> str:
    """The words around ``match`` as written, with … where the line goes on."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end < 0 else line_end
    start = max(line_start, match.start() - reach)
    end = min(line_end, match.end() + reach)
    if start > line_start:
        start = text.find(" ", start, match.start()) + 1 or start
    if end < line_end:
        end = text.rfind(" ", match.end(), end) if text.rfind(" ", match.end(), end) > 0 else end
    lead = "…" if start > line_start else ""
    tail = "…" if end < line_end else ""
    return f"{lead}{text[start:end].strip()}{tail}"


def _demo_finding(path: str, line: int, col: int, match: re.Match[str], what: str, loc: Loc = ()):
    if DEMO_TEXT.fullmatch(match.group(0)):
        return RK482.at(
            path,
            line,
            col,
            f"“{what}” is the demo practice's own text, on a site that publishes at a real address",
            loc=loc,
            hint="rewrite it for your practice, or delete it (site_url in mkdocs.yml is not "
            "an example domain, so this would publish)",
        )
    return RK482.at(
        path,
        line,
        col,
        f"{shorten(match.group(0))} is {what} from the demo, on a site that publishes "
        "at a real address",
        loc=loc,
        hint="write the practice's real number or address (site_url in mkdocs.yml is "
        "not an example domain, so this would publish)",
    )


def check_demo_contacts(load: LoadResult, loaded: LoadedProject) -> list[Finding]:
    findings = []
    for path, source in load.sources.items():
        for loc, text in strings_in(source.data):
            if loc[:1] == ("slug",):
                continue
            line, _ = source.position_of(loc)
            for match, what in _fictional(text):
                col = source.column_in_text(loc, text, match.start())
                findings.append(_demo_finding(path, line, col, match, what, loc))
    for rel, text in ((page.name, page.text) for page in loaded.content_pages()):
        for number, line_text in enumerate(text.splitlines(), start=1):
            for match, what in _fictional(line_text):
                findings.append(
                    _demo_finding(f"content/{rel}", number, match.start() + 1, match, what)
                )
    findings += _demo_text_in_mkdocs_yml(loaded.project)
    return findings


def _demo_text_in_mkdocs_yml(project: ProjectConfig) -> list[Finding]:
    """site_name, site_description and copyright publish on every page; comments do not."""
    try:
        text = (project.project_dir / "mkdocs.yml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    findings = []
    for number, row in enumerate(text.splitlines(), start=1):
        if not row.startswith(("site_name:", "site_description:", "copyright:")):
            continue
        value = row.split(" #", 1)[0]
        for match, what in _fictional(value):
            findings.append(_demo_finding("mkdocs.yml", number, match.start() + 1, match, what))
    return findings


# --- compliance exceptions need a reviewer ----------------------------------------


def _normalized(name: str) -> str:
    return " ".join(name.casefold().split())


def _names(entry: str) -> set[str]:
    """A reviewer matches by the whole entry or by the name before the first comma."""
    whole = _normalized(entry)
    return {whole, whole.split(",", 1)[0].strip()}


def check_reviewers(load: LoadResult) -> list[Finding]:
    org = load.sources.get(ORG_PATH)
    org_data = org.data if org is not None and isinstance(org.data, dict) else {}
    listed = org_data.get("reviewers")
    reviewers = [r for r in listed if isinstance(r, str)] if isinstance(listed, list) else []
    findings = []
    for path in load.service_line_paths.values():
        source = load.sources[path]
        data = source.data if isinstance(source.data, dict) else {}
        exceptions = data.get("compliance_exceptions")
        if not isinstance(exceptions, list):
            continue
        review = data.get("review") if isinstance(data.get("review"), dict) else {}
        allowed = list(reviewers)
        if isinstance(review.get("reviewed_by"), str):
            allowed.append(review["reviewed_by"])
        known = set().union(*(_names(name) for name in allowed)) if allowed else set()
        for index, exception in enumerate(exceptions):
            approver = exception.get("approved_by") if isinstance(exception, dict) else None
            loc = ("compliance_exceptions", index, "approved_by")
            if not isinstance(approver, str) or loc in source.flagged or not approver.strip():
                continue  # the loader reports a missing or malformed approver
            if _names(approver) & known:
                continue
            line, col = source.position_of(loc)
            findings.append(
                RK413.at(
                    path,
                    line,
                    col,
                    f"approved_by {shorten(approver)} is not a listed reviewer: a compliance "
                    "exception needs a reviewer's approval",
                    loc=loc,
                    hint=f"list the reviewer under `reviewers:` in {ORG_PATH} (name, "
                    "credentials, role), or have this service line's review.reviewed_by "
                    "approve it",
                )
            )
    return findings


# --- files that leave the project or are not text -----------------------------------


def check_project_files(project: ProjectConfig) -> list[Finding]:
    """content/ and templates/ are published or rendered: nothing in them may lead outside."""
    root = project.project_dir.resolve()
    findings = []
    for folder_name in ("content", "templates"):
        folder = project.project_dir / folder_name
        if not folder.is_dir():
            continue
        for directory, dirs, files in os.walk(folder):
            for name in sorted([*dirs, *files]):
                path = Path(directory) / name
                display = path.relative_to(project.project_dir).as_posix()
                if path.is_symlink() and not path.resolve().is_relative_to(root):
                    findings.append(
                        RK483.at(
                            display,
                            1,
                            1,
                            "this is a symbolic link to a file outside the project; "
                            "ReferKit reads only files inside the project",
                            hint="replace the link with the file itself, or delete it",
                        )
                    )
                    if name in dirs:
                        dirs.remove(name)
                elif name.endswith((".md", ".html", ".j2", ".yml", ".yaml")) and path.is_file():
                    problems = _utf8_problem(path, display)
                    if not problems and folder_name == "content":
                        problems = _character_problems(path, display)  # as in YAML (RK003)
                    if not problems and folder_name == "content" and name.endswith(".md"):
                        problems = _front_matter_problem(path, display)
                    findings += problems
    return findings


def _front_matter_problem(path: Path, display: str) -> list[Finding]:
    """A content page's own front matter must be YAML the generator can read."""
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        return []
    try:
        yaml.safe_load(match.group(1))
        return []
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        if "stream end" in problem and getattr(exc, "context_mark", None):
            mark = exc.context_mark  # where the unclosed bracket or quote opened
            problem = f"{exc.context} that is never closed"
        line, col = (mark.line + 2, mark.column + 1) if mark else (1, 1)  # after the ---
        return [
            RK483.at(
                display,
                line,
                col,
                f"the page's front matter is not valid YAML: {problem[:200]}",
                hint="fix the lines between the two --- lines at the top of the page",
            )
        ]


def _character_problems(path: Path, display: str) -> list[Finding]:
    """A content page is published as it is: the characters YAML may not hold (controls,
    NUL, ESC, DEL, separators, bidi controls) may not be in it either."""
    text = path.read_text(encoding="utf-8")
    found, total = forbidden_characters(text, MAX_CHARACTER_FINDINGS)
    findings = [
        RK003.at(
            display,
            line,
            col,
            f"character {what} is not allowed",
            hint="delete it: it is invisible in most editors (retype the text around it)",
        )
        for line, col, what in found
    ]
    if total > len(found):
        findings.append(RK003.at(display, 1, 1, f"{total - len(found)} more characters like these"))
    return findings


def _utf8_problem(path: Path, display: str) -> list[Finding]:
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
        return []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", errors="replace")
        line = before.count("\n") + 1
        col = len(before.rsplit("\n", 1)[-1]) + 1
        return [
            RK483.at(
                display,
                line,
                col,
                f"byte 0x{raw[exc.start]:02X} is not UTF-8 text",
                hint="save the file as UTF-8",
            )
        ]

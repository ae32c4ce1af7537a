"""Load a project's YAML into a validated :class:`Practice`, reporting every problem.

Loading never stops at the first error: each file is parsed and validated on its
own, cross-references are checked afterwards, and every problem becomes a
:class:`Finding` with file, line, column and field path.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from .. import urls
from ..findings import Finding, Severity, shorten
from ..rules.cap import cap_per_file
from ..rules.fields import RK103, RK104, RK201, RK203
from ..rules.files import RK005
from ..wording import build_py
from .lenient import validate_leniently
from .model import Organization, Practice, ServiceLine
from .placeholders import placeholder_findings
from .positions import Loc, SourceFile
from .validation import explained, suggest_slug, validate
from .yaml_source import read_yaml

ORGANIZATION_FILE = "_organization.yaml"
SERVICE_LINES_DIR = "service_lines"
M = typing.TypeVar("M", bound=BaseModel)
MAX_ERRORS_READ = 200  # validation errors turned into findings per file
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# for the gate's reading of an organization file whose required top-level value failed
# (never published: a project with an error builds nothing)
ORGANIZATION_STAND_INS = {
    "name": "the practice",
    "url": "https://example.invalid/",
    "telephone": "+1 608-555-0100",
}


@dataclass
class LoadResult:
    """The model (``None`` if anything failed) plus findings and source positions."""

    practice: Practice | None
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    service_line_paths: dict[str, str] = field(default_factory=dict)  # slug -> display path
    # When something failed: every service line and the organization as far as they
    # validate, so the content gate can still read them (every problem in one run).
    # Never rendered: a project with an error publishes nothing.
    partial: Practice | None = None
    # display path -> the values left out of ``partial`` because they failed validation
    # (already reported; the gate says nothing about them or about what holds them)
    left_out: dict[str, tuple[Loc, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.practice is not None


def service_line_files(project_dir: Path) -> list[Path]:
    """Every service-line YAML file, sorted; files starting with ``_`` are shared data."""
    folder = project_dir / SERVICE_LINES_DIR
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file()]
    return sorted(p for p in files if not p.name.startswith(("_", ".")))


def load_practice(project_dir: Path) -> LoadResult:
    """Read ``service_lines/`` under ``project_dir`` into a :class:`Practice`."""
    project_dir = project_dir.resolve()
    result = LoadResult(practice=None)
    org_path = project_dir / SERVICE_LINES_DIR / ORGANIZATION_FILE
    org_display = f"{SERVICE_LINES_DIR}/{ORGANIZATION_FILE}"
    organization = None
    if not org_path.is_file():
        result.findings.append(
            RK103.at(
                org_display,
                1,
                1,
                "missing the organization file",
                hint="create it with the practice name, url, telephone and locations "
                "(see the README's YAML reference)",
            )
        )
    elif _outside(org_path, project_dir, org_display, result):
        pass
    else:
        source = read_yaml(org_path, org_display)
        source.findings += placeholder_findings(source)
        result.sources[org_display] = source
        organization = validate(Organization, source, result.findings)

    lines: list[ServiceLine] = []
    files = service_line_files(project_dir)
    if not files:
        result.findings.append(
            RK103.at(
                SERVICE_LINES_DIR,
                1,
                1,
                "no service-line YAML files found",
                hint=f"add one with: {build_py('new', 'cardiology')}",
            )
        )
    seen_slugs: dict[str, str] = {}
    for path in files:
        display = f"{SERVICE_LINES_DIR}/{path.name}"
        slug = path.stem
        if not SLUG.match(slug):
            result.findings.append(
                RK104.at(
                    display,
                    1,
                    1,
                    f"file name {shorten(path.name)} cannot be a page address",
                    hint="use lowercase letters, digits and hyphens, e.g. "
                    f"{suggest_slug(slug)}.yaml",
                )
            )
            continue
        problem = urls.slug_problem(slug)
        if problem:
            result.findings.append(
                RK104.at(
                    display,
                    1,
                    1,
                    f"file name {shorten(path.name)} cannot be a page address: {problem}",
                    hint="rename the file (its name is the page address), e.g. "
                    f"{suggest_slug(slug)[:40]}-clinic.yaml",
                )
            )
            continue
        if slug in seen_slugs:
            result.findings.append(
                RK203.at(
                    display,
                    1,
                    1,
                    f"service line {slug!r} is defined twice (also in {seen_slugs[slug]})",
                    hint="keep one file per service line",
                )
            )
            continue
        seen_slugs[slug] = display
        if _outside(path, project_dir, display, result):
            continue
        source = read_yaml(path, display)
        source.findings += placeholder_findings(source)
        result.sources[display] = source
        result.service_line_paths[slug] = display
        if isinstance(source.data, dict):
            source.data = {"slug": slug, **source.data}
        line = validate(ServiceLine, source, result.findings)
        if line is None:
            line, left_out = validate_leniently(ServiceLine, source.data)
            result.left_out[display] = tuple(left_out)
        if line is not None:
            lines.append(line)

    _check_references(result)
    result.findings = cap_per_file(result.findings)
    failed = {f.path for f in result.findings if f.severity is Severity.ERROR}
    if organization is not None and not failed:
        result.practice = Practice(organization=organization, service_lines=tuple(lines))
        result.left_out.clear()
        return result
    if organization is None and org_display in result.sources:
        organization, left_out = validate_leniently(
            Organization, result.sources[org_display].data, ORGANIZATION_STAND_INS
        )
        result.left_out[org_display] = tuple(left_out)
    if organization is not None:
        result.partial = Practice(organization=organization, service_lines=tuple(lines))
    return result


def _outside(path: Path, project_dir: Path, display: str, result: LoadResult) -> bool:
    """A file (or a folder on its way) that leads out of the project is never read."""
    try:
        path.resolve().relative_to(project_dir)
        return False
    except ValueError:
        result.findings.append(
            RK005.at(
                display,
                1,
                1,
                "this is a symbolic link to a file outside the project; ReferKit reads "
                "only files inside the project",
                hint="replace the link with the file itself, or delete it",
            )
        )
        return True


def _raw_items(source: SourceFile | None, group: str) -> list[tuple[int, dict]]:
    data = source.data if source is not None else None
    items = data.get(group) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]


def _raw_refs(data: object, loc: Loc) -> list[tuple[Loc, str]]:
    """The well-formed id references at ``loc`` (a list of ids) in plain data."""
    for part in loc:
        data = data.get(part) if isinstance(data, dict) else None
    if not isinstance(data, list):
        return []
    return [
        ((*loc, index), ref)
        for index, ref in enumerate(data)
        if isinstance(ref, str) and SLUG.match(ref)
    ]


def _check_references(result: LoadResult) -> None:
    """Check ids and references on the plain data, so one bad field hides nothing.

    A provider with a bad NPI still has an id; a service line with a wrong type
    still names its locations and providers. Only where a syntax error made a list
    unreadable are references to it left unchecked.
    """
    path = f"{SERVICE_LINES_DIR}/{ORGANIZATION_FILE}"
    org = result.sources.get(path)
    if org is None or not isinstance(org.data, dict):
        return
    known: dict[str, list[str] | None] = {}
    for group in ("locations", "providers"):
        ids: list[str] = []
        seen: set[str] = set()
        for index, item in _raw_items(org, group):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            if item_id in seen:
                line, col = org.position_of((group, index, "id"))
                result.findings.append(
                    RK203.at(
                        path,
                        line,
                        col,
                        f"id {shorten(item_id)} is used twice in {group}",
                        loc=(group, index, "id"),
                        hint="give each entry its own id",
                    )
                )
            seen.add(item_id)
            ids.append(item_id)
        unreadable = group in org.broken_keys or explained((group,), org)
        known[group] = None if unreadable else ids
    kinds = {"locations": "location", "providers": "provider"}

    def check(display: str, source: SourceFile, loc: Loc, group: str) -> None:
        if known[group] is None:
            return
        for ref_loc, ref in _raw_refs(source.data, loc):
            if ref not in known[group] and not explained(ref_loc, source):
                result.findings.append(
                    _unknown_reference(display, source, ref_loc, kinds[group], ref, known[group])
                )

    for index, _ in _raw_items(org, "providers"):
        check(path, org, ("providers", index, "locations"), "locations")
    for display in result.service_line_paths.values():
        source = result.sources[display]
        for group in ("locations", "providers"):
            check(display, source, (group,), group)


def _unknown_reference(
    path: str, source: SourceFile, loc: Loc, kind: str, ref: str, known: list[str]
) -> Finding:
    line, col = source.position_of(loc)
    message = f"unknown {kind} id {shorten(ref)}"
    match = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
    if match:
        message += f"; did you mean {match[0]!r}?"
    hint = (
        f"{kind} ids are defined in {SERVICE_LINES_DIR}/{ORGANIZATION_FILE}: "
        + ", ".join(known[:12])
        + (" …" if len(known) > 12 else "")
    )
    return RK201.at(path, line, col, message, loc=loc, hint=hint)

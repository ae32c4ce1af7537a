"""Load a project's YAML into a validated :class:`Practice`, reporting every problem.

Loading never stops at the first error: each file is parsed and validated on its
own, cross-references are checked afterwards, and every problem becomes a
:class:`Finding` with file, line, column and field path.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..findings import Finding, Severity, cap_per_file, shorten
from .model import MEDICAL_SPECIALTIES, Organization, Practice, ServiceLine
from .placeholders import placeholder_findings
from .yaml_source import Loc, SourceFile, read_yaml

ORGANIZATION_FILE = "_organization.yaml"
SERVICE_LINES_DIR = "service_lines"
M = typing.TypeVar("M", bound=BaseModel)
MAX_ERRORS_READ = 200  # validation errors turned into findings per file
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class LoadResult:
    """The model (``None`` if anything failed) plus findings and source positions."""

    practice: Practice | None
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    service_line_paths: dict[str, str] = field(default_factory=dict)  # slug -> display path
    # When something failed: the organization and the service lines whose files have no
    # error, so the content gate can still read them (every problem in one run).
    partial: Practice | None = None

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
            Finding(
                org_display,
                1,
                1,
                "RK103",
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
        organization = _validate(Organization, source, result.findings)

    lines: list[ServiceLine] = []
    files = service_line_files(project_dir)
    if not files:
        result.findings.append(
            Finding(
                SERVICE_LINES_DIR,
                1,
                1,
                "RK103",
                "no service-line YAML files found",
                hint="add one with: python build.py new cardiology",
            )
        )
    seen_slugs: dict[str, str] = {}
    for path in files:
        display = f"{SERVICE_LINES_DIR}/{path.name}"
        slug = path.stem
        if not _SLUG.match(slug):
            result.findings.append(
                Finding(
                    display,
                    1,
                    1,
                    "RK104",
                    f"file name {shorten(path.name)} cannot be a page address",
                    hint="use lowercase letters, digits and hyphens, e.g. "
                    f"{_suggest_slug(slug)}.yaml",
                )
            )
            continue
        if slug in seen_slugs:
            result.findings.append(
                Finding(
                    display,
                    1,
                    1,
                    "RK203",
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
        line = _validate(ServiceLine, source, result.findings)
        if line is not None:
            lines.append(line)

    _check_references(result)
    result.findings = cap_per_file(result.findings)
    if organization is None:
        return result
    failed = {f.path for f in result.findings if f.severity is Severity.ERROR}
    if not failed:
        result.practice = Practice(organization=organization, service_lines=tuple(lines))
    elif f"{SERVICE_LINES_DIR}/{ORGANIZATION_FILE}" not in failed:
        clean = tuple(s for s in lines if result.service_line_paths[s.slug] not in failed)
        result.partial = Practice(organization=organization, service_lines=clean)
    return result


def _outside(path: Path, project_dir: Path, display: str, result: LoadResult) -> bool:
    """A file (or a folder on its way) that leads out of the project is never read."""
    try:
        path.resolve().relative_to(project_dir)
        return False
    except ValueError:
        result.findings.append(
            Finding(
                display,
                1,
                1,
                "RK005",
                "this is a symbolic link to a file outside the project; ReferKit reads "
                "only files inside the project",
                hint="replace the link with the file itself, or delete it",
            )
        )
        return True


def _suggest_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "service-line"


def _validate(model: type[M], source: SourceFile, findings: list[Finding]) -> M | None:
    findings.extend(source.findings)
    if not isinstance(source.data, dict):
        if source.findings:
            return None  # a syntax error already says why there is nothing to read
        findings.append(
            Finding(
                source.path,
                1,
                1,
                "RK102",
                f"expected a mapping of fields at the top of the file, got {_kind(source.data)}",
                hint="start the file with lines like `name: Cardiology`",
            )
        )
        return None
    try:
        value = model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False)[:MAX_ERRORS_READ]:
            loc = tuple(error["loc"])
            if _explained(loc, source) or (
                error["type"] == "missing" and loc[0] in source.broken_keys
            ):
                continue
            findings.append(_finding_from_error(model, source, error))
        if exc.error_count() > MAX_ERRORS_READ:
            findings.append(
                Finding(
                    source.path,
                    1,
                    1,
                    "RK009",
                    f"and {exc.error_count() - MAX_ERRORS_READ:,} more problems in this file",
                    hidden=exc.error_count() - MAX_ERRORS_READ - 1,
                )
            )
        return None
    return None if source.findings else value


def _explained(loc: Loc, source: SourceFile) -> bool:
    """True if a finding about this value (or the value containing it) exists already."""
    return any(loc[:end] in source.flagged for end in range(len(loc), 0, -1))


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {shorten(value)}"
    return shorten(value)


def _unit(loc: Loc) -> str:
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if last.endswith("_days"):
        return " of business days"
    if last.endswith("_hours"):
        return " of business hours"
    if last == "seen_within" or (loc and loc[0] == "current_wait"):
        return " of days"  # contract v2: the unit is triage.days (business or calendar)
    return ""


def _written_loc(data: object, loc: Loc) -> Loc:
    """``loc`` as written: where one mapping stands for a list of one (``advice:``),
    drop the list index pydantic added so the position is the mapping's field."""
    written: list[str | int] = []
    for part in loc:
        if isinstance(part, int) and isinstance(data, dict):
            continue
        written.append(part)
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            data = None
    return tuple(written)


def _finding_from_error(model: type[BaseModel], source: SourceFile, error: dict) -> Finding:
    loc: Loc = _written_loc(source.data, tuple(error["loc"]))
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    line, col = source.position_of(loc)
    code, hint = "RK102", ""
    message = error["msg"]

    if loc == ("slug",):
        return Finding(source.path, 1, 1, "RK104", "the file name is not a valid page address")
    if isinstance(value, str) and len(value) > 80:
        message = message.replace(repr(value), shorten(value))
    if loc[-2:] == ("review", "last_reviewed") and value is None:
        return Finding(
            source.path,
            line,
            col,
            "RK103",
            "is empty: replace this placeholder with the date of the review once it has happened",
            loc=loc,
            hint="the service line's reviewer confirms every fact on the page; then write "
            "e.g. last_reviewed: 2026-10-01",
        )
    if kind == "missing":
        code = "RK103"
        line, col = source.position_of(loc[:-1])
        message = f"missing required field {loc[-1]!r}"
        hint = f"add `{loc[-1]}:` here (see the README's YAML reference)"
    elif kind == "extra_forbidden":
        code = "RK101"
        line, col = source.position_of(loc, key=True)
        allowed = _field_names(model, loc[:-1])
        message = f"unknown field {loc[-1]!r}"
        match = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        if match:
            message += f"; did you mean {match[0]!r}?"
            hint = f"rename it to `{match[0]}:`"
        elif allowed:
            hint = "fields allowed here: " + ", ".join(allowed)
    elif kind in {"int_parsing", "int_type", "int_from_float"}:
        message = f"expected a whole number{_unit(loc)}, got {_kind(value)}"
        hint = f"write a whole number, e.g. {name}: 3"
    elif kind in {"float_parsing", "float_type"}:
        message = f"expected a number, got {_kind(value)}"
    elif kind in {"bool_parsing", "bool_type"}:
        message = f"expected true or false, got {_kind(value)}"
        hint = f"write {name}: true or {name}: false"
    elif kind in {"string_type", "string_sub_type"}:
        message = f"expected text, got {_kind(value)}"
        if isinstance(value, dict | list):
            hint = 'put text containing ": " or starting with "[" or "{" in quotes'
    elif kind in {
        "date_from_datetime_parsing",
        "date_parsing",
        "date_type",
        "date_from_datetime_inexact",
    }:
        message = f"expected an ISO date (YYYY-MM-DD), got {_kind(value)}"
        hint = f"write e.g. {name}: 2026-10-01"
    elif kind in {"tuple_type", "list_type"}:
        message = f"expected a list, got {_kind(value)}"
        hint = "write one `- item` per line, or [first, second]"
    elif kind in {"model_type", "dict_type", "model_attributes_type", "dataclass_type"}:
        message = f"expected a mapping of fields, got {_kind(value)}"
        allowed = _field_names(model, loc)
        if allowed:
            hint = "fields allowed here: " + ", ".join(allowed)
    elif kind == "literal_error":
        options = _literal_options(model, loc)
        if set(options) == set(MEDICAL_SPECIALTIES):
            message = f"expected a schema.org MedicalSpecialty, got {_kind(value)}"
            hint = "one of: " + ", ".join(options)
        else:
            message = f"expected one of {', '.join(options)}, got {_kind(value)}"
        match = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        if match:
            message += f"; did you mean {match[0]!r}?"
    elif kind == "string_pattern_mismatch":
        if name in {"id", "locations", "providers"} or isinstance(loc[-1], int):
            message = f"expected an id of lowercase letters, digits and hyphens, got {_kind(value)}"
            hint = f"e.g. {_suggest_slug(str(value))}"
        elif name == "country":
            message = f"expected a two-letter country code such as US, got {_kind(value)}"
    elif kind == "too_short":
        minimum = ctx.get("min_length", 1)
        message = "must not be empty" if minimum == 1 else f"expected at least {minimum} items"
    elif kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        relation = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        message = f"expected {relation} {bound}{_unit(loc)}, got {_kind(value)}"
    elif kind.startswith(
        ("phone", "url", "npi", "email", "time", "hours", "duplicate", "criterion", "triage")
        + ("language",)
    ):
        code = {"phone": "RK105", "npi": "RK106", "url": "RK107", "language": "RK108"}.get(
            kind.split("_")[0], "RK102"
        )
        hint = ctx.get("hint", "")
        if kind == "phone_invalid":
            hint = 'write the number with its country code, e.g. "+1 608-555-0100"'
        elif kind == "url_https":
            hint = "links must start with https://"
    else:
        message = f"{message}, got {_kind(value)}"
    return Finding(source.path, line, col, code, message, loc=loc, hint=hint)


def _annotation_at(model: type[BaseModel], loc: Loc) -> object:
    """Follow ``loc`` through the model's field annotations (None if it leaves them)."""
    annotation: object = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field_info = annotation.model_fields.get(part)
            annotation = field_info.annotation if field_info else None
        else:
            return None
    return _unwrap(annotation)


def _unwrap(annotation: object) -> object:
    """Strip ``Optional``/``Annotated`` so a nested model or literal is visible."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in {typing.Union, types.UnionType}:
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = members[0] if len(members) == 1 else annotation
            if len(members) != 1:
                return annotation
        else:
            return annotation


def _field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    target = _annotation_at(model, loc)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return [name for name in target.model_fields if name != "slug"]
    return []


def _literal_options(model: type[BaseModel], loc: Loc) -> list[str]:
    target = _annotation_at(model, loc)
    if typing.get_origin(target) is typing.Literal:
        return [str(a) for a in typing.get_args(target)]
    return []


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
        if isinstance(ref, str) and _SLUG.match(ref)
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
                    Finding(
                        path,
                        line,
                        col,
                        "RK203",
                        f"id {shorten(item_id)} is used twice in {group}",
                        loc=(group, index, "id"),
                        hint="give each entry its own id",
                    )
                )
            seen.add(item_id)
            ids.append(item_id)
        unreadable = group in org.broken_keys or _explained((group,), org)
        known[group] = None if unreadable else ids
    kinds = {"locations": "location", "providers": "provider"}

    def check(display: str, source: SourceFile, loc: Loc, group: str) -> None:
        if known[group] is None:
            return
        for ref_loc, ref in _raw_refs(source.data, loc):
            if ref not in known[group] and not _explained(ref_loc, source):
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
    return Finding(path, line, col, "RK201", message, loc=loc, hint=hint)

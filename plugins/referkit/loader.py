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

from .findings import Finding, Severity
from .model import MEDICAL_SPECIALTIES, Organization, Practice, ServiceLine
from .yaml_source import Loc, SourceFile, read_yaml

ORGANIZATION_FILE = "_organization.yaml"
SERVICE_LINES_DIR = "service_lines"
M = typing.TypeVar("M", bound=BaseModel)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class LoadResult:
    """The model (``None`` if anything failed) plus findings and source positions."""

    practice: Practice | None
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, SourceFile] = field(default_factory=dict)
    service_line_paths: dict[str, str] = field(default_factory=dict)  # slug -> display path

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
                0,
                0,
                "RK103",
                "missing the organization file",
                hint="create it with the practice name, url, telephone and locations "
                "(see the README's YAML reference)",
            )
        )
    else:
        source = read_yaml(org_path, org_display)
        result.sources[org_display] = source
        organization = _validate(Organization, source, result.findings)

    lines: list[ServiceLine] = []
    files = service_line_files(project_dir)
    if not files:
        result.findings.append(
            Finding(
                SERVICE_LINES_DIR,
                0,
                0,
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
                    0,
                    0,
                    "RK104",
                    f"file name {path.name!r} cannot be a page address",
                    hint="use lowercase letters, digits and hyphens, e.g. "
                    f"{_suggest_slug(slug)}.yaml",
                )
            )
            continue
        if slug in seen_slugs:
            result.findings.append(
                Finding(
                    display,
                    0,
                    0,
                    "RK203",
                    f"service line {slug!r} is defined twice (also in {seen_slugs[slug]})",
                    hint="keep one file per service line",
                )
            )
            continue
        seen_slugs[slug] = display
        source = read_yaml(path, display)
        result.sources[display] = source
        if isinstance(source.data, dict):
            source.data = {"slug": slug, **source.data}
        line = _validate(ServiceLine, source, result.findings)
        if line is not None:
            lines.append(line)
            result.service_line_paths[slug] = display

    if organization is not None:
        _check_organization_references(organization, result)
        _check_service_line_references(organization, lines, result)
    if organization is not None and not any(f.severity is Severity.ERROR for f in result.findings):
        result.practice = Practice(organization=organization, service_lines=tuple(lines))
    return result


def _suggest_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "service-line"


def _validate(model: type[M], source: SourceFile, findings: list[Finding]) -> M | None:
    findings.extend(source.findings)
    if source.findings:
        return None
    if not isinstance(source.data, dict):
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
        return model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            findings.append(_finding_from_error(model, source, error))
        return None


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
        return f"the number {value!r}"
    return repr(value)


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
        return Finding(source.path, 0, 0, "RK104", "the file name is not a valid page address")
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


def _check_organization_references(organization: Organization, result: LoadResult) -> None:
    path = f"{SERVICE_LINES_DIR}/{ORGANIZATION_FILE}"
    source = result.sources[path]
    location_ids = [loc.id for loc in organization.locations]
    for group, items in (
        ("locations", organization.locations),
        ("providers", organization.providers),
    ):
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item.id in seen:
                line, col = source.position_of((group, index, "id"))
                result.findings.append(
                    Finding(
                        path,
                        line,
                        col,
                        "RK203",
                        f"id {item.id!r} is used twice in {group}",
                        loc=(group, index, "id"),
                        hint="give each entry its own id",
                    )
                )
            seen.add(item.id)
    for index, provider in enumerate(organization.providers):
        for ref_index, location_id in enumerate(provider.locations):
            if location_id not in location_ids:
                loc = ("providers", index, "locations", ref_index)
                result.findings.append(
                    _unknown_reference(path, source, loc, "location", location_id, location_ids)
                )


def _check_service_line_references(
    organization: Organization, lines: list[ServiceLine], result: LoadResult
) -> None:
    known = {
        "locations": [loc.id for loc in organization.locations],
        "providers": [p.id for p in organization.providers],
    }
    for line in lines:
        path = result.service_line_paths[line.slug]
        source = result.sources[path]
        for group, kind in (("locations", "location"), ("providers", "provider")):
            for index, ref in enumerate(getattr(line, group)):
                if ref not in known[group]:
                    result.findings.append(
                        _unknown_reference(path, source, (group, index), kind, ref, known[group])
                    )


def _unknown_reference(
    path: str, source: SourceFile, loc: Loc, kind: str, ref: str, known: list[str]
) -> Finding:
    line, col = source.position_of(loc)
    message = f"unknown {kind} id {ref!r}"
    match = difflib.get_close_matches(ref, known, n=1, cutoff=0.6)
    if match:
        message += f"; did you mean {match[0]!r}?"
    hint = (
        f"{kind} ids are defined in {SERVICE_LINES_DIR}/{ORGANIZATION_FILE}: "
        + ", ".join(known[:12])
        + (" …" if len(known) > 12 else "")
    )
    return Finding(path, line, col, "RK201", message, loc=loc, hint=hint)

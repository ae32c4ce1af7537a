"""Validate parsed YAML against the model; each pydantic error becomes a finding.

The finding points at the value as written (file, line, column, field path) and
says what was expected in the editor's words, with a did-you-mean for a typo.
"""

from __future__ import annotations

import datetime
import difflib
import re
import types
import typing

from pydantic import BaseModel, ValidationError

from ..findings import Finding, shorten
from ..rules.fields import RK101, RK102, RK103, RK104, RK105, RK106, RK107, RK108
from ..rules.files import RK009
from ..wording import unit_name
from .model import MEDICAL_SPECIALTIES
from .model.fields import phone_hint
from .positions import Loc, SourceFile

M = typing.TypeVar("M", bound=BaseModel)
MAX_ERRORS_READ = 200  # validation errors turned into findings per file


def validate(model: type[M], source: SourceFile, findings: list[Finding]) -> M | None:
    findings.extend(source.findings)
    if not isinstance(source.data, dict):
        if source.findings:
            return None  # a syntax error already says why there is nothing to read
        findings.append(
            RK102.at(
                source.path,
                1,
                1,
                f"expected a mapping of fields at the top of the file, got {_kind(source.data)}",
                hint="start the file with lines like `name: Cardiology`",
            )
        )
        return None
    try:
        value = model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False)[:MAX_ERRORS_READ]:
            # as written: a v2 mapping read as a list of one route has no index in the YAML
            loc = written_loc(source.data, tuple(error["loc"]))
            if explained(loc, source) or (
                error["type"] == "missing" and loc[0] in source.broken_keys
            ):
                continue
            findings.append(finding_from_error(model, source, error))
        if exc.error_count() > MAX_ERRORS_READ:
            findings.append(
                RK009.at(
                    source.path,
                    1,
                    1,
                    f"and {exc.error_count() - MAX_ERRORS_READ:,} more problems in this file",
                    hint="",
                    hidden=exc.error_count() - MAX_ERRORS_READ - 1,
                )
            )
        return None
    return None if source.findings else value


def explained(loc: Loc, source: SourceFile) -> bool:
    """True if a finding about this value (or the value containing it) exists already."""
    return any(loc[:end] in source.flagged for end in range(len(loc), 0, -1))


def suggest_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "service-line"


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return f"a mapping ({as_written(value)})" if value else "an empty mapping ({})"
    if isinstance(value, list):
        return f"a list ({as_written(value)})" if value else "an empty list ([])"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {shorten(value)}"
    return shorten(value)


def _unit(loc: Loc) -> str:
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if last.endswith("_days"):
        return " of " + unit_name("business")
    if last.endswith("_hours"):
        return " of " + unit_name("business", hours=True)
    if last == "seen_within" or (loc and loc[0] == "current_wait"):
        return " of " + unit_name(None)  # contract v2: the unit is triage.days
    return ""


def written_loc(data: object, loc: Loc) -> Loc:
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


def finding_from_error(model: type[BaseModel], source: SourceFile, error: dict) -> Finding:
    loc: Loc = written_loc(source.data, tuple(error["loc"]))
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    line, col = source.position_of(loc)
    rule, hint = RK102, ""
    message = error["msg"]

    if loc == ("slug",):
        return RK104.at(source.path, 1, 1, "the file name is not a valid page address", hint="")
    if isinstance(value, str) and len(value) > 80:
        message = message.replace(repr(value), shorten(value))
    if loc[-2:] == ("review", "last_reviewed") and value is None:
        return RK103.at(
            source.path,
            line,
            col,
            "is empty: replace this placeholder with the date of the review once it has happened",
            loc=loc,
            hint="the service line's reviewer confirms every fact on the page; then write "
            "e.g. last_reviewed: 2026-10-01",
        )
    if kind == "missing":
        rule = RK103
        line, col = source.position_of(loc[:-1])
        message = f"missing required field {loc[-1]!r}"
        hint = f"add `{loc[-1]}:` here (see the README's YAML reference)"
    elif kind == "extra_forbidden":
        rule = RK101
        line, col = source.position_of(loc, key=True)
        allowed = _field_names(model, loc[:-1])
        message = f"unknown field {loc[-1]!r}"
        match = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        homes = _homes(model, loc[:-1], str(loc[-1]))
        if match:
            message += f"; did you mean {match[0]!r}?"
            hint = f"rename it to `{match[0]}:`"
        elif homes:
            message, hint = _misplaced(source, loc, homes, line, col)
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
        written = as_written(value)
        key = f"{name}: " if loc and isinstance(loc[-1], str) else ""  # a list item has none
        if isinstance(value, dict | list):
            what = "a key and its value" if isinstance(value, dict) else "a list"
            message = f"written as {written}, which YAML reads as {what}, not as text"
            hint = f'put the text in quotes: {key}"{_unbraced(written)}"'
        elif isinstance(value, datetime.date | bool | int | float):
            message = f"expected text, got {_kind(value)}"
            hint = (
                f"YAML reads {written} as {_plain_kind(value)}; text in quotes stays text: "
                f'{key}"{written}"'
            )
        else:
            message = f"expected text, got {_kind(value)}"
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
            hint = f"e.g. {suggest_slug(str(value))}"
        elif name == "country":
            message = f"expected a two-letter country code such as US, got {_kind(value)}"
    elif kind == "string_too_long":
        maximum = ctx.get("max_length")
        message = f"expected at most {maximum} characters, got {len(str(value))}"
        if name == "flag":
            hint = "a flag is a short mark beside a criterion, e.g. Urgent; say more in its text"
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
        unit = _unit(loc).replace(" of ", " ", 1)  # "at most 730 days", not "730 of days"
        message = f"expected {relation} {bound}{unit}, got {_kind(value)}"
    elif kind.startswith(
        ("phone", "url", "npi", "email", "time", "hours", "duplicate", "criterion", "triage")
        + ("language", "line", "portable", "nucc", "target", "route", "must")
    ):
        rule = {"phone": RK105, "npi": RK106, "url": RK107, "language": RK108}.get(
            kind.split("_")[0], RK102
        )
        hint = ctx.get("hint", "")
        if kind == "phone_invalid":
            hint = phone_hint(value)
        elif kind == "url_https":
            hint = "links must start with https://"
        elif kind == "hours_type" and isinstance(value, dict):
            # `hours: {Mon-Fri: 8-17}`: text that YAML read as a mapping
            written = as_written(value)
            message = (
                f"written as {written}, which YAML reads as a key and its value, not as text "
                "(or a list of {days, opens, closes})"
            )
            hint = f'put the text in quotes: {name}: "{_unbraced(written)}"'
        if value is not None and repr(value) in message:  # the value as written, not repr
            message = message.replace(repr(value), as_written(value))
    else:
        message = f"{message}, got {_kind(value)}"
    return rule.at(source.path, line, col, message, loc=loc, hint=hint)


def as_written(value: object) -> str:
    """A parsed YAML value written back the way YAML's flow style writes it:
    ``{Mon-Fri: 8-17}``, ``[a, b]``, ``2026-11-20``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{as_written(k)}: {as_written(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(as_written(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "null" if value is None else str(value)


def _plain_kind(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    return "a date" if isinstance(value, datetime.date) else "a number"


def _unbraced(written: str) -> str:
    return written[1:-1] if written[:1] in "{[" and len(written) > 1 else written


def _homes(model: type[BaseModel], parent: Loc, name: str) -> list[str]:
    """Where a field called ``name`` does belong, near ``parent``: ``how_to_refer`` for
    an ``hours:`` written at the top of a service line."""
    found: list[str] = []
    target = _annotation_at(model, parent)
    if not (isinstance(target, type) and issubclass(target, BaseModel)):
        return found
    for field_name, info in target.model_fields.items():
        for member in _models_in(info.annotation):
            if name in member.model_fields and field_name not in found:
                found.append(field_name)
    return found


def _models_in(annotation: object, depth: int = 0) -> list[type[BaseModel]]:
    """The models a field holds: itself, a list's items, a union's members."""
    if depth > 3:
        return []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    models: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        models += _models_in(arg, depth + 1)
    return models


def _misplaced(
    source: SourceFile, loc: Loc, homes: list[str], line: int, col: int
) -> tuple[str, str]:
    """RK101's words for a field written at the wrong level (usually dedented)."""
    name, where = str(loc[-1]), " or ".join(f"`{h}:`" for h in homes)
    above = [
        (position, key[-1])
        for key, position in source.key_positions.items()
        if key[:-1] == loc[:-1] and len(key) == len(loc) and position[0] < line
    ]
    previous = max(above)[1] if above else None
    if previous in homes:
        parent = (*loc[:-1], previous)
        parent_line = source.key_positions.get(parent, (line, col))[0]
        children = sorted(
            (position[1], position[0], key[-1])
            for key, position in source.key_positions.items()
            if key[:-1] == parent and len(key) == len(parent) + 1
        )
        message = (
            f"belongs under {previous}: (line {parent_line}), but starts in column {col}, "
            "so YAML reads it as a field of its own"
        )
        hint = (
            f"indent `{name}:` to column {children[0][0]}, in line with `{children[0][2]}:`"
            if children
            else f"indent `{name}:` by two spaces under `{previous}:`"
        )
    else:
        message = f"is not a field here; it belongs under {where}"
        hint = f"move `{name}:` under {where}"
    return message, hint


def _annotation_at(model: type[BaseModel], loc: Loc) -> object:
    """Follow ``loc`` through the model's field annotations (None if it leaves them)."""
    annotation: object = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, str) and typing.get_origin(annotation) in (tuple, list):
            # one mapping written for a list of one (how_to_refer, advice): its item type
            annotation = _unwrap(typing.get_args(annotation)[0])
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

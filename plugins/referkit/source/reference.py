"""The README's reference tables, generated from the one declaration of each thing.

- :func:`options_table` from :class:`referkit.config.Options` (the plugin options),
- :func:`yaml_table` from a model of the YAML contract (``source/model/``),

each field's words being its description (the docstring under the field, or
``Field(description=...)``). ``python scripts/reference.py`` writes them into the
README between ``<!-- NAME:start -->`` / ``<!-- NAME:end -->`` markers (see
:data:`README_TABLES`) and the tests fail when the README is out of date. Adding a
field with its docstring adds its row; nothing here lists fields by hand.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..config import Options
from .model import (
    Clinic,
    FormFields,
    Level,
    Location,
    Organization,
    Provider,
    Route,
    ServiceLine,
    Triage,
)

# models with a table of their own; a field holding one of them points there instead
# of listing its fields inline
TABLED: dict[type[BaseModel], str] = {
    Organization: "`service_lines/_organization.yaml`",
    Location: "[A location](#a-location)",
    Provider: "[A provider](#a-provider)",
    ServiceLine: "`service_lines/<slug>.yaml`",
    Triage: "[Triage levels](#triage-levels)",
    Level: "[A level](#a-level)",
    Route: "[A route](#a-route)",
    Clinic: "[A clinic](#a-clinic)",
    FormFields: "[The form](#the-form)",
}
NOT_WRITTEN = {ServiceLine: {"slug"}}  # the slug is the file name, not a field
# where "required" needs more than yes or no (a model validator decides it)
REQUIRED = {(Triage, "levels"): "yes (or the v1 fields)"}
MAX_CHOICES = 6  # longer lists of choices (schema.org specialties) are in the description


def _inner(annotation: object) -> object:
    """The type inside ``Annotated``, ``X | None``, ``tuple[X, ...]`` and ``list[X]``."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (types.UnionType, typing.Union):
            rest = [a for a in args if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        elif origin in (tuple, list) and args:
            annotation = args[0]
        else:
            return annotation


def _model(field: FieldInfo) -> type[BaseModel] | None:
    inner = _inner(field.annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    skip = NOT_WRITTEN.get(model, set())
    fields = model.model_fields.items()
    return [(field.alias or name, field) for name, field in fields if name not in skip]


def _is_list(field: FieldInfo) -> bool:
    kind = field.annotation
    while typing.get_origin(kind) is typing.Annotated:
        kind = typing.get_args(kind)[0]
    return typing.get_origin(kind) in (tuple, list)


def _min_length(field: FieldInfo) -> int:
    return max((getattr(m, "min_length", None) or 0 for m in field.metadata), default=0)


def _choices(field: FieldInfo) -> tuple[object, ...]:
    kind = _inner(field.annotation)
    choices = typing.get_args(kind) if typing.get_origin(kind) is typing.Literal else ()
    return choices if len(choices) <= MAX_CHOICES else ()


def _default(field: FieldInfo) -> str:
    """The default worth stating: a value, not nothing, an empty list or a mapping."""
    value = field.default
    if field.is_required() or value in (None, (), "") or isinstance(value, BaseModel):
        return ""
    return _yaml_value(value)


def _required(model: type[BaseModel], name: str, field: FieldInfo) -> str:
    if (model, name) in REQUIRED:
        return REQUIRED[(model, name)]
    if field.is_required():
        return "yes, ≥ 1" if _is_list(field) and _min_length(field) else "yes"
    default = _default(field)
    return f"no, default {default}" if default else "no"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _with_choices(words: str, field: FieldInfo) -> str:
    choices = _choices(field)
    if not choices:
        return words
    return f"{words} One of " + ", ".join(f"`{c}`" for c in choices) + "."


def _meaning(field: FieldInfo) -> str:
    """The field's description and choices; a nested mapping's fields follow inline."""
    words = _with_choices(field.description or "", field)
    model = _model(field)
    if model is None:
        return _cell(words)
    if model in TABLED:
        return _cell(f"{words} See {TABLED[model]}.")
    parts = []
    for name, sub in _fields(model):
        default = _default(sub)
        notes = [
            "required" if sub.is_required() else "",
            f"default {default}" if default else "",
            (sub.description or "").rstrip("."),
            " or ".join(f"`{c}`" for c in _choices(sub)),
        ]
        notes = [note for note in notes if note]
        parts.append(f"`{name}`" + (f" ({'; '.join(notes)})" if notes else ""))
    return _cell(f"{words} Fields: {', '.join(parts)}.".strip())


def yaml_table(model: type[BaseModel]) -> str:
    """A Markdown table of a model's fields: name, whether required, what it means."""
    rows = ["| field | required | meaning |", "|---|---|---|"]
    for name, field in _fields(model):
        rows.append(f"| `{name}` | {_required(model, name, field)} | {_meaning(field)} |")
    return "\n".join(rows) + "\n"


def _yaml_value(value: object) -> str:
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, tuple | list):
        return "`[" + ", ".join(map(str, value)) + "]`"
    if isinstance(value, BaseModel):
        return "`{}`"
    return f"`{value}`"


def options_table() -> str:
    """The plugin options with their defaults, from :class:`referkit.config.Options`."""
    rows = ["| option | default | meaning |", "|---|---|---|"]

    def add(prefix: str, model: type[BaseModel]) -> None:
        for name, field in model.model_fields.items():
            words = _with_choices(field.description or "", field)
            rows.append(f"| `{prefix}{name}` | {_yaml_value(field.default)} | {_cell(words)} |")
            nested = _model(field)
            if nested is not None:
                add(f"{prefix}{name}.", nested)

    add("", Options)
    return "\n".join(rows) + "\n"


README_TABLES: dict[str, Callable[[], str]] = {
    "options-table": options_table,
    "yaml-organization": lambda: yaml_table(Organization),
    "yaml-location": lambda: yaml_table(Location),
    "yaml-provider": lambda: yaml_table(Provider),
    "yaml-service-line": lambda: yaml_table(ServiceLine),
    "yaml-triage": lambda: yaml_table(Triage),
    "yaml-level": lambda: yaml_table(Level),
    "yaml-route": lambda: yaml_table(Route),
    "yaml-clinic": lambda: yaml_table(Clinic),
    "yaml-form": lambda: yaml_table(FormFields),
}
"""README marker name -> the function that writes what stands between its markers."""


def replace_between(text: str, name: str, body: str) -> str:
    """``text`` with what stands between ``<!-- name:start -->`` and ``<!-- name:end -->``
    replaced by ``body``."""
    start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise ValueError(f"README has no {start.strip()} … {end} markers")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return head + start + body + end + tail


def between(text: str, name: str) -> str:
    """What stands between a pair of markers (for the drift tests)."""
    start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
    return text.split(start, 1)[1].split(end, 1)[0]

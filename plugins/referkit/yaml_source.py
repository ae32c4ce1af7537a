"""Read a YAML file into plain data while keeping where every value came from.

PyYAML marks are 0-based; this module is the one place that converts them to the
1-based lines and columns people read. It also narrows YAML 1.1's implicit
typing, which surprises editors: ``NO`` stays the text "NO" (not false),
``17:00`` stays text (not the sexagesimal number 1020) and ``02134`` keeps its
leading zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .findings import Finding

Loc = tuple[str | int, ...]
Position = tuple[int, int]


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's when available) with YAML 1.2-like booleans and numbers."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, rx) for tag, rx in resolvers if tag.rsplit(":", 1)[-1] not in {"bool", "int", "float"}
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


@dataclass
class SourceFile:
    """Plain data from one YAML file plus the position of every key and value."""

    path: str
    data: object = None
    value_positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)
    quoted: set[Loc] = field(default_factory=set)  # scalars written in quotes
    findings: list[Finding] = field(default_factory=list)

    def position_of(self, loc: Loc, *, key: bool = False) -> Position:
        """Where ``loc`` is, or failing that its nearest parent that exists."""
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if key and end == len(loc) and prefix in self.key_positions:
                return self.key_positions[prefix]
            if prefix in self.value_positions:
                return self.value_positions[prefix]
        return (1, 1)

    def column_in_text(self, loc: Loc, text: str, offset: int) -> int:
        """The column of ``offset`` within the one-line scalar at ``loc``."""
        _, col = self.position_of(loc)
        if "\n" in text:
            return col  # folded or multi-line text: point at where the value starts
        return col + offset + (1 if loc in self.quoted else 0)


def _position(mark: yaml.Mark) -> Position:
    return (mark.line + 1, mark.column + 1)


def read_yaml(path: Path, display_path: str) -> SourceFile:
    """Parse ``path``; syntax problems become findings instead of exceptions."""
    source = SourceFile(path=display_path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        source.findings.append(
            Finding(
                display_path,
                0,
                0,
                "RK001",
                f"file is not UTF-8 text ({exc.reason})",
                hint="save the file as UTF-8",
            )
        )
        return source
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            source.data = {}
            return source
        source.data = _build(loader, node, (), source)
    except yaml.MarkedYAMLError as exc:
        source.findings.append(_syntax_finding(display_path, text, exc))
    finally:
        loader.dispose()
    return source


def _syntax_finding(display_path: str, text: str, exc: yaml.MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line, col = _position(mark) if mark else (0, 0)
    problem = exc.problem or "invalid YAML"
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    hint = "check the indentation: nested fields are indented by the same number of spaces"
    if "\\t" in problem or "\t" in source_line:
        problem = "a tab character is not allowed here"
        hint = "indent with spaces, not tabs"
    elif "expected <block end>" in problem or "did not find expected key" in problem:
        problem = "this line is indented differently from the fields around it"
        hint = "line it up with the field above it, or indent it under a field that ends in ':'"
    elif "expected ',' or" in problem or "flow" in problem:
        problem = "a list or mapping in [ ] or { } is not closed where expected"
        hint = (
            "inside [ ] or { }, put text containing a comma, colon or question mark "
            'in quotes, e.g. {q: "Can I refer?", a: "Yes."}'
        )
    elif "mapping values are not allowed" in problem:
        problem = "unexpected ': ' on this line"
        hint = 'put text containing ": " in quotes, or fix the indentation of this line'
    elif "could not find expected ':'" in problem:
        problem = "expected a 'field: value' line"
        hint = "each line of a mapping needs a colon after the field name"
    return Finding(display_path, line, col, "RK001", f"YAML syntax error: {problem}", hint=hint)


def _build(loader: _StrictLoader, node: yaml.Node, loc: Loc, source: SourceFile) -> object:
    source.value_positions[loc] = _position(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[object, object] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                first_line = source.key_positions[(*loc, key)][0]
                line, col = _position(key_node.start_mark)
                source.findings.append(
                    Finding(
                        source.path,
                        line,
                        col,
                        "RK002",
                        f"duplicate key {key!r} (first defined on line {first_line})",
                        loc=(*loc, key),
                        hint="keep one of the two and delete the other",
                    )
                )
                continue
            source.key_positions[(*loc, key)] = _position(key_node.start_mark)
            result[key] = _build(loader, value_node, (*loc, key), source)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(loader, item, (*loc, index), source) for index, item in enumerate(node.value)
        ]
    if isinstance(node, yaml.ScalarNode) and node.style in {"'", '"'}:
        source.quoted.add(loc)
    return loader.construct_object(node, deep=True)


def read_mkdocs_yaml(path: Path) -> dict[str, object]:
    """Read mkdocs.yml without MkDocs, tolerating its ``!!python/name`` and ``!ENV`` tags."""

    class _Lenient(yaml.SafeLoader):
        pass

    def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            values = loader.construct_sequence(node)
            return values[-1] if values else None  # !ENV [NAME, default] -> default
        return loader.construct_mapping(node)

    _Lenient.add_multi_constructor("!", _ignore)
    _Lenient.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_Lenient)  # noqa: S506 - SafeLoader subclass
    return data if isinstance(data, dict) else {}

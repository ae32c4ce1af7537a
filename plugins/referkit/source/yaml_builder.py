"""Plain data from PyYAML's node graph, with positions, YAML 1.2-like scalars and every limit.

YAML 1.1's implicit typing surprises editors: ``NO`` stays the text "NO" (not false),
``17:00`` stays text (not the sexagesimal number 1020) and ``02134`` keeps its
leading zero.
"""

from __future__ import annotations

import re

import yaml

from ..findings import shorten
from ..rules.fields import RK102
from ..rules.files import RK002, RK003, RK004, RK008
from .characters import FORBIDDEN_CHARACTER, describe_character
from .positions import (
    MAX_DEPTH,
    MAX_TEXT_CHARS,
    MAX_VALUES,
    Loc,
    SourceFile,
    StopReading,
    position,
)

_STANDARD_TAGS = {
    yaml.ScalarNode: {
        f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
    },
    yaml.SequenceNode: {"tag:yaml.org,2002:seq"},
    yaml.MappingNode: {"tag:yaml.org,2002:map"},
}


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


class Builder:
    """Builds plain data from the node graph, with positions and every limit enforced."""

    def __init__(self, text: str, source: SourceFile) -> None:
        self.text = text
        self.source = source
        self.count = 0
        self.open: set[int] = set()  # nodes being built: seeing one again is a recursive alias

    def document(self, into: dict | None = None) -> object:
        loader = _StrictLoader(self.text)
        try:
            node = loader.get_single_node()
            if node is None:
                return {} if into is None else into
            if into is not None and isinstance(node, yaml.MappingNode):
                return self.mapping(loader, node, (), into)
            if into is not None:
                return into  # not a `key: value` block; the whole-file error covers it
            return self.build(loader, node, ())
        finally:
            loader.dispose()

    def build(self, loader: _StrictLoader, node: yaml.Node, loc: Loc) -> object:
        source = self.source
        line, col = position(node.start_mark)
        source.value_positions[loc] = (line, col)
        self.count += 1
        if self.count > MAX_VALUES:
            source.add(
                line,
                col,
                RK008,
                f"more than {MAX_VALUES:,} values in this file (aliases such as *name "
                "repeat their anchor's values)",
                loc=loc,
                hint="write each value out once; do not nest aliases inside aliases",
            )
            raise StopReading
        if len(loc) > MAX_DEPTH:
            source.add(
                line,
                col,
                RK008,
                f"lists or mappings nested more than {MAX_DEPTH} levels deep",
                loc=loc,
                hint="referral data needs a few levels at most",
            )
            raise StopReading
        if node.tag not in _STANDARD_TAGS[type(node)]:
            source.flagged.add(loc)
            source.add(
                line,
                col,
                RK004,
                f"the YAML tag {shorten(node.tag, 60)} is not allowed",
                loc=loc,
                hint="remove the tag (the word starting with ! before the value)",
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(loader, node, loc)
        if id(node) in self.open:
            source.flagged.add(loc)
            source.add(
                line,
                col,
                RK008,
                "this alias refers to the value that contains it, which never ends",
                loc=loc,
                hint="write the value out instead of using the alias (*name)",
            )
            return None
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(loader, node, loc, {})
            return [
                self.build(loader, item, (*loc, index)) for index, item in enumerate(node.value)
            ]
        finally:
            self.open.discard(id(node))

    def mapping(
        self, loader: _StrictLoader, node: yaml.MappingNode, loc: Loc, result: dict
    ) -> dict:
        source = self.source
        for key_node, value_node in node.value:
            line, col = position(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == (
                "tag:yaml.org,2002:merge"
            ):
                what = (
                    "a merge key (<<)"
                    if isinstance(key_node, yaml.ScalarNode)
                    else "a list or mapping"
                )
                source.add(
                    line,
                    col,
                    RK102,
                    f"a field name must be plain text, not {what}",
                    loc=loc,
                    hint="write `name: value`, one field per line",
                )
                continue
            key = self.scalar(loader, key_node, (*loc, "<key>"))
            source.value_positions.pop((*loc, "<key>"), None)
            key = str(key)
            if len(key) > 200:
                source.add(line, col, RK102, f"a field name of {len(key):,} characters", loc=loc)
                continue
            if key in result:
                first_line = source.key_positions[(*loc, key)][0]
                source.add(
                    line,
                    col,
                    RK002,
                    f"duplicate key {shorten(key)} (first defined on line {first_line})",
                    loc=(*loc, key),
                    hint="keep one of the two and delete the other",
                )
                continue
            source.key_positions[(*loc, key)] = (line, col)
            result[key] = self.build(loader, value_node, (*loc, key))
        return result

    def scalar(self, loader: _StrictLoader, node: yaml.ScalarNode, loc: Loc) -> object:
        source = self.source
        line, col = position(node.start_mark)
        quoted = node.style in {"'", '"'}
        if quoted:
            source.quoted.add(loc)
        try:
            value = loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:
            source.flagged.add(loc)
            if node.tag.endswith(":timestamp"):
                message = f"{shorten(node.value)} is not a real date ({exc})"
                hint = "write an existing date as YYYY-MM-DD, e.g. 2026-10-01"
            elif node.tag.endswith(":int"):
                message = f"a number of {len(node.value):,} digits is too long"
                hint = "write a whole number of a few digits"
            else:
                message = f"{shorten(node.value)} cannot be read ({str(exc)[:80]})"
                hint = ""
            source.add(line, col, RK102, message, loc=loc, hint=hint)
            return None
        if not isinstance(value, str):
            return value
        bad = FORBIDDEN_CHARACTER.search(value)
        if bad:
            # only an escape such as "\x80" can produce one: raw ones were replaced already
            source.flagged.add(loc)
            offset = bad.start() if not quoted else 0
            source.add(
                line,
                col + offset,
                RK003,
                f"character {describe_character(bad.group())} is not allowed in text",
                loc=loc,
                hint="remove the escape sequence (\\x.., \\u....) that writes it",
            )
            value = FORBIDDEN_CHARACTER.sub("\ufffd", value)
        if len(value) > MAX_TEXT_CHARS:
            source.flagged.add(loc)
            source.add(
                line,
                col,
                RK008,
                f"text of {len(value):,} characters; the limit is {MAX_TEXT_CHARS:,} per value",
                loc=loc,
                hint="referral pages are read in a minute: keep each value short",
            )
            value = value[:MAX_TEXT_CHARS]
        return value

"""Where things are in a YAML file: field paths, 1-based positions and the parsed file.

PyYAML marks are 0-based; :func:`position` is the one place that converts them to the
1-based lines and columns people read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

from ..findings import Finding
from ..rules import Rule

Loc = tuple[str | int, ...]
Position = tuple[int, int]

MAX_FILE_BYTES = 1_000_000  # a large practice's organisation file is about 100 kB
MAX_TEXT_CHARS = 10_000  # one text value; a long FAQ answer is about 1,500
MAX_VALUES = 100_000  # values in one file after alias expansion
MAX_DEPTH = 40  # nesting of mappings and lists
MAX_CHARACTER_FINDINGS = 20  # bad characters or bytes listed one by one per file


class StopReading(Exception):
    """The file is too big or too deep to read further; a finding says why."""


@dataclass
class SourceFile:
    """Plain data from one YAML file plus the position of every key and value."""

    path: str
    data: object = None
    value_positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)
    quoted: set[Loc] = field(default_factory=set)  # scalars written in quotes
    findings: list[Finding] = field(default_factory=list)
    # where a finding already explains a value (e.g. a bad character), so that
    # validation does not report the same value a second time
    flagged: set[Loc] = field(default_factory=set)
    # top-level keys whose block had a syntax error: their values are unknown
    broken_keys: set[str] = field(default_factory=set)

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

    def add(self, line: int, col: int, rule: Rule, message: str, loc: Loc = (), hint: str = ""):
        """``rule``'s finding in this file (no hint unless given)."""
        self.findings.append(rule.at(self.path, line, col, message, loc=loc, hint=hint))


def position(mark: yaml.Mark) -> Position:
    return (mark.line + 1, mark.column + 1)


def line_col(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def strings_in(data: object, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string value in parsed YAML, with its field path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings_in(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings_in(value, (*loc, index))
    elif isinstance(data, str):
        yield loc, data

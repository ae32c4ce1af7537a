"""Rules that read the text of a YAML file's strings (patient data, numbers in text):
each finding at the file, line and column of the place in the text as written."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..findings import Finding
from ..rules import Rule
from ..source.positions import SourceFile, strings_in

# what a text rule finds in one string: (offset in the text, message, hint or None for
# the rule's fix)
TextHit = tuple[int, str, str | None]


def text_findings(
    path: str, source: SourceFile, rule: Rule, find: Callable[[str], Iterable[TextHit]]
) -> list[Finding]:
    """``rule``'s finding at each place ``find`` names in the strings of a YAML file, at
    the file, line and column of that place in the text as written."""
    findings = []
    for loc, text in strings_in(source.data):
        for offset, message, hint in find(text):
            row, _ = source.position_of(loc)
            column = source.column_in_text(loc, text, offset)
            findings.append(rule.at(path, row, column, message, loc=loc, hint=hint))
    return findings

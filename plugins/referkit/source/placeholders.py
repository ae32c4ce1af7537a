"""Placeholders: text a person still has to replace, which must never publish.

``build.py new`` marks every value it cannot know with ``TODO:`` (or leaves a date
empty), so the loader can refuse the file until each one is replaced. Text in
guillemets («…») and the exact sentences of earlier starters count as well.
"""

from __future__ import annotations

import re

from ..findings import Finding, shorten
from ..rules.content import RK481
from .positions import SourceFile, strings_in

PLACEHOLDER = re.compile(r"^\s*TODO\b|«[^»]*»")
# what earlier starters wrote, which the pattern above would not catch
EARLIER_STARTER_TEXT = frozenset(
    {
        "One sentence for referring clinicians - who you see and for what.",
        "Name, credentials, role",
        "First condition",
        "Second condition",
        "First service",
        "A red-flag presentation",
        "A presentation that needs a prompt visit",
        "A stable presentation",
    }
)


def is_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER.search(text)) or text.strip() in EARLIER_STARTER_TEXT


def placeholder_findings(source: SourceFile) -> list[Finding]:
    """One error per placeholder value; the value is marked so validation skips it."""
    findings = []
    for loc, text in strings_in(source.data):
        if not is_placeholder(text):
            continue
        source.flagged.add(loc)
        line, col = source.position_of(loc)
        findings.append(
            RK481.at(
                source.path,
                line,
                col,
                f"replace this placeholder: {shorten(text.strip())}",
                loc=loc,
                hint="write the fact your intake team has confirmed (the comment on the "
                "line says what belongs here)",
            )
        )
    return findings

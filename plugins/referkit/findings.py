"""Findings: every content problem ReferKit reports, in one shape.

A finding is plain, frozen, picklable data so that loaders, checks and renderers
(including ones running in worker processes) can all return them, and only the
command line decides what they mean for the exit code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum

MAX_QUOTE_CHARS = 80  # a value quoted in a message
MAX_MESSAGE_CHARS = 400


def shorten(value: object, limit: int = MAX_QUOTE_CHARS) -> str:
    """``repr`` of a value for a message, cut to about ``limit`` characters; a date reads
    as it is written in YAML (2026-11-20), never as ``datetime.date(2026, 11, 20)``."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) > limit:
        return f"{value[: limit - 1]!r}… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one place: ``path:line:col: CODE loc: message``.

    ``line`` and ``col`` are 1-based (0 means unknown); ``loc`` is the field path
    inside the file, e.g. ``("triage", "urgent", "seen_within_days")``.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    loc: tuple[str | int, ...] = ()
    severity: Severity = Severity.ERROR
    hint: str = field(default="", compare=False)
    hidden: int = field(default=0, compare=False)  # findings this one stands for (a cap)

    def __post_init__(self) -> None:
        # a message never carries a whole value: a file may hold anything
        if len(self.message) > MAX_MESSAGE_CHARS:
            object.__setattr__(self, "message", self.message[: MAX_MESSAGE_CHARS - 1] + "…")
        if len(self.hint) > MAX_MESSAGE_CHARS:
            object.__setattr__(self, "hint", self.hint[: MAX_MESSAGE_CHARS - 1] + "…")

    @property
    def field_path(self) -> str:
        """The dotted field path, with list indexes in brackets: ``faq[2].q``."""
        text = ""
        for part in self.loc:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text

    @property
    def position(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col or 1}"

    def format(self) -> str:
        """The GNU-style one-line form, with the hint on a second line."""
        where = f" {self.field_path}:" if self.loc else ""
        level = "" if self.severity is Severity.ERROR else " warning:"
        text = f"{self.position}: {self.code}{level}{where} {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        data["loc"] = list(self.loc)
        data["field"] = self.field_path
        data.pop("hidden")
        return data


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Sort by file, then position, then code, so output is stable run to run."""
    return sorted(findings, key=lambda f: (f.path, f.line, f.col, f.code, f.message))


def count_line(findings: list[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def format_findings(findings: list[Finding]) -> str:
    lines = [f.format() for f in sort_findings(findings)]
    lines.append(count_line(findings))
    return "\n".join(lines)


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)

"""RK44x: patient data — no page, guide or YAML file may carry it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from ..findings import Finding
from ..rules.content import RK441
from ..source.positions import SourceFile
from .compliance import ORGANIZATION_PATH
from .registry import LineContext, ProjectContext, line_check, project_check
from .text import TextHit, text_findings

_PATIENT_DATA = (
    (
        "medical record number",
        re.compile(
            r"\b(?:MRN|medical\s+record\s+(?:number|no\.?|#))\s*[:#]?\s*[A-Z]{0,3}\d{4,}", re.I
        ),
    ),
    ("social security number", re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")),
    (
        "date of birth",
        re.compile(
            r"\b(?:DOB|date\s+of\s+birth)\s*[:=]\s*(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})",
            re.I,
        ),
    ),
    (
        "patient name",
        re.compile(
            r"\b(?:[Pp]atient|[Pp]t\.?)\s*(?:name\s*)?[:,]?\s+(?:Mr\.?\s+|Mrs\.?\s+|Ms\.?\s+)?"
            r"[A-Z][a-z]+\s+[A-Z][a-z]+(?:,?\s+(?:aged?\s+)?\d{1,3}\b|\s+(?:with|has|diagnosed)\b)"
        ),
    ),
)


def patient_data_in(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    for kind, pattern in _PATIENT_DATA:
        for match in pattern.finditer(text):
            yield kind, match


def check_patient_data(path: str, source: SourceFile) -> list[Finding]:
    def find(text: str) -> Iterator[TextHit]:
        for kind, match in patient_data_in(text):
            message = (
                f"looks like a {kind} ({match.group(0)!r}); pages must never carry patient data"
            )
            hint = "remove it; use a made-up, clearly generic example if needed"
            yield match.start(), message, hint

    return text_findings(path, source, RK441, find)


@line_check
def check_line_patient_data(ctx: LineContext) -> list[Finding]:
    return check_patient_data(ctx.path, ctx.source)


@project_check
def check_organization_patient_data(ctx: ProjectContext) -> list[Finding]:
    source = ctx.load.sources.get(ORGANIZATION_PATH)
    if source is None:
        return []
    make = partial(check_patient_data, ORGANIZATION_PATH, source)
    return ctx.organization_rule("patient data", source, make)

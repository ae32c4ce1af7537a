"""Write a service-line file into a project and read back the model or the messages."""

from __future__ import annotations

import json
from pathlib import Path

from referkit.source.loader import load_practice


def write_line(project: Path, text: str, name: str = "sleep.yaml") -> None:
    (project / "service_lines" / name).write_text(text, encoding="utf-8")


def load_line(project: Path, slug: str = "sleep"):
    """The service line ``slug``; the project must load without a finding."""
    result = load_practice(project)
    assert result.findings == [], [f.format() for f in result.findings]
    return next(s for s in result.practice.service_lines if s.slug == slug)


def messages(project: Path) -> list[str]:
    """The first line of every finding of a project that does not load."""
    result = load_practice(project)
    assert result.practice is None
    return [f.format().splitlines()[0] for f in result.findings]


def as_editor_sees(data: object) -> object:
    """YAML 1.2 editors read 2026-10-01 as text; PyYAML (1.1) makes it a date."""
    return json.loads(json.dumps(data, default=str))

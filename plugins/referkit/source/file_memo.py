"""YAML files read and validated once, remembered by their bytes (issue #23, item 1).

``serve`` rebuilds after every save. Reading and validating a file costs about 15 ms, so
reloading all 501 files of a large practice took 39 % of a preview rebuild. A
:class:`LoadMemo` kept between rebuilds hands back the parsed file, its positions,
its findings and its model for every file whose bytes did not change, so a save costs
one file's parse; cross-references are then checked against the remembered rest.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from ..findings import Finding
from .placeholders import placeholder_findings
from .positions import MAX_FILE_BYTES, SourceFile
from .validation import validate
from .yaml_source import read_yaml


@dataclass(frozen=True)
class LoadedFile:
    """One YAML file: parsed with positions, validated, and what both found."""

    source: SourceFile
    model: BaseModel | None
    findings: tuple[Finding, ...]


class LoadMemo:
    """The files of the last load, by display path and content digest.

    Only the loader writes a :class:`SourceFile`; everything after it reads, so one
    file's result can serve every later load while its bytes stay the same.
    """

    def __init__(self) -> None:
        self._files: dict[str, tuple[bytes, LoadedFile]] = {}
        self._seen: set[str] = set()
        self.parsed = 0  # files read and validated by the last load (for tests and stats)

    def start(self) -> None:
        """Begin a load: files not loaded again before :meth:`finish` are forgotten."""
        self._seen = set()
        self.parsed = 0

    def finish(self) -> None:
        self._files = {k: v for k, v in self._files.items() if k in self._seen}

    def load(
        self, path: Path, display: str, model: type[BaseModel], *, slug: str | None = None
    ) -> LoadedFile:
        """``path`` read, checked for placeholders and validated as ``model`` (with
        ``slug`` added to a service line's fields), or the remembered result."""
        self._seen.add(display)
        try:
            raw = path.read_bytes() if path.stat().st_size <= MAX_FILE_BYTES else None
        except OSError:
            raw = None  # read_yaml reports why
        digest = hashlib.sha256(raw).digest() if raw is not None else None
        remembered = self._files.get(display)
        if digest is not None and remembered is not None and remembered[0] == digest:
            return remembered[1]
        self.parsed += 1
        source = read_yaml(path, display, raw=raw)
        source.findings += placeholder_findings(source)
        if slug is not None and isinstance(source.data, dict):
            source.data = {"slug": slug, **source.data}
        findings: list[Finding] = []
        value = validate(model, source, findings)
        loaded = LoadedFile(source, value, tuple(findings))
        if digest is not None:
            self._files[display] = (digest, loaded)
        return loaded

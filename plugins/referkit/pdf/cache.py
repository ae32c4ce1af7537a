"""A content-addressed store of rendered PDFs that outlives site/ and serve reloads.

Each PDF is stored as ``<sha256 of its inputs>.pdf`` the moment it is rendered, with
where it fitted (``<key>.fit.json``: the fit step and how its columns balanced, which
its partner copies start from), and a guide that cannot fit one page as
``<sha256>.overflow`` (how far it overflows); a manifest (output path -> key, sorted)
records the last build for people and tools to inspect. A missing or damaged entry is
logged and re-rendered, never trusted.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PdfFit:
    """Where a PDF fitted: its fit step, and per columns block (h0, step, trial) of the
    balancing (pdf/columns.py). Only a hint: a render checks it before using it."""

    step: int
    columns: tuple[tuple[float, float, int], ...] = ()


@dataclass
class CacheMemory:
    """What ``serve`` keeps of the cache between rebuilds, so a rebuild reads no PDF it
    read before: PDFs and fits by key, and each service line's printed facts (as JSON,
    by kind and slug, with the line object they were taken from: pdf/keys.py)."""

    pdfs: dict[str, bytes] = field(default_factory=dict)
    fits: dict[str, PdfFit | None] = field(default_factory=dict)
    facts: dict = field(default_factory=dict)

    def keep_only(self, keys: set[str]) -> None:
        """Forget the PDFs of keys the last plan did not ask for (an edited guide's).
        A background render may add entries meanwhile: each dict is copied first."""
        self.pdfs = {k: v for k, v in list(self.pdfs.items()) if k in keys}
        self.fits = {k: v for k, v in list(self.fits.items()) if k in keys}


class PdfCache:
    def __init__(self, folder: Path, memory: CacheMemory | None = None) -> None:
        self.folder = folder
        self.memory = memory

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
        if self.memory is not None and key in self.memory.pdfs:
            return self.memory.pdfs[key]
        data = self._read(key)
        if data is not None and self.memory is not None:
            self.memory.pdfs[key] = data
        return data

    def _read(self, key: str) -> bytes | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("PDF cache entry %s unreadable (%s); rendering again", path, exc)
            return None
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            log.warning("PDF cache entry %s is damaged; rendering again", path)
            return None
        return data

    def put(self, key: str, data: bytes, fit: PdfFit | None = None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._write(self._path(key), data)
        if self.memory is not None:
            self.memory.pdfs[key] = data
            self.memory.fits.pop(key, None)
        if fit is not None and fit.step >= 0:
            record = {"step": fit.step, "columns": [list(c) for c in fit.columns]}
            self._write(self.folder / f"{key}.fit.json", json.dumps(record).encode())

    def _write(self, path: Path, data: bytes) -> None:
        tmp = self.folder / f".{path.name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        tmp.replace(path)

    def get_fit(self, key: str) -> PdfFit | None:
        if self.memory is not None:
            if key not in self.memory.fits:
                self.memory.fits[key] = self._read_fit(key)
            return self.memory.fits[key]
        return self._read_fit(key)

    def _read_fit(self, key: str) -> PdfFit | None:
        try:
            record = json.loads((self.folder / f"{key}.fit.json").read_text(encoding="utf-8"))
            columns = tuple((float(h), float(s), int(i)) for h, s, i in record["columns"])
            return PdfFit(int(record["step"]), columns)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # only a hint: without it the copy is fitted from the start

    def get_overflow(self, key: str) -> float | None:
        """How far a guide with these inputs overflowed when it was last measured
        (``check`` and ``build`` share it, so neither renders a known failure again)."""
        path = self.folder / f"{key}.overflow"
        try:
            return float(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("PDF cache entry %s is damaged (%s); rendering again", path, exc)
            return None

    def put_overflow(self, key: str, overflow_in: float) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._write(self.folder / f"{key}.overflow", f"{overflow_in:.6f}\n".encode())

    def write_manifest(self, entries: dict[str, str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(entries, sort_keys=True, indent=1) + "\n"
        path = self.folder / "manifest.json"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")

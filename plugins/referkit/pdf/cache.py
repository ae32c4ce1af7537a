"""A content-addressed store of rendered PDFs that outlives site/ and serve reloads.

Each PDF is stored as ``<sha256 of its inputs>.pdf``, and a guide that cannot fit
one page as ``<sha256>.overflow`` (how far it overflows); a manifest (output path ->
key, sorted) records the last build for people and tools to inspect. A missing or
damaged entry is logged and re-rendered, never trusted.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)


class PdfCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def get(self, key: str) -> bytes | None:
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

    def put(self, key: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        tmp.replace(self._path(key))

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
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(f"{overflow_in:.6f}\n", encoding="utf-8")
        tmp.replace(self.folder / f"{key}.overflow")

    def write_manifest(self, entries: dict[str, str]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(entries, sort_keys=True, indent=1) + "\n"
        path = self.folder / "manifest.json"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")

"""The change feed's per-commit work, kept on disk by commit id (issue #23, item 4).

Walking the history loads every commit that touched ``service_lines/`` with the same
loader as a build (``git archive``, YAML, validation): about 2 CPU-seconds a commit on
the demo, paid again by every build. A commit's content never changes, so what the
walk learns about it is stored under its id and reused: whether the commit loads with
today's contract, and the semantic diff between two consecutive loadable commits. A
build then loads only the commits it has not seen.

Everything stored is derived by ReferKit's own code (the loader, the model, the diff
and its wording), so the store is keyed by a digest of that code as well: a ReferKit
upgrade or a local edit of it starts a fresh store, never a mix. A missing or damaged
store is rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

STORE_NAME = "history.json"
STORE_FORMAT = 1
PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def code_digest() -> str:
    """A digest of ReferKit's Python sources: what decides every stored diff."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_commit_id(rev: str | None) -> bool:
    """Only full commit ids name one fixed state; a branch or tag name moves."""
    return (
        isinstance(rev, str) and len(rev) in (40, 64) and all(c in "0123456789abcdef" for c in rev)
    )


class HistoryStore:
    """Loadability of commits and diffs between commit pairs, for one ``service_lines`` path.

    ``folder`` ``None`` keeps nothing on disk (the walk then behaves as before).
    """

    def __init__(self, folder: Path | None, rel: str) -> None:
        self.path = folder / STORE_NAME if folder is not None else None
        self.rel = rel
        self._loadable: dict[str, bool] = {}
        self._diffs: dict[str, list] = {}
        self._dirty = False
        if self.path is not None:
            self._read()

    def _read(self) -> None:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            log.warning("history cache %s unreadable (%s); walking it again", self.path, exc)
            return
        if not (
            isinstance(stored, dict)
            and stored.get("format") == STORE_FORMAT
            and stored.get("code") == code_digest()
            and stored.get("rel") == self.rel
            and isinstance(stored.get("loadable"), dict)
            and isinstance(stored.get("diffs"), dict)
        ):
            return  # another ReferKit, another folder: start afresh
        self._loadable = {k: bool(v) for k, v in stored["loadable"].items()}
        self._diffs = dict(stored["diffs"])

    def loadable(self, commit: str) -> bool | None:
        """Whether ``commit`` loads with this ReferKit (None: not known yet)."""
        return self._loadable.get(commit)

    def set_loadable(self, commit: str, loadable: bool) -> None:
        if is_commit_id(commit) and self._loadable.get(commit) is not loadable:
            self._loadable[commit] = loadable
            self._dirty = True

    def diff(self, before: str, after: str) -> list[tuple[str, str, tuple[str, ...]]] | None:
        """The stored diff ``before`` → ``after`` as (slug, name, items), or None."""
        stored = self._diffs.get(f"{before}..{after}")
        if not isinstance(stored, list):
            return None
        try:
            return [(str(slug), str(name), tuple(map(str, items))) for slug, name, items in stored]
        except (TypeError, ValueError):
            return None

    def set_diff(self, before: str, after: str, lines: list[tuple[str, str, tuple[str, ...]]]):
        if is_commit_id(before) and is_commit_id(after):
            self._diffs[f"{before}..{after}"] = [[s, n, list(i)] for s, n, i in lines]
            self._dirty = True

    def save(self) -> None:
        """Write the store if the walk learned something (atomically, sorted keys)."""
        if self.path is None or not self._dirty:
            return
        stored = {
            "format": STORE_FORMAT,
            "code": code_digest(),
            "rel": self.rel,
            "loadable": self._loadable,
            "diffs": self._diffs,
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{STORE_NAME}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(stored, sort_keys=True) + "\n", encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:  # a read-only cache costs time, never the build
            log.warning("history cache %s not written (%s)", self.path, exc)
        self._dirty = False

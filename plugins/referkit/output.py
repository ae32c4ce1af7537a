"""Writing generated files: the docs folder, and in ``serve`` the files that go
straight to the preview's site folder.

A file is written only when its bytes changed (through a temporary file and a
rename, so a reader never sees half of it) and files no longer generated are
removed. ``serve`` keeps what it wrote with each file's size and time, so a rebuild
reads nothing back (issue #23, item 5).

**Direct files.** The FHIR directory and the vCards are 7,600 of a large practice's
11,200 generated files, and no page links them through Markdown. MkDocs lists, checks
and copies every file of the docs folder on every rebuild, even a dirty one: a third
of its rebuild time went on these. A dirty preview therefore writes them straight into
its site folder (``is_direct``); a build, and ``serve --full``, whose MkDocs empties
the site folder first, keep them in the docs folder like every other file.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

DIRECT_PREFIXES = ("fhir/",)
DIRECT_SUFFIXES = (".vcf",)


def is_direct(path: str) -> bool:
    """Whether a dirty preview writes ``path`` straight into its site folder."""
    return path.startswith(DIRECT_PREFIXES) or path.endswith(DIRECT_SUFFIXES)


@dataclass
class TreeStats:
    files_written: int = 0
    files_unchanged: int = 0
    files_removed: int = 0


def write_tree(
    root: Path,
    files: dict[str, bytes],
    written: dict[str, tuple[tuple[int, int], bytes]],
    *,
    scan: bool = True,
) -> TreeStats:
    """Write ``files`` under ``root`` where their bytes changed and remove the rest.

    ``written`` (``serve``'s memo; empty for a build) remembers what the last rebuild
    left in each file with its size and time: a file that still has them and would get
    the same bytes is not read back. Without ``scan`` the folder holds other files too
    (the preview's site folder): only files this wrote before and no longer wants go."""
    stats = TreeStats()
    root.mkdir(parents=True, exist_ok=True)
    known, written_now, base = dict(written), {}, str(root)
    for rel, content in sorted(files.items()):
        target = os.path.join(base, rel)  # strings: 10,000 files per preview rebuild
        try:
            info = os.stat(target)
            stamp = (info.st_size, info.st_mtime_ns)
        except OSError:
            stamp = None
        last = known.pop(rel, None)
        if (
            stamp is not None
            and stamp[0] == len(content)
            and ((last is not None and last == (stamp, content)) or _read(target) == content)
        ):
            stats.files_unchanged += 1
            written_now[rel] = (stamp, content)
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # a name of this process's own: a `build` beside a running `serve` writes the
        # same folder, and a shared temporary name made one of them fail
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(content)
        tmp.replace(path)
        info = path.stat()
        written_now[rel] = ((info.st_size, info.st_mtime_ns), content)
        stats.files_written += 1
    if not scan:
        for rel in known:  # written last time, not wanted now
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(base, rel))
                stats.files_removed += 1
    elif not written or known:  # else every file the last rebuild wrote is wanted again
        stats.files_removed = _remove_unwanted(root, set(files))
    written.clear()
    written.update(written_now)
    return stats


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _remove_unwanted(root: Path, wanted: set[str]) -> int:
    """Remove the files under ``root`` that are not ``wanted``, and folders left empty."""
    removed = 0
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed

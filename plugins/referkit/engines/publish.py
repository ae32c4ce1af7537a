"""Publishing a finished build into the output folder, so that it can be trusted.

Three promises, each kept here and nowhere else:

- "Up to date" means the output matches the inputs. A build stamp inside the output
  folder (``site/.referkit-build.json``) records a digest of everything that decides
  the output and a digest of the output tree as written. A build is skipped only when
  both still match: a hand-edited or partly deleted ``site/`` is rebuilt, not trusted.
- The output is swapped in whole. The engine renders into a staging folder next to the
  output; on Linux the two folders are exchanged with one ``renameat2(RENAME_EXCHANGE)``
  call, elsewhere with two renames whose gap the next build repairs.
- A build never deletes what it did not make. The output folder may not be the
  project, hold it, or sit inside its sources (:func:`output_problem`); a non-empty
  folder without a build stamp is not replaced unless asked (``--force``), and even
  then it is kept beside the new output, not deleted. Only a previous build's own tree
  (one with a stamp) is ever swapped out and removed.
- Interrupted builds leave nothing behind. Builds of one output folder hold a lock on
  its parent folder, so every staging or retired folder found while holding it belongs
  to a build that is gone (killed, crashed), and is removed or, if the output itself is
  missing, restored.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

BUILD_STAMP = ".referkit-build.json"
STAMP_FORMAT = 1
# what marks a folder as somebody's project or repository: never an output folder
PROJECT_MARKERS = ("mkdocs.yml", "service_lines", ".git")
# a project's own folders: an output inside one would replace or delete sources
PROJECT_FOLDERS = ("service_lines", "content", "templates", ".referkit", ".git")


def staging_dir(out: Path) -> Path:
    """Where this process renders a build before it replaces ``out``."""
    return out.parent / f".{out.name}.building-{os.getpid()}"


def _retired_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.old-{os.getpid()}"


def _leftovers(out: Path) -> list[Path]:
    prefixes = (f".{out.name}.building-", f".{out.name}.old-")
    if not out.parent.is_dir():
        return []
    return sorted(p for p in out.parent.iterdir() if p.name.startswith(prefixes))


# --- what may be replaced --------------------------------------------------------


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def output_problem(out: Path, project_dir: Path, sources: Iterable[Path] = ()) -> str | None:
    """Why ``out`` must never be a build's output folder, or None when it may be.

    Refused whatever the options: the project itself, a folder that holds it, a folder
    inside the project's sources (``service_lines/``, ``content/``, ``templates/``,
    ``.referkit/``, ``.git/`` and the ``sources`` given, e.g. a custom cache folder),
    and any folder that is itself a project or repository (holds ``mkdocs.yml``,
    ``service_lines/`` or ``.git``) or sits inside another one's sources. A build swaps
    its output folder away, so each of these would lose files it did not make.
    """
    out, project_dir = out.resolve(), project_dir.resolve()
    if out == project_dir:
        return "it is the project folder itself"
    if out.exists() and not out.is_dir():
        return "it is a file, not a folder"
    if out in project_dir.parents:
        return f"it holds the project folder {project_dir}"
    for source in (*(project_dir / name for name in PROJECT_FOLDERS), *sources):
        source = source.resolve()
        if _inside(out, source):
            where = source.relative_to(project_dir) if _inside(source, project_dir) else source
            return f"it is the project's {where.as_posix()}/ or inside it"
    markers = [name for name in PROJECT_MARKERS if (out / name).exists()]
    if markers:
        return f"it holds {' and '.join(markers)}: it is a project or repository, not a site"
    for folder in out.parents:
        if any((folder / name).exists() for name in PROJECT_MARKERS):
            for name in PROJECT_FOLDERS:
                if _inside(out, folder / name):
                    return f"it is inside {folder / name}, part of another project"
    return None


def foreign_content(out: Path) -> bool:
    """``out`` holds files but no build stamp: it was not made by a ReferKit build."""
    if not out.exists():
        return False
    if not out.is_dir():
        return True
    if _read_stamp(out) is not None:
        return False
    return any(out.iterdir())


def kept_aside_dir(out: Path) -> Path:
    """Where a replaced folder ReferKit did not build is kept: ``<name>.replaced-<n>``."""
    number = 1
    while (out.parent / f"{out.name}.replaced-{number}").exists():
        number += 1
    return out.parent / f"{out.name}.replaced-{number}"


# --- digests -----------------------------------------------------------------------


def tree_digest(folder: Path, *, exclude: Iterable[str] = ()) -> tuple[str, int]:
    """SHA-256 over every file's relative path and bytes (sorted), and the file count."""
    skip = set(exclude)
    digest = hashlib.sha256()
    count = 0
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if rel in skip or path.is_dir():
            continue
        digest.update(rel.encode() + b"\0")
        if path.is_symlink() or not path.is_file():
            digest.update(b"<not a regular file>\0")
        else:
            with path.open("rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
        count += 1
    return digest.hexdigest(), count


def inputs_digest(parts: dict[str, object], folders: Iterable[Path], files: Iterable[Path]) -> str:
    """A digest of plain facts (versions, options) plus folder trees and single files."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode())
    for folder in folders:
        digest.update(f"\0folder {folder.name}\0".encode())
        if folder.is_dir():
            digest.update(tree_digest(folder)[0].encode())
    for path in files:
        digest.update(f"\0file {path.name}\0".encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
    return digest.hexdigest()


def write_stamp(folder: Path, inputs: str) -> None:
    """Record what ``folder`` was built from and what it holds, inside it."""
    output, files = tree_digest(folder, exclude={BUILD_STAMP})
    stamp = {"format": STAMP_FORMAT, "inputs": inputs, "output": output, "files": files}
    (folder / BUILD_STAMP).write_text(json.dumps(stamp, indent=1, sort_keys=True) + "\n")


def _read_stamp(folder: Path) -> dict | None:
    try:
        stamp = json.loads((folder / BUILD_STAMP).read_text())
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) and stamp.get("format") == STAMP_FORMAT else None


def is_complete(folder: Path) -> bool:
    """The folder holds exactly the tree its build stamp describes."""
    stamp = _read_stamp(folder)
    if stamp is None:
        return False
    output, files = tree_digest(folder, exclude={BUILD_STAMP})
    return stamp.get("output") == output and stamp.get("files") == files


def is_up_to_date(out: Path, inputs: str) -> bool:
    """``out`` was built from exactly ``inputs`` and nothing in it changed since."""
    stamp = _read_stamp(out)
    return stamp is not None and stamp.get("inputs") == inputs and is_complete(out)


# --- one build at a time, and what interrupted builds left -------------------------


@contextlib.contextmanager
def output_lock(out: Path, on_wait=None) -> Iterator[None]:
    """Hold an exclusive lock for building ``out``; released even if the process is killed.

    The lock is on the output's parent folder (an ``flock``, which the kernel drops with
    the process), so no lock file is left next to the output.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no flock; stale folders are judged by their pid
        yield
        return
    fd = os.open(out.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_stale(path: Path) -> bool:
    """Without a lock (Windows), only folders of processes that are gone are stale."""
    try:
        import fcntl  # noqa: F401 - with flock, the caller holds the lock: all are stale
    except ImportError:
        pid = path.name.rsplit("-", 1)[-1]
        return not pid.isdigit() or int(pid) == os.getpid() or not _pid_alive(int(pid))
    return True


def recover_interrupted(out: Path) -> list[str]:
    """Repair what killed builds left; call while holding :func:`output_lock`.

    If a build died between the two renames of a swap, ``out`` is missing: the newest
    complete tree (a finished staging folder, else the retired old output) is put back.
    Every other staging or retired folder is removed. Returns what was done, for the log.
    """
    notes: list[str] = []
    stale = [p for p in _leftovers(out) if _is_stale(p)]
    if not out.exists():
        finished = [p for p in stale if ".building-" in p.name and is_complete(p)]
        retired = [p for p in stale if ".old-" in p.name and p.is_dir()]
        for candidate in (*finished, *retired):
            candidate.rename(out)
            stale.remove(candidate)
            notes.append(f"restored {out.name}/ from an interrupted build ({candidate.name})")
            break
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
        if path.is_symlink() or path.is_file():
            path.unlink(missing_ok=True)
        notes.append(f"removed {path.name}, left by an interrupted build")
    return notes


# --- the swap ------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux ``renameat2``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap_into_place(staging: Path, out: Path, *, keep_old: Path | None = None) -> None:
    """Replace ``out`` with ``staging``; at every instant ``out`` is the old or new tree
    (with the two-rename fallback, :func:`recover_interrupted` closes the gap).

    The old tree is removed only when it is a previous build's (it carries a build
    stamp, or ``out`` was empty); otherwise it is moved to ``keep_old``, never deleted.
    """
    if out.exists() and foreign_content(out):
        if keep_old is None:
            raise FileExistsError(f"{out} holds files ReferKit did not build")
        out.rename(keep_old)
    if out.is_dir() and _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old tree
        return
    retired = _retired_dir(out)
    if out.exists():
        out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)

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
- The previous tree goes without delaying the build: after the swap it is renamed
  ``.<out>.trash-<pid>`` and a detached process removes it (about 9 s of disk time for
  a 2,500-page site), so the build returns as soon as the new tree is in place.
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
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

BUILD_STAMP = ".referkit-build.json"
SIGNATURES_FILE = "output-signatures.json"  # in the project's .referkit/: see tree_signature
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


def _trash_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.trash-{os.getpid()}"


def _leftovers(out: Path) -> list[Path]:
    prefixes = (f".{out.name}.building-", f".{out.name}.old-", f".{out.name}.trash-")
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


def tree_signature(folder: Path, *, exclude: Iterable[str] = ()) -> str:
    """A digest of every file's relative path, size, inode and change times.

    Reading no file, it tells in milliseconds that a tree is as it was written (git
    trusts its index the same way); a write, a replaced file or a hand edit changes a
    file's size, inode or change time (``ctime`` cannot be set back by a program), and
    then the caller compares contents (:func:`tree_digest`)."""
    skip = set(exclude)
    digest = hashlib.sha256()
    for folder_path, dirs, names in os.walk(folder):
        dirs.sort()
        base = Path(folder_path)
        for name in sorted(names):
            path = base / name
            rel = path.relative_to(folder).as_posix()
            if rel in skip:
                continue
            try:
                info = path.lstat()
            except OSError:
                continue
            fields = (info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns, info.st_mode)
            digest.update(f"{rel}\0{fields}\0".encode())
    return digest.hexdigest()


def write_stamp(folder: Path, inputs: str, *, record: Path | None = None, out: Path | None = None):
    """Record what ``folder`` was built from and what it holds, inside it; with a
    ``record`` file, also the tree's metadata signature (:func:`tree_signature`) for
    the folder it becomes, ``out``. The signature stays out of the published tree: its
    inodes and times differ from build to build, and the output must not."""
    output, files = tree_digest(folder, exclude={BUILD_STAMP})
    stamp = {"format": STAMP_FORMAT, "inputs": inputs, "output": output, "files": files}
    (folder / BUILD_STAMP).write_text(json.dumps(stamp, indent=1, sort_keys=True) + "\n")
    if record is not None and out is not None:
        _remember_signature(record, out, tree_signature(folder, exclude={BUILD_STAMP}))


def _signatures(record: Path) -> dict[str, str]:
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _remember_signature(record: Path, out: Path, signature: str) -> None:
    known = _signatures(record)
    known[str(out.resolve())] = signature
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        tmp = record.with_name(f".{record.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(record)
    except OSError:
        pass  # without the record, the next build compares contents instead


def _read_stamp(folder: Path) -> dict | None:
    try:
        stamp = json.loads((folder / BUILD_STAMP).read_text())
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) and stamp.get("format") == STAMP_FORMAT else None


def is_complete(folder: Path, record: Path | None = None) -> bool:
    """The folder holds exactly the tree its build stamp describes (decided from the
    files' metadata when ``record`` knows the folder's signature, else from contents)."""
    stamp = _read_stamp(folder)
    if stamp is None:
        return False
    known = _signatures(record).get(str(folder.resolve())) if record is not None else None
    if known is not None and known == tree_signature(folder, exclude={BUILD_STAMP}):
        return True  # no file was written, replaced, added or removed since the stamp
    output, files = tree_digest(folder, exclude={BUILD_STAMP})
    return stamp.get("output") == output and stamp.get("files") == files


def is_up_to_date(out: Path, inputs: str, record: Path | None = None) -> bool:
    """``out`` was built from exactly ``inputs`` and nothing in it changed since."""
    stamp = _read_stamp(out)
    return stamp is not None and stamp.get("inputs") == inputs and is_complete(out, record)


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
    for path in [p for p in stale if ".trash-" in p.name]:
        stale.remove(path)  # an old tree on its way out (its remover may still run)
        discard_tree(path)
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
        _retire(staging, out)  # now holds the old tree
        return
    retired = _retired_dir(out)
    if out.exists():
        out.rename(retired)
    staging.rename(out)
    if retired.exists():
        _retire(retired, out)


def _retire(old: Path, out: Path) -> None:
    """Move a replaced tree out of the way and remove it off the critical path."""
    trash = _trash_dir(out)
    try:
        old.rename(trash)
    except OSError:
        trash = old
    discard_tree(trash)


# stdlib only, so the remover starts in milliseconds (-I -S: no site-packages, no env)
_REMOVER = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def discard_tree(path: Path) -> None:
    """Remove ``path`` in a detached process that outlives this one; in this process
    where none can be started."""
    try:
        subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _REMOVER, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=True,
        )
    except OSError:
        shutil.rmtree(path, ignore_errors=True)

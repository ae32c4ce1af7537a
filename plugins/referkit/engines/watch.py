"""What ``serve`` watches, by content: a rebuild only when a watched file really changed.

MkDocs' live-reload server rebuilds on every file-system event under a watched folder.
One save often makes several events (an editor writes a temporary file and renames
it, or writes and then sets the time; a formatter rewrites the same bytes), and an
event that arrives while a rebuild runs starts another full rebuild. Each rebuild of a
large practice costs seconds, so :class:`WatchedInputs` compares the watched files'
bytes with those the last rebuild started from, and the adapter skips a rebuild when
nothing differs. Files are re-read only when their size or time changed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

Stamp = tuple[int, int]  # size, modification time in ns


class WatchedInputs:
    """The contents of every file under some folders (and single files), by digest."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = sorted({Path(root) for root in roots})
        self._stamps: dict[str, tuple[Stamp, bytes]] = {}
        self.state = self._read()

    def _files(self) -> list[Path]:
        files: list[Path] = []
        for root in self.roots:
            if root.is_file():
                files.append(root)
            elif root.is_dir():
                for folder, dirs, names in os.walk(root):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    files += [Path(folder, n) for n in sorted(names) if not n.startswith(".")]
        return files

    def _read(self) -> dict[str, bytes]:
        state: dict[str, bytes] = {}
        stamps: dict[str, tuple[Stamp, bytes]] = {}
        for path in self._files():
            key = str(path)
            try:
                info = path.stat()
            except OSError:
                continue  # removed while listing: absent from this state
            stamp = (info.st_size, info.st_mtime_ns)
            known = self._stamps.get(key)
            if known is not None and known[0] == stamp:
                digest = known[1]
            else:
                try:
                    digest = hashlib.sha256(path.read_bytes()).digest()
                except OSError:
                    continue
            stamps[key] = (stamp, digest)
            state[key] = digest
        self._stamps = stamps
        return state

    def changed(self) -> list[str]:
        """The files added, removed or rewritten with other bytes since the last call
        (or since this object was made); the new state becomes the reference."""
        before, after = self.state, self._read()
        self.state = after
        return sorted(
            path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
        )


def only_when_changed(server, builder: Callable[[], None], watched: WatchedInputs, log):
    """Wrap the preview's rebuild so that it runs only when a watched file's bytes
    changed since the last rebuild started: one save is one rebuild, however many
    file-system events it makes."""

    def rebuild() -> None:
        changed = watched.changed()
        if not changed:
            log.info("No watched file changed since the last rebuild: nothing to do.")
            # MkDocs' server would reload every open page after this "rebuild"; keep the
            # version the browsers show (the attributes are MkDocs 1.6's LiveReloadServer)
            if hasattr(server, "_wanted_epoch") and hasattr(server, "_visible_epoch"):
                server._wanted_epoch = server._visible_epoch
            return
        shown = ", ".join(_relative(path) for path in changed[:3])
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        log.info(f"Rebuilding: {shown}{more} changed.")
        builder()

    return rebuild


def _relative(path: str) -> str:
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path

"""A sealed project folder: after the load phase, nothing may read it or run a program.

Inside :func:`sealed`, opening or listing anything under the project (apart from the
build's own output folder) and starting any process (git included) raise
:class:`SealBroken`, and every attempt is recorded, so an attempt that the code
under test catches and swallows (WeasyPrint logs a failed image fetch and goes on)
still fails the test.
"""

from __future__ import annotations

import builtins
import io
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


class SealBroken(AssertionError):
    """A renderer read the project folder or ran a program after loading."""


@contextmanager
def sealed(project_dir: Path, *, output: Path) -> Iterator[list[str]]:
    """Block reads and listings under ``project_dir`` except under ``output``, and every
    subprocess; yields the list of attempts (empty when the seal held)."""
    root, allowed = project_dir.resolve(), output.resolve()
    attempts: list[str] = []

    def guard(what: str, target: object) -> None:
        if isinstance(target, int) or target is None:
            return  # an open file descriptor: its opening was checked
        path = Path(os.path.realpath(os.fsdecode(target)))
        if path.is_relative_to(root) and not path.is_relative_to(allowed):
            attempts.append(f"{what} {path}")
            raise SealBroken(f"{what} {path} after the load phase")

    def run_blocked(*args, **kwargs):
        command = args[0] if args else kwargs.get("args")
        attempts.append(f"process {command!r}")
        raise SealBroken(f"ran {command!r} after the load phase")

    def checked(name: str, function):
        def wrapper(target=None, *args, **kwargs):
            guard(name, target)
            return function(target, *args, **kwargs) if target is not None else function()

        return wrapper

    with pytest.MonkeyPatch.context() as patch:
        opener = checked("open", builtins.open)
        patch.setattr(builtins, "open", opener)
        patch.setattr(io, "open", opener)
        patch.setattr(os, "open", checked("os.open", os.open))
        patch.setattr(os, "scandir", checked("scandir", os.scandir))
        patch.setattr(os, "listdir", checked("listdir", os.listdir))
        patch.setattr(subprocess, "Popen", run_blocked)
        for name in ("system", "posix_spawn", "posix_spawnp"):
            patch.setattr(os, name, run_blocked)
        yield attempts

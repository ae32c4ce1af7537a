"""A real ``build.py serve`` process on 127.0.0.1, for tests that look at the preview."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from .project import REPO


def _interruptible() -> None:
    """In the child, before exec: Ctrl-C (SIGINT) reaches it, as in a terminal."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Preview:
    """``build.py serve`` in its own process group; stop() ends it and its children."""

    def __init__(self, project: Path, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self._log_handle = log.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "build.py"),
                "serve",
                "--project",
                str(project),
                "--dev-addr",
                f"127.0.0.1:{self.port}",
            ],
            cwd=project,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # a suite started in the background (nohup, some CI runners) ignores SIGINT,
            # and so would serve: stop() would wait 20 s for each one, then kill it
            preexec_fn=_interruptible,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url(path), timeout=10) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def wait_for(self, path: str, ok: Callable[[int, str], bool], timeout_s: float = 90) -> str:
        """Poll ``path`` until ``ok(status, body)``; fail with the server log otherwise."""
        deadline = time.monotonic() + timeout_s
        last = "(no answer)"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"serve exited early:\n{self.output()}")
            try:
                status, body = self.get(path)
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                last = repr(exc)
            else:
                if ok(status, body):
                    return body
                last = f"HTTP {status}: {body[:300]}"
            time.sleep(0.3)
        raise AssertionError(f"{path} never matched; last answer {last}\n{self.output()}")

    def output(self) -> str:
        self._log_handle.flush()
        return self.log.read_text(errors="replace")

    def stop(self) -> str:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log_handle.close()
        return self.log.read_text(errors="replace")

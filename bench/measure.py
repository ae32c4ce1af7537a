"""How the benchmark measures: wall and CPU seconds of a process tree, its peak memory,
and how long a `build.py serve` preview takes to show an edit (page, then PDFs)."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TODAY = "2026-11-23"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _tree_memory_bytes(root_pid: int) -> tuple[int, int]:
    """Resident memory of a process and all its descendants, from /proc: RSS and PSS.

    RSS counts a page once per process that maps it, so a child the build has just
    forked (to run git, or the remover of the previous site) counts the build's whole
    memory a second time until it execs. PSS (``smaps_rollup``) shares each page out
    among the processes that map it, so the tree's PSS is what the tree really holds;
    where it cannot be read, a process's RSS stands in."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            pid, ppid = int(entry), int(fields[1])
            rss[pid] = int(fields[21]) * PAGE_SIZE
            children.setdefault(ppid, []).append(pid)
        except (OSError, IndexError, ValueError):
            continue
    total_rss = total_pss = 0
    stack = [root_pid]
    while stack:
        pid = stack.pop()
        total_rss += rss.get(pid, 0)
        total_pss += _pss_bytes(pid, rss.get(pid, 0))
        stack.extend(children.get(pid, []))
    return total_rss, total_pss


def _pss_bytes(pid: int, fallback: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return fallback


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(command: list[str], cwd: Path) -> dict:
    """Run a command to the end: wall seconds, CPU seconds of the whole tree (every
    descendant that was waited for: PDF workers included), peak tree RSS and PSS, the result."""
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.is_set():
            rss, pss = _tree_memory_bytes(process.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return {
        "seconds": wall,
        "cpu_seconds": _children_cpu() - cpu_before,
        "peak_rss_mb": peak / 2**20,
        "peak_pss_mb": peak_pss / 2**20,
        "stdout": stdout,
        "stderr": stderr,
    }


# A fixed pure-Python workload, run in two processes at once as the PDF workers run:
# its CPU seconds show how fast the shared machine is at that moment, so cold builds
# measured hours apart can be compared (the same code has cost a third more on one
# afternoon than on the morning before).
_REFERENCE_LOOP = "s = 0\nfor i in range(8_000_000):\n    s += i * i % 7\n"


def reference_cpu_seconds() -> float:
    """CPU seconds of the reference workload (two processes side by side)."""
    cpu_before = _children_cpu()
    processes = [subprocess.Popen([sys.executable, "-c", _REFERENCE_LOOP]) for _ in range(2)]
    for process in processes:
        process.wait()
    return _children_cpu() - cpu_before


def build(project: Path, *extra: str) -> dict:
    """One `build.py build` of ``project``, with its own figures (--stats-json)."""
    stats_path = project.parent / f".{project.name}-stats.json"
    command = [
        sys.executable,
        str(REPO / "build.py"),
        "build",
        "--project",
        str(project),
        "--today",
        TODAY,
        "--quiet",
        "--stats-json",
        str(stats_path),
        *extra,
    ]
    measured = run_measured(command, project)
    stats = json.loads(stats_path.read_text())
    return {**measured, **stats}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def _poll(check: Callable[[], bool], timeout_s: float, every_s: float = 0.02) -> bool:
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if check():
            return True
        time.sleep(every_s)
    return False


def preview_latency(
    project: Path, slug: str, edits: list[Callable[[], str]], log: Path, start_timeout_s: float
) -> list[dict]:
    """Start `build.py serve`, then for each edit (a function that saves the file and
    returns a text the page will show): seconds until the page shows it, and until the
    service line's referral guide PDF has new bytes."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    with log.open("wb") as output:
        serve = [sys.executable, str(REPO / "build.py"), "serve", "--project", str(project)]
        process = subprocess.Popen(
            [*serve, "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # started in the background, this process ignores Ctrl-C and so would serve
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        try:
            page, pdf = f"{base}{slug}/", f"{base}{slug}/referral-guide.pdf"
            if not _poll(lambda: _get(page)[0] == 200, start_timeout_s, 0.5):
                raise SystemExit(f"serve never answered:\n{log.read_text()[-3000:]}")
            results = []
            for edit in edits:
                before = hashlib.sha256(_get(pdf)[1]).digest()
                time.sleep(1.0)  # a quiet server, as an editor finds it
                started = time.perf_counter()
                shown = edit().encode("utf-8")
                page_ok = _poll(lambda s=shown: s in _get(page)[1], 300)
                page_s = time.perf_counter() - started
                new_pdf = lambda b=before: hashlib.sha256(_get(pdf)[1]).digest() != b  # noqa: E731
                pdf_ok = _poll(new_pdf, 900, 0.1)
                pdf_s = time.perf_counter() - started
                if not (page_ok and pdf_ok):
                    raise SystemExit(f"the edit never showed:\n{log.read_text()[-3000:]}")
                results.append({"page_s": page_s, "pdfs_s": pdf_s})
            return results
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()

"""Killed builds: the output is always a complete old or new tree, nothing is left
behind, and no PDF worker outlives the build that started it.

Three seeded SIGKILL runs by default; REFERKIT_FULL=1 runs twelve.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from helpers.project import REPO, TODAY, build_site, copy_project
from helpers.publishing import leftovers
from referkit.engines.publish import BUILD_STAMP

SEEDS = range(12 if os.environ.get("REFERKIT_FULL") else 3)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def tagged_processes(tag: str) -> list[int]:
    """Processes (workers, resource tracker) whose environment carries ``tag``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if f"REFERKIT_TEST_TAG={tag}".encode() in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def set_routine_days(project: Path, days: int) -> None:
    path = project / "service_lines" / "cardiology.yaml"
    lines = path.read_text().splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("routine:"))
    for i in range(index, len(lines)):
        if "seen_within_days:" in lines[i]:
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
            lines[i] = f"{indent}seen_within_days: {days}\n"
            break
    path.write_text("".join(lines))


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(REPO, tmp_path_factory.mktemp("killed") / "project")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("seed", SEEDS)
def test_sigkill_at_any_moment_leaves_the_old_or_the_new_tree(
    demo_project: Path, seed: int
) -> None:
    rng = random.Random(seed)
    out = demo_project / "site"
    first = build_site(demo_project, out)
    assert first.returncode == 0, first.stderr
    old = tree(out)

    set_routine_days(demo_project, 20 + seed)
    tag = uuid.uuid4().hex
    env = {**os.environ, "REFERKIT_TEST_TAG": tag}
    command = [sys.executable, str(REPO / "build.py"), "build", "--project", str(demo_project)]
    # --no-cache makes every run render its PDFs in the worker pool
    build = subprocess.Popen(
        [*command, "--today", TODAY, "--no-cache"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    delay = rng.uniform(0.2, 3.0)
    time.sleep(delay)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)

    deadline = time.monotonic() + 15
    while tagged_processes(tag) and time.monotonic() < deadline:
        time.sleep(0.2)
    orphans = tagged_processes(tag)
    for pid in orphans:  # never leave them running, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert orphans == [], f"orphaned workers after a kill at {delay:.2f} s"

    after_kill = tree(out) if out.is_dir() else None
    finish = build_site(demo_project, out)
    assert finish.returncode == 0, finish.stderr
    assert leftovers(out) == [], finish.stderr
    new = tree(out)
    assert after_kill in (old, new), f"a mix of two builds after a kill at {delay:.2f} s"
    assert old != new
    assert BUILD_STAMP in new


def test_the_next_build_recovers_from_a_kill_between_the_two_renames(
    mini: Path, tmp_path: Path
) -> None:
    """Where the folders cannot be exchanged atomically, a swap is two renames; a build
    killed between them leaves no site/ at all, only the retired old tree. The next build
    puts a complete tree back first, and removes every folder a dead build left."""
    out = tmp_path / "site"
    assert build_site(mini, out).returncode == 0
    old = tree(out)
    dead_pid = 2**22 + 7  # above the default pid_max: no such process
    out.rename(tmp_path / f".site.old-{dead_pid}")
    half = tmp_path / f".site.building-{dead_pid + 1}"
    (half / "cardiology").mkdir(parents=True)
    (half / "cardiology" / "index.html").write_text("half written")

    # a failing build still repairs the output first, and leaves it otherwise untouched
    path = mini / "service_lines" / "cardiology.yaml"
    good = path.read_text()
    path.write_text(good.replace("seen_within_days: 3", "seen_within_days: x"))
    failed = build_site(mini, out)
    assert failed.returncode == 1
    assert "restored site/" in failed.stderr
    assert tree(out) == old
    assert leftovers(out) == []

    path.write_text(good)
    result = build_site(mini, out)
    assert result.returncode == 0 and "is up to date" in result.stdout


PARTNERS = """\
query_param: ref
partners:
  - {id: harbor-family, name: Harbor Family Practice, code: HFP-1}
  - {id: lakeside-clinic, name: Lakeside Clinic, code: LSC-2}
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_build_killed_mid_pdf_keeps_its_pdfs_and_the_next_renders_only_the_rest(
    mini: Path, tmp_path: Path
) -> None:
    """Each PDF reaches the cache the moment it is rendered (issue #24, item 6): a
    build killed halfway (a CI time limit) keeps what it finished."""
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("      pdf: false\n", ""))  # PDFs on
    (mini / "service_lines" / "_partners.yaml").write_text(PARTNERS)
    total = 2 + 2 * 3  # the guide and form; each partner's copies and overview
    cache = mini / ".referkit" / "cache" / "pdf"
    tag = uuid.uuid4().hex
    out = tmp_path / "site"
    command = [sys.executable, str(REPO / "build.py"), "build", "--project", str(mini)]
    build = subprocess.Popen(
        [*command, "--out", str(out), "--today", TODAY],
        env={**os.environ, "REFERKIT_TEST_TAG": tag},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while len(list(cache.glob("*.pdf"))) < 2 and time.monotonic() < deadline:
        assert build.poll() is None, "the build finished before it could be killed"
        time.sleep(0.05)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    deadline = time.monotonic() + 15
    while tagged_processes(tag) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert tagged_processes(tag) == []
    kept = sorted(cache.glob("*.pdf"))
    assert 2 <= len(kept) < total
    for pdf in kept:  # written whole (a temporary file, then renamed), never half
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:], pdf.name
    assert not out.exists()

    stats = tmp_path / "stats.json"
    again = build_site(mini, out, "--stats-json", str(stats))
    assert again.returncode == 0, again.stderr
    figures = json.loads(stats.read_text())
    assert (figures["pdfs_cached"], figures["pdfs_rendered"]) == (len(kept), total - len(kept))
    assert len(list(out.rglob("*.pdf"))) == total
    # output piped, as in CI: plain progress lines, done/total, rate and time left
    rest = total - len(kept)
    assert re.search(rf"PDFs: {rest}/{rest} \(100 %\), [\d.]+ per second, 0 s left", again.stderr)

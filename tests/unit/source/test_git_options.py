"""Git gets revisions only (issue 24, item 2).

`--since=--output=F` (and `changes_since: '--output=F'`) once reached `git log` and
`git archive` as options: git overwrote F and the build "succeeded". A revision is now
resolved to a commit id first (`git rev-parse --verify --end-of-options REV^{commit}`)
and every git call that takes one passes `--end-of-options`.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.project import build_site, git, run_build_py
from referkit.source.history import load_history, revision_problem

PRECIOUS = b"the practice's own notes\n" * 20


@pytest.fixture
def repo(mini: Path) -> Path:
    """The mini project under git: two commits, the first tagged v1, and a file F."""
    (mini / "F").write_bytes(PRECIOUS)
    git(mini, "init", "-q", "-b", "main")
    git(mini, "add", "-A")
    git(mini, "commit", "-qm", "Initial", when="2026-10-01T09:00:00+00:00")
    git(mini, "tag", "v1")
    path = mini / "service_lines" / "cardiology.yaml"
    path.write_text(path.read_text().replace("seen_within_days: 3", "seen_within_days: 2", 1))
    git(mini, "commit", "-qam", "Urgent target", when="2026-10-05T09:00:00+00:00")
    return mini


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.parts and ".referkit" not in p.parts
    }


@pytest.mark.parametrize("value", ["--output=F", "--output=../F", "-o", "--exec=touch x"])
def test_since_that_looks_like_an_option_is_a_usage_error(
    repo: Path, tmp_path: Path, value: str
) -> None:
    before = _files(repo)
    result = build_site(repo, tmp_path / "out", f"--since={value}")
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"error: --since {value!r} looks like a git option, not a revision" in result.stderr
    assert _files(repo) == before  # F untouched, no file named after the option
    assert not (tmp_path / "out").exists()


def test_since_that_is_no_commit_is_a_usage_error(repo: Path, tmp_path: Path) -> None:
    result = build_site(repo, tmp_path / "out", "--since", "no-such-tag")
    assert result.returncode == 2
    assert "--since 'no-such-tag' is not a commit of this repository" in result.stderr


@pytest.mark.parametrize("value", ["--output=F", "no-such-tag"])
def test_changes_since_in_mkdocs_yml_is_rk491_at_its_line(
    repo: Path, tmp_path: Path, value: str
) -> None:
    config = repo / "mkdocs.yml"
    text = config.read_text()
    assert "  - referkit:\n" in text
    config.write_text(
        text.replace("  - referkit:\n", f"  - referkit:\n      changes_since: '{value}'\n")
    )
    line = config.read_text().splitlines().index(f"      changes_since: '{value}'") + 1
    before = _files(repo)
    check = run_build_py("check", "--project", str(repo), "--format", "text")
    assert check.returncode == 1
    assert f"mkdocs.yml:{line}:7: RK491 plugins.referkit.changes_since: {value!r}" in check.stdout
    build = build_site(repo, tmp_path / "out")
    assert build.returncode == 1 and f"mkdocs.yml:{line}:7: RK491" in build.stderr
    assert _files(repo) == before and not (tmp_path / "out").exists()


def test_tags_branches_and_expressions_still_work(repo: Path) -> None:
    for value in ("v1", "main~1", "HEAD^"):
        assert revision_problem(repo, value) is None
        history = load_history(repo, since=value)
        assert history.warning is None
        assert [cs.lines[0].items for cs in history.changes] == [
            ("Urgent: 3 business days → 2 business days",)
        ]
    assert load_history(repo, since="--output=F").warning.severity == "error"
    assert (repo / "F").read_bytes() == PRECIOUS


def test_every_git_call_with_a_revision_ends_its_options(repo: Path, tmp_path: Path) -> None:
    """A `git` first on PATH records its arguments and runs the real one."""
    shim = tmp_path / "bin"
    shim.mkdir()
    log = tmp_path / "git-calls.txt"
    real = subprocess.run(["which", "git"], capture_output=True, text=True).stdout.strip()
    (shim / "git").write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$*" >> {shlex.quote(str(log))}\nexec {real} "$@"\n'
    )
    (shim / "git").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}:{os.environ['PATH']}"}
    result = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).parents[3] / "build.py"),
            *("build", "--project", str(repo), "--out", str(tmp_path / "out")),
            *("--today", "2026-11-23", "--since", "v1"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    calls = log.read_text().splitlines()
    with_revision = [c for c in calls if " log " in f" {c} " or " archive " in f" {c} "]
    with_revision += [c for c in calls if "^{commit}" in c]
    assert len(with_revision) >= 3, calls
    for call in with_revision:
        assert "--end-of-options" in call.split(), call

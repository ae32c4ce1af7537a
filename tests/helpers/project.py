"""Shared test helpers: the repository, fixtures, a fixed clock and real builds."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
TODAY = "2026-11-23"  # a fixed clock, so review-age checks do not drift with the calendar


def run_build_py(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``build.py`` as a user would, in a separate process."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args],
        cwd=cwd or REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )


def build_site(project: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """``build.py build`` of ``project`` into ``out`` with the fixed clock."""
    return run_build_py(
        "build", "--project", str(project), "--out", str(out), "--today", TODAY, *extra
    )


def copy_project(source: Path, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "service_lines", "content", "templates"):
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name)
        elif path.is_file():
            shutil.copy2(path, target / name)
    return target


def edit(project: Path, relpath: str, old: str, new: str) -> None:
    """Replace the first ``old`` in one of the project's files (which must contain it)."""
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path -> SHA-256), to prove nothing changed."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def loaded_project(project_dir: Path, today: str | None = None):
    """The load phase of ``project_dir`` as a build runs it (``pipeline.load``)."""
    from datetime import date

    from referkit.pipeline import load
    from referkit.source.project import load_project_config

    project, findings = load_project_config(project_dir)
    assert project is not None, findings
    return load(project, today=date.fromisoformat(today) if today else None)


def git(repo: Path, *args: str, when: str | None = None) -> None:
    """Run git in ``repo`` as a fixed author, without the user's configuration;
    ``when`` sets the author and commit date."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Intake Team",
        "GIT_AUTHOR_EMAIL": "intake@example.org",
        "GIT_COMMITTER_NAME": "Intake Team",
        "GIT_COMMITTER_EMAIL": "intake@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)

"""build.py under a Python without ReferKit's dependencies: a sentence and a command that
works as written, or a restart in the project's .venv; never a traceback."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest
from helpers.project import FIXTURES, REPO, copy_project


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python with nothing installed (the system python3 may carry a stray PyYAML)."""
    folder = tmp_path_factory.mktemp("bare") / "python"
    venv.create(folder, with_pip=False, symlinks=True)
    return folder / "bin" / "python3"


def run(python: Path, script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "REFERKIT_REEXEC"}}
    return subprocess.run(
        [str(python), "-I", str(script), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_without_a_venv_it_names_the_commands_to_run(bare_python: Path, tmp_path: Path) -> None:
    """A fresh clone before `make`: exit 2, two sentences, commands that work as written."""
    clone = copy_project(FIXTURES / "mini", tmp_path / "clone")
    (clone / "build.py").write_bytes((REPO / "build.py").read_bytes())
    (clone / "plugins").symlink_to(REPO / "plugins")
    result = run(bare_python, clone / "build.py", "check", cwd=clone)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "ModuleNotFoundError" not in result.stderr
    assert f"ReferKit cannot run with {bare_python}" in result.stderr
    assert "is not installed for this Python" in result.stderr
    assert "`make install`" in result.stderr
    assert "`.venv/bin/python build.py check`" in result.stderr
    assert result.stdout == ""

    # from another folder, the commands say where to run them
    elsewhere = run(bare_python, clone / "build.py", "new", "sleep", cwd=tmp_path)
    assert elsewhere.returncode == 2
    assert "`cd clone && make install`" in elsewhere.stderr
    assert "`cd clone && .venv/bin/python build.py new sleep`" in elsewhere.stderr


@pytest.mark.skipif(
    not (REPO / ".venv" / "bin" / "python").is_file(), reason="needs the project's .venv"
)
def test_with_a_venv_it_restarts_itself_there(bare_python: Path, tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "mini", tmp_path / "mini")
    result = run(
        bare_python,
        REPO / "build.py",
        "check",
        "--format",
        "text",
        "--project",
        str(project),
        cwd=tmp_path,
    )
    assert "Traceback" not in result.stderr
    assert "cannot run with" not in result.stderr
    assert result.returncode in {0, 1}, result.stderr
    assert "RK" in result.stdout or "No problems found." in result.stdout

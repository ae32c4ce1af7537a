"""Honest set-up: the README says what `make test` installs and how to run what it leaves
out, and `make` shows pip's errors without pip's notes about its own configuration."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from helpers.project import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_names_every_system_package_make_test_installs() -> None:
    script = (REPO / "scripts" / "ensure-system-deps.sh").read_text()
    packages = set()
    for group in re.findall(r"missing\+=\(([^)]*)\)", script):
        packages.update(group.split())
    assert {"chromium", "default-jre-headless", "tesseract-ocr", "mupdf-tools"} <= packages
    unnamed = sorted(p for p in packages if f"`{p}`" not in README)
    assert not unnamed, f"README does not name: {unnamed}"
    assert "10 minutes" in README  # and how long it takes


def test_the_readme_documents_every_on_demand_switch() -> None:
    read = set()
    for folder in ("tests", "plugins", "bench"):
        for path in (REPO / folder).rglob("*.py"):
            read.update(re.findall(r"\b(REFERKIT_[A-Z_]+)\b", path.read_text(encoding="utf-8")))
    # a tag the interrupted-build test puts on its processes; build.py's restart guard
    internal = {"REFERKIT_TEST_TAG", "REFERKIT_REEXEC"}
    assert "REFERKIT_FULL" in read
    undocumented = sorted(v for v in read - internal if f"`{v}" not in README)
    assert not undocumented, f"README does not document: {undocumented}"


def test_make_filters_pip_location_notes_but_keeps_errors_and_the_exit_code() -> None:
    makefile = (REPO / "Makefile").read_text()
    pip_lines = [line for line in makefile.splitlines() if re.search(r"pip\)? install", line, re.I)]
    assert pip_lines and all(line.strip().startswith("$(PIP) install") for line in pip_lines)
    assert "PIP := scripts/quiet-pip.sh" in makefile
    # a real pip, configured with a find-links folder that does not exist, asked for a
    # package that cannot be found: its configuration note goes, its error stays
    env = {**os.environ, "PIP_FIND_LINKS": "/nonexistent-referkit-wheels", "PIP_NO_INDEX": "1"}
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--dry-run"]
    raw = subprocess.run(
        [*command, "referkit-no-such-package"], capture_output=True, text=True, env=env
    )
    assert "WARNING: Location '/nonexistent-referkit-wheels' is ignored" in raw.stderr
    quiet = subprocess.run(
        [str(REPO / "scripts" / "quiet-pip.sh"), *command, "referkit-no-such-package"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert quiet.returncode == raw.returncode != 0
    assert "is ignored" not in quiet.stderr
    assert "No matching distribution found for referkit-no-such-package" in quiet.stderr


def test_every_python_command_in_the_readme_works_as_written() -> None:
    """A bare `python build.py` fails with the system's Python (no dependencies, often no
    `python` at all); the README names the project's .venv or python3."""
    # the CI templates install ReferKit into the runner's python first: there it works
    ci = "".join(
        (REPO / name).read_text(encoding="utf-8")
        for name in (".github/workflows/referral-site.yml", ".gitlab-ci.yml")
        if (REPO / name).is_file()
    )
    bare = [
        line
        for line in README.splitlines()
        if re.search(r"(?<![/\w.-])python (?!3)", line)
        and "`python`" not in line
        and not (line.strip() and line.strip() in ci)
    ]
    assert not bare, bare
    assert "`.venv/bin/python build.py" in README

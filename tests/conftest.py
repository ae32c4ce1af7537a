"""Shared fixtures: real projects copied into temporary folders, real builds.

Helpers live in tests/helpers/ (importable as ``helpers``: pyproject.toml puts
tests/ on the test path).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.project import FIXTURES, REPO, TODAY, build_site, copy_project, run_build_py


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A one-service-line project (PDFs off) to break in different ways."""
    return copy_project(FIXTURES / "mini", tmp_path / "mini")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo practice built once, through build.py, with PDFs."""
    project = copy_project(REPO, tmp_path_factory.mktemp("demo") / "project")
    result = run_build_py("build", "--project", str(project), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second practice with long names, URLs and addresses (tests/fixtures/longvalues)."""
    project = copy_project(FIXTURES / "longvalues", tmp_path_factory.mktemp("long") / "project")
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"

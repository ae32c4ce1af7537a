"""MkDocs 1.6 (with Material): the project's own mkdocs.yml, the referkit plugin in-process.

Where MkDocs is not installed, :mod:`referkit.mkdocs_backend` runs ProperDocs instead.
"""

from __future__ import annotations

from pathlib import Path

from ..generate import Generated
from ..source.project import ProjectConfig
from .mkdocs_backend import build_with_mkdocs


def build(
    project: ProjectConfig, generated: Generated, site_dir: Path, *, strict: bool
) -> frozenset[str]:
    return build_with_mkdocs(project.project_dir, site_dir, generated, strict=strict)

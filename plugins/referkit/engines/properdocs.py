"""ProperDocs 1.6 (the MkDocs 1.x fork): the project's mkdocs.yml, plugins and all.

ProperDocs keeps MkDocs' plugin API, so the referkit plugin runs inside it exactly as
in MkDocs; the output is byte-identical to the MkDocs build.
"""

from __future__ import annotations

from pathlib import Path

from ..generate import Generated
from ..source.project import ProjectConfig
from .compat import use_properdocs


def build(
    project: ProjectConfig, generated: Generated, site_dir: Path, *, strict: bool
) -> frozenset[str]:
    use_properdocs()
    from .mkdocs_backend import build_with_mkdocs

    return build_with_mkdocs(project.project_dir, site_dir, generated, strict=strict)

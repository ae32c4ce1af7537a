"""Site engines: MkDocs 1.6, ProperDocs and Zensical render the same generated docs folder.

ReferKit's core writes a complete docs folder (``.referkit/docs``); an engine turns it
into HTML. :func:`build_site` runs the chosen engine into a folder and then applies
the engine-neutral post-pass (:func:`referkit.html_fixes.finish_site`): HTML repairs
and ReferKit's own ``sitemap.xml`` and ``robots.txt``. The CLI owns the staging folder
and the atomic swap; this package only fills the folder it is given.
"""

from __future__ import annotations

from pathlib import Path

from ..generate import Generated
from ..source.project import ProjectConfig
from .mkdocs_backend import EngineError

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"

__all__ = ["DEFAULT_ENGINE", "ENGINES", "EngineError", "build_site", "engine_version"]


def build_site(
    engine: str, project: ProjectConfig, generated: Generated, site_dir: Path, *, strict: bool
) -> None:
    """Render ``generated`` with ``engine`` into ``site_dir``, then apply the post-pass."""
    from .html_fixes import finish_site

    if engine == "mkdocs":
        from .mkdocs import build
    elif engine == "properdocs":
        from .properdocs import build
    elif engine == "zensical":
        from .zensical import build
    else:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    build(project, generated, site_dir, strict=strict)
    finish_site(site_dir, generated.docs_dir, noindex=generated.preview)


def engine_version(engine: str) -> str | None:
    """The installed version of an engine's distribution, or None when it is missing."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(engine)
    except PackageNotFoundError:
        return None

"""Run MkDocs (1.6, with Material) on a prepared docs folder.

With the CLI this is the only place outside the adapter that imports MkDocs, so
swapping the engine (ProperDocs, Zensical) means replacing this module.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..config import MKDOCS_FILE, WORK_DIR, UsageError
from ..generate import Generated

PLUGIN_NAME = "referkit"


class EngineError(Exception):
    """The site engine refused the build (e.g. a strict-mode warning)."""


def build_with_mkdocs(
    project_dir: Path, site_dir: Path, generated: Generated, *, strict: bool = False
) -> frozenset[str]:
    """Render ``generated`` into ``site_dir`` using the project's mkdocs.yml; returns the
    HTML files (relative to ``site_dir``) that the adapter's hooks repaired already."""
    from .compat import ensure_mkdocs_api

    ensure_mkdocs_api()  # ProperDocs stands in when MkDocs is not installed

    from jinja2 import TemplateError
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from ..render.template_check import template_error_finding

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(
            config_file=str(project_dir / MKDOCS_FILE),
            site_dir=str(site_dir),
            # MkDocs checks that docs_dir exists before any plugin runs; point it at the
            # generated folder so a mkdocs.yml needs no docs_dir at all
            docs_dir=str(generated.docs_dir),
            strict=strict,
        )
    except ConfigurationError as exc:
        raise UsageError(f"{MKDOCS_FILE}: {exc}") from exc
    plugin = config.plugins.get(PLUGIN_NAME)
    if plugin is None:
        raise UsageError(f"{MKDOCS_FILE} does not list the referkit plugin under plugins:")
    plugin.use_prepared(generated)  # the CLI generated already; the plugin must not repeat it
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except (Abort, PluginError) as exc:
        raise EngineError(str(exc)) from exc
    except TemplateError as exc:  # a theme override MkDocs could not render
        raise EngineError(template_error_finding(exc, project_dir).format()) from exc
    finally:
        config.plugins.on_shutdown()
    return plugin.repaired_pages


def serve_with_mkdocs(
    project_dir: Path, dev_addr: str | None = None, *, dirty: bool = True
) -> None:
    """Preview with live reload; the adapter regenerates on YAML and template edits.

    ``dirty`` rebuilds only pages whose generated Markdown changed: the generator
    rewrites a file only when its bytes change, so one edited service line re-renders
    a handful of pages instead of the whole site (MkDocs' own ``--dirty`` mode).
    """
    from .compat import ensure_mkdocs_api

    ensure_mkdocs_api()  # ProperDocs stands in when MkDocs is not installed
    from mkdocs.commands.serve import serve

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)  # shows "Serving on http://…" and each rebuild
    if dirty:
        # MkDocs warns on every dirty rebuild that navigation may be inaccurate; say it
        # once, with what it means here, instead of after every save
        logging.getLogger("mkdocs.commands.build").addFilter(_drop_dirty_build_warning)
        logger.info(
            "Preview rebuilds only the pages whose content changed: other pages' navigation "
            "and the search index catch up on the next `build.py build` (or use serve --full)."
        )
    docs_dir = project_dir / WORK_DIR / "docs"  # replaced by the adapter, but must exist
    docs_dir.mkdir(parents=True, exist_ok=True)
    kwargs = {"dev_addr": dev_addr} if dev_addr else {}
    kwargs["docs_dir"] = str(docs_dir)
    serve(
        config_file=str(project_dir / MKDOCS_FILE),
        livereload=True,
        build_type="dirty" if dirty else None,
        **kwargs,
    )


def _drop_dirty_build_warning(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("A 'dirty' build is being performed")

"""Engine configurations derived from the project's mkdocs.yml, for engines run without the plugin.

The referkit plugin tells MkDocs and ProperDocs, at build time, where the generated
docs folder is, what the navigation is and which theme folders to use. Zensical
(and anyone running an engine by hand) skips the plugin, so ``build.py generate``
writes those decisions down instead, next to the docs folder:

- ``.referkit/theme/``: one merged theme folder (ReferKit's overrides, then the
  project's ``templates/theme/``), plus a ``sitemap.xml`` template that prints
  ReferKit's sitemap as it is, so every engine publishes the review dates;
- ``.referkit/mkdocs.yml``: for ``mkdocs build -f`` or ``properdocs build -f``;
- ``.referkit/zensical.yml``: for ``zensical build -f`` (Zensical reads the
  MkDocs format; the classic variant matches Material's look).

Paths in them are relative to ``.referkit/``, because Zensical requires the docs
and site folders to lie below its configuration file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from ..config import MKDOCS_FILE
from ..generate import Generated
from ..render.pages import PACKAGE_TEMPLATES
from ..render.sitemap import sitemap_template
from ..source.mkdocs_yaml import read_mkdocs_yaml
from ..source.project import ProjectConfig

THEME_DIR = "theme"
MKDOCS_CONFIG = "mkdocs.yml"
ZENSICAL_CONFIG = "zensical.yml"
SITE_DIR = "site"
# Reached from index pages, not the navigation: location and provider detail pages,
# the changes feed page and partner pages (kit). The MkDocs adapter uses this list too.
NOT_IN_NAV = ["/locations/*/index.md", "/providers/*/index.md", "/changes/index.md", "/for/**"]
FAVICON = "assets/referkit/favicon.svg"
# MkDocs always loads these, whatever mkdocs.yml lists; Zensical's own defaults differ
# (admonition, attr_list, pymdownx.*), which would change the HTML, so the generated
# config pins MkDocs' set plus the project's own list.
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
# Site-level keys carried over from the project's mkdocs.yml as they are.
_CARRIED = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "use_directory_urls",
    "extra",
    "extra_javascript",
    "validation",
)


def write_engine_configs(project: ProjectConfig, generated: Generated) -> dict[str, Path]:
    """Write the merged theme folder and one configuration per engine; return their paths."""
    work = project.work_dir
    raw = read_mkdocs_yaml(project.project_dir / MKDOCS_FILE)
    _write_theme(project, generated, work / THEME_DIR)
    paths = {}
    for engine, name in (("mkdocs", MKDOCS_CONFIG), ("zensical", ZENSICAL_CONFIG)):
        config = derived_config(raw, generated, engine=engine)
        text = (
            f"# Written by `build.py generate` from {MKDOCS_FILE}; edits are overwritten.\n"
            + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
        )
        path = work / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths[engine] = path
    return paths


def derived_config(raw: dict, generated: Generated, *, engine: str) -> dict:
    """The project's settings plus what the plugin would decide at build time."""
    config: dict = {key: raw[key] for key in _CARRIED if key in raw}
    config["docs_dir"] = generated.docs_dir.name
    config["site_dir"] = SITE_DIR
    theme = dict(raw.get("theme") or {}) if isinstance(raw.get("theme"), dict) else {}
    theme.setdefault("name", "material")
    theme["custom_dir"] = THEME_DIR
    theme["font"] = False  # no web-font requests: zero third-party requests by default
    if theme.get("favicon") in (None, "assets/images/favicon.png"):
        theme["favicon"] = FAVICON
    if generated.logo:
        theme["logo"] = generated.logo  # the brand logo, as the plugin sets it
    if engine == "zensical":
        theme["variant"] = "classic"  # Material's look; "modern" is Zensical's own
    config["theme"] = theme
    nav = raw.get("nav") or generated.nav
    config["nav"] = nav
    if not raw.get("nav"):
        config["not_in_nav"] = "\n".join(NOT_IN_NAV)
    extra_css = raw.get("extra_css") or []
    config["extra_css"] = [*generated.extra_css, *extra_css]
    config["plugins"] = _plugins_without_referkit(raw.get("plugins"))
    config["markdown_extensions"] = _markdown_extensions(raw.get("markdown_extensions"))
    return config


def _markdown_extensions(listed) -> list:
    """MkDocs' built-in extensions, then the project's (whose settings win)."""
    if isinstance(listed, dict):
        listed = [{name: value} if value else name for name, value in listed.items()]
    listed = list(listed or [])
    names = {next(iter(e)) if isinstance(e, dict) else e for e in listed}
    return [name for name in MKDOCS_BUILTIN_EXTENSIONS if name not in names] + listed


def _plugins_without_referkit(plugins) -> list:
    """The project's plugins minus referkit: the docs folder is generated already."""
    if plugins is None:
        return ["search"]
    items = plugins.items() if isinstance(plugins, dict) else None
    result: list = []
    if items is not None:
        result = [{name: value} if value else name for name, value in items]
    else:
        result = list(plugins)
    return [p for p in result if (next(iter(p)) if isinstance(p, dict) else p) not in ("referkit",)]


def _write_theme(project: ProjectConfig, generated: Generated, target: Path) -> None:
    staging = target.with_name(target.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(PACKAGE_TEMPLATES / THEME_DIR, staging)
    project_theme = project.templates_dir / THEME_DIR
    if project_theme.is_dir():
        shutil.copytree(project_theme, staging, dirs_exist_ok=True)
    sitemap = generated.docs_dir / "sitemap.xml"
    if sitemap.is_file():
        # ReferKit's sitemap (review dates as lastmod) verbatim, in place of the engine's
        (staging / "sitemap.xml").write_text(
            sitemap_template(sitemap.read_text(encoding="utf-8")), encoding="utf-8"
        )
    if _same_tree(staging, target):
        shutil.rmtree(staging)
        return
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


def _same_tree(a: Path, b: Path) -> bool:
    if not b.is_dir():
        return False
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all((a / p).read_bytes() == (b / p).read_bytes() for p in files_a)

"""The loaded project: everything a build reads, read once, before anything renders.

Pelican's two phases: :func:`load_project` reads the project folder, the git history
and ReferKit's packaged files into one :class:`LoadedProject`; the gate, the page and
PDF renderers, the kit and ``generate`` then take that object and read no file and run
no git (``generate`` only writes the docs folder). A new input a renderer needs is
added here, as a field, and read in :func:`load_project`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from .history import History, load_history
from .loader import LoadResult, load_practice
from .partners import Audience, PartnersResult, audiences, load_partners
from .project import ProjectConfig

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_TEMPLATES = PACKAGE_DIR / "templates"
PACKAGE_ASSETS = PACKAGE_DIR / "assets"
PACKAGE_FONTS = PACKAGE_DIR / "fonts"
# templates/ subfolders that are not page or PDF templates: the theme is the site
# engine's (MkDocs renders it), assets are copied as they are
NOT_TEMPLATES = ("theme", "assets")
ASSET_OVERRIDES = ("referkit.css",)  # templates/assets/<name> replaces the packaged asset
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.DOTALL)
H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
LOGO_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


@dataclass(frozen=True)
class ProjectFile:
    """One file read from the project (or ReferKit's package): where it is, its bytes."""

    name: str  # relative to its folder: "about.md", "pdf/guide.html.j2"
    data: bytes
    filename: str  # the absolute path, for messages and template tracebacks

    @property
    def text(self) -> str:
        """The file as text (content pages that are not UTF-8 are refused by RK483)."""
        return self.data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Logo:
    """The brand logo (``brand.logo`` in mkdocs.yml), read once for the site and PDFs."""

    data: bytes
    suffix: str  # ".svg", ".png", ...: the site's copy keeps it

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def data_uri(self) -> str:
        """The logo inside the PDF's HTML, so the worker reads no file for it."""
        mime = LOGO_TYPES.get(self.suffix, "application/octet-stream")
        return f"data:{mime};base64," + base64.b64encode(self.data).decode("ascii")


@dataclass(frozen=True)
class LoadedProject:
    """One build's inputs, complete: renderers take this and read nothing else."""

    project: ProjectConfig
    today: date  # the build's date: notices, campaigns and "Changed on …" lines depend on it
    load: LoadResult  # the practice (None when the YAML has errors), findings, positions
    partners: PartnersResult  # _partners.yaml (absent: no data and no findings)
    history: History  # the semantic git history (/changes/, the feed, the guides' line)
    content: tuple[ProjectFile, ...]  # content/: pages (index.md is the home intro), assets
    logo: Logo | None
    assets: Mapping[str, bytes]  # assets/referkit/<name>: packaged, with the project's override
    templates: Mapping[str, ProjectFile]  # page and PDF templates: the project's over ReferKit's
    fonts_digest: str  # the packaged fonts the PDF workers embed (part of each PDF's cache key)
    page_env: Any = None  # the Jinja environment for pages (render.pages.template_environment)
    pdf_env: Any = None  # the same templates for the PDFs, apart from the pages' globals
    audiences: tuple[Audience, ...] = ()  # partners, and campaigns running on ``today``
    # what the PDFs print on white paper: brand.print_logo, else the header's logo
    print_logo: Logo | None = None

    @property
    def practice(self):
        return self.load.practice

    @property
    def intro(self) -> str:
        """The home page's intro: content/index.md without front matter or its own h1."""
        index = next((f for f in self.content if f.name == "index.md"), None)
        if index is None:
            return ""
        text = FRONT_MATTER.sub("", index.text, count=1)
        return H1.sub("", text, count=1).strip()

    def content_pages(self) -> list[ProjectFile]:
        """content/ Markdown pages, index.md included, sorted by path."""
        return [f for f in self.content if f.name.endswith(".md")]


def load_project(
    project: ProjectConfig,
    *,
    today: date | None = None,
    history: bool = True,
    environment: Callable[[Mapping[str, ProjectFile]], Any] | None = None,
) -> LoadedProject:
    """Read everything a build of ``project`` needs, once.

    ``history=False`` skips git (``check`` and ``links`` render no change feed); the
    history is also skipped while the YAML has errors, since nothing renders then.
    ``environment`` makes a Jinja environment from the template files (the render
    wing's ``template_environment``; the source wing does not import it).
    """
    today = today or date.today()
    load = load_practice(project.project_dir)
    partners = load_partners(project.project_dir)
    if history and load.practice is not None:
        changes = load_history(project.project_dir, since=project.options.changes_since)
    else:
        changes = History(())
    templates = read_templates(project.templates_dir)
    people = audiences(partners.data, load.practice, today) if load.practice is not None else []
    return LoadedProject(
        project=project,
        today=today,
        load=load,
        partners=partners,
        history=changes,
        content=tuple(read_folder(project.content_dir, project.project_dir)),
        logo=read_logo(project.brand_logo_path, project.project_dir),
        print_logo=read_logo(project.brand_print_logo_path, project.project_dir),
        assets=read_assets(project.templates_dir),
        templates=templates,
        fonts_digest=fonts_digest(),
        page_env=environment(templates) if environment else None,
        pdf_env=environment(templates) if environment else None,
        audiences=tuple(people),
    )


def read_folder(folder: Path, project_dir: Path | None = None) -> list[ProjectFile]:
    """Every file under ``folder`` (sorted, dot-files left out); files that lead out
    of ``project_dir`` through a link are not read (RK483 reports them)."""
    if not folder.is_dir():
        return []
    root = project_dir.resolve() if project_dir is not None else None
    files = []
    for path in sorted(folder.rglob("*")):
        if path.name.startswith(".") or not path.is_file():
            continue
        if root is not None and not path.resolve().is_relative_to(root):
            continue
        name = path.relative_to(folder).as_posix()
        files.append(ProjectFile(name, path.read_bytes(), str(path)))
    return files


def read_templates(project_templates: Path | None) -> dict[str, ProjectFile]:
    """The page and PDF templates by name: a project's file replaces ReferKit's."""
    templates: dict[str, ProjectFile] = {}
    folders = [PACKAGE_TEMPLATES]
    if project_templates is not None:
        folders.append(project_templates)
    for folder in folders:
        project_dir = folder.parent if folder is project_templates else None
        for file in read_folder(folder, project_dir):
            if file.name.split("/", 1)[0] not in NOT_TEMPLATES:
                templates[file.name] = file
    return templates


def read_assets(project_templates: Path) -> dict[str, bytes]:
    """ReferKit's CSS and icons for assets/referkit/, with templates/assets overrides."""
    assets = {file.name: file.data for file in read_folder(PACKAGE_ASSETS)}
    for name in ASSET_OVERRIDES:
        override = project_templates / "assets" / name
        if override.is_file():
            assets[name] = override.read_bytes()
    return assets


def read_logo(path: Path | None, project_dir: Path) -> Logo | None:
    """A brand logo's bytes; its path, type and (for an SVG) content were checked with
    mkdocs.yml (RK005, RK016, RK017). Checked again here, as it is read: a logo that is
    outside the project or not plain drawing is never handed to the site or the PDFs."""
    from .svg_logo import svg_logo_problems

    if path is None or not path.is_file():
        return None
    if not path.resolve().is_relative_to(project_dir.resolve()):
        return None
    data = path.read_bytes()
    if path.suffix.lower() == ".svg" and svg_logo_problems(data):
        return None
    return Logo(data, path.suffix.lower())


@cache
def fonts_digest() -> str:
    """One digest of the packaged fonts (they change only with ReferKit itself)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_FONTS.glob("*.ttf")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()

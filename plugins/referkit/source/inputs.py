"""One digest of everything a build's load phase reads, computed without loading.

``build`` compares it with the digest its last successful run recorded: when they
match, and the docs folder is still the one that run wrote, the YAML is not loaded,
checked or rendered again (issue #23: a no-change rebuild of a 500-line practice
cost 8 CPU-seconds). It covers what :func:`~referkit.source.loaded.load_project`
reads: ``mkdocs.yml``, everything under ``service_lines/``, ``content/`` and
``templates/``, any file an option names (the logo), the git revision the change
history is read at, ReferKit itself (code, templates, assets, fonts) and the
libraries that shape its output; and the build's date, options and flags.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

from ..config import MKDOCS_FILE
from .project import ProjectConfig

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LIBRARIES = ("weasyprint", "jinja2", "pydantic", "pyyaml", "segno", "pypdf", "phonenumbers")


def _files_digest(digest, folder: Path, base: Path) -> None:
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root, name)
            digest.update(path.relative_to(base).as_posix().encode() + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"<unreadable>")


@cache
def software_digest() -> str:
    """ReferKit's own files and the versions of Python and the libraries it renders with."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256(sys.version.encode())
    _files_digest(digest, PACKAGE_DIR, PACKAGE_DIR)
    for name in LIBRARIES:
        try:
            digest.update(f"{name} {version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name} -\0".encode())
    return digest.hexdigest()


def _git_head(project_dir: Path) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(project_dir), "rev-parse", "--verify", "--quiet", "HEAD"],
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return "<no git>"
    return result.stdout.decode("ascii", "replace").strip() or "<no commit>"


def _named_files(value: object, project_dir: Path) -> list[Path]:
    """Files inside the project that option values name (``brand.logo``, …)."""
    if isinstance(value, dict):
        return [p for v in value.values() for p in _named_files(v, project_dir)]
    if isinstance(value, list | tuple):
        return [p for v in value for p in _named_files(v, project_dir)]
    if isinstance(value, str) and value and "\0" not in value:
        path = (project_dir / value).resolve()
        if path.is_relative_to(project_dir) and path.is_file():
            return [path]
    return []


def inputs_digest(project: ProjectConfig, facts: dict[str, object]) -> str:
    """The digest of every input of the load phase, and of ``facts`` (the build's date
    and flags, as plain data)."""
    project_dir = project.project_dir.resolve()
    options = project.options.model_dump(mode="json")
    digest = hashlib.sha256(software_digest().encode())
    digest.update(repr(sorted(facts.items())).encode())
    digest.update(repr(options).encode())
    digest.update(f"{project.site_url}\0{project.site_name}\0{project.language}\0".encode())
    digest.update(_git_head(project_dir).encode())
    config = project_dir / MKDOCS_FILE
    digest.update(config.read_bytes() if config.is_file() else b"<no mkdocs.yml>")
    folders = (project_dir / "service_lines", project.content_dir, project.templates_dir)
    for folder in folders:
        digest.update(f"\0{folder}\0".encode())
        if folder.is_dir():
            _files_digest(digest, folder, project_dir)
    for path in sorted(set(_named_files(options, project_dir))):
        digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()

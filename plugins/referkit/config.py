"""Options and site facts, shared by the command line and the MkDocs adapter.

Options come from the ``referkit`` entry under ``plugins:`` in mkdocs.yml; the
site facts (``site_url``, ``site_name``, language) come from the same file. Both
are read here without importing MkDocs so ``build.py check`` stays light.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .findings import Finding
from .yaml_source import read_mkdocs_yaml

MKDOCS_FILE = "mkdocs.yml"
WORK_DIR = ".referkit"


class Options(BaseModel):
    """The ``referkit`` plugin options (see the README's "Plugin options")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    page_size: Literal["letter", "a4"] = "letter"
    pdf: bool = True
    max_review_age_days: int = Field(default=365, ge=1)
    review_warning_days: int = Field(default=30, ge=0)
    cache_dir: str = f"{WORK_DIR}/cache"
    compliance_phrases: tuple[str, ...] = ()
    compliance_allow: tuple[str, ...] = ()
    require_promises: bool = False  # missing turnaround promises: error instead of warning
    changes_since: str | None = None  # /changes/ lists commits after this git revision only
    max_wait_age_days: int = Field(default=31, ge=1)  # older current_wait.as_of is an error
    max_notice_age_days: int = Field(default=90, ge=1)  # older notices without until warn


@dataclass(frozen=True)
class ProjectConfig:
    """Where a site lives and the mkdocs.yml facts the generator needs."""

    project_dir: Path
    site_url: str
    site_name: str
    language: str
    options: Options

    @property
    def work_dir(self) -> Path:
        return self.project_dir / WORK_DIR

    @property
    def docs_dir(self) -> Path:
        """The generated docs folder any MkDocs-compatible engine can render."""
        return self.work_dir / "docs"

    @property
    def cache_dir(self) -> Path:
        path = Path(self.options.cache_dir)
        return path if path.is_absolute() else self.project_dir / path

    @property
    def templates_dir(self) -> Path:
        return self.project_dir / "templates"

    @property
    def content_dir(self) -> Path:
        return self.project_dir / "content"

    @property
    def service_lines_dir(self) -> Path:
        return self.project_dir / "service_lines"


class UsageError(Exception):
    """The project folder itself is unusable (exit code 2), not its content."""


def plugin_options_from(mkdocs_config: dict) -> dict:
    """The raw ``referkit`` options from a parsed mkdocs.yml ``plugins`` list or mapping."""
    plugins = mkdocs_config.get("plugins") or []
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else (
            (next(iter(p)), next(iter(p.values()))) if isinstance(p, dict) else (p, None)
            for p in plugins
        )
    )
    for name, value in entries:
        if name == "referkit":
            return dict(value or {})
    return {}


def load_project_config(project_dir: Path) -> tuple[ProjectConfig | None, list[Finding]]:
    """Read mkdocs.yml; a missing file is a :class:`UsageError`, bad values are findings."""
    project_dir = project_dir.resolve()
    config_path = project_dir / MKDOCS_FILE
    if not config_path.is_file():
        raise UsageError(
            f"{project_dir} has no {MKDOCS_FILE}; pass --project with a folder that holds "
            f"{MKDOCS_FILE}, service_lines/ and content/"
        )
    try:
        raw = read_mkdocs_yaml(config_path)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return None, [_mkdocs_yaml_finding(config_path, exc)]
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    return make_project_config(
        project_dir,
        site_url=str(raw.get("site_url") or ""),
        site_name=str(raw.get("site_name") or ""),
        language=str(theme.get("language") or "en"),
        raw_options=plugin_options_from(raw),
    )


def _mkdocs_yaml_finding(path: Path, exc: yaml.YAMLError | UnicodeDecodeError) -> Finding:
    """mkdocs.yml that cannot be read: RK012 at the line and column the parser stopped."""
    if isinstance(exc, UnicodeDecodeError):
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return Finding(
            MKDOCS_FILE,
            line,
            1,
            "RK012",
            f"{MKDOCS_FILE} is not UTF-8 text ({exc.reason})",
            hint="save the file as UTF-8",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = getattr(exc, "problem", None) or "invalid YAML"
    return Finding(
        MKDOCS_FILE,
        line,
        col,
        "RK012",
        f"{MKDOCS_FILE} is not valid YAML: {problem}",
        hint="check the indentation and quoting on this line; text containing ': ' or "
        "'#' needs quotes",
    )


def make_project_config(
    project_dir: Path, *, site_url: str, site_name: str, language: str, raw_options: dict
) -> tuple[ProjectConfig | None, list[Finding]]:
    """Validate the site facts and plugin options, from mkdocs.yml or MkDocs' own config."""
    findings: list[Finding] = []
    parts = urlsplit(site_url)
    if not site_url or parts.scheme not in {"https", "http"} or not parts.netloc:
        findings.append(
            Finding(
                MKDOCS_FILE,
                1,
                1,
                "RK010",
                "site_url is required: canonical links, the sitemap, JSON-LD ids and the "
                "PDF QR codes are built from it",
                loc=("site_url",),
                hint="add e.g. site_url: https://refer.example.org/",
            )
        )
    options = Options()
    try:
        options = Options.model_validate(raw_options)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            findings.append(
                Finding(
                    MKDOCS_FILE,
                    1,
                    1,
                    "RK011",
                    f"plugin option: {error['msg']}",
                    loc=("plugins", "referkit", *error["loc"]),
                )
            )
    if findings:
        return None, findings
    return ProjectConfig(
        project_dir=project_dir.resolve(),
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        site_name=site_name or "Referrals",
        language=language or "en",
        options=options,
    ), findings

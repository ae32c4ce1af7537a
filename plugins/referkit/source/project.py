"""The project folder and the mkdocs.yml facts the generator needs.

Options come from the ``referkit`` entry under ``plugins:`` in mkdocs.yml; the
site facts (``site_url``, ``site_name``, language) come from the same file. Both
are read here without importing MkDocs so ``build.py check`` stays light.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import ValidationError

from ..config import MKDOCS_FILE, WORK_DIR, Options, UsageError
from ..findings import Finding, Severity, has_errors
from ..rules.kit import RK491
from ..rules.project import RK010, RK012, RK013
from .branding import brand_findings, compose_yaml, key_position
from .history import revision_problem
from .lenient import validate_leniently
from .mkdocs_yaml import MkdocsYamlError, read_mkdocs_yaml
from .option_errors import option_findings
from .plugin_listed import plugin_listed_findings


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
    def brand_logo_path(self) -> Path | None:
        """The brand logo as an absolute path (relative paths start at the project)."""
        if not self.options.brand.logo:
            return None
        path = Path(self.options.brand.logo)
        return path if path.is_absolute() else self.project_dir / path

    @property
    def brand_print_logo_path(self) -> Path | None:
        """The logo the PDFs print: ``brand.print_logo``, else ``brand.logo``."""
        chosen = self.options.brand.print_logo or self.options.brand.logo
        if not chosen:
            return None
        path = Path(chosen)
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
    except MkdocsYamlError as exc:
        return None, [mkdocs_yaml_finding(exc)]
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    project, findings = make_project_config(
        project_dir,
        site_url=str(raw.get("site_url") or ""),
        site_name=str(raw.get("site_name") or ""),
        language=str(theme.get("language") or "en"),
        raw_options=plugin_options_from(raw),
        palette=theme.get("palette"),
    )
    listed = plugin_listed_findings(raw, config_path)
    return project, [*findings, *listed, *site_config_findings(raw, config_path)]


def project_for_checking(project_dir: Path) -> ProjectConfig:
    """The project as far as mkdocs.yml validates, for ``check`` to read every other file
    when mkdocs.yml has errors (every problem in one run): options that fail take their
    defaults. Never used to build: the errors in mkdocs.yml stop a build."""
    project_dir = project_dir.resolve()
    try:
        raw = read_mkdocs_yaml(project_dir / MKDOCS_FILE)
    except (MkdocsYamlError, OSError):
        raw = {}
    options, _ = validate_leniently(Options, plugin_options_from(raw))
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    site_url = str(raw.get("site_url") or "")
    return ProjectConfig(
        project_dir=project_dir,
        site_url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
        site_name=str(raw.get("site_name") or "") or "Referrals",
        language=str(theme.get("language") or "en"),
        options=options or Options(),
    )


# Material features ReferKit's pages rely on; the adapter adds them unless the user's
# mkdocs.yml says otherwise. navigation.prune keeps each page's navigation to its own
# section (a 500-line practice's pages would otherwise carry every link: 180 KB against
# 26 KB); navigation.indexes makes the locations and providers indexes section pages.
REQUIRED_FEATURES = ("navigation.indexes", "navigation.prune")
_PRUNE_CONFLICTS = "navigation.expand"  # Material: prune does not work with expand


def theme_features(raw_features: object) -> list[str]:
    """The theme features to use: the user's, plus the ones ReferKit relies on."""
    features = [str(f) for f in raw_features] if isinstance(raw_features, list) else []
    for feature in REQUIRED_FEATURES:
        if feature == "navigation.prune" and _PRUNE_CONFLICTS in features:
            continue  # the user chose to expand every section; warned about below
        if feature not in features:
            features.append(feature)
    return features


def site_config_findings(raw: dict, config_path: Path | None = None) -> list[Finding]:
    """Warnings (RK013) for explicit mkdocs.yml choices that cost page size or privacy."""
    text = ""
    if config_path is not None:
        try:
            text = config_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""

    def warn(key: str, message: str, hint: str) -> Finding:
        """The finding, at the first line that names ``key`` (block or flow style)."""
        pattern = re.compile(rf"(?<![\w.-]){re.escape(key)}(?![\w.-])")
        for number, row in enumerate(text.splitlines(), 1):
            match = pattern.search(row.split("#", 1)[0])
            if match:
                line, col = number, match.start() + 1
                break
        else:
            line, col = 1, 1
        return RK013.at(MKDOCS_FILE, line, col, message, severity=Severity.WARNING, hint=hint)

    findings = []
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    if theme.get("font") not in (None, False):
        findings.append(
            warn(
                "font",
                "theme.font loads Google Fonts: every page view then asks fonts.googleapis.com "
                "and fonts.gstatic.com (a third party learns the reader's address and the page) "
                "and downloads about 100 KB more before text shows",
                "remove font: (ReferKit uses the system fonts), or set font: false",
            )
        )
    features = theme.get("features") if isinstance(theme.get("features"), list) else []
    if _PRUNE_CONFLICTS in features:
        findings.append(
            warn(
                _PRUNE_CONFLICTS,
                "navigation.expand turns off navigation.prune: every page carries the whole "
                "navigation, which grows with every service line, location and provider",
                f"remove {_PRUNE_CONFLICTS} from theme.features",
            )
        )
    extra = raw.get("extra") if isinstance(raw.get("extra"), dict) else {}
    if extra.get("analytics"):
        findings.append(
            warn(
                "analytics",
                "extra.analytics adds a third-party tracker to every page; on pages about "
                "health services this can disclose protected health information (HHS guidance "
                "on online tracking technologies)",
                "remove extra.analytics unless it is an explicit, reviewed decision",
            )
        )
    for key in ("extra_javascript", "extra_css"):
        entries = raw.get(key) if isinstance(raw.get(key), list) else []
        for entry in entries:
            url = entry.get("path") if isinstance(entry, dict) else entry
            if isinstance(url, str) and urlsplit(url).scheme in {"http", "https"}:
                findings.append(
                    warn(
                        key,
                        f"{key} loads {url} from another site on every page: a third-party "
                        "request that learns the reader's address and the page",
                        "copy the file into content/ and link it by a relative path",
                    )
                )
    return findings


def _changes_since_findings(project_dir: Path, since: str | None) -> list[Finding]:
    """``changes_since`` must name a commit; it reaches git only as a resolved commit id."""
    problem = revision_problem(project_dir, since) if since is not None else None
    if problem is None:
        return []
    where = ("plugins", ("plugin", "referkit"), "changes_since")
    line, col = key_position(compose_yaml(project_dir / MKDOCS_FILE), where)
    return [
        RK491.at(
            MKDOCS_FILE,
            line,
            col,
            problem,
            loc=("plugins", "referkit", "changes_since"),
            hint="write a commit, tag or branch that exists (e.g. changes_since: v1.0), "
            "or remove it",
            severity=Severity.ERROR,
        )
    ]


def mkdocs_yaml_finding(exc: MkdocsYamlError) -> Finding:
    """mkdocs.yml that cannot be read: RK012 at the line and column the parser stopped."""
    return RK012.at(MKDOCS_FILE, exc.line, exc.col, f"{MKDOCS_FILE}: {exc.problem}", hint=exc.hint)


def unreadable_mkdocs_yaml(project_dir: Path) -> list[Finding]:
    """RK012 if mkdocs.yml is not YAML (or not UTF-8), else nothing; MkDocs is not asked."""
    try:
        read_mkdocs_yaml(project_dir / MKDOCS_FILE)
    except MkdocsYamlError as exc:
        return [mkdocs_yaml_finding(exc)]
    except OSError as exc:
        return [RK012.at(MKDOCS_FILE, 1, 1, f"{MKDOCS_FILE} cannot be read ({exc})")]
    return []


def refused_by_mkdocs(project_dir: Path, problems: list[str]) -> list[Finding]:
    """RK012 for each setting MkDocs itself refused (e.g. a theme that is not installed),
    at the line that names the setting when there is one."""
    try:
        text = (project_dir / MKDOCS_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return [_refused(problem, text) for problem in problems]


def _refused(problem: str, text: str) -> Finding:
    match = re.match(r"Config value '([\w.-]+)': (.*)", problem, re.DOTALL)
    key, why = (match.group(1), match.group(2)) if match else ("", problem)
    line = next(
        (n for n, row in enumerate(text.splitlines(), 1) if key and row.startswith(f"{key}:")),
        1,
    )
    return RK012.at(
        MKDOCS_FILE,
        line,
        1,
        f"MkDocs refuses {'this setting' if key else MKDOCS_FILE}: {why.strip()[:300]}",
        loc=(key,) if key else (),
        hint="correct the setting; the preview rebuilds when you save",
    )


def _empty_brand_keys(raw_options: dict) -> tuple[str, ...]:
    """Brand keys written with nothing after them (an unquoted #colour is a comment)."""
    brand = raw_options.get("brand") if isinstance(raw_options, dict) else None
    if not isinstance(brand, dict):
        return ()
    return tuple(str(key) for key, value in brand.items() if value is None)


def make_project_config(
    project_dir: Path,
    *,
    site_url: str,
    site_name: str,
    language: str,
    raw_options: dict,
    palette: object = None,
) -> tuple[ProjectConfig | None, list[Finding]]:
    """Validate the site facts and plugin options, from mkdocs.yml or MkDocs' own config."""
    findings: list[Finding] = []
    parts = urlsplit(site_url)
    if any(char.isspace() or not char.isprintable() for char in site_url):
        findings.append(
            RK010.at(
                MKDOCS_FILE,
                1,
                1,
                f"site_url {site_url!r} holds a space, line break or control character; it "
                "is printed into every page, vCard, sitemap and QR code",
                loc=("site_url",),
                hint="write the address alone, e.g. site_url: https://refer.example.org/",
            )
        )
    elif not site_url or parts.scheme not in {"https", "http"} or not parts.netloc:
        findings.append(
            RK010.at(
                MKDOCS_FILE,
                1,
                1,
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
        findings += option_findings(Options, exc, project_dir / MKDOCS_FILE)
    findings += _changes_since_findings(project_dir, options.changes_since)
    brand = options.brand
    findings += brand_findings(
        project_dir / MKDOCS_FILE,
        primary=brand.primary,
        accent=brand.accent,
        logo=brand.logo,
        print_logo=brand.print_logo,
        palette=palette,
        empty=_empty_brand_keys(raw_options),
    )
    if has_errors(findings):
        return None, findings
    return ProjectConfig(
        project_dir=project_dir.resolve(),
        site_url=site_url if site_url.endswith("/") else site_url + "/",
        site_name=site_name or "Referrals",
        language=language or "en",
        options=options,
    ), findings

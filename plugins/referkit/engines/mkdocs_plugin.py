"""The thin MkDocs adapter: maps MkDocs events onto ReferKit's plain functions.

No business logic lives here (see ARCHITECTURE in the README): ``on_config``
calls :func:`referkit.pipeline.prepare` and points MkDocs at the generated docs
folder; ``on_serve`` watches the YAML and templates and puts the findings of a failed
rebuild in front of the preview's pages (:mod:`referkit.preview`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from types import UnionType
from typing import Literal, Union, get_args, get_origin

import pathspec
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..config import WORK_DIR, Options
from ..findings import Finding, Severity, format_findings, has_errors
from ..generate import Generated
from ..pipeline import prepare
from ..render.pages import PACKAGE_TEMPLATES
from ..source.mkdocs_yaml import read_mkdocs_yaml
from ..source.project import (
    make_project_config,
    refused_by_mkdocs,
    site_config_findings,
    theme_features,
    unreadable_mkdocs_yaml,
)
from .configs import NOT_IN_NAV  # one list for every engine
from .html_fixes import fix_material_html
from .preview import banner_html, pdfs_note_html, with_error_banner, write_errors_page
from .preview_build import SIGNAL_FILE, PreviewSession
from .publish import output_problem, write_stamp
from .watch import WatchedInputs, only_when_changed

log = get_plugin_logger(__name__)
WATCHED_FOLDERS = ("service_lines", "templates", "content")


def _mkdocs_option(field: FieldInfo) -> c.BaseConfigOption:
    """MkDocs' config option for one field of :class:`referkit.config.Options`: the same
    type and default, so MkDocs accepts what ReferKit does; ReferKit then validates the
    values itself (ranges, the brand's fields) and reports RK011 at mkdocs.yml."""
    kind, default = field.annotation, field.default
    if get_origin(kind) is Literal:
        return c.Choice(get_args(kind), default=default)
    if get_origin(kind) is tuple:  # tuple[str, ...]: a YAML list
        return c.ListOfItems(c.Type(get_args(kind)[0]), default=list(default))
    if get_origin(kind) in (UnionType, Union):  # X | None
        (inner,) = [arg for arg in get_args(kind) if arg is not type(None)]
        return c.Optional(c.Type(inner))
    if isinstance(kind, type) and issubclass(kind, BaseModel):  # brand: a mapping
        return c.Type(dict, default=default.model_dump(exclude_defaults=True))
    return c.Type(kind, default=default)


# MkDocs' schema for the plugin, derived from the one declaration (referkit.config.Options)
ReferKitConfig = type(
    "ReferKitConfig",
    (base.Config,),
    {name: _mkdocs_option(field) for name, field in Options.model_fields.items()},
)


class ReferKitPlugin(BasePlugin[ReferKitConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._prepared: Generated | None = None
        self._last_good: Generated | None = None
        self._serving = False
        self._dirty = False
        self._raw_config: dict = {}
        self._preview_findings: list[Finding] = []  # shown in the browser while serving
        self._repaired: set[str] = set()  # HTML files whose repairs ran in a hook
        self._session: PreviewSession | None = None  # serve's rebuilds (preview_build.py)
        self._config_findings: list[Finding] = []  # mkdocs.yml that MkDocs could not load

    @property
    def repaired_pages(self) -> frozenset[str]:
        """The HTML files (relative to site_dir) this build's hooks repaired already, so
        the engine-neutral post-pass (html_fixes.finish_site) does not repeat them."""
        return frozenset(self._repaired)

    def use_prepared(self, generated: Generated) -> None:
        """Hand over a docs folder the CLI already generated, so it is not built twice."""
        self._prepared = generated

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._serving = command == "serve"
        self._dirty = dirty

    def on_config(self, config):
        project_dir = Path(config.config_file_path).parent
        # MkDocs empties site_dir before it builds: never let that be a folder of sources
        problem = output_problem(Path(config.site_dir), project_dir)
        if problem:
            raise PluginError(
                f"site_dir {config.site_dir}: {problem}. MkDocs empties site_dir before "
                "each build; point it at a folder of its own, e.g. site_dir: site"
            )
        self._raw_config = read_mkdocs_yaml(Path(config.config_file_path))
        generated = self._prepared or self._generate(config)
        config.docs_dir = str(generated.docs_dir)
        if not config.nav:
            config.nav = generated.nav
            if config.not_in_nav is None:
                # detail pages hang off the locations/providers indexes on purpose
                config.not_in_nav = pathspec.GitIgnoreSpec.from_lines(NOT_IN_NAV)
        config.extra_css = [*generated.extra_css, *config.extra_css]
        project_theme = Path(config.config_file_path).parent / "templates" / "theme"
        dirs = [str(PACKAGE_TEMPLATES / "theme")]
        if project_theme.is_dir():
            dirs.insert(0, str(project_theme))
        config.theme.dirs[0:0] = dirs
        if generated.logo:
            config.theme["logo"] = generated.logo  # header (phones included) and drawer
        if config.theme.get("favicon") in (None, "assets/images/favicon.png"):
            config.theme["favicon"] = "assets/referkit/favicon.svg"  # 0.3 KB instead of 1.9 KB
        # what ReferKit's pages rely on, unless mkdocs.yml chose otherwise (RK013 warns
        # about choices that cost size or privacy); search is deferred by the theme override
        raw_theme = self._raw_config.get("theme")
        raw_theme = raw_theme if isinstance(raw_theme, dict) else {}
        if "font" not in raw_theme:
            config.theme["font"] = False  # system fonts: zero third-party requests
        config.theme["features"] = theme_features(config.theme.get("features"))
        # the generated sitemap.xml carries review dates; MkDocs' own would carry the build date
        config.theme.static_templates.discard("sitemap.xml")
        return config

    def _generate(self, config) -> Generated:
        project_dir = Path(config.config_file_path).parent
        # `mkdocs serve` swaps site_url for its local address; QR codes, canonical links
        # and JSON-LD must keep the public one (and so the PDF cache stays valid)
        public_url = self._raw_config.get("site_url")
        project, findings = make_project_config(
            project_dir,
            site_url=str(public_url or config.site_url or ""),
            site_name=config.site_name,
            language=config.theme.get("language") or "en",
            raw_options=dict(self.config),
            palette=config.theme.get("palette"),
        )
        config_findings = site_config_findings(self._raw_config, Path(config.config_file_path))
        if project is None:
            prepared = None
        elif self._serving:  # pages first; the PDFs a save changed follow (preview_build)
            if self._session is None:
                self._session = PreviewSession(project.work_dir / SIGNAL_FILE)
            # a dirty rebuild keeps the site folder: the FHIR files and vCards go straight
            # there (output.py); a full one empties it after this, so they stay in docs
            self._session.memo.pages.direct = Path(config.site_dir) if self._dirty else None
            prepared = self._session.prepare(
                project, strict=config.strict, config_findings=config_findings
            )
        else:
            prepared = prepare(project, strict=config.strict, config_findings=config_findings)
        findings = prepared.findings if prepared is not None else [*findings, *config_findings]
        for finding in findings:
            (log.error if finding.severity is Severity.ERROR else log.warning)(finding.format())
        if prepared is not None and prepared.generated is not None:
            self._preview_findings = []
            self._last_good = prepared.generated
            return prepared.generated
        if not self._serving:
            raise PluginError("ReferKit content has errors:\n" + format_findings(findings))
        # the preview stays up and shows the findings in the browser (see preview.py)
        self._preview_findings = findings
        if self._last_good is not None:
            log.error("Content has errors: the preview shows them above the last good build.")
            return self._last_good
        log.error("Content has errors: the preview shows them until they are fixed.")
        errors_dir = project_dir / WORK_DIR / "preview-errors"
        write_errors_page(errors_dir)
        return Generated(errors_dir, [{"Errors": "index.md"}], [], [])

    def _banner(self, path: str = "/") -> bytes | None:
        findings = [*self._config_findings, *self._preview_findings]
        if not has_errors(findings):
            session = self._session
            slug = path.strip("/").split("/", 1)[0]
            if session is not None and path.endswith("/") and slug in session.pending_slugs():
                return pdfs_note_html()
            return None
        return banner_html(findings, showing_last_good=self._last_good is not None)

    def on_pre_build(self, *, config) -> None:
        self._repaired = set()

    def on_env(self, env, *, config, files):
        """Keep the theme's compiled templates between builds: MkDocs makes a new Jinja
        environment for every build and every preview rebuild, and compiling Material's
        templates again cost about 2 CPU-seconds each time. Jinja checks each cached
        template against its source, so an edited template is compiled afresh."""
        from jinja2 import FileSystemBytecodeCache

        folder = self._cache_dir(config) / "theme-templates"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return env  # a read-only cache costs time, never the build
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        return env

    def _cache_dir(self, config) -> Path:
        project_dir = Path(config.config_file_path).parent
        cache = Path(self.config.get("cache_dir") or f"{WORK_DIR}/cache")
        return cache if cache.is_absolute() else project_dir / cache

    def on_post_page(self, output: str, *, page, config) -> str:
        self._repaired.add(page.file.dest_uri)
        return fix_material_html(output)

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        if not template_name.endswith(".html"):
            return output_content
        self._repaired.add(template_name)  # a static template is written under its name
        return fix_material_html(output_content)

    def on_serve(self, server, *, config, builder):
        project_dir = Path(config.config_file_path).parent
        server.unwatch(config.docs_dir)  # generated; watching it would rebuild on our own writes
        _poll_sooner(server)
        log.info(f"Preview site folder: {config.site_dir}")
        server.set_app(with_error_banner(server.get_app(), self._banner))
        server.builder = self._reporting_config_errors(server.builder, project_dir)
        for name in WATCHED_FOLDERS:
            if (project_dir / name).is_dir():
                server.watch(str(project_dir / name))
        watched = [Path(config.config_file_path), *(project_dir / n for n in WATCHED_FOLDERS)]
        watched += [Path(item) for item in config.watch]
        if self._session is not None:  # PDFs rendered after the page: rebuild to link them
            server.watch(str(self._session.signal))
            watched.append(self._session.signal)
        server.builder = only_when_changed(server, server.builder, WatchedInputs(watched), log)
        return server

    def on_post_build(self, *, config) -> None:
        if self._session is not None:
            self._session.pages_built()  # its PDFs start now (preview_build.py)
        if self._serving:  # a dirty rebuild renders only the pages whose Markdown changed
            pages = sorted(p for p in self._repaired if p != "404.html")
            shown = ", ".join(pages[:5]) + (f" and {len(pages) - 5} more" if len(pages) > 5 else "")
            log.info(f"Pages rendered: {len(pages)}" + (f" ({shown})" if pages else ""))
        elif self._prepared is None:
            # plain `mkdocs build`: mark site_dir as ReferKit's, so a later `build.py build`
            # may replace it (an unmarked folder is refused); never counted as up to date
            write_stamp(Path(config.site_dir), inputs="mkdocs build")

    def _reporting_config_errors(self, builder: Callable, project_dir: Path) -> Callable:
        """Wrap the preview's rebuild: MkDocs reloads mkdocs.yml on every rebuild, and a
        file it cannot load would print a traceback and leave every page waiting for a
        build that never comes. Instead the problem is an RK012 finding in the terminal
        and in the preview's error box over the last good pages, and the next save that
        fixes it rebuilds as usual."""

        def rebuild() -> None:
            findings = unreadable_mkdocs_yaml(project_dir)
            if not findings:
                with _ErrorsLogged("mkdocs.config") as refused:
                    try:
                        builder()
                    except (ConfigurationError, Abort) as exc:
                        if not refused.messages and not isinstance(exc, ConfigurationError):
                            raise  # a build that failed for another reason: MkDocs reports it
                        findings = refused_by_mkdocs(project_dir, refused.messages or [str(exc)])
            self._config_findings = findings
            for finding in findings:
                log.error(finding.format())
            if findings:
                log.error("mkdocs.yml has errors: the preview shows them over the last good pages.")

        return rebuild

    def on_shutdown(self) -> None:
        self._prepared = None
        if self._session is not None:
            self._session.close()
            self._session = None


POLL_S = 0.1  # how often serve looks for a saved file (MkDocs: every 0.5 s)


def _poll_sooner(server) -> None:
    """Notice a save within 0.1 s instead of MkDocs' 0.5 s (a quarter of a second of
    every preview on average). MkDocs polls the watched files rather than rely on
    file-system events, which some mounted folders never send; so does this, only
    more often: the watched folders are the YAML, content and templates, a few hundred
    files at most. Uses MkDocs 1.6's LiveReloadServer attributes, or changes nothing."""
    from watchdog.observers.polling import PollingObserver

    watched = getattr(server, "_watched_paths", None)
    if not isinstance(watched, dict) or not isinstance(server.observer, PollingObserver):
        return
    if server.observer.is_alive():
        return
    counts = dict(watched)
    server.observer = PollingObserver(timeout=POLL_S)
    watched.clear()
    server._watch_refs.clear()
    for path, count in counts.items():
        server.watch(path)  # scheduled on the new observer
        watched[path] = count


class _ErrorsLogged(logging.Handler):
    """Collect the ERROR messages one logger writes while the ``with`` block runs."""

    def __init__(self, name: str) -> None:
        super().__init__(logging.ERROR)
        self.logger = logging.getLogger(name)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def __enter__(self) -> _ErrorsLogged:
        self.logger.addHandler(self)
        return self

    def __exit__(self, *exc_info) -> None:
        self.logger.removeHandler(self)

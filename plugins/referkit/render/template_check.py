"""Check every template a build would use, and turn template failures into findings.

A project may override any default template by name (``templates/pages/…``,
``templates/pdf/…``, ``templates/theme/…``), so a typo in an override must surface
as a finding with the template's file and line, from ``check`` as from ``build``,
never as a traceback:

- :func:`compile_templates` compiles the page and PDF templates (syntax errors,
  unknown filters) and parses the theme templates (MkDocs renders those, with its own
  filters, so only their syntax is checked here);
- ``pipeline.trial_render`` renders the project's page and PDF overrides against the
  real model with ``StrictUndefined``, so a misspelt variable is found before a build;
- :func:`template_error_finding` turns any Jinja error raised while rendering
  (here, in a build, or in the site engine) into a finding pointing at the template;
- :func:`unused_templates` warns of a project file in ``templates/`` that replaces no
  default and that no template includes: an override under a wrong name is never used.
"""

from __future__ import annotations

import difflib
import traceback
from collections.abc import Mapping
from pathlib import Path

import jinja2
import jinja2.meta

from ..findings import Finding
from ..rules.project import RK030, RK031, RK032, RK033
from ..source.loaded import ProjectFile
from ..source.project import ProjectConfig
from .pages import FILTERS, PACKAGE_TEMPLATES, template_environment

THEME_DIR = "theme"
_NOT_TEMPLATES = {THEME_DIR, "assets"}  # theme: MkDocs renders it; assets: copied as is
_THEME_SUFFIXES = {".html", ".xml", ".j2", ".js"}


def _display(path: Path, project_dir: Path) -> str:
    """A project file relative to the project; a packaged default under ``referkit/``."""
    path = path.resolve()
    for root, prefix in ((project_dir.resolve(), ""), (PACKAGE_TEMPLATES.parent, "referkit/")):
        if path.is_relative_to(root):
            return prefix + path.relative_to(root).as_posix()
    return str(path)


def _is_template(name: str) -> bool:
    return name.endswith(".j2") or (name.startswith("pdf/") and name.endswith(".css"))


def template_names(root: Path) -> set[str]:
    """Names (relative paths) of the page and PDF templates under ``root``."""
    if not root.is_dir():
        return set()
    names = set()
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if not path.is_file() or rel.parts[0] in _NOT_TEMPLATES:
            continue
        if _is_template(rel.as_posix()):
            names.add(rel.as_posix())
    return names


def _where(exc: jinja2.TemplateError, project_dir: Path) -> tuple[str, int]:
    """The template file and line an error belongs to (Jinja rewrites tracebacks so that
    a template's frames carry its file name and line)."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return _display(Path(exc.filename), project_dir), exc.lineno or 0
    roots = [(project_dir / "templates").resolve(), PACKAGE_TEMPLATES.resolve()]
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and any(path.resolve().is_relative_to(r) for r in roots):
            return _display(path, project_dir), frame.lineno or 0
    return "templates", 0


def template_error_finding(exc: jinja2.TemplateError, project_dir: Path) -> Finding:
    """RK030 for a template that does not compile, RK031 for one that fails to render."""
    path, line = _where(exc, project_dir)
    message = exc.message or type(exc).__name__
    if isinstance(exc, jinja2.TemplateSyntaxError):
        hint = "fix the template's syntax: every {% if %}/{% for %}/{% block %} needs its end tag"
        if message.startswith("unexpected"):
            hint = "check the brackets: {{ value }} prints, {% tag %} controls, {# … #} comments"
        if "No filter named" in message or "No test named" in message:
            hint = (
                "page and PDF templates have Jinja's built-in filters plus "
                + ", ".join(sorted(FILTERS))
                + "; check the spelling"
            )
        return RK030.at(path, line, 1, f"template syntax error: {message}", hint=hint)
    if isinstance(exc, jinja2.UndefinedError):
        default = path.split("templates/", 1)[-1]
        hint = (
            "the template uses a name the page data does not have; compare it with "
            f"ReferKit's default template plugins/referkit/templates/{default}"
        )
        return RK031.at(path, line, 1, f"template error: {message}", hint=hint)
    if isinstance(exc, jinja2.TemplateNotFound):
        return RK031.at(
            path,
            line,
            1,
            f"template not found: {message}",
            hint="an {% include %} or {% extends %} names a template that does not exist",
        )
    return RK031.at(path, line, 1, f"template error: {message}", hint="")


def compile_templates(
    project: ProjectConfig, env: jinja2.Environment | None = None
) -> list[Finding]:
    """Compile every page and PDF template a build would use (in ``env``, the loaded
    project's environment, when given) and parse the theme's."""
    findings: list[Finding] = []
    if env is not None:
        names = {name for name in env.list_templates() if _is_template(name)}
    else:
        env = template_environment(project.templates_dir)
        names = template_names(PACKAGE_TEMPLATES) | template_names(project.templates_dir)
    for name in sorted(names):
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            findings.append(template_error_finding(exc, project.project_dir))
        except UnicodeDecodeError as exc:
            findings.append(_not_utf8(project.templates_dir / name, project, exc))
    theme_env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    for root in (project.templates_dir / THEME_DIR, PACKAGE_TEMPLATES / THEME_DIR):
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.suffix not in _THEME_SUFFIXES:
                continue
            try:
                source = path.read_text(encoding="utf-8")
                theme_env.parse(source, name=path.name, filename=str(path))
            except jinja2.TemplateSyntaxError as exc:
                findings.append(template_error_finding(exc, project.project_dir))
            except UnicodeDecodeError as exc:
                findings.append(_not_utf8(path, project, exc))
    return findings


def _not_utf8(path: Path, project: ProjectConfig, exc: UnicodeDecodeError) -> Finding:
    line = path.read_bytes()[: exc.start].count(b"\n") + 1 if path.is_file() else 0
    return RK030.at(
        _display(path, project.project_dir),
        line,
        1,
        f"template is not UTF-8 text ({exc.reason})",
        hint="save the file as UTF-8",
    )


def unused_templates(
    templates: Mapping[str, ProjectFile],
    project: ProjectConfig,
    env: jinja2.Environment | None = None,
) -> list[Finding]:
    """RK032: each project file under ``templates/`` (but ``theme/`` and ``assets/``)
    that has no default of the same name and that no template in use includes, imports
    or extends, with the default it was most likely meant to replace; RK033: each
    empty override of a whole template (an empty partial leaves its part out)."""
    root = project.templates_dir.resolve()
    own = sorted(
        name
        for name, file in templates.items()
        if Path(file.filename).resolve().is_relative_to(root)
    )
    defaults = template_names(PACKAGE_TEMPLATES)
    findings = [
        RK033.at(
            f"templates/{name}",
            1,
            1,
            "this file is empty, and replaces ReferKit's template of the same name as a "
            "whole: what that template prints is left out",
        )
        for name in own
        if name in defaults
        and not name.rsplit("/", 1)[-1].startswith("_")
        and not templates[name].data.strip()
    ]
    strays = [name for name in own if name not in defaults]
    if not strays:
        return findings
    used = _referenced(templates, env or jinja2.Environment())
    if used is None:  # a template includes a computed name: any file may be the one
        return findings
    for name in strays:
        if name in used:
            continue
        guess = _meant(name, defaults)
        hint = (
            f"did you mean templates/{guess}? A template in templates/ replaces ReferKit's "
            "of the same name"
            if guess
            else "name it after the template it should replace (ReferKit's are listed in "
            "plugins/referkit/templates/), or include it from a template in use"
        )
        message = (
            "this file replaces none of ReferKit's templates and no template "
            "includes it: no page or PDF uses it"
        )
        findings.append(RK032.at(f"templates/{name}", 1, 1, message, hint=hint))
    return findings


def _referenced(templates: Mapping[str, ProjectFile], env: jinja2.Environment) -> set[str] | None:
    """Every template name an {% include %}, {% import %}, {% from %} or {% extends %}
    of a template in ``templates`` names; None when one of them is computed."""
    used: set[str] = set()
    for name, file in templates.items():
        if not name.endswith(".j2"):
            continue
        try:
            ast = env.parse(file.data.decode("utf-8"))
        except (jinja2.TemplateSyntaxError, UnicodeDecodeError):
            continue  # reported by compile_templates (RK030)
        for target in jinja2.meta.find_referenced_templates(ast):
            if target is None:
                return None
            used.add(target)
    return used


def _meant(name: str, defaults: set[str]) -> str | None:
    """The default template ``name`` most likely stands for: the one whose file name it
    has, or is nearest to (a typo, a missing ``.j2``, a folder too many or too few)."""
    base = name.rsplit("/", 1)[-1]
    for candidate in (base, base + ".j2"):
        same = sorted(d for d in defaults if d.rsplit("/", 1)[-1] == candidate)
        if same:
            return same[0]
    close = difflib.get_close_matches(name, sorted(defaults), n=1, cutoff=0.75)
    return close[0] if close else None

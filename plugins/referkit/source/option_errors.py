"""RK011: plugin options that do not validate, in the words the YAML files get.

The options sit in mkdocs.yml under ``plugins: - referkit:``; each pydantic error is
reported at its own line (not 1:1) with the value as written and a did-you-mean, the
way :mod:`.validation` reports a service-line field ("unknown option 'page_sise'; did
you mean 'page_size'?", never "Extra inputs are not permitted").
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..config import MKDOCS_FILE
from ..rules.project import RK011
from .positions import SourceFile
from .validation import finding_from_error
from .yaml_source import read_yaml

PREFIX = ("plugins", "referkit")


def option_findings(model: type[BaseModel], exc: ValidationError, config_path: Path) -> list:
    """One RK011 finding per error, at the option's line in mkdocs.yml."""
    view = _options_view(config_path)
    findings = []
    for error in exc.errors(include_url=False):
        finding = finding_from_error(model, view, error)
        message = finding.message.replace("unknown field", "unknown option")
        hint = finding.hint.replace("fields allowed here", "options allowed here")
        findings.append(
            RK011.at(
                MKDOCS_FILE,
                finding.line,
                finding.col,
                message,
                loc=(*PREFIX, *finding.loc),
                hint=hint or "see the README's plugin options",
            )
        )
    return findings


def _options_view(config_path: Path) -> SourceFile:
    """The referkit entry of mkdocs.yml as a source of its own, positions included."""
    source = read_yaml(config_path, MKDOCS_FILE)
    view = SourceFile(path=MKDOCS_FILE, data={})
    plugins = source.data.get("plugins") if isinstance(source.data, dict) else None
    entries = list(plugins.items()) if isinstance(plugins, dict) else list(enumerate(plugins or []))
    for key, entry in entries:
        if isinstance(plugins, dict):
            root, options = ("plugins", key), entry if key == "referkit" else None
        elif isinstance(entry, dict) and "referkit" in entry:
            root, options = ("plugins", key, "referkit"), entry["referkit"]
        else:
            continue
        view.data = options if isinstance(options, dict) else {}
        for positions, target in (
            (source.value_positions, view.value_positions),
            (source.key_positions, view.key_positions),
        ):
            for loc, position in positions.items():
                if loc[: len(root)] == root:
                    target[loc[len(root) :]] = position
        break
    return view

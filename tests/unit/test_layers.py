"""The package's layout: imports run one way through the wings, no module is too long."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from helpers import layers


def test_no_import_runs_back_up_and_no_module_is_over_the_limit() -> None:
    assert layers.problems() == []


def test_every_module_belongs_to_a_layer() -> None:
    for path in layers.PACKAGE.rglob("*.py"):
        layers.layer_of(layers.module_name(path))  # raises for a module in no layer


def test_the_check_sees_an_import_that_runs_back_up(tmp_path: Path, monkeypatch) -> None:
    """A source-wing module importing the render wing is reported (the check can fail)."""
    package = tmp_path / "referkit"
    (package / "source").mkdir(parents=True)
    (package / "render").mkdir()
    for folder in (package, package / "source", package / "render"):
        (folder / "__init__.py").write_text("")
    (package / "render" / "pages.py").write_text("X = 1\n")
    (package / "source" / "model.py").write_text(
        textwrap.dedent(
            """\
            from ..render.pages import X
            from ..findings import Finding
            """
        )
    )
    (package / "findings.py").write_text("Finding = object\n")
    (package / "source" / "long.py").write_text("x = 1\n" * (layers.MAX_LINES + 1))
    monkeypatch.setattr(layers, "PACKAGE", package)
    found = layers.problems()
    assert any("referkit.source.model (source) imports referkit.render.pages" in p for p in found)
    assert any("long.py: 401 lines" in p for p in found)
    assert not any("findings" in p for p in found)


def test_wings_are_folders() -> None:
    """A newcomer finds their room from the folder names."""
    folders = {p.name for p in layers.PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert {"source", "checks", "render", "pdf", "kit", "engines", "cli"} <= folders
    for wing in ("source", "checks", "render", "pdf", "kit", "engines", "cli"):
        doc = ast.get_docstring(ast.parse((layers.PACKAGE / wing / "__init__.py").read_text()))
        assert doc, f"{wing}/__init__.py says what the wing is for"

"""A build never deletes what it did not make (issue 24, item 1).

`build --out` once accepted the project folder, one of its source folders or a folder
holding the project, swapped it away and deleted it with exit 0. Each case here runs
build.py for real and compares every file's bytes before and after.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers.project import build_site
from helpers.project import file_hashes as tree

STAMP = ".referkit-build.json"


def _folder(folder: Path, files: dict[str, str]) -> Path:
    """A folder holding ``files`` (relative path -> text)."""
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text)
    return folder


@pytest.mark.parametrize(
    "where",
    ["project", "service_lines", "content", "templates", ".referkit", "ancestor"],
)
def test_out_that_is_holds_or_sits_in_the_project_is_refused(mini: Path, where: str) -> None:
    (mini / "templates").mkdir(exist_ok=True)
    (mini / "templates" / "keep.txt").write_text("mine")
    (mini / ".referkit").mkdir(exist_ok=True)
    (mini / ".referkit" / "keep.txt").write_text("mine")
    targets = {"project": mini, "ancestor": mini.parent}
    out = targets.get(where, mini / where)
    before = tree(mini.parent)
    result = build_site(mini, out)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"--out {out.resolve()}: it " in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(mini.parent) == before  # nothing deleted, nothing written


def test_a_relative_out_dot_from_inside_the_project_is_refused(mini: Path) -> None:
    before = tree(mini)
    result = subprocess.run(
        [sys.executable, str(Path(__file__).parents[2] / "build.py"), "build", "--out", "."],
        cwd=mini,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "it is the project folder itself" in result.stderr
    assert tree(mini) == before


def test_another_project_or_a_git_checkout_is_refused_even_with_force(
    mini: Path, tmp_path: Path
) -> None:
    other = _folder(tmp_path / "other", {"service_lines/a.yaml": "name: A\n"})
    checkout = _folder(tmp_path / "gh-pages", {".git/HEAD": "ref\n", "index.html": "<p>x</p>"})
    for out, reason in (
        (other, "it holds service_lines"),
        (other / "service_lines", "part of another project"),
        (checkout, "it holds .git"),
    ):
        before = tree(tmp_path)
        result = build_site(mini, out, "--force")
        assert result.returncode == 2 and reason in result.stderr, result.stderr
        assert tree(tmp_path) == before


def test_a_strangers_folder_is_refused_then_kept_aside_with_force(
    mini: Path, tmp_path: Path
) -> None:
    out = _folder(tmp_path / "public", {"photos/holiday.jpg": "not a site", "notes.txt": "mine"})
    before = tree(out)

    refused = build_site(mini, out)
    assert refused.returncode == 2
    assert "no ReferKit build made" in refused.stderr and "--force" in refused.stderr
    assert tree(out) == before and not (out / STAMP).exists()

    forced = build_site(mini, out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (out / STAMP).is_file() and (out / "cardiology" / "index.html").is_file()
    kept = tmp_path / "public.replaced-1"
    assert tree(kept) == before  # moved beside the new site, byte for byte
    assert str(kept) in forced.stderr


def test_the_previous_builds_own_tree_is_replaced_without_force(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(mini, out).returncode == 0
    (mini / "service_lines" / "cardiology.yaml").write_text(
        (mini / "service_lines" / "cardiology.yaml")
        .read_text()
        .replace("name: Cardiology", "name: Heart care", 1)
    )
    again = build_site(mini, out)
    assert again.returncode == 0, again.stderr
    assert "Heart care" in (out / "cardiology" / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "site"]  # nothing kept aside
    # an empty folder is fine too
    empty = tmp_path / "empty"
    empty.mkdir()
    assert build_site(mini, empty).returncode == 0


def test_mkdocs_build_refuses_a_site_dir_among_the_sources(mini: Path) -> None:
    """MkDocs empties site_dir before it builds; the plugin stops it first."""
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text() + "docs_dir: content\nsite_dir: service_lines\n")
    before = tree(mini / "service_lines")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        cwd=mini,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "site_dir" in result.stderr and "service_lines/ or inside it" in result.stderr
    assert tree(mini / "service_lines") == before


def test_a_site_from_plain_mkdocs_build_may_be_replaced(mini: Path, tmp_path: Path) -> None:
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text() + "docs_dir: content\n")
    out = tmp_path / "site"
    made = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)],
        cwd=mini,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert made.returncode == 0, made.stderr
    assert (out / STAMP).is_file()
    result = build_site(mini, out)
    assert result.returncode == 0, result.stderr
    assert "is up to date" not in result.stdout

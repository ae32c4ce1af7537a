"""The command line and the MkDocs adapter, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from helpers.project import REPO, run_build_py, soup


def test_new_writes_a_starter_that_fails_until_its_placeholders_are_replaced(mini: Path) -> None:
    (mini / "service_lines" / "cardiology.yaml").unlink()  # keep only the starter
    result = run_build_py("new", "pulmonology", "--project", str(mini))
    assert result.returncode == 0, result.stderr
    starter = (mini / "service_lines" / "pulmonology.yaml").read_text()
    assert starter.splitlines()[:2] == [
        "# yaml-language-server: $schema=_schema/service-line.schema.json",
        "# Pulmonology: one service line. Every field is described in the README's YAML reference.",
    ]
    # the practice's first location is only an example; the user names the real ones
    assert 'locations: ["TODO: a location id from _organization.yaml, e.g. harbor"]' in starter
    # contract v2, and no promise asked for: turnaround is a commented-out example
    assert "  levels:" in starter and "emergent:" not in starter
    assert not [line for line in starter.splitlines() if line.startswith("turnaround:")]
    assert "acknowledge_within_hours: TODO" not in starter
    check = run_build_py("check", "--project", str(mini), "--format", "text")
    assert check.returncode == 1, check.stdout
    assert "replace this placeholder" in check.stdout  # tests/test_publishing_gate.py: each one


def test_new_refuses_bad_names_and_existing_files(mini: Path) -> None:
    bad = run_build_py("new", "Heart Care", "--project", str(mini))
    assert bad.returncode == 2 and "not a valid address" in bad.stderr
    exists = run_build_py("new", "cardiology", "--project", str(mini))
    assert exists.returncode == 2 and "already exists" in exists.stderr


def test_usage_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    for args in (
        ("build", "--project", str(tmp_path)),
        ("check", "--project", str(tmp_path / "x")),
        ("frobnicate",),
    ):
        result = run_build_py(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


def test_missing_site_url_is_a_clear_error(mini: Path, tmp_path: Path) -> None:
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_url: https://clinic.example.org/\n", ""))
    result = run_build_py("build", "--project", str(mini), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "mkdocs.yml:1:1: RK010 site_url: site_url is required" in result.stderr


def _reviewed_today(project: Path) -> None:
    """mkdocs build has no --today: date the fixture's review today so it never goes stale."""
    path = project / "service_lines" / "cardiology.yaml"
    path.write_text(path.read_text().replace("2026-10-01", date.today().isoformat()))


def test_plain_mkdocs_build_runs_the_same_generator(mini: Path, tmp_path: Path) -> None:
    _reviewed_today(mini)
    out = tmp_path / "mkdocs-site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(mini / "mkdocs.yml"), "-d", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    page = soup(out / "cardiology" / "index.html")
    assert page.select_one("article h1").get_text(strip=True) == "Cardiology referrals"
    assert page.find("script", type="application/ld+json") is not None
    assert (out / "sitemap.xml").is_file() and (out / "robots.txt").is_file()


def test_plain_mkdocs_build_reports_content_errors(mini: Path, tmp_path: Path) -> None:
    _reviewed_today(mini)
    path = mini / "service_lines" / "cardiology.yaml"
    path.write_text(path.read_text().replace("seen_within_days: 3", "seen_within_days: x"))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-f",
            str(mini / "mkdocs.yml"),
            "-d",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "service_lines/cardiology.yaml:12:23: RK102" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_command_writes_editor_schemas(mini: Path) -> None:
    result = run_build_py("schema", "--project", str(mini))
    assert result.returncode == 0, result.stderr
    folder = mini / "service_lines" / "_schema"
    line = json.loads((folder / "service-line.schema.json").read_text())
    assert line["additionalProperties"] is False
    assert "slug" not in line["properties"] and "slug" not in line["required"]
    assert {"name", "summary", "specialty", "triage", "how_to_refer", "review"} <= set(
        line["required"]
    )
    assert "Cardiovascular" in json.dumps(line["properties"]["specialty"])
    organization = json.loads((folder / "organization.schema.json").read_text())
    assert "locations" in organization["required"]
    # the schema folder is not mistaken for a service line
    check = run_build_py("check", "--project", str(mini), "--format", "text")
    assert check.returncode in (0, 1)
    assert "_schema" not in check.stdout


def test_committed_demo_schemas_are_current() -> None:
    from referkit.source.schema import json_schemas

    folder = REPO / "service_lines" / "_schema"
    for name, text in json_schemas().items():
        assert (folder / name).read_text() == text, f"run: python build.py schema ({name})"

"""``check --format github|gitlab``: findings as CI annotations on the changed lines."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
from helpers.project import TODAY, run_build_py

CARDIOLOGY = "service_lines/cardiology.yaml"
# GitHub Actions workflow command: ::error file=…,line=…,col=…,title=…::message
COMMAND = re.compile(r"^::(?P<level>error|warning) (?P<props>[^:]*)::(?P<message>.*)$")
# the fields GitLab reads from a Code Quality report (its "Code Quality report format")
CODE_QUALITY_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "pattern": "^RK[0-9]{3}$"},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def _unescape(text: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def _plant_findings(project: Path) -> None:
    """An error (a guarantee) and a warning (a missing promise) in the mini project."""
    path = project / CARDIOLOGY
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "summary: Consultative cardiology",
        "summary: Guaranteed same-week consultative cardiology",
    )
    text = re.sub(r"\n  consult_note_within_days: \d+", "", text)
    path.write_text(text, encoding="utf-8")


def _check(project: Path | str, fmt: str, cwd: Path | None = None):
    return run_build_py(
        "check", "--project", str(project), "--format", fmt, "--today", TODAY, cwd=cwd
    )


def _json_findings(project: Path) -> list[dict]:
    return json.loads(_check(project, "json").stdout)["findings"]


def test_github_format_is_one_annotation_per_finding(mini: Path) -> None:
    _plant_findings(mini)
    expected = _json_findings(mini)
    assert {f["severity"] for f in expected} == {"error", "warning"}
    result = _check(".", "github", cwd=mini)
    assert result.returncode == 1  # errors fail the step, as with every format
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected)
    for line, finding in zip(lines, expected, strict=True):
        match = COMMAND.match(line)
        assert match, line
        props = dict(part.split("=", 1) for part in match["props"].split(","))
        assert match["level"] == finding["severity"]
        assert _unescape(props["file"]) == finding["path"] == CARDIOLOGY
        assert int(props["line"]) == finding["line"] and int(props["col"]) == finding["col"]
        assert _unescape(props["title"]) == f"ReferKit {finding['code']}"
        message = _unescape(match["message"])
        assert message.startswith(f"{finding['code']} {finding['field']}: {finding['message']}")
        assert message.endswith(f"\nhint: {finding['hint']}")
    # the human summary goes to the log, not among the workflow commands
    assert "1 error, 1 warning" in result.stderr


def test_github_paths_start_at_the_working_directory(mini: Path, tmp_path: Path) -> None:
    """A project in a subfolder (here with a comma and a colon) is annotated at its path
    from the repository root, escaped as GitHub's toolkit escapes properties."""
    _plant_findings(mini)
    repo = tmp_path / "repo"
    project = repo / "sites" / "north, east: west"
    shutil.copytree(mini, project)
    result = _check(project, "github", cwd=repo)
    files = {
        _unescape(dict(p.split("=", 1) for p in COMMAND.match(line)["props"].split(","))["file"])
        for line in result.stdout.splitlines()
    }
    assert files == {f"sites/north, east: west/{CARDIOLOGY}"}
    assert "file=sites/north%2C east%3A west/service_lines/" in result.stdout


def test_gitlab_format_is_a_code_quality_report(mini: Path) -> None:
    _plant_findings(mini)
    expected = _json_findings(mini)
    result = _check(".", "gitlab", cwd=mini)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    jsonschema.validate(report, CODE_QUALITY_SCHEMA)
    assert len(report) == len(expected)
    assert len({issue["fingerprint"] for issue in report}) == len(report)
    for issue, finding in zip(report, expected, strict=True):
        assert issue["check_name"] == finding["code"]
        assert issue["location"] == {"path": CARDIOLOGY, "lines": {"begin": finding["line"]}}
        assert issue["severity"] == {"error": "major", "warning": "minor"}[finding["severity"]]
        assert finding["message"] in issue["description"]
    # the job log gets the findings as text
    assert f"{CARDIOLOGY}:{expected[0]['line']}:" in result.stderr
    # the same problem keeps its fingerprint when lines above it move
    path = mini / CARDIOLOGY
    path.write_text("# a comment\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    moved = json.loads(_check(".", "gitlab", cwd=mini).stdout)
    assert [i["fingerprint"] for i in moved] == [i["fingerprint"] for i in report]
    assert [i["location"]["lines"]["begin"] for i in moved] == [f["line"] + 1 for f in expected]


def test_a_clean_project_gives_no_annotations_and_an_empty_report(mini: Path) -> None:
    github = _check(".", "github", cwd=mini)
    gitlab = _check(".", "gitlab", cwd=mini)
    assert (github.returncode, github.stdout) == (0, "")
    assert (gitlab.returncode, json.loads(gitlab.stdout)) == (0, [])

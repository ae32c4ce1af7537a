"""Issue #15's acceptance run: six mistakes of different kinds in different files, all
reported in one run, with file:line, by check and by build alike; exit 1, no traceback,
nothing published. A bad NPI in the organisation must not hide the cross-reference
errors of the service lines, and an untouched starter must not pass.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from helpers.project import FIXTURES, REPO, TODAY, build_site, copy_project, run_build_py

PACKAGE = REPO / "plugins" / "referkit" / "templates"
_LINE = re.compile(r"^(?P<path>\S+?):(?P<line>\d+):(?P<col>\d+): (?P<code>RK\d+)\b(?P<rest>.*)$")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("six")
    project = copy_project(FIXTURES / "mini", root / "project")
    lines = project / "service_lines"
    cardiology = (lines / "cardiology.yaml").read_text()
    # 1. a bad NPI in the organisation (check digit wrong)
    _edit(lines / "_organization.yaml", 'npi: "1234567893"', 'npi: "1234567890"')
    # 2. an unknown location id in a service line
    _edit(lines / "cardiology.yaml", "locations: [harbor]", "locations: [harbour]")
    # 3. a wrong type in another service line
    (lines / "neurology.yaml").write_text(
        cardiology.replace("name: Cardiology", "name: Neurology").replace(
            "seen_within_days: 3", "seen_within_days: three"
        )
    )
    # 4. a YAML syntax error in a third
    (lines / "dermatology.yaml").write_text(
        cardiology.replace("name: Cardiology", "name: Dermatology").replace(
            "conditions: [Chest pain, Atrial fibrillation]", "conditions: [Eczema, Psoriasis"
        )
    )
    # 5. an untouched starter
    new = run_build_py("new", "pulmonology", "--project", str(project))
    assert new.returncode == 0, new.stderr
    # 6. a syntax error in a template override
    override = project / "templates" / "pages" / "service_line.md.j2"
    override.parent.mkdir(parents=True)
    source = (PACKAGE / "pages" / "service_line.md.j2").read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(source) if line.startswith("# {{"))
    override.write_text("".join([*source[:at], "{{ line.name | md }\n", *source[at:]]))

    check = run_build_py("check", "--project", str(project), "--format", "json", "--today", TODAY)
    out = root / "site"
    build = build_site(project, out)
    return {"project": project, "out": out, "check": check, "build": build}


def _check_findings(planted: dict) -> list[dict]:
    return json.loads(planted["check"].stdout)["findings"]


def _build_findings(planted: dict) -> list[dict]:
    found = []
    for row in planted["build"].stderr.splitlines():
        match = _LINE.match(row)
        if match:
            found.append(
                {
                    "path": match["path"],
                    "line": int(match["line"]),
                    "code": match["code"],
                    "message": match["rest"],
                }
            )
    return found


MISTAKES = {
    "bad NPI": ("service_lines/_organization.yaml", "RK106", 20, None),
    "unknown location": ("service_lines/cardiology.yaml", "RK201", 35, None),
    "wrong type": ("service_lines/neurology.yaml", "RK102", 12, None),
    "YAML syntax": ("service_lines/dermatology.yaml", "RK001", None, None),
    "untouched starter": ("service_lines/pulmonology.yaml", None, None, "placeholder"),
    "template syntax": ("templates/pages/service_line.md.j2", "RK030", None, None),
}


def _matches(finding: dict, expected: tuple) -> bool:
    path, code, line, words = expected
    return (
        finding["path"] == path
        and (code is None or finding["code"] == code)
        and (finding["line"] == line if line is not None else finding["line"] > 0)
        and (words is None or words in finding["message"].lower())
    )


@pytest.mark.parametrize("mistake", list(MISTAKES))
@pytest.mark.parametrize("command", ["check", "build"])
def test_each_mistake_is_reported_with_file_and_line(
    planted: dict, command: str, mistake: str
) -> None:
    findings = _check_findings(planted) if command == "check" else _build_findings(planted)
    assert any(_matches(f, MISTAKES[mistake]) for f in findings), json.dumps(findings, indent=1)


def test_the_run_fails_cleanly_and_publishes_nothing(planted: dict) -> None:
    check, build = planted["check"], planted["build"]
    for result in (check, build):
        assert isinstance(result, subprocess.CompletedProcess)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr
    assert json.loads(check.stdout)["ok"] is False
    assert "Build stopped" in build.stderr
    assert not planted["out"].exists()
    assert not any(planted["out"].parent.glob(".site.*"))


def test_check_and_build_report_the_same_findings(planted: dict) -> None:
    def keys(findings: list[dict]) -> set[tuple]:
        return {(f["path"], f["line"], f["code"]) for f in findings}

    assert keys(_check_findings(planted)) == keys(_build_findings(planted))

"""Every rule, as a user meets it: a project that reports it, and a near-miss that must not.

``tests/rules/RKnnn/`` holds ``fire/`` and ``near/`` (files laid over the base project
``_base/``), ``expected.txt`` (the rule's findings in the fire case, one
``path:line:col: RKnnn`` line each, as ``build.py`` prints them) and, where files cannot
say it all, ``case.toml`` (the command, and setup steps: see :func:`make_project`).
Each case runs the command in this process, as ``build.py`` would; see README.md here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from helpers.project import TODAY
from referkit.cli import main
from referkit.rules import RULES

HERE = Path(__file__).resolve().parent
BASE = HERE / "_base"
CODE_DIR = re.compile(r"RK\d{3}")
# "path:line:col: RKnnn ..." or, for a finding with no line, "path: RKnnn ..."
FINDING_LINE = re.compile(r"^(?P<where>\S+?(?::\d+:\d+)?): (?P<code>RK\d{3})\b", re.MULTILINE)
COMMANDS = {  # what case.toml may ask for; the default is check
    "check": ["check", "--format", "text"],
    "check --pdf": ["check", "--format", "text", "--pdf"],
    "generate": ["generate", "--no-cache"],
}
SETUP_KEYS = {"symlinks", "pad", "encode", "git"}


def rule_dirs() -> list[str]:
    return sorted(p.name for p in HERE.iterdir() if p.is_dir() and CODE_DIR.fullmatch(p.name))


def case_config(code: str) -> dict:
    path = HERE / code / "case.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def make_project(tmp_path: Path, code: str, kind: str) -> Path:
    """The base project with ``RKnnn/<kind>/`` laid over it, then the setup steps of
    ``case.toml``'s ``[<kind>]`` table: ``symlinks`` (path = target,
    relative to the link's folder), ``pad`` (path = bytes: grow the file with YAML
    comment lines to at least that size), ``encode`` (path = codec: save the file in
    another encoding) and ``git = true`` (commit it all). Files under
    ``<kind>/_outside/`` go to a folder beside the project (``../outside/``)."""
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    overlay = HERE / code / kind
    for source in sorted(p for p in overlay.rglob("*") if p.is_file()):
        rel = source.relative_to(overlay)
        if rel.parts[0] == "_outside":
            target = tmp_path / "outside" / Path(*rel.parts[1:])
        else:
            target = project / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    setup = case_config(code).get(kind, {})
    assert set(setup) <= SETUP_KEYS, f"{code}/case.toml [{kind}]: unknown {set(setup) - SETUP_KEYS}"
    for rel, target in setup.get("symlinks", {}).items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).symlink_to(target)
    for rel, size in setup.get("pad", {}).items():
        with (project / rel).open("a", encoding="utf-8") as file:
            line = "# " + "padding " * 12 + "\n"
            file.write(line * (-(-(size - (project / rel).stat().st_size) // len(line))))
    for rel, codec in setup.get("encode", {}).items():
        path = project / rel
        path.write_bytes(path.read_text(encoding="utf-8").encode(codec))
    if setup.get("git"):
        env = dict(os.environ, GIT_AUTHOR_DATE="2026-11-01T09:00:00")
        env.update(GIT_COMMITTER_DATE=env["GIT_AUTHOR_DATE"], GIT_AUTHOR_NAME="Rules Test")
        env.update(GIT_COMMITTER_NAME="Rules Test", GIT_AUTHOR_EMAIL="rules@example.org")
        env.update(GIT_COMMITTER_EMAIL="rules@example.org")
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Rule case"]):
            subprocess.run(["git", *args], cwd=project, env=env, check=True)
    return project


def findings_of(project: Path, code: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run the case's command in this process; every ``path:line:col: RKnnn`` it printed."""
    command = COMMANDS[case_config(code).get("command", "check")]
    capsys.readouterr()
    exit_code = main([*command, "--project", str(project), "--today", TODAY])
    out, err = capsys.readouterr()
    assert exit_code in (0, 1), f"exit {exit_code}, not a finding:\n{out}{err}"
    return [f"{m['where']}: {m['code']}" for m in FINDING_LINE.finditer(out + err)]


def expected_lines(code: str) -> list[str]:
    text = (HERE / code / "expected.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("code", rule_dirs())
def test_the_rule_fires_and_its_near_miss_does_not(
    code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fire = findings_of(make_project(tmp_path / "fire", code, "fire"), code, capsys)
    assert [f for f in fire if f.endswith(f" {code}")] == expected_lines(code), fire
    near = findings_of(make_project(tmp_path / "near", code, "near"), code, capsys)
    assert not [f for f in near if f.endswith(f" {code}")], near


def test_the_base_project_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every case starts from a project with no findings, so a case shows one rule."""
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    assert main(["check", "--format", "text", "--project", str(project), "--today", TODAY]) == 0
    assert capsys.readouterr().out.strip() == "No problems found."


def test_every_rule_has_its_cases_and_every_case_a_rule() -> None:
    folders = rule_dirs()
    assert [c for c in RULES if c not in folders] == [], "add tests/rules/<code>/ (README.md)"
    assert [f for f in folders if f not in RULES] == [], "a case folder for no registered rule"
    for code in folders:
        for kind in ("fire", "near"):
            assert (HERE / code / kind).is_dir() or kind in case_config(code), f"{code}/{kind}/"
        lines = expected_lines(code)
        assert lines, f"{code}/expected.txt lists the findings the fire case reports"
        assert all(re.fullmatch(rf"\S+(:\d+:\d+)?: {code}", line) for line in lines), code
        assert case_config(code).get("command", "check") in COMMANDS, code


def test_a_case_that_does_not_fire_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The harness can fail: the base project does not report RK101, which a case expects."""
    assert "RK101" in RULES
    project = tmp_path / "project"
    shutil.copytree(BASE, project)
    assert not [f for f in findings_of(project, "RK101", capsys) if f.endswith(" RK101")]
    assert expected_lines("RK101")

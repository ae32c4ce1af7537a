"""Readable anywhere: at 80 columns the default `check` output keeps every message and
fix whole (one block per finding when the table would squeeze them), a fresh starter's
placeholders come as one group, and messages use the words of the YAML as written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from helpers.project import REPO, TODAY, run_build_py


def check_at(project: Path, columns: int) -> str:
    env = {**os.environ, "COLUMNS": str(columns)}
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "build.py"),
            "check",
            "--project",
            str(project),
            "--today",
            TODAY,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def findings_of(project: Path) -> list[dict]:
    result = run_build_py("check", "--project", str(project), "--format", "json", "--today", TODAY)
    return json.loads(result.stdout)["findings"]


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def break_things(mini: Path) -> None:
    path = mini / "service_lines" / "cardiology.yaml"
    text = path.read_text()
    text = text.replace("  consult_note_within_days: 2\n", "")  # RK432, a long fix
    text = text.replace("summary: Consultative", "summary: World-class consultative")
    text = text.replace(
        "  portal: https://clinic.example.org/e-referral",
        "  portal: http://clinic.example.org/e-referral/" + "very-long-path-segment-" * 4,
    )
    path.write_text(text)


def test_at_80_columns_every_message_and_fix_is_whole(mini: Path) -> None:
    break_things(mini)
    findings = findings_of(mini)
    assert len(findings) >= 3
    output = check_at(mini, 80)
    assert max(len(line) for line in output.splitlines()) <= 80
    flat = squeezed(output)
    for finding in findings:
        assert squeezed(finding["message"]) in flat, finding["message"]
        assert squeezed(finding["hint"]) in flat, finding["hint"]
    # nothing was shortened with an ellipsis that the findings do not contain themselves
    said = "".join(f["message"] + f["hint"] for f in findings)
    assert output.count("…") <= said.count("…")
    # and wide terminals still get every word, in a table
    wide = check_at(mini, 160)
    assert "┃ line:col" in wide
    for finding in findings:
        assert squeezed(finding["hint"]) in squeezed(wide.replace("│", " "))


def test_a_fresh_starters_placeholders_come_as_one_group(mini: Path) -> None:
    result = run_build_py("new", "pulmonology", "--project", str(mini))
    assert result.returncode == 0, result.stderr
    findings = [f for f in findings_of(mini) if f["path"].endswith("pulmonology.yaml")]
    placeholders = [f for f in findings if f["code"] == "RK481"]
    assert len(placeholders) >= 15
    output = check_at(mini, 80)
    assert f"{len(placeholders)} placeholders to replace" in output
    assert output.count(placeholders[0]["hint"].split(" (")[0]) == 1  # the fix, once
    for finding in placeholders:  # each one still named, with its line and field
        assert f"{finding['line']}:{finding['col']}  {finding['field']}:" in output
    assert len(output.splitlines()) < 4 * len(placeholders)  # was ~15 lines per finding


def test_messages_use_the_words_of_the_yaml(mini: Path) -> None:
    path = mini / "service_lines" / "cardiology.yaml"
    text = path.read_text()
    text = text.replace("reviewed_by: Ada Stone, MD", "reviewed_by: 2026-11-20")
    text = text.replace("  hours: Mon–Fri 8:00–17:00", "  hours: {Mon-Fri: 8-17}")
    path.write_text(text)
    findings = {f["field"]: f for f in findings_of(mini)}
    date = findings["review.reviewed_by"]
    assert date["message"] == "expected text, got the date 2026-11-20"
    assert date["hint"].endswith('text in quotes stays text: reviewed_by: "2026-11-20"')
    mapping = findings["how_to_refer.hours"]
    assert mapping["message"].startswith(
        "written as {Mon-Fri: 8-17}, which YAML reads as a key and its value, not as text"
    )
    assert mapping["hint"] == 'put the text in quotes: hours: "Mon-Fri: 8-17"'
    for finding in findings.values():
        assert "datetime." not in finding["message"] and "got a mapping" not in finding["message"]

"""Content pages follow the same character rules as YAML (issue 24, item 7).

NUL, ESC and DEL bytes in `content/*.md` once passed `check` and were published raw,
while the same bytes in YAML were RK003.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.project import TODAY, build_site, run_build_py


def _rk003(project: Path) -> list[tuple[str, int, int, str]]:
    result = run_build_py("check", "--project", str(project), "--format", "json", "--today", TODAY)
    assert "Traceback" not in result.stderr, result.stderr
    findings = json.loads(result.stdout)["findings"]
    return [
        (f["path"], f["line"], f["col"], f["message"]) for f in findings if f["code"] == "RK003"
    ]


@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\x00", "U+0000 (a control character)"),
        ("\x1b", "U+001B (a control character)"),
        ("\x7f", "U+007F (a control character)"),
        ("\x85", "U+0085 (a C1 control character)"),
        ("\u2028", "U+2028 (a line or paragraph separator)"),
        ("\u202e", "U+202E (a bidirectional control"),
    ],
)
def test_a_control_character_in_a_content_page_is_rk003(
    mini: Path, tmp_path: Path, char: str, what: str
) -> None:
    (mini / "content" / "about.md").write_text(
        f"# About us\n\nWe see adults.\nFax us{char} any time.\n", encoding="utf-8"
    )
    found = _rk003(mini)
    assert [(p, line, col) for p, line, col, _ in found] == [("content/about.md", 4, 7)]
    assert what in found[0][3]
    out = tmp_path / "site"
    built = build_site(mini, out)
    assert built.returncode == 1 and "content/about.md:4:7: RK003" in built.stderr
    assert not out.exists()


def test_the_home_intro_is_checked_too_and_tabs_and_crlf_are_fine(mini: Path) -> None:
    intro = mini / "content" / "index.md"
    intro.write_bytes(intro.read_bytes().replace(b"\n", b"\r\n") + b"\tindented\r\n")
    assert _rk003(mini) == []
    intro.write_bytes(intro.read_bytes() + b"ESC \x1b[2J\r\n")
    [(path, line, col, _)] = _rk003(mini)
    assert path == "content/index.md" and col == 5

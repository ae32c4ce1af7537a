"""Rewrite the README's table of finding codes from the rule registry.

    .venv/bin/python scripts/rule_table.py          # update README.md in place
    .venv/bin/python scripts/rule_table.py --check  # exit 1 if the README is out of date

tests/unit/checks/test_gate_v2.py fails when the table and the registry differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from referkit.checks import rule_table_markdown

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- rule-table:start -->\n", "<!-- rule-table:end -->"


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    updated = head + START + rule_table_markdown() + END + tail
    if "--check" in argv:
        return 0 if updated == text else 1
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Rewrite the rules' documentation from the rule catalogue (plugins/referkit/rules/):
the README's table of finding codes and docs/rules/ (RKnnn.md per rule, README.md).

    .venv/bin/python scripts/rule_table.py          # update README.md and docs/rules/ in place
    .venv/bin/python scripts/rule_table.py --check  # exit 1 if either is out of date

tests/unit/checks/test_gate_v2.py and tests/rules/test_registry.py fail when they differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from referkit.rules.docs import DOCS_DIR, rule_docs, rule_table_markdown

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
START, END = "<!-- rule-table:start -->\n", "<!-- rule-table:end -->"


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    updated = head + START + rule_table_markdown() + END + tail
    docs = REPO / DOCS_DIR
    pages = rule_docs()
    stale = [p for p in docs.glob("*.md") if p.name not in pages]
    changed = [name for name, page in pages.items() if _read(docs / name) != page]
    if "--check" in argv:
        return 0 if updated == text and not stale and not changed else 1
    README.write_text(updated, encoding="utf-8")
    docs.mkdir(parents=True, exist_ok=True)
    for path in stale:
        path.unlink()
    for name in changed:
        (docs / name).write_text(pages[name], encoding="utf-8")
    return 0


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Regenerate the README's reference tables and the demo's JSON Schemas.

    .venv/bin/python scripts/reference.py          # update README.md and service_lines/_schema/
    .venv/bin/python scripts/reference.py --check  # exit 1 (and say what) if anything is stale

Everything written here is generated from one declaration: the plugin options
(referkit/config.py), the YAML contract's field descriptions (referkit/source/model/),
the rule registry (referkit/checks/registry.py). Tests fail when the README or the
schemas are out of date (tests/unit/source/test_reference.py, tests/unit/checks/).
"""

from __future__ import annotations

import sys
from pathlib import Path

from referkit.checks import rule_table_markdown
from referkit.source.reference import README_TABLES, replace_between
from referkit.source.schema import SCHEMA_DIR, json_schemas

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def generated() -> dict[Path, str]:
    """Each generated file and the text it should hold."""
    text = README.read_text(encoding="utf-8")
    text = replace_between(text, "rule-table", rule_table_markdown())
    for name, table in README_TABLES.items():
        text = replace_between(text, name, table())
    files = {README: text}
    for name, schema in json_schemas().items():
        files[ROOT / "service_lines" / SCHEMA_DIR / name] = schema
    return files


def main(argv: list[str]) -> int:
    stale = []
    for path, text in generated().items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path.relative_to(ROOT).as_posix())
        if "--check" not in argv:
            path.write_text(text, encoding="utf-8")
    if stale:
        verb = "out of date" if "--check" in argv else "rewritten"
        print(f"{verb}: " + ", ".join(stale))
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""RK018: mkdocs.yml must list the referkit plugin.

Without it ``mkdocs build`` publishes content/ alone (no service line, guide or form),
and ``build.py build`` failed only after rendering every PDF, with no line and no fix.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..config import MKDOCS_FILE
from ..findings import Finding
from ..rules.project import RK018


def plugin_listed_findings(raw: dict, config_path: Path) -> list[Finding]:
    """RK018 when ``plugins:`` lacks referkit: MkDocs would then publish content/ alone.

    The finding names the line to add, in the style the file already uses."""
    plugins = raw.get("plugins")
    names = plugins if isinstance(plugins, dict) else plugins if isinstance(plugins, list) else []
    listed = [next(iter(p)) if isinstance(p, dict) and p else p for p in names]
    if "referkit" in listed:
        return []
    try:
        text = config_path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        entry = next((kv for kv in root.value if kv[0].value == "plugins"), None)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError, TypeError):
        entry, text = None, ""
    rows = text.splitlines()
    line = 1
    if entry is None:
        hint = "add at the end of the file: plugins: [search, referkit]"
    else:
        key, node = entry
        line = key.start_mark.line + 1
        block = isinstance(node, yaml.SequenceNode | yaml.MappingNode) and not node.flow_style
        if not block or not node.value:
            items = [*(str(n) for n in listed if n), "referkit"] if listed else ["search"]
            items = items if "referkit" in items else [*items, "referkit"]
            hint = f"write line {line} as: plugins: [{', '.join(items)}]"
        else:
            last = node.value[-1]
            last_key = last if isinstance(node, yaml.SequenceNode) else last[0]
            last_end = (last if isinstance(node, yaml.SequenceNode) else last[1]).end_mark
            after = last_end.line + (1 if last_end.column else 0)
            after = max(after, last_key.start_mark.line + 1)
            while after > 1 and not rows[after - 1].strip():
                after -= 1
            if isinstance(node, yaml.SequenceNode):
                dash = rows[last_key.start_mark.line][: last_key.start_mark.column].rstrip()
                add = dash[: len(dash) - 1] + "- referkit" if dash.endswith("-") else "- referkit"
            else:
                add = " " * last_key.start_mark.column + "referkit: {}"
            hint = f"add after line {after}: {add}"
    return [
        RK018.at(
            MKDOCS_FILE,
            line,
            1,
            "referkit is not listed: MkDocs would build content/ alone, without a single "
            "service line, guide or form",
            loc=("plugins",),
            hint=hint,
        )
    ]

"""The rules' documentation, generated from the catalogue: the README's table of codes,
``docs/rules/RKnnn.md`` per rule and ``docs/rules/README.md`` (the index).

``.venv/bin/python scripts/rule_table.py`` writes them; tests keep them in step with :data:`RULES`.
"""

from __future__ import annotations

from . import DECLARED_IN, RULES, STAGES, Rule

DOCS_DIR = "docs/rules"  # relative to the repository
GENERATED = "<!-- generated from plugins/referkit/rules/ by scripts/rule_table.py: do not edit -->"


def _severity(rule: Rule) -> str:
    return rule.severity.value + (f" ({rule.severity_note})" if rule.severity_note else "")


def rule_table_markdown() -> str:
    """The README's table of codes, one row per code, sorted."""
    rows = ["| code | severity | what it means | what to do |", "|---|---|---|---|"]
    for code, rule in RULES.items():
        rows.append(f"| {code} | {_severity(rule)} | {rule.title} | {rule.fix} |")
    return "\n".join(rows) + "\n"


def _fence(file: str) -> str:
    if file.endswith((".yaml", ".yml")):
        return "yaml"
    if file.endswith(".md"):
        return "markdown"
    if file.endswith(".j2"):
        return "jinja"
    return "text"


def _where(file: str) -> str:
    """A path in code style; words (``in a shell``) as they are."""
    return f"`{file}`" if " " not in file else file


def _source_file(code: str) -> str:
    return "plugins/" + DECLARED_IN[code].replace(".", "/") + ".py"


def rule_page(rule: Rule) -> str:
    """``docs/rules/RKnnn.md``: what, why, a bad and a good example, the fix, the severity."""
    fence = _fence(rule.file)
    return "\n".join(
        [
            GENERATED,
            f"# {rule.code}: {rule.title}",
            "",
            f"- **Severity:** {_severity(rule)}",
            f"- **Stage:** `{rule.stage}`, {STAGES[rule.stage]}",
            f"- **Declared in** `{_source_file(rule.code)}`; tested by "
            f"[`tests/rules/{rule.code}/`](../../tests/rules/{rule.code}/)",
            "",
            "## Why",
            "",
            rule.why,
            "",
            f"## Reported ({_where(rule.file)})",
            "",
            f"```{fence}",
            rule.bad.rstrip("\n"),
            "```",
            "",
            "## Fixed",
            "",
            f"```{fence}",
            rule.good.rstrip("\n"),
            "```",
            "",
            "## What to do",
            "",
            rule.fix[:1].upper() + rule.fix[1:] + ("" if rule.fix.endswith(".") else "."),
            "",
            "[All rules](README.md)",
            "",
        ]
    )


def rules_index() -> str:
    """``docs/rules/README.md``: every rule, linked to its page."""
    rows = [
        "| code | severity | stage | what it means |",
        "|---|---|---|---|",
        *(
            f"| [{code}]({code}.md) | {_severity(rule)} | {rule.stage} | {rule.title} |"
            for code, rule in RULES.items()
        ),
    ]
    return "\n".join(
        [
            GENERATED,
            "# Rules",
            "",
            "Every finding ReferKit reports has a code, and every code is a rule with a page "
            "here: what it means, why it matters, an example that is reported and the same "
            "example fixed, and what to do. A finding prints as "
            "`file:line:column: CODE field: message` with a `hint:` line below it.",
            "",
            "Stages, in the order a build meets them: "
            + "; ".join(f"`{name}`, {text}" for name, text in STAGES.items())
            + ".",
            "",
            *rows,
            "",
            "## Adding a rule",
            "",
            "1. Declare it in its family module under `plugins/referkit/rules/` "
            '(`RK4nn = Rule("RK4nn", title=..., why=..., fix=..., bad=..., good=...)`).',
            "2. Make its findings through it: `RK4nn.at(path, line, col, message, loc=..., "
            "hint=...)` (the hint defaults to the fix), or `ctx.finding(RK4nn, loc, message)` "
            "in a content-gate check (`plugins/referkit/checks/`).",
            "3. Add `tests/rules/RK4nn/`: `fire/` (files that report it), `near/` (a near-miss "
            "that must not) and `expected.txt` (`path:line:col: RK4nn`, one line per finding); "
            "see `tests/rules/README.md`.",
            "4. Run `.venv/bin/python scripts/rule_table.py` to regenerate the README's table "
            "and these pages.",
            "",
        ]
    )


def rule_docs() -> dict[str, str]:
    """Every generated documentation file, by its path relative to :data:`DOCS_DIR`."""
    pages = {f"{code}.md": rule_page(rule) for code, rule in RULES.items()}
    return {"README.md": rules_index(), **pages}

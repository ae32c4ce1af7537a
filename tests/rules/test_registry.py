"""The rule catalogue is complete and is the only way findings are made.

- every rule is documented (what, why, a bad and a good example, fix) and its page in
  docs/rules/ is what the catalogue generates;
- the package makes no ``Finding(...)`` by hand and names no code as a string: each
  finding comes from ``RKnnn.at(...)``, ``ctx.finding(RKnnn, ...)`` or
  ``source.add(..., RKnnn, ...)``, and every ``RKnnn`` it names is registered.
"""

from __future__ import annotations

import ast
import re
import textwrap

from helpers.project import REPO
from referkit.rules import RULES, STAGES
from referkit.rules.docs import DOCS_DIR, rule_docs

PACKAGE = REPO / "plugins" / "referkit"
RULES_DIR = PACKAGE / "rules"
CODE = re.compile(r"RK\d{3}")


def test_every_rule_is_a_documented_unit() -> None:
    for code, rule in RULES.items():
        assert CODE.fullmatch(code) and rule.code == code
        for name in ("title", "why", "fix", "bad", "good", "file"):
            assert getattr(rule, name).strip(), f"{code} has no {name}"
        assert rule.bad != rule.good, code
        assert rule.stage in STAGES, code
        assert len(rule.why) <= 400, f"{code}: why is one or two sentences"


def test_rule_docs_match_the_catalogue() -> None:
    docs = REPO / DOCS_DIR
    pages = rule_docs()
    on_disk = {p.name for p in docs.glob("*.md")}
    assert on_disk == set(pages), "run: python scripts/rule_table.py"
    for name, text in pages.items():
        assert (docs / name).read_text(encoding="utf-8") == text, (
            f"{DOCS_DIR}/{name} is out of date; run: python scripts/rule_table.py"
        )


def test_a_rule_page_says_what_why_bad_good_and_fix() -> None:
    rule = RULES["RK431"]
    page = rule_docs()["RK431.md"]
    for part in (rule.title, rule.why, rule.bad.rstrip(), rule.good.rstrip(), "error"):
        assert part in page
    assert "| [RK431](RK431.md) | error | check |" in rule_docs()["README.md"]


def problems_in(source: str, path: str) -> list[str]:
    """Findings made by hand, or codes named as strings, in one module of the package."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "Finding":
                found.append(f"{path}:{node.lineno}: Finding(...) made by hand; use RKnnn.at(...)")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if CODE.fullmatch(node.value):
                found.append(
                    f"{path}:{node.lineno}: the code {node.value!r} as a string; import the "
                    f"rule ({node.value}) from referkit.rules and make the finding through it"
                )
        elif isinstance(node, ast.Name) and CODE.fullmatch(node.id) and node.id not in RULES:
            found.append(f"{path}:{node.lineno}: {node.id} is not a registered rule")
        elif isinstance(node, ast.alias) and CODE.fullmatch(node.name) and node.name not in RULES:
            found.append(f"{path}:{node.lineno}: imports {node.name}, not a registered rule")
    return found


def test_every_finding_is_made_through_its_rule() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent == RULES_DIR:
            continue  # the catalogue: where codes are written, and Rule.at makes the Finding
        found += problems_in(path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix())
    assert found == []


def test_the_scan_sees_a_hand_made_finding_and_an_unknown_code() -> None:
    source = textwrap.dedent(
        """\
        from ..findings import Finding
        from ..rules.files import RK001, RK999

        def f(ctx):
            a = Finding("x.yaml", 1, 1, "RK001", "message")
            b = ctx.finding("RK431", (), "message")
            c = RK001.at("x.yaml", 1, 1, "message")
            return [a, b, c, RK999]
        """
    )
    found = problems_in(source, "m.py")
    assert any("m.py:2: imports RK999" in p for p in found)
    assert any("m.py:5: Finding(...) made by hand" in p for p in found)
    assert any("m.py:5: the code 'RK001' as a string" in p for p in found)
    assert any("m.py:6: the code 'RK431' as a string" in p for p in found)
    assert any("m.py:8: RK999 is not a registered rule" in p for p in found)
    assert not any(":7:" in p for p in found)


def test_every_rule_is_reported_somewhere_in_the_package() -> None:
    """A registered code that no module reports is a rule nobody can meet."""
    used = set()
    for path in PACKAGE.rglob("*.py"):
        if path.parent != RULES_DIR or path.name == "cap.py":
            tree = ast.parse(path.read_text(encoding="utf-8"))
            used |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert [code for code in RULES if code not in used] == []

"""The package's import graph, checked against its one-way layering.

Each module belongs to a layer; an import may only reach its own layer or a lower one.
`PYTHONPATH=tests python -m helpers.layers` prints every import that runs back up (exit 1 if any)
and every module over the size limit. tests/unit/test_layers.py runs the same check.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "referkit"
MAX_LINES = 400

# lowest first: a module may import from its own layer and the layers before it
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "foundation",
        (
            "referkit",
            "referkit.findings",
            "referkit.rules",
            "referkit.urls",
            "referkit.config",
            "referkit.wording",
        ),
    ),
    ("source", ("referkit.source",)),
    ("checks", ("referkit.checks",)),
    ("render", ("referkit.render",)),
    ("pdf", ("referkit.pdf",)),
    ("kit", ("referkit.kit",)),
    ("pipeline", ("referkit.pipeline", "referkit.generate", "referkit.output")),
    ("engines", ("referkit.engines",)),
    ("cli", ("referkit.cli",)),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> int:
    best, rank = -1, None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), index
    if rank is None:
        raise ValueError(f"{module} is in no layer")
    return rank


def imports_of(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import of the package, absolute or relative."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "referkit":
                target = node.module
            else:
                continue
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                is_module = (PACKAGE.parent / Path(*candidate.split("."))).with_suffix(
                    ".py"
                ).is_file() or (
                    PACKAGE.parent / Path(*candidate.split(".")) / "__init__.py"
                ).is_file()
                found.append((node.lineno, candidate if is_module else target))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "referkit"
            ]
    return found


def problems() -> list[str]:
    result = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        here = layer_of(module)
        rel = path.relative_to(PACKAGE.parent.parent).as_posix()
        for line, target in imports_of(path):
            if target == "referkit":
                continue
            there = layer_of(target)
            if there > here:
                result.append(
                    f"{rel}:{line}: {module} ({LAYERS[here][0]}) imports {target} "
                    f"({LAYERS[there][0]}), a higher layer"
                )
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_LINES:
            result.append(f"{rel}: {lines} lines (limit {MAX_LINES})")
    return result


if __name__ == "__main__":
    found = problems()
    print("\n".join(found) or "imports run one way; no module over the limit")
    sys.exit(1 if found else 0)

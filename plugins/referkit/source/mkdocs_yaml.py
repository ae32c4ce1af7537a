"""Read mkdocs.yml without MkDocs: the site facts and ReferKit's options."""

from __future__ import annotations

from pathlib import Path

import yaml

from .positions import line_col, position


class MkdocsYamlError(ValueError):
    """mkdocs.yml cannot be read: where reading stopped (1-based) and why."""

    def __init__(self, line: int, col: int, problem: str, hint: str) -> None:
        super().__init__(f"{line}:{col}: {problem}")
        self.line, self.col, self.problem, self.hint = line, col, problem, hint


def read_mkdocs_yaml(path: Path) -> dict[str, object]:
    """Read mkdocs.yml without MkDocs, tolerating its ``!!python/name`` and ``!ENV`` tags.

    Text that is not UTF-8 or not YAML raises :class:`MkdocsYamlError` naming the line.
    """

    class _Lenient(yaml.SafeLoader):
        pass

    def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            values = loader.construct_sequence(node)
            return values[-1] if values else None  # !ENV [NAME, default] -> default
        return loader.construct_mapping(node)

    _Lenient.add_multi_constructor("!", _ignore)
    _Lenient.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", errors="replace")
        line, col = line_col(before, len(before))
        raise MkdocsYamlError(
            line, col, f"byte 0x{raw[exc.start]:02X} is not UTF-8 text", "save the file as UTF-8"
        ) from None
    try:
        data = yaml.load(text, Loader=_Lenient)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or "invalid YAML")[:200]
        if exc.context == "while scanning a simple key" and exc.context_mark:
            # the key that lacks its colon, not the line where the parser gave up
            mark, problem = exc.context_mark, "this line has no ':' after its key"
        line, col = position(mark) if mark else (1, 1)
        raise MkdocsYamlError(
            line,
            col,
            f"not valid YAML: {problem}",
            "check the indentation and quoting on this line; text containing ': ' or '#' "
            "needs quotes",
        ) from None
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as exc:
        raise MkdocsYamlError(1, 1, f"cannot be read: {str(exc)[:200]}", "") from None
    return data if isinstance(data, dict) else {}

"""Read a YAML file into plain data while keeping where every value came from.

PyYAML marks are 0-based; this module is the one place that converts them to the
1-based lines and columns people read. It also narrows YAML 1.1's implicit
typing, which surprises editors: ``NO`` stays the text "NO" (not false),
``17:00`` stays text (not the sexagesimal number 1020) and ``02134`` keeps its
leading zero.

Hostile or mistaken input is bounded here, and every problem is a finding with a
line, never an exception: files over ``MAX_FILE_BYTES``, bytes that are not UTF-8,
characters that have no place in published text, tags other than YAML's standard
ones, impossible dates, numbers too long to read, recursive aliases and alias
expansion past ``MAX_VALUES``, nesting past ``MAX_DEPTH`` and text values longer
than ``MAX_TEXT_CHARS``. After a syntax error, each top-level block is parsed on
its own so that one run reports the problems of the rest of the file too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..findings import Finding, shorten

Loc = tuple[str | int, ...]
Position = tuple[int, int]

MAX_FILE_BYTES = 1_000_000  # a large practice's organisation file is about 100 kB
MAX_TEXT_CHARS = 10_000  # one text value; a long FAQ answer is about 1,500
MAX_VALUES = 100_000  # values in one file after alias expansion
MAX_DEPTH = 40  # nesting of mappings and lists
MAX_CHARACTER_FINDINGS = 20  # bad characters or bytes listed one by one per file

_STANDARD_TAGS = {
    yaml.ScalarNode: {
        f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
    },
    yaml.SequenceNode: {"tag:yaml.org,2002:seq"},
    yaml.MappingNode: {"tag:yaml.org,2002:map"},
}


def _forbidden_class() -> str:
    ranges = [
        "\x00-\x08\x0b\x0c\x0e-\x1f",  # C0 controls except tab, newline, carriage return
        "\x7f-\x9f",  # DEL and the C1 controls (U+0085 is a YAML line break)
        "\u2028\u2029",  # line and paragraph separators: YAML line breaks, invisible
        "\ud800-\udfff",  # lone surrogates (only reachable through escapes)
        "\ufdd0-\ufdef",  # noncharacters
    ]
    ranges += [chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(17)]
    return "[" + "".join(ranges) + "]"


FORBIDDEN_CHARACTER = re.compile(_forbidden_class())


def character_problem(char: str) -> str:
    """What kind of unwanted character ``char`` is, for a message."""
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return "a control character"
    if code <= 0x9F:
        return "a C1 control character"
    if code in (0x2028, 0x2029):
        return "a line or paragraph separator"
    if 0xD800 <= code <= 0xDFFF:
        return "a lone surrogate"
    return "a Unicode noncharacter"


def describe_character(char: str) -> str:
    return f"U+{ord(char):04X} ({character_problem(char)})"


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's when available) with YAML 1.2-like booleans and numbers."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, rx) for tag, rx in resolvers if tag.rsplit(":", 1)[-1] not in {"bool", "int", "float"}
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


def strings_in(data: object, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string value in parsed YAML, with its field path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings_in(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings_in(value, (*loc, index))
    elif isinstance(data, str):
        yield loc, data


@dataclass
class SourceFile:
    """Plain data from one YAML file plus the position of every key and value."""

    path: str
    data: object = None
    value_positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)
    quoted: set[Loc] = field(default_factory=set)  # scalars written in quotes
    findings: list[Finding] = field(default_factory=list)
    # where a finding already explains a value (e.g. a bad character), so that
    # validation does not report the same value a second time
    flagged: set[Loc] = field(default_factory=set)
    # top-level keys whose block had a syntax error: their values are unknown
    broken_keys: set[str] = field(default_factory=set)

    def position_of(self, loc: Loc, *, key: bool = False) -> Position:
        """Where ``loc`` is, or failing that its nearest parent that exists."""
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if key and end == len(loc) and prefix in self.key_positions:
                return self.key_positions[prefix]
            if prefix in self.value_positions:
                return self.value_positions[prefix]
        return (1, 1)

    def column_in_text(self, loc: Loc, text: str, offset: int) -> int:
        """The column of ``offset`` within the one-line scalar at ``loc``."""
        _, col = self.position_of(loc)
        if "\n" in text:
            return col  # folded or multi-line text: point at where the value starts
        return col + offset + (1 if loc in self.quoted else 0)

    def add(self, line: int, col: int, code: str, message: str, loc: Loc = (), hint: str = ""):
        self.findings.append(Finding(self.path, line, col, code, message, loc=loc, hint=hint))


def _position(mark: yaml.Mark) -> Position:
    return (mark.line + 1, mark.column + 1)


def _line_col(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def read_yaml(path: Path, display_path: str) -> SourceFile:
    """Parse ``path``; every problem becomes a finding instead of an exception."""
    source = SourceFile(path=display_path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            source.add(
                1,
                1,
                "RK007",
                f"the file is {size / 1_000_000:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1_000_000} MB per YAML file",
                hint="split it, or remove what does not belong on a referral page",
            )
            return source
        raw = path.read_bytes()
    except OSError as exc:
        source.add(1, 1, "RK007", f"the file cannot be read ({exc.strerror or exc})")
        return source
    text = _decode(raw, source)
    text = _replace_forbidden_characters(text, source)
    _parse(text, source)
    return source


def _decode(raw: bytes, source: SourceFile) -> str:
    """UTF-8 text; each byte sequence that is not UTF-8 is a finding at its line and column."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    bad: list[int] = []
    start = 0
    while len(bad) <= MAX_CHARACTER_FINDINGS:
        try:
            raw[start:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            bad.append(start + exc.start)
            start += exc.end
    text = raw.decode("utf-8", errors="replace")
    for offset in bad[:MAX_CHARACTER_FINDINGS]:
        before = raw[:offset].decode("utf-8", errors="replace")
        line, col = _line_col(before, len(before))  # columns count characters, as editors do
        source.add(
            line,
            col,
            "RK001",
            f"byte 0x{raw[offset]:02X} is not UTF-8 text",
            hint="save the file as UTF-8 (most editors: File > Save with Encoding > UTF-8)",
        )
    if len(bad) > MAX_CHARACTER_FINDINGS:
        source.add(1, 1, "RK001", "more bytes in this file are not UTF-8 text")
    return text


def _replace_forbidden_characters(text: str, source: SourceFile) -> str:
    """Report characters no published text needs, then parse on with U+FFFD in their place.

    The replacement keeps every later line and column where the editor shows it.
    """
    matches = list(FORBIDDEN_CHARACTER.finditer(text))
    if not matches:
        return text
    for match in matches[:MAX_CHARACTER_FINDINGS]:
        line, col = _line_col(text, match.start())
        source.add(
            line,
            col,
            "RK003",
            f"character {describe_character(match.group())} is not allowed",
            hint="delete it: it is invisible in most editors (retype the text around it)",
        )
    if len(matches) > MAX_CHARACTER_FINDINGS:
        source.add(
            1,
            1,
            "RK003",
            f"{len(matches) - MAX_CHARACTER_FINDINGS} more characters like these in this file",
        )
    return FORBIDDEN_CHARACTER.sub("\ufffd", text)


class _Stop(Exception):
    """The file is too big or too deep to read further; a finding says why."""


def _parse(text: str, source: SourceFile) -> None:
    try:
        source.data = _Builder(text, source).document()
        return
    except yaml.MarkedYAMLError as exc:
        whole_file_error = _syntax_finding(source.path, text, exc)
    except yaml.YAMLError as exc:  # a reader error without a mark
        source.add(1, 1, "RK001", f"YAML cannot be read: {str(exc)[:200]}")
        return
    except _Stop:
        return
    # recover: parse each top-level block on its own, keeping lines and columns
    lines = text.split("\n")
    blocks = _top_level_blocks(lines)
    errors: list[Finding] = []
    data: dict[object, object] = {}
    if len(blocks) > 1:
        source.value_positions[()] = (1, 1)
        for start, end in blocks:
            chunk = "\n" * start + "\n".join(lines[start:end])
            try:
                _Builder(chunk, source).document(into=data)
            except yaml.MarkedYAMLError as exc:
                errors.append(_syntax_finding(source.path, text, exc))
                source.broken_keys.add(lines[start].split(":", 1)[0].strip().strip("\"'"))
            except yaml.YAMLError:
                source.broken_keys.add(lines[start].split(":", 1)[0].strip().strip("\"'"))
            except _Stop:
                break
    source.findings.extend(errors or [whole_file_error])
    source.data = data or None


def _top_level_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line indexes of each top-level ``key: ...`` block."""
    starts = [
        index
        for index, line in enumerate(lines)
        if line[:1] not in {"", " ", "\t", "#", "-", "]", "}", ".", "%", "\r"}
    ]
    return [(start, end) for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)]


def _syntax_finding(display_path: str, text: str, exc: yaml.MarkedYAMLError) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if "end of stream" in problem and exc.context_mark is not None:
        mark = exc.context_mark  # an unclosed quote or bracket: point at where it opened
        problem = f"{exc.context} that is never closed" if exc.context else problem
    opened_earlier = (
        "flow" in (exc.context or "")
        and exc.context_mark is not None
        and exc.problem_mark is not None
        and exc.context_mark.line < exc.problem_mark.line
    )
    if opened_earlier:
        mark = exc.context_mark  # point at the bracket that is never closed, not the next line
    line, col = _position(mark) if mark else (1, 1)
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    hint = "check the indentation: nested fields are indented by the same number of spaces"
    if "\\t" in problem or "\t" in source_line:
        problem = "a tab character is not allowed here"
        hint = "indent with spaces, not tabs"
    elif "quoted scalar" in problem:
        problem = "a quoted text is never closed"
        hint = "end the text with the same quote mark it starts with"
    elif "expected <block end>" in problem or "did not find expected key" in problem:
        problem = "this line is indented differently from the fields around it"
        hint = "line it up with the field above it, or indent it under a field that ends in ':'"
    elif "expected ',' or" in problem or "flow" in problem:
        problem = "a list or mapping in [ ] or { } is not closed where expected"
        hint = (
            "inside [ ] or { }, put text containing a comma, colon or question mark "
            'in quotes, e.g. {q: "Can I refer?", a: "Yes."}'
        )
        if opened_earlier:
            problem = "the list or mapping that starts here with [ or { is not closed"
            hint = "close it with ] or } before the next field; " + hint
    elif "mapping values are not allowed" in problem:
        problem = "unexpected ': ' on this line"
        hint = 'put text containing ": " in quotes, or fix the indentation of this line'
    elif "could not find expected ':'" in problem:
        problem = "expected a 'field: value' line"
        hint = "each line of a mapping needs a colon after the field name"
    elif "nesting depth" in problem:
        problem = "lists or mappings are nested too deeply"
        hint = "referral data needs a few levels at most"
    elif "escape code" in problem:
        problem = "an escape sequence (\\u....) here writes no valid character"
        hint = "remove the escape sequence"
    elif "undefined alias" in problem:
        problem = "an alias (*name) refers to an anchor (&name) that is not defined above it"
        hint = "define the anchor before using it, or write the value out"
    return Finding(
        display_path, line, col, "RK001", f"YAML syntax error: {problem[:200]}", hint=hint
    )


class _Builder:
    """Builds plain data from the node graph, with positions and every limit enforced."""

    def __init__(self, text: str, source: SourceFile) -> None:
        self.text = text
        self.source = source
        self.count = 0
        self.open: set[int] = set()  # nodes being built: seeing one again is a recursive alias

    def document(self, into: dict | None = None) -> object:
        loader = _StrictLoader(self.text)
        try:
            node = loader.get_single_node()
            if node is None:
                return {} if into is None else into
            if into is not None and isinstance(node, yaml.MappingNode):
                return self.mapping(loader, node, (), into)
            if into is not None:
                return into  # not a `key: value` block; the whole-file error covers it
            return self.build(loader, node, ())
        finally:
            loader.dispose()

    def build(self, loader: _StrictLoader, node: yaml.Node, loc: Loc) -> object:
        source = self.source
        line, col = _position(node.start_mark)
        source.value_positions[loc] = (line, col)
        self.count += 1
        if self.count > MAX_VALUES:
            source.add(
                line,
                col,
                "RK008",
                f"more than {MAX_VALUES:,} values in this file (aliases such as *name "
                "repeat their anchor's values)",
                loc=loc,
                hint="write each value out once; do not nest aliases inside aliases",
            )
            raise _Stop
        if len(loc) > MAX_DEPTH:
            source.add(
                line,
                col,
                "RK008",
                f"lists or mappings nested more than {MAX_DEPTH} levels deep",
                loc=loc,
                hint="referral data needs a few levels at most",
            )
            raise _Stop
        if node.tag not in _STANDARD_TAGS[type(node)]:
            source.flagged.add(loc)
            source.add(
                line,
                col,
                "RK004",
                f"the YAML tag {shorten(node.tag, 60)} is not allowed",
                loc=loc,
                hint="remove the tag (the word starting with ! before the value)",
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(loader, node, loc)
        if id(node) in self.open:
            source.flagged.add(loc)
            source.add(
                line,
                col,
                "RK008",
                "this alias refers to the value that contains it, which never ends",
                loc=loc,
                hint="write the value out instead of using the alias (*name)",
            )
            return None
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(loader, node, loc, {})
            return [
                self.build(loader, item, (*loc, index)) for index, item in enumerate(node.value)
            ]
        finally:
            self.open.discard(id(node))

    def mapping(
        self, loader: _StrictLoader, node: yaml.MappingNode, loc: Loc, result: dict
    ) -> dict:
        source = self.source
        for key_node, value_node in node.value:
            line, col = _position(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == (
                "tag:yaml.org,2002:merge"
            ):
                what = (
                    "a merge key (<<)"
                    if isinstance(key_node, yaml.ScalarNode)
                    else "a list or mapping"
                )
                source.add(
                    line,
                    col,
                    "RK102",
                    f"a field name must be plain text, not {what}",
                    loc=loc,
                    hint="write `name: value`, one field per line",
                )
                continue
            key = self.scalar(loader, key_node, (*loc, "<key>"))
            source.value_positions.pop((*loc, "<key>"), None)
            key = str(key)
            if len(key) > 200:
                source.add(line, col, "RK102", f"a field name of {len(key):,} characters", loc=loc)
                continue
            if key in result:
                first_line = source.key_positions[(*loc, key)][0]
                source.add(
                    line,
                    col,
                    "RK002",
                    f"duplicate key {shorten(key)} (first defined on line {first_line})",
                    loc=(*loc, key),
                    hint="keep one of the two and delete the other",
                )
                continue
            source.key_positions[(*loc, key)] = (line, col)
            result[key] = self.build(loader, value_node, (*loc, key))
        return result

    def scalar(self, loader: _StrictLoader, node: yaml.ScalarNode, loc: Loc) -> object:
        source = self.source
        line, col = _position(node.start_mark)
        quoted = node.style in {"'", '"'}
        if quoted:
            source.quoted.add(loc)
        try:
            value = loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:
            source.flagged.add(loc)
            if node.tag.endswith(":timestamp"):
                message = f"{shorten(node.value)} is not a real date ({exc})"
                hint = "write an existing date as YYYY-MM-DD, e.g. 2026-10-01"
            elif node.tag.endswith(":int"):
                message = f"a number of {len(node.value):,} digits is too long"
                hint = "write a whole number of a few digits"
            else:
                message = f"{shorten(node.value)} cannot be read ({str(exc)[:80]})"
                hint = ""
            source.add(line, col, "RK102", message, loc=loc, hint=hint)
            return None
        if not isinstance(value, str):
            return value
        bad = FORBIDDEN_CHARACTER.search(value)
        if bad:
            # only an escape such as "\x80" can produce one: raw ones were replaced already
            source.flagged.add(loc)
            offset = bad.start() if not quoted else 0
            source.add(
                line,
                col + offset,
                "RK003",
                f"character {describe_character(bad.group())} is not allowed in text",
                loc=loc,
                hint="remove the escape sequence (\\x.., \\u....) that writes it",
            )
            value = FORBIDDEN_CHARACTER.sub("\ufffd", value)
        if len(value) > MAX_TEXT_CHARS:
            source.flagged.add(loc)
            source.add(
                line,
                col,
                "RK008",
                f"text of {len(value):,} characters; the limit is {MAX_TEXT_CHARS:,} per value",
                loc=loc,
                hint="referral pages are read in a minute: keep each value short",
            )
            value = value[:MAX_TEXT_CHARS]
        return value


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
        line, col = _line_col(before, len(before))
        raise MkdocsYamlError(
            line, col, f"byte 0x{raw[exc.start]:02X} is not UTF-8 text", "save the file as UTF-8"
        ) from None
    try:
        data = yaml.load(text, Loader=_Lenient)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = _position(mark) if mark else (1, 1)
        raise MkdocsYamlError(
            line,
            col,
            f"not valid YAML: {(exc.problem or 'invalid YAML')[:200]}",
            "check the indentation and quoting on this line; text containing ': ' or '#' "
            "needs quotes",
        ) from None
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as exc:
        raise MkdocsYamlError(1, 1, f"cannot be read: {str(exc)[:200]}", "") from None
    return data if isinstance(data, dict) else {}

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

from pathlib import Path

import yaml

from ..findings import Finding
from ..rules.files import RK001, RK003, RK007
from .characters import FORBIDDEN_CHARACTER, describe_character
from .positions import (  # noqa: F401
    MAX_CHARACTER_FINDINGS,
    MAX_FILE_BYTES,
    Loc,
    SourceFile,
    StopReading,
    line_col,
    position,
    strings_in,
)
from .yaml_builder import Builder


def read_yaml(path: Path, display_path: str) -> SourceFile:
    """Parse ``path``; every problem becomes a finding instead of an exception."""
    source = SourceFile(path=display_path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            source.add(
                1,
                1,
                RK007,
                f"the file is {size / 1_000_000:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1_000_000} MB per YAML file",
                hint="split it, or remove what does not belong on a referral page",
            )
            return source
        raw = path.read_bytes()
    except OSError as exc:
        source.add(1, 1, RK007, f"the file cannot be read ({exc.strerror or exc})")
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
        line, col = line_col(before, len(before))  # columns count characters, as editors do
        source.add(
            line,
            col,
            RK001,
            f"byte 0x{raw[offset]:02X} is not UTF-8 text",
            hint="save the file as UTF-8 (most editors: File > Save with Encoding > UTF-8)",
        )
    if len(bad) > MAX_CHARACTER_FINDINGS:
        source.add(1, 1, RK001, "more bytes in this file are not UTF-8 text")
    return text


def _replace_forbidden_characters(text: str, source: SourceFile) -> str:
    """Report characters no published text needs, then parse on with U+FFFD in their place.

    The replacement keeps every later line and column where the editor shows it.
    """
    matches = list(FORBIDDEN_CHARACTER.finditer(text))
    if not matches:
        return text
    for match in matches[:MAX_CHARACTER_FINDINGS]:
        line, col = line_col(text, match.start())
        source.add(
            line,
            col,
            RK003,
            f"character {describe_character(match.group())} is not allowed",
            hint="delete it: it is invisible in most editors (retype the text around it)",
        )
    if len(matches) > MAX_CHARACTER_FINDINGS:
        source.add(
            1,
            1,
            RK003,
            f"{len(matches) - MAX_CHARACTER_FINDINGS} more characters like these in this file",
        )
    return FORBIDDEN_CHARACTER.sub("\ufffd", text)


def _parse(text: str, source: SourceFile) -> None:
    try:
        source.data = Builder(text, source).document()
        return
    except yaml.MarkedYAMLError as exc:
        whole_file_error = _syntax_finding(source.path, text, exc)
    except yaml.YAMLError as exc:  # a reader error without a mark
        source.add(1, 1, RK001, f"YAML cannot be read: {str(exc)[:200]}")
        return
    except StopReading:
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
                Builder(chunk, source).document(into=data)
            except yaml.MarkedYAMLError as exc:
                errors.append(_syntax_finding(source.path, text, exc))
                source.broken_keys.add(lines[start].split(":", 1)[0].strip().strip("\"'"))
            except yaml.YAMLError:
                source.broken_keys.add(lines[start].split(":", 1)[0].strip().strip("\"'"))
            except StopReading:
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
    line, col = position(mark) if mark else (1, 1)
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
    return RK001.at(display_path, line, col, f"YAML syntax error: {problem[:200]}", hint=hint)

"""Characters that have no place in published text (controls, separators, noncharacters)."""

from __future__ import annotations

import re


def _forbidden_class() -> str:
    ranges = [
        "\x00-\x08\x0b\x0c\x0e-\x1f",  # C0 controls except tab, newline, carriage return
        "\x7f-\x9f",  # DEL and the C1 controls (U+0085 is a YAML line break)
        "\u2028\u2029",  # line and paragraph separators: YAML line breaks, invisible
        # bidirectional embeddings, overrides and isolates: invisible, and they reorder
        # how the text around them reads ("Trojan Source", CVE-2021-42574); the marks
        # U+200E, U+200F and U+061C stay allowed: right-to-left text needs them
        "\u202a-\u202e\u2066-\u2069",
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
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "a bidirectional control: it reorders the text around it"
    if 0xD800 <= code <= 0xDFFF:
        return "a lone surrogate"
    return "a Unicode noncharacter"


def describe_character(char: str) -> str:
    return f"U+{ord(char):04X} ({character_problem(char)})"


def forbidden_characters(text: str, limit: int) -> tuple[list[tuple[int, int, str]], int]:
    """The first ``limit`` forbidden characters in ``text`` as (line, column, what),
    1-based, and how many there are in all."""
    from .positions import line_col

    matches = list(FORBIDDEN_CHARACTER.finditer(text))
    found = []
    for match in matches[:limit]:
        line, col = line_col(text, match.start())
        found.append((line, col, describe_character(match.group())))
    return found, len(matches)

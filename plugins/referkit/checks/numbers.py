"""RK484: a phone or fax number written in free text that cannot be dialled.

A number in a structured field (``fax:``, ``phone:``) is parsed and refused when it is
not a number (RK102). A number inside a sentence ("call the on-call nephrologist at
+1 415-555-019") is printed as written: the pages link the numbers they can read
(``render/nowrap.py``), so a digit too few only loses its link, silently. This rule
reads the text as a referring office would dial it.

Only for the countries of the North American numbering plan (+1: the US, Canada and
others), whose numbers are written in one shape, 3-3-4 digits: text in that shape with
a last group of 2, 3, 5 or 6 digits is a number typed wrong, and a 3-3-4 number that is
not a valid one (no such area code) too. Elsewhere numbers come in too many shapes to
tell a typo from a reference number, and nothing is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

import phonenumbers

from ..findings import Finding
from ..rules.content import RK484
from ..source.positions import SourceFile
from .compliance import ORGANIZATION_PATH
from .registry import LineContext, ProjectContext, line_check, project_check
from .text import TextHit, text_findings

# 3-3-N digits, optionally after +1 or 1, the area code optionally in brackets; not
# inside a word, a URL or a longer run of digits
_SHAPED = re.compile(
    r"(?<![\w/.+-])(?P<code>\+?1[ .-]?)?(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-](?P<last>\d{2,6})"
    r"(?![\w/]|-\d)"
)


def _country(load) -> str | None:
    practice = load.practice or load.partial
    try:
        return practice.organization.country
    except (AttributeError, IndexError):
        return None


def undiallable(text: str, region: str) -> list[tuple[re.Match[str], str]]:
    """Each number in ``text`` that cannot be dialled, with why; none outside +1."""
    if phonenumbers.country_code_for_region(region) != 1:
        return []
    found = []
    for match in _SHAPED.finditer(text):
        if match.group(0) == text.strip():
            continue  # a field that is only a number is parsed and checked as one (RK102)
        if match.group(0)[0] not in "+(" and not any(c in "-." for c in match.group(0)):
            continue  # "sizes 100 150 200 mm": spaces alone make a number only after +1 or (
        if len(match["last"]) != 4:
            digits = sum(c.isdigit() for c in match.group(0))
            digits -= 1 if match["code"] else 0
            found.append((match, f"it has {digits} digits after the country code, not 10"))
            continue
        try:
            number = phonenumbers.parse(match.group(0), region)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            found.append((match, f"it is not a number in use in {region}"))
    return found


def check_numbers(path: str, source: SourceFile, region: str | None) -> list[Finding]:
    if region is None:
        return []

    def find(text: str) -> Iterator[TextHit]:
        for match, why in undiallable(text, region):
            message = (
                f"{match.group(0)!r} looks like a phone or fax number, but {why}: "
                "nobody can dial it as printed"
            )
            yield match.start(), message, None

    return text_findings(path, source, RK484, find)


@line_check
def check_line_numbers(ctx: LineContext) -> list[Finding]:
    return check_numbers(ctx.path, ctx.source, _country(ctx.load))


@project_check
def check_organization_numbers(ctx: ProjectContext) -> list[Finding]:
    source = ctx.load.sources.get(ORGANIZATION_PATH)
    if source is None:
        return []
    make = partial(check_numbers, ORGANIZATION_PATH, source, _country(ctx.load))
    return ctx.organization_rule("numbers in text", source, make)

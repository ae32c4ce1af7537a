"""Languages spoken by providers and at locations: BCP 47 codes, shown by name.

Codes are checked with ``langcodes`` (its names come from ``language_data``), so a
typo such as ``spanish`` or ``sp`` is a finding with a suggestion, never a page
that says "Unknown language".
"""

from __future__ import annotations

from functools import lru_cache

import langcodes
from pydantic_core import PydanticCustomError

EXAMPLES = "es (Spanish), pt-BR (Portuguese, Brazil), zh-Hant, ase (American Sign Language)"


@lru_cache(maxsize=512)
def _suggestion(value: str) -> str:
    """A code for what the writer probably meant ("Spanish" → ``es``), or ""."""
    try:
        found = langcodes.find(value)
    except LookupError:
        return ""
    return found.to_tag() if found.to_tag() != "und" else ""


def parse_language_tag(value: object) -> str:
    """Validate a BCP 47 tag and return it in canonical form (``EN-us`` → ``en-US``)."""
    text = value.strip() if isinstance(value, str) else ""
    ok = bool(text) and langcodes.tag_is_valid(text)
    if ok:
        tag = langcodes.standardize_tag(text)
        # private-use and "undetermined" codes are valid tags but name no language
        ok = (
            not langcodes.Language.get(tag)
            .display_name()
            .startswith(("Unknown language", "Uncoded"))
        )
    if not ok:
        suggestion = _suggestion(text) if text else ""
        hint = (
            f"write {suggestion} for {language_name(suggestion)}"
            if suggestion
            else f"use a BCP 47 language code, e.g. {EXAMPLES}"
        )
        raise PydanticCustomError(
            "language_code",
            "expected a BCP 47 language code such as es or pt-BR, got {value}{meant}",
            {
                "value": repr(value),
                "meant": f"; did you mean {suggestion!r}?" if suggestion else "",
                "hint": hint,
            },
        )
    return tag


@lru_cache(maxsize=512)
def language_name(tag: str) -> str:
    """The English name of a language tag: ``es`` → "Spanish"."""
    return langcodes.Language.get(tag).display_name()


def language_names(tags: tuple[str, ...] | list[str]) -> str:
    """Names joined for a sentence: ("es", "pt") → "Spanish, Portuguese"."""
    return ", ".join(language_name(tag) for tag in tags)


def language_node(tag: str) -> dict:
    """A schema.org ``Language`` for JSON-LD: its name plus the BCP 47 code."""
    return {"@type": "Language", "name": language_name(tag), "alternateName": tag}

"""RK484: numbers in free text that nobody can dial, read the way a US or Canadian
office dials; what only looks like one (dates, doses, codes, links) is left alone."""

from __future__ import annotations

import pytest
from referkit.checks.numbers import undiallable


@pytest.mark.parametrize(
    ("text", "number", "why"),
    [
        ("call the on-call nephrologist at +1 415-555-019 now", "+1 415-555-019", "9 digits"),
        ("after hours call 415-555-01999.", "415-555-01999", "11 digits"),
        ("or (403) 555-012 for the nurse", "(403) 555-012", "9 digits"),
        ("fax 123-456-7890 first", "123-456-7890", "not a number in use in US"),
        ("phone 608.555.01 first", "608.555.01", "8 digits"),
    ],
)
def test_a_number_typed_wrong_is_found(text: str, number: str, why: str) -> None:
    found = undiallable(text, "US")
    assert [match.group(0) for match, _ in found] == [number]
    assert why in found[0][1]


@pytest.mark.parametrize(
    "text",
    [
        "call (403) 555-0101 or 403-555-0188, or 1-800-555-0199",
        "ECG within 30 days; reviewed 2026-12-04",
        "sizes 100 150 200 mm",  # spaces alone: no number
        "see https://example.org/forms/123-456-78",
        "taxonomy 207RC0000X, ZIP 53703-1234, ref 12-345-6789",
        "+1 608-555-012",  # a field holding only a number is RK102's
    ],
)
def test_what_is_no_number_or_a_good_one_is_left_alone(text: str) -> None:
    assert undiallable(text, "US") == []


def test_outside_the_plus_one_plan_nothing_is_guessed() -> None:
    assert undiallable("call 415-555-019", "GB") == []
    assert undiallable("call 415-555-019", "CA") != []  # Canada dials as the US does

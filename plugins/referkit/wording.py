"""How ReferKit says units, dates, sizes and targets: one place, used by every wing.

Pages, PDFs, the gate's messages and the change feed all take their wording from
here, so a count of days, a date or a file size reads the same wherever it appears.
"""

from __future__ import annotations

from datetime import date


def human_size(size_bytes: int) -> str:
    if size_bytes < 1024:
        return f"{size_bytes} bytes"
    if size_bytes < 1024 * 1024:
        return f"{round(size_bytes / 1024)} KB"
    return f"{size_bytes / 1024 / 1024:.1f} MB"


def business_days(days: int) -> str:
    return units(days, "business")


def units(number: int, days: str = "business") -> str:
    """A count of days with its unit: "30 calendar days", "3 business days".

    ``days`` is ``triage.days`` ("business" or "calendar"). Zero reads "the same
    business day" / "the same day", so "within 0 days" never appears.
    """
    if days not in {"business", "calendar"}:
        raise ValueError(f"days must be 'business' or 'calendar', got {days!r}")
    if number == 0:
        return "the same business day" if days == "business" else "the same day"
    return f"{number} {days} day{'s' * (number != 1)}"


def reply_hours(number: int, days: str = "business") -> str:
    """A reply time in hours: business hours when the file counts business days,
    clock hours when it counts calendar days ("72 hours")."""
    unit = "business hour" if days == "business" else "hour"
    return f"{number} {unit}{'s' * (number != 1)}"


def target(number: int, days: str = "business", phrase: str | None = None, *, start=True) -> str:
    """A target as a sentence part: "Seen within 3 business days", or with a level's
    ``target_phrase`` (contract v3) "First treatment given within 2 business days".

    ``start=False`` for the middle of a sentence ("Urgent — seen within …"): "Seen"
    is lowercased, and so is the phrase's first letter when it starts an ordinary
    word (not "GP" or "MRI")."""
    lead = phrase or "Seen"
    if not start and lead[:1].isupper() and not lead[1:2].isupper():
        lead = lead[:1].lower() + lead[1:]
    return f"{lead} within {units(number, days)}"


def short_date(value: date) -> str:
    """A date as "20 Nov 2026": unambiguous in every English-speaking country."""
    return f"{value.day} {value.strftime('%b %Y')}"


def long_date(day: date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"

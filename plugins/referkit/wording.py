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


def short_date(value: date) -> str:
    """A date as "20 Nov 2026": unambiguous in every English-speaking country."""
    return f"{value.day} {value.strftime('%b %Y')}"


def long_date(day: date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"

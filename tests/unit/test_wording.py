"""referkit.wording: the one place units, dates, sizes and a level's target are worded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from referkit import wording
from referkit.source.history_diff import diff_lines
from referkit.source.loader import load_practice
from referkit.source.model import Level
from referkit.wording import NO_TARGET, level_target, unit_name


def test_a_level_target_reads_the_same_everywhere() -> None:
    emergency = Level(label="Emergency", emergency=True, action="Call 911.")
    assert level_target(emergency, "calendar") == "Call 911."
    assert level_target(Level(label="Emergency", emergency=True)) == ""  # never "None"
    assert level_target(Level(label="Urgent", seen_within=3)) == "seen within 3 business days"
    assert (
        level_target(Level(label="C3", seen_within=1), "calendar") == "seen within 1 calendar day"
    )
    assert level_target(Level(label="Now", seen_within=0)) == "seen within the same business day"
    assert level_target(Level(label="Routine")) == NO_TARGET == "no target published"
    assert level_target(Level(label="Routine"), say_none=False) == ""


def test_units_hours_and_unit_names() -> None:
    assert wording.units(30, "calendar") == "30 calendar days"
    assert wording.units(0, "calendar") == "the same day"
    assert wording.reply_hours(1, "business") == "1 business hour"
    assert wording.reply_hours(72, "calendar") == "72 hours"
    assert unit_name("business") == "business days"
    assert unit_name(None) == "days"
    assert unit_name("calendar", hours=True, count=1) == "hour"
    with pytest.raises(ValueError):
        unit_name("weekdays")


def test_dates_and_sizes() -> None:
    day = date(2026, 11, 3)
    assert wording.short_date(day) == "3 Nov 2026"
    assert wording.long_date(day) == "November 3, 2026"
    assert wording.month_day_year(day) == "Nov 3, 2026"
    sizes = [wording.human_size(n) for n in (812, 98_304, 1_468_006)]
    assert sizes == ["812 bytes", "96 KB", "1.4 MB"]


def test_the_change_feed_words_a_zero_target_as_the_page_does(mini: Path) -> None:
    """It said "0 business days" where the page says "the same business day"."""
    path = mini / "service_lines" / "cardiology.yaml"
    text = path.read_text(encoding="utf-8")
    lines = []
    for target in ("3", "0"):
        path.write_text(text.replace("seen_within_days: 3", f"seen_within_days: {target}"))
        lines.append(load_practice(mini).practice.service_lines[0])
    assert diff_lines(*lines) == ["Urgent: 3 business days → the same business day"]


def test_a_validation_error_names_the_unit(mini: Path) -> None:
    path = mini / "service_lines" / "cardiology.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("seen_within_days: 3", "seen_within_days: three").replace(
            "acknowledge_within_hours: 4", "acknowledge_within_hours: four"
        )
    )
    messages = [f.message for f in load_practice(mini).findings]
    assert "expected a whole number of business days, got 'three'" in messages
    assert "expected a whole number of business hours, got 'four'" in messages


def test_a_bound_reads_as_a_count_of_the_unit(mini: Path) -> None:
    path = mini / "service_lines" / "cardiology.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("seen_within_days: 3", "seen_within_days: 99999"))
    messages = [f.message for f in load_practice(mini).findings]
    assert "expected at most 365 business days, got the number 99999" in messages

"""How ReferKit says units, dates, sizes and targets: one place, used by every wing.

Pages, PDFs, the gate's messages, the change feed and validation errors all take their
wording from here, so a count of days, a date, a file size or a level's target reads
the same wherever it appears. Templates reach these functions as filters of the same
name (render/pages.py) and place a level's target with the ``level_target`` macro in
``templates/shared/_macros.j2``.
"""

from __future__ import annotations

from datetime import date

DAY_UNITS = ("business", "calendar")
NO_TARGET = "no target published"


def human_size(size_bytes: int) -> str:
    """A file size as a download link states it: "812 bytes", "96 KB", "1.4 MB"."""
    if size_bytes < 1024:
        return f"{size_bytes} bytes"
    if size_bytes < 1024 * 1024:
        return f"{round(size_bytes / 1024)} KB"
    return f"{size_bytes / 1024 / 1024:.1f} MB"


def unit_name(days: str | None = "business", *, hours: bool = False, count: int = 2) -> str:
    """The unit alone: "business days", "calendar day", "business hours", "hours".

    ``days`` is ``triage.days`` ("business" or "calendar"), or None where the unit is
    not known yet (a validation error reads "a whole number of days"). Hours are
    business hours in a file that counts business days, clock hours otherwise.
    """
    if days not in (*DAY_UNITS, None):
        raise ValueError(f"days must be 'business' or 'calendar', got {days!r}")
    if hours:  # business hours in a business-day file, clock hours otherwise
        return f"{'business ' * (days == 'business')}hour{'s' * (count != 1)}"
    return f"{f'{days} ' if days else ''}day{'s' * (count != 1)}"


def units(number: int, days: str = "business") -> str:
    """A count of days with its unit: "30 calendar days", "3 business days".

    ``days`` is ``triage.days`` ("business" or "calendar"). Zero reads "the same
    business day" / "the same day", so "within 0 days" never appears.
    """
    if days not in DAY_UNITS:
        raise ValueError(f"days must be 'business' or 'calendar', got {days!r}")
    if number == 0:
        return "the same business day" if days == "business" else "the same day"
    return f"{number} {unit_name(days, count=number)}"


def business_days(days: int) -> str:
    return units(days, "business")


def reply_hours(number: int, days: str = "business") -> str:
    """A reply time in hours: business hours when the file counts business days,
    clock hours when it counts calendar days ("72 hours")."""
    return f"{number} {unit_name(days, hours=True, count=number)}"


def level_target(level: object, days: str = "business", *, say_none: bool = True) -> str:
    """What an urgency level says about when the patient is seen, in one place.

    - an emergency level: its ``action`` (the YAML's own words; "" when it has none),
    - a level with ``seen_within``: "seen within 3 business days", or with its
      ``target_phrase`` (contract v3) what the target counts instead of "seen":
      "intervention (face to face or by telephone) provided within 2 business days"
      (the phrase as written, its first letter lowercased when it begins an ordinary
      word, so the macro's ``capital`` can start a sentence with it),
    - any other level: "no target published" ("" with ``say_none=False``, where a
      guide, form or overview stays silent).

    A clinic (contract v3) has ``seen_within`` and ``target_phrase`` too, and reads
    the same way.

    ``level`` is a ``model.Level`` (read by attribute, so this module stays below the
    model). Templates place the phrase with the ``level_target`` macro
    (templates/shared/_macros.j2), which adds the punctuation each page or PDF uses.
    """
    if getattr(level, "emergency", False):
        return getattr(level, "action", None) or ""
    target = getattr(level, "seen_within", None)
    if target is not None:
        return f"{target_lead(getattr(level, 'target_phrase', None))} within {units(target, days)}"
    return NO_TARGET if say_none else ""


def target_lead(phrase: str | None) -> str:
    """What a target counts, mid-sentence: "seen", or a level's ``target_phrase`` with
    its first letter lowercased unless it begins an acronym ("GP review" stays)."""
    if not phrase:
        return "seen"
    if phrase[:1].isupper() and not phrase[1:2].isupper():
        return phrase[:1].lower() + phrase[1:]
    return phrase


def short_date(value: date) -> str:
    """A date as "20 Nov 2026": unambiguous in every English-speaking country."""
    return f"{value.day} {value.strftime('%b %Y')}"


def long_date(day: date) -> str:
    """A date as "November 20, 2026" (review lines, the change feed)."""
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def month_day_year(day: date) -> str:
    """A date as "Nov 20, 2026" (the partner overview's review line)."""
    return f"{day.strftime('%b')} {day.day}, {day.year}"


def build_py(*args: str) -> str:
    """The ``build.py`` command line the user can type as written, with the Python
    running now: ``.venv/bin/python build.py check`` in the project folder (the system's
    ``python`` may lack the dependencies, so a bare ``python build.py`` can fail)."""
    import os
    import shutil
    import sys
    from pathlib import Path

    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else Path("build.py")
    if script.name == "referkit":  # the console script pip installs
        return " ".join(["referkit", *args])

    def typed(path: str) -> str:
        """A path as short as it can be typed from here: relative inside, else absolute."""
        absolute = os.path.abspath(path)  # not resolved: .venv/bin/python is a link
        relative = os.path.relpath(absolute)
        return absolute if relative.startswith("..") else relative

    python = typed(sys.executable)
    if os.path.isabs(python):
        found = shutil.which("python3")
        if found and Path(found).resolve() == Path(sys.executable).resolve():
            python = "python3"
    where = typed(str(script)) if script.name == "build.py" else "build.py"
    return " ".join([python, where, *args])


def pip_install(extra: str) -> str:
    """The command that installs one of ReferKit's extras into the Python running now:
    from the checkout when ReferKit runs from one, else from the package index."""
    import os
    import sys
    from pathlib import Path

    checkout = Path(__file__).resolve().parents[2]
    python = os.path.abspath(sys.executable)
    relative = os.path.relpath(python)
    python = python if relative.startswith("..") else relative
    if (checkout / "pyproject.toml").is_file():
        here = os.path.relpath(checkout)
        target = "." if here == "." else (checkout if here.startswith("..") else here)
        return f"{python} -m pip install -e '{target}[{extra}]'"
    return f"{python} -m pip install 'referkit[{extra}]'"

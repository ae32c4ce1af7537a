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

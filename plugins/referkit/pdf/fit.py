"""Fitting on one page: what each PDF prints and by how much it overflows (RK301)."""

from __future__ import annotations

from collections.abc import Mapping

from ..findings import Finding
from ..rules.pdf import RK301
from ..source.model import ServiceLine
from ..source.positions import SourceFile
from .jobs import FIT_STEPS_PT


def _criteria_chars(criteria) -> int:
    return sum(len(c.text or "") + _criteria_chars(getattr(c, "group", ()) or ()) for c in criteria)


def _chars(values) -> int:
    total = 0
    for value in values or ():
        if isinstance(value, str):
            total += len(value)
        elif hasattr(value, "model_dump"):
            total += sum(len(str(v)) for v in value.model_dump().values() if v not in (None, True))
        else:
            total += len(str(value))
    return total


def section_lengths(line: ServiceLine, kind: str) -> tuple[tuple[str, int, tuple], ...]:
    """What the PDF of ``kind`` prints, longest first: (YAML field, characters, loc).

    The form prints no criteria, summary or workup; it prints the levels' labels,
    routes and emergency actions, the records and must_include checklists.
    """
    levels = line.triage.levels
    how = line.main_route
    # every route the guide prints (one in contract v2)
    how_chars = sum(len(str(v)) for r in line.how_to_refer for v in r.model_dump().values() if v)
    if kind == "form":
        sections = {
            "triage levels": (
                sum(len(lv.label) + len(lv.route or "") + len(lv.action or "") for lv in levels),
                ("triage",),
            ),
            "required_records": (_chars(line.required_records), ("required_records",)),
            "must_include": (_chars(line.must_state), ("must_include",)),
            "how_to_refer": (len(how.portal or ""), ("how_to_refer",)),
        }
    else:
        sections = {
            "triage criteria": (
                sum(
                    _criteria_chars(lv.criteria) + len(lv.action or "") + len(lv.route or "")
                    for lv in levels
                ),
                ("triage",),
            ),
            "summary": (len(line.summary), ("summary",)),
            "how_to_refer": (how_chars, ("how_to_refer",)),
            "clinics": (
                sum(
                    _criteria_chars(c.criteria) + len(c.name) + len(c.lead_in or "")
                    for c in line.clinics
                ),
                ("clinics",),
            ),
            "must_include": (
                _chars(line.must_state) + sum(len(i.group or "") for i in line.must_include),
                ("must_include",),
            ),
            "notices": (  # as in contract v2: text and dates (the audience is not printed)
                sum(
                    len(str(v))
                    for n in line.notices
                    for k, v in n.model_dump().items()
                    if k != "audience" and v not in (None, True)
                ),
                ("notices",),
            ),
        }
        for name in (
            "required_records",
            "workup",
            "not_appropriate",
            "advice",
            "definitions",
        ):
            value = getattr(line, name, ())
            sections[name] = (_chars(value if isinstance(value, tuple) else (value,)), (name,))
    rows = [(name, chars, loc) for name, (chars, loc) in sections.items() if chars]
    return tuple(sorted(rows, key=lambda row: (-row[1], row[0])))


def guide_overflow(
    label: str,
    source_path: str,
    sections: tuple[tuple[str, int, tuple], ...],
    overflow_in: float,
    sources: Mapping[str, SourceFile],
) -> Finding:
    """RK301: the guide cannot fit one page at the smallest size (a form never fails: it
    takes a second page). The same finding from ``check`` and ``build``, measured or
    read from the cache."""
    longest = ", ".join(f"{name} ({chars} characters)" for name, chars, _ in sections[:3])
    line = col = 1  # the file's start, when no section names a line
    loc: tuple = ()
    if sections:
        loc = sections[0][2]
        source = sources.get(source_path)
        if source is not None:
            line, col = source.position_of(loc, key=True)
    return RK301.at(
        source_path,
        line,
        col,
        f"the {label} does not fit on one page even at {FIT_STEPS_PT[-1]:g} pt: it "
        f"overflows by about {overflow_in:.1f} in; longest sections: {longest}",
        loc=loc,
        hint="the guide stays one page and prints every criterion, checklist and route, so "
        "shorten the longest sections named here; text that explains rather than decides "
        "(background, examples, how a test is done) can move to faq: or a content/ page, "
        "which only the web page shows (the guide's QR code links to it)",
    )

"""Where WeasyPrint's balanced columns will settle, guessed from one layout (issue #23).

Before balancing, WeasyPrint lays the columns' content out in one column at the full
page height (pdf/columns.py). That layout already holds what balancing decides: where
each block and line ends, and between which of them a column may break (not inside a
``break-inside: avoid`` box, not after a heading that avoids breaking after it, not
between lines that would leave fewer than ``orphans`` or ``widows``). :func:`guess`
reads those break points and tells, for a trial height, whether the content would fit
in the columns: the first column filled up to the last break point above the height,
the rest measured from there.

It is only a guess: the search (columns.BalanceSearch) lays out the trial it names and
the one below, and goes on searching when the guess was wrong, so every answer is
still the first trial at which WeasyPrint's own layout fits.
"""

from __future__ import annotations

from dataclasses import dataclass

_AVOID = {"avoid", "avoid-column", "avoid-page"}


@dataclass(frozen=True)
class _Atom:
    """Content a column break cannot fall inside: a line, or a box kept whole."""

    breakable_before: bool  # may a column break just before it?
    resume_top: float  # where the next column's content starts when it breaks there
    bottom: float  # how low it reaches for the fit test (with the boxes it ends)


def break_points(column_boxes, top: float) -> list[_Atom]:
    """The atoms of the columns laid out at full height, in order, as if in one column
    (a later column's atoms below the earlier ones, from where they end)."""
    atoms: list[_Atom] = []
    for box in column_boxes:
        start = len(atoms)
        _walk(box, atoms, avoid_inside=False, start_top=None, breakable=start > 0)
        if start:  # continue below the atoms before
            shift = atoms[start - 1].bottom - top
            atoms[start:] = [
                _Atom(a.breakable_before, a.resume_top + shift, a.bottom + shift)
                for a in atoms[start:]
            ]
    return atoms


def _in_flow(box) -> list:
    return [c for c in getattr(box, "children", ()) if c.is_in_normal_flow()]


def _column_start(box) -> float:
    """Where a column that starts with ``box`` starts: the top margins that collapse
    through it and its first children are kept at the top of a balanced column."""
    margin = box.margin_top
    while not (box.border_top_width or box.padding_top):
        inner = _in_flow(box)
        if not inner or type(inner[0]).__name__ == "LineBox":
            break
        box = inner[0]
        margin = max(margin, box.margin_top)
    return box.border_box_y() - margin


def _border_bottom(box) -> float:
    return box.border_box_y() + box.border_height()


def _fit_bottom(box, parent) -> float:
    """How low ``box`` reaches for WeasyPrint's fit test in ``parent``: its border box,
    and once more its bottom padding and border (and its bottom margin where the
    parent's does not collapse with it), as WeasyPrint adds them to the space it
    keeps below a block."""
    extra = box.padding_bottom + box.border_bottom_width
    if parent is not None and not parent.bottom_margin_collapses():
        extra += box.margin_bottom
    return _border_bottom(box) + extra


def _walk(box, atoms: list[_Atom], avoid_inside: bool, start_top, breakable: bool) -> None:
    children = _in_flow(box)
    if children and all(type(c).__name__ == "LineBox" for c in children):
        orphans, widows, count = box.style["orphans"], box.style["widows"], len(children)
        for j, line in enumerate(children):
            if j == 0:
                ok, top = breakable, start_top if start_top is not None else line.position_y
            else:
                ok = not avoid_inside and j >= orphans and count - j >= widows
                top = line.position_y
            atoms.append(_Atom(ok, top, line.position_y + line.height))
        return
    previous = None
    for k, child in enumerate(children):
        if k == 0:
            ok = breakable
            top = start_top if start_top is not None else _column_start(child)
        else:
            ok = not avoid_inside and _sibling_break(previous, child)
            top = _column_start(child)
        inside = avoid_inside or child.style["break_inside"] in _AVOID
        whole = inside or "Table" in type(child).__name__ or not _in_flow(child)
        if whole:
            atoms.append(_Atom(ok, top, _fit_bottom(child, box)))
        else:  # it has in-flow children: at least one atom
            _walk(child, atoms, inside, top, ok)
        last = atoms[-1]
        bottom = max(last.bottom, _fit_bottom(child, box))
        atoms[-1] = _Atom(last.breakable_before, last.resume_top, bottom)
        previous = child


def _sibling_break(before, after) -> bool:
    """May a column break between these siblings (their break-after and break-before
    and those of their last and first descendants)?"""
    values = []
    box = before
    while box is not None:
        values.append(box.style["break_after"])
        inner = _in_flow(box)
        box = inner[-1] if inner and type(inner[-1]).__name__ != "LineBox" else None
    box = after
    while box is not None:
        values.append(box.style["break_before"])
        inner = _in_flow(box)
        box = inner[0] if inner and type(inner[0]).__name__ != "LineBox" else None
    return not any(value in _AVOID for value in values)


def fits(atoms: list[_Atom], top: float, height: float, count: int) -> bool:
    """Would the content fit ``count`` columns of ``height`` (from ``top``)?"""
    start = 0  # the atom the current column starts at
    for _ in range(count):
        limit = (atoms[start].resume_top if start else top) + height
        overflow = next(
            (i for i in range(start, len(atoms)) if atoms[i].bottom > limit * (1 + 1e-9)), None
        )
        if overflow is None:
            return True
        cut = next((i for i in range(overflow, start, -1) if atoms[i].breakable_before), None)
        if cut is None:
            return False
        start = cut
    return False


def guess(column_boxes, top: float, heights: list[float], count: int) -> int | None:
    """The first of ``heights`` at which the content of ``column_boxes`` (the columns
    laid out at full height, from ``top``) is guessed to fit ``count`` columns; None
    when none is, or when the boxes are not what this reads (a guess, never a failure)."""
    try:
        atoms = break_points(column_boxes, top)
    except (AttributeError, KeyError, TypeError):
        return None
    if not atoms:
        return None
    return next((k for k, h in enumerate(heights) if fits(atoms, top, h, count)), None)

"""Each block of a column laid out once per place (issue #23, item 3: faster PDFs).

WeasyPrint balances a block of columns (the guide's sections; the form's flowing
checklists too, but they are tables, which are never remembered) by laying its
content out at one trial height after another (pdf/columns.py). Most of each trial
repeats the one before: the first column always starts at the same place, so every
section that fitted wholly at one height is laid out again, box for box, at the next;
the second column starts again where the first broke, which the trials before often
tried already.

:func:`install` puts a memo in front of WeasyPrint's ``block_level_layout`` while a
column is laid out. A block laid out whole (nothing left over) is remembered with
everything its layout read: the box, its position, where it resumes, whether the
column is empty so far, the margins it collapses with, its containing block's size,
the page. The same question again gets a copy of the same boxes, provided the
remembered boxes still end above the new limit (a trial height further down the
column changes nothing of a block that already fitted above it). Blocks whose layout
reaches beyond themselves are never remembered: floats, positioned boxes, footnotes,
running elements, tables, flex and grid containers, nested columns, and any block laid
out while a float is on the page.

tests/unit/pdf/test_pdf_speedups.py renders PDFs with and without it and compares
their bytes.
"""

from __future__ import annotations

_ANSWERS: dict[tuple, tuple] = {}
_SAFE: dict[int, tuple] = {}  # id(box) -> (box, its subtree can be remembered)
STATS = {"hits": 0, "misses": 0}


def forget() -> None:
    """Start a document: its boxes are new objects."""
    _ANSWERS.clear()
    _SAFE.clear()


def _freeze(skip_stack):
    if skip_stack is None:
        return None
    return tuple(sorted((key, _freeze(value)) for key, value in skip_stack.items()))


def _safe(box) -> bool:
    known = _SAFE.get(id(box))
    if known is not None and known[0] is box:
        return known[1]
    from weasyprint.formatting_structure import boxes

    unsafe = (boxes.TableBox, boxes.FlexContainerBox, boxes.GridContainerBox)
    unsafe += (boxes.ReplacedBox,)
    safe = True
    for child in box.descendants(placeholders=True):
        if not isinstance(child, boxes.Box) or isinstance(child, unsafe):
            safe = False
            break
        style = child.style
        if (
            style["float"] != "none"
            or style["position"] != "static"
            or style["column_count"] != "auto"
            or style["column_width"] != "auto"
        ):
            safe = False
            break
    _SAFE[id(box)] = (box, safe)
    return safe


def _bottom(new_box) -> float:
    """The lowest edge of anything in ``new_box`` (margins included)."""
    bottom = -float("inf")
    for box in new_box.descendants():
        y = getattr(box, "position_y", None)
        if not isinstance(y, int | float):
            continue
        try:
            bottom = max(bottom, y + box.margin_height())
        except (TypeError, AttributeError):
            height = getattr(box, "height", None)
            if isinstance(height, int | float):
                bottom = max(bottom, y + height)
    return bottom


def _remembering(original):
    def block_level_layout(context, box, bottom_space, skip_stack, containing_block, *rest, **kw):
        # WeasyPrint's block layout passes all thirteen arguments by position; a call
        # that does not (flex, grid, page margins) goes straight through
        if kw or len(rest) != 8 or not context.in_column or context.excluded_shapes:
            return original(context, box, bottom_space, skip_stack, containing_block, *rest, **kw)
        if not _safe(box):
            return original(context, box, bottom_space, skip_stack, containing_block, *rest)
        page_is_empty, _, _, adjoining_margins, letter_style, line_style, discard, lines = rest
        key = (
            id(box),
            box.position_x,
            box.position_y,
            _freeze(skip_stack),
            bool(page_is_empty),
            tuple(adjoining_margins or ()),
            containing_block.width,
            containing_block.height,
            bool(containing_block.is_for_root_element),
            id(letter_style),
            id(line_style),
            discard,
            lines,
            context.current_page,
            context.forced_break,
            context.page_bottom,
        )
        known = _ANSWERS.get(key)
        if known is not None and known[0] is box:
            _, new_box, bottom, next_page, margins, through, left = known
            if not context.overflows_page(bottom_space, bottom):
                STATS["hits"] += 1
                _as_weasyprint_leaves(box, containing_block)
                return new_box.deepcopy(), None, dict(next_page), list(margins), through, left
        STATS["misses"] += 1
        result = original(context, box, bottom_space, skip_stack, containing_block, *rest)
        new_box, resume_at, next_page, margins, through, left = result
        if new_box is not None and resume_at is None:
            _ANSWERS[key] = (
                box,
                new_box.deepcopy(),
                _bottom(new_box),
                dict(next_page),
                list(margins),
                through,
                left,
            )
        return result

    block_level_layout.__wrapped_original__ = original
    return block_level_layout


def _as_weasyprint_leaves(box, containing_block) -> None:
    """What WeasyPrint's ``block_level_layout`` leaves on the box it was given."""
    from weasyprint.layout.percent import resolve_percentages

    resolve_percentages(box, containing_block)
    if box.margin_top == "auto":
        box.margin_top = 0
    if box.margin_bottom == "auto":
        box.margin_bottom = 0


def install() -> None:
    """Remember column blocks in this process (WeasyPrint's block layout)."""
    from weasyprint.layout import block

    original = getattr(block.block_level_layout, "__wrapped_original__", block.block_level_layout)
    block.block_level_layout = _remembering(original)


def uninstall() -> None:
    """WeasyPrint's own block layout again (for comparisons)."""
    from weasyprint.layout import block

    block.block_level_layout = getattr(
        block.block_level_layout, "__wrapped_original__", block.block_level_layout
    )
    forget()

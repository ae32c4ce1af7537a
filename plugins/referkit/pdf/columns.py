"""The guide's balanced columns in fewer trial layouts (issue #23, item 3).

The referral guide flows its sections through two balanced columns (``column-fill:
balance``). WeasyPrint 70 balances by laying the columns out again and again, each
time one pixel taller (or taller by the space the next box needs), until the content
fits: 20 to 50 full column layouts per guide, over half of the cost of every PDF.

WeasyPrint's trial heights are fixed by the first balancing layout: the average column
height h0, then h0 + s, h0 + 2s, … where s is the height the next box needs (or 1 px),
and the answer is the first trial at which everything fits. :func:`install` swaps that
one step of WeasyPrint's ``columns_layout`` for a bisection over the same trial heights
(:class:`BalanceSearch`): the same answer in about 8 layouts instead of up to 50, ending
on the same trial, so the PDF is byte-for-byte WeasyPrint's. WeasyPrint shortens s
when a later layout reports a smaller need; where a layout of the search shows that it
would have done so before the answer, the search gives up and WeasyPrint's own loop
continues from where it would have stood. tests/unit/pdf/test_pdf_speedups.py renders
the demo's and a synthetic practice's PDFs both ways and compares the bytes.

Before the first trial, the search asks :mod:`.column_guess` where the content would
settle: it reads the break points of the full-height layout WeasyPrint has just made and
names the first trial at which the columns would fit. The search lays out that trial
and the one below it first, so a guide balances in two layouts (the guess named the
answer of every guide of the large benchmark practice it was checked on, 40); a wrong
guess only leaves more to search.

Each trial column is also laid out where the final layout places it (WeasyPrint lays
every trial column out at the first column's place): a column's width is the same
wherever it stands, so the trials measure the same heights, and the final layout finds
the second column's blocks already laid out (pdf/block_memo.py), 4 % of a guide.

The rest of WeasyPrint's function is used as it is: its source is read and only the
balancing step and the trial column's place are replaced. If the source is not the
one this was written for (another WeasyPrint release), nothing is installed and
WeasyPrint's own loop runs.
"""

from __future__ import annotations

from collections import Counter
from math import inf

from . import column_guess, source_patch

_ITERATION_START = """            column_skip_stack = skip_stack
            consumed_heights = []
            new_boxes = []
"""
_ITERATION_START_NEW = """            column_skip_stack = skip_stack
            consumed_heights = []
            new_boxes = []
            layout_lost_space = inf
"""
_LOST_SPACE = """                    lost_space = min(lost_space, next_box_height - empty_space)
"""
_LOST_SPACE_NEW = """                    lost_space = min(lost_space, next_box_height - empty_space)
                    layout_lost_space = min(layout_lost_space, next_box_height - empty_space)
"""
_COLUMN = """            for i in range(count):
                # Render one column
                new_box, resume_at, next_page, _, _, _ = block_box_layout(
"""
_COLUMN_NEW = """            for i in range(count):
                # Render one column
                # ReferKit (referkit.pdf.columns): each trial column where the final
                # layout places it, so the final layout finds its blocks laid out
                column_box = _create_column_box(
                    box, containing_block, column_children, width, current_position_y)
                if style['direction'] == 'rtl':
                    column_box.position_x += box.width - (i + 1) * width - i * gap
                else:
                    column_box.position_x += i * (width + gap)
                new_box, resume_at, next_page, _, _, _ = block_box_layout(
"""
_BALANCE_STEP = """            if balancing:
                if column_skip_stack is None:
                    # We rendered the whole content, stop
                    break
"""
_BALANCE_STEP_NEW = """            if balancing and not balance_search.gave_up:
                # ReferKit (referkit.pdf.columns): search WeasyPrint's own trial heights
                action, value = balance_search.decide(
                    height, column_skip_stack is None, lost_space, layout_lost_space
                )
                if action == "layout":
                    height = value
                    continue
                if action == "overflow":
                    height = max_height
                    stop_rendering = True
                    break
                if action == "fits":
                    break
                height, lost_space = value  # "give up": WeasyPrint's own steps from here
                continue
            if balancing:
                if column_skip_stack is None:
                    # We rendered the whole content, stop
                    break
"""
_BALANCE_START = """                        balancing = True
                        height = sum(consumed_heights) / count
"""
_BALANCE_START_NEW = """                        balancing = True
                        height = sum(consumed_heights) / count
                        balance_search = _BalanceSearch(
                            max_height, new_boxes, current_position_y, count)
"""
_REPLACEMENTS = (
    (_ITERATION_START, _ITERATION_START_NEW),
    (_LOST_SPACE, _LOST_SPACE_NEW),
    (_COLUMN, _COLUMN_NEW),
    (_BALANCE_STEP, _BALANCE_STEP_NEW),
    (_BALANCE_START, _BALANCE_START_NEW),
)


# Hints from an earlier layout of the same columns (a partner copy's public guide):
# (h0, step, answer) per columns block, in document order; and what this layout found.
HINTS: list[tuple[float, float, int]] = []
FOUND: list[tuple[float, float, int]] = []
# Without a hint: the answers this process found before, per step, by how often. The
# guides of one practice share their template, so their columns balance at a few
# recurring trials (whole lines above the average height): probing where those answers
# split in half settles most searches in about five layouts instead of nine. It only
# decides where the search looks: every answer is still the first trial that fits.
SEEN: dict[float, Counter[int]] = {}


def start_layout(hints=()) -> None:
    """Before a document's layout: the hints it may use; forget what the last found."""
    HINTS[:] = list(hints)
    FOUND.clear()


class BalanceSearch:
    """WeasyPrint's trial heights h0, h0 + s, h0 + 2s, … searched by bisection.

    h0 is the average column height (WeasyPrint's first balancing layout) and s the
    "lost space" known after it (or 1 px): WeasyPrint lays out each trial height in
    turn until one fits, so the first fitting one is found here with a handful of
    layouts. WeasyPrint lowers s when a layout reports a smaller lost space; a layout
    of the search that would have changed the steps before the answer makes it give
    up and hand WeasyPrint's own loop the state it would have had after h0.
    """

    def __init__(self, max_height: float, full_height=(), top: float = 0.0, count=2) -> None:
        self.max_height = max_height
        self.full_height = full_height  # the columns laid out at the full height, from top
        self.top = top
        self.count = count
        self.guessed: int | None = None
        self.heights: list[float] = []
        self.step = 0.0
        self.start_lost_space = inf
        self.low = 0  # a trial known not to fit (h0, or one laid out since)
        self.high: int | None = None  # the first trial known to fit
        self.current = 0
        self.reported: dict[int, float] = {}  # trial -> the lost space its layout reported
        self.gave_up = False
        self.probes: list[int] = []  # trials to lay out first: around a hint's answer

    def decide(self, height: float, fits: bool, lost_space: float, layout_lost_space: float):
        if not self.heights:  # the layout at h0 (the average height) just ran
            hint = HINTS.pop(0) if HINTS else None
            if fits:
                FOUND.append((height, 0.0, 0))
                return "fits", None
            self.step = 1 if lost_space == inf else lost_space
            self.start_lost_space = lost_space
            self.heights = [height]
            while True:  # added up as WeasyPrint adds, so every trial height is its own
                height += self.step
                if height > self.max_height:
                    break
                self.heights.append(height)
            if hint is not None and hint[:2] == (self.heights[0], self.step):
                self.probes = [hint[2] - 1, hint[2]]  # the answer, if the one before fails
            elif self.full_height:  # where the full-height layout's break points put it
                self.guessed = column_guess.guess(
                    self.full_height, self.top, self.heights, self.count
                )
                if self.guessed is not None:
                    self.probes = [self.guessed - 1, self.guessed]
        else:
            self.reported[self.current] = layout_lost_space
            if fits:
                self.high = self.current if self.high is None else min(self.high, self.current)
            else:
                self.low = max(self.low, self.current)
        top = len(self.heights) if self.high is None else self.high
        while self.probes:
            probe = self.probes.pop(0)
            if self.low < probe < top:
                self.current = probe
                return "layout", self.heights[probe]
        if top - self.low > 1:
            self.current = self._next_probe(top)
            return "layout", self.heights[self.current]
        if self._steps_changed_before(top):
            self.gave_up = True
            return "give up", (self.heights[0] + self.step, self.start_lost_space)
        final = top if self.high is not None else self.low
        if self.current != final:  # end on the trial WeasyPrint ends on
            self.current = final
            return "layout", self.heights[final]
        if self.high is None:
            return "overflow", None
        FOUND.append((self.heights[0], self.step, final))
        SEEN.setdefault(self.step, Counter())[final] += 1
        return "fits", None

    def _next_probe(self, top: int) -> int:
        """The trial between ``low`` and ``top`` to lay out next: the one that splits
        the answers seen before (:data:`SEEN`) that lie in that range in two halves as
        nearly as can be, so a usual answer is settled in a few layouts; the middle
        one where none was seen."""
        seen = SEEN.get(self.step)
        middle = (self.low + top) // 2
        if not seen:
            return middle
        inside = {a: n for a, n in seen.items() if self.low < a <= top}
        total = sum(inside.values())
        if not total:
            return middle
        # a probe p tells whether the answer is <= p: try each seen answer and the trial
        # below it, and take the probe whose share of the answers is nearest one half
        candidates = {p for a in inside for p in (a - 1, a) if self.low < p < top}
        if not candidates:
            return middle

        def share(probe: int) -> float:
            return sum(n for a, n in inside.items() if a <= probe) / total

        return min(sorted(candidates), key=lambda p: abs(share(p) - 0.5))

    def _steps_changed_before(self, top: int) -> bool:
        """A trial WeasyPrint lays out before stopping reported a lost space that
        would have changed its step (a smaller one, or any where it stepped 1 px)."""
        limit = self.start_lost_space
        return any(lost < limit for trial, lost in self.reported.items() if trial < top)


def install() -> bool:
    """Use the searching ``columns_layout`` in this process; False (and WeasyPrint's
    own) when its source is not the one this was written for."""
    from weasyprint.layout import block, column

    searching = source_patch.patched(
        block.columns_layout, column, _REPLACEMENTS, {"_BalanceSearch": BalanceSearch}
    )
    if searching is None:
        return False
    block.columns_layout = searching
    return True


def uninstall() -> None:
    """Put WeasyPrint's own ``columns_layout`` back (for comparisons)."""
    from weasyprint.layout import block

    block.columns_layout = source_patch.original(block.columns_layout)

"""What a PDF render takes and gives back: plain, picklable data for the workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding

# the packaged fonts (source.loaded.PACKAGE_FONTS), named here so the workers import
# nothing but this module, forms.py and WeasyPrint
PACKAGE_DIR = Path(__file__).parent.parent
FONTS_DIR = PACKAGE_DIR / "fonts"
FIT_STEPS_PT = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
FORM_FIT_STEPS_PT = (10.0, 9.5, 9.0, 8.5, 8.0)
CACHE_FORMAT = 3  # bump when what a cache key covers changes (2: one key for every PDF;
# 3: drawn through the URL fetcher that reads only ReferKit's own files, issue 24)
POOL_THRESHOLD = 4  # below this many renders, a pool's start-up costs more than it saves
PAGE_SIZES = {"letter": "letter", "a4": "A4"}


@dataclass(frozen=True)
class PdfJob:
    """Everything a worker needs to render one PDF: plain, picklable data."""

    output: str
    source_path: str
    label: str
    htmls: tuple[str, ...]  # one per fit step, largest body size first
    sizes_pt: tuple[float, ...]
    forms: bool
    sections: tuple[tuple[str, int, tuple], ...]  # (YAML field, characters, its loc)
    # pages each fit step may take (None: as many as it needs); empty: one page each
    pages: tuple[int | None, ...] = ()
    # False when the job holds only its first fit steps (pdf/render.py renders the
    # rest only for the few PDFs those do not fit, so most PDFs cost one template run)
    complete: bool = True


@dataclass
class PdfOutcome:
    output: str
    pdf: bytes | None
    body_size_pt: float | None
    overflow_in: float = 0.0
    pages: int = 1
    # what the PDF asked for and did not get: refused URLs, images that failed to load
    refused: tuple[str, ...] = ()


@dataclass
class PdfStats:
    rendered: int = 0
    cached: int = 0


@dataclass
class PdfResult:
    files: dict[str, bytes] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    stats: PdfStats = field(default_factory=PdfStats)


def fit_steps(kind: str) -> list[tuple[dict, float, int | None]]:
    """(template variables, body size, pages allowed) for each try of a guide or form,
    in order.

    The guide: every size down to 8 pt on exactly one page, at each size first with
    its short sections kept whole, then flowing through both columns. The form: the
    two-column table (urgency left, checklists right) at every size, then the flowing
    layout whose long checklists use both columns, then both at 8 pt with a shorter
    reason box; only when none fits one page does it take a second page (with the
    patient line repeated), at the largest size that fits two, and as many pages as it
    needs at 8 pt rather than fail.
    """
    if kind == "guide":
        return [({"flow": flow}, size, 1) for size in FIT_STEPS_PT for flow in (False, True)]
    one_page = [
        ({"layout": layout, "multipage": False, "compact": False}, size, 1)
        for layout in ("table", "flow")
        for size in FORM_FIT_STEPS_PT
    ]
    # at 8 pt, a shorter reason box (multiline, its text sized to fit) before a second page
    compact = [
        ({"layout": layout, "multipage": False, "compact": True}, FORM_FIT_STEPS_PT[-1], 1)
        for layout in ("table", "flow")
    ]
    two_pages = [
        ({"layout": "flow", "multipage": True, "compact": False}, size, 2)
        for size in FORM_FIT_STEPS_PT
    ]
    return [
        *one_page,
        *compact,
        *two_pages,
        ({"layout": "flow", "multipage": True, "compact": False}, FORM_FIT_STEPS_PT[-1], None),
    ]

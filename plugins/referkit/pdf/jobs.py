"""What a PDF render takes and gives back: plain, picklable data for the workers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding

FONTS_DIR = Path(__file__).parent.parent / "fonts"
FIT_STEPS_PT = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
FORM_FIT_STEPS_PT = (10.0, 9.5, 9.0, 8.5, 8.0)
CACHE_FORMAT = 1
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


@dataclass
class PdfStats:
    rendered: int = 0
    cached: int = 0


@dataclass
class PdfResult:
    files: dict[str, bytes] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    stats: PdfStats = field(default_factory=PdfStats)

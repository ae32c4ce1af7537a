"""What a PDF render takes and gives back: plain, picklable data for the workers.

A worker receives the :class:`PdfSetup` of a build once (the PDF templates, the
organization, the logo) and then, per PDF, a small :class:`PdfJob`: the template's
variables and the fit steps. It renders the HTML of a step only when it tries that
step, so the build's process holds no HTML (it once built all seven sizes of every
guide before any worker started: 6,000 documents and over a gigabyte for a large
practice).
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..findings import Finding

# the packaged fonts (source.loaded.PACKAGE_FONTS), named here so the workers import
# nothing but this module, forms.py, fetch.py, progress.py, html.py and WeasyPrint
PACKAGE_DIR = Path(__file__).parent.parent
FONTS_DIR = PACKAGE_DIR / "fonts"
FIT_STEPS_PT = (11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0)
FORM_FIT_STEPS_PT = (10.0, 9.5, 9.0, 8.5, 8.0)
# bump when what a cache key covers changes (3: drawn through the URL fetcher that
# reads only ReferKit's own files, issue 24; 4: keyed on what each PDF prints, issue 23)
CACHE_FORMAT = 5  # 5: contract v3's fit steps (flowing guides, forms that take a page more)
POOL_THRESHOLD = 4  # below this many renders, a pool's start-up costs more than it saves
PAGE_SIZES = {"letter": "letter", "a4": "A4"}
STYLESHEET = "pdf/guide.css"  # the one stylesheet of guides, forms and overviews


@dataclass(frozen=True)
class PdfSetup:
    """What every PDF of a build shares, sent to each worker once: the PDF templates
    (``pdf/`` and ``shared/``, a project's overrides included) and the variables every
    template gets (the organization, the logo)."""

    templates: tuple[tuple[str, Any], ...]  # (name, source.loaded.ProjectFile), sorted
    shared: dict[str, Any]  # template variables of every PDF: org, logo

    @cached_property
    def digest(self) -> str:
        """Identifies the setup: a pool keeps its workers while this stays the same."""
        return _digest(self)


def _digest(setup: PdfSetup) -> str:
    digest = hashlib.sha256()
    for name, file in setup.templates:
        digest.update(name.encode() + b"\0" + file.data + b"\0")
    digest.update(pickle.dumps(sorted(setup.shared.items()), protocol=5))
    return digest.hexdigest()


@dataclass(frozen=True)
class PdfJob:
    """One PDF to render: its template's variables (the setup's come on top) and the
    fit steps to try, largest first; plain, picklable data."""

    output: str
    source_path: str
    label: str
    kind: str  # "guide", "form" or "overview": the template pdf/<kind>.html.j2
    variables: dict[str, Any]
    steps: tuple[tuple[float, dict[str, Any]], ...]  # (body size in pt, extra variables)
    forms: bool
    sections: tuple[tuple[str, int, tuple], ...]  # (YAML field, characters, its loc)
    setup: str = ""  # the PdfSetup digest the worker renders it with
    start: int = 0  # the first step to try (a partner copy starts at its public copy's)
    columns: tuple[tuple[float, float, int], ...] = ()  # balanced-column hints (columns.py)
    # pages each fit step may take (None: as many as it needs); empty: one page each
    pages: tuple[int | None, ...] = ()

    @property
    def sizes_pt(self) -> tuple[float, ...]:
        return tuple(size for size, _ in self.steps)


@dataclass
class PdfOutcome:
    output: str
    pdf: bytes | None
    body_size_pt: float | None
    overflow_in: float = 0.0
    step: int = -1  # the fit step it landed at
    columns: tuple[tuple[float, float, int], ...] = ()  # how its columns balanced
    pages: int = 1
    # what the PDF asked for and did not get: refused URLs, images that failed to load
    refused: tuple[str, ...] = ()


@dataclass
class PdfStats:
    rendered: int = 0
    cached: int = 0
    rendered_kinds: dict[str, int] = field(default_factory=dict)  # "guide" -> 1, ...

    @property
    def total(self) -> int:
        return self.rendered + self.cached


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

"""ReferKit's shortcuts through WeasyPrint, installed in every PDF worker (issue #23).

Each gives WeasyPrint's own answer sooner, and each PDF byte for byte what WeasyPrint
alone would write (tests/unit/pdf/test_pdf_speedups.py renders both ways and compares):

- :mod:`.columns`: the balanced columns' trial heights searched by bisection, from the
  trial :mod:`.column_guess` reads off the full-height layout;
- :mod:`.line_memo`: each line of text broken once per document;
- :mod:`.block_memo`: a column's blocks laid out once per place and limit;
- :mod:`.pseudo_styles`: a pseudo-element's style computed only when the layout reads it;
- :mod:`.page_limit`: a fit step that cannot fit its page limit stopped at that page.
"""

from __future__ import annotations

from . import block_memo, columns, line_memo, page_limit, pseudo_styles


def install() -> None:
    """Every shortcut, in this process (one that does not match the installed
    WeasyPrint's source is left out, and WeasyPrint's own code runs)."""
    columns.install()
    line_memo.install()
    block_memo.install()
    pseudo_styles.install()
    page_limit.install()


def uninstall() -> None:
    """WeasyPrint's own code again (for comparisons)."""
    page_limit.uninstall()
    pseudo_styles.uninstall()
    block_memo.uninstall()
    line_memo.uninstall()
    columns.uninstall()


def start_document(column_hints=()) -> None:
    """Before each document's layout: what the last document remembered is forgotten
    (its boxes and styles were its own), and the columns' hints are set."""
    columns.start_layout(column_hints)
    line_memo.forget()
    block_memo.forget()

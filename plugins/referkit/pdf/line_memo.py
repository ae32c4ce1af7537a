"""Each line of text broken once per document (issue #23, item 3: faster PDFs).

WeasyPrint balances the guide's two columns by laying them out again and again at
slightly different heights (pdf/columns.py): ten layouts of the same paragraphs at
the same column width. Every layout asks Pango to break every paragraph into lines
again (``split_first_line``, a fifth of all PDF time), with the same text, style and
width each time. :func:`install` puts a memo in front of that function: within one
document (:func:`forget` starts the next), the same question gets the answer Pango
gave the first time.

The answer is a pure function of its arguments (text, computed style, available
width, justification spacing, line start, minimum), and the text layout object it
returns is deactivated once the line is measured: WeasyPrint re-creates its Pango
state from the box's style when it draws it, so one answer may serve several boxes.
The one exception, text cut with an ellipsis while it is drawn (``text-overflow``,
``block-ellipsis``), is never remembered. tests/unit/pdf/test_pdf_speedups.py renders
PDFs with and without it and compares their bytes.
"""

from __future__ import annotations

_ANSWERS: dict[tuple, tuple] = {}
_ORIGINAL = None


def forget() -> None:
    """Start a document: its styles are new objects."""
    _ANSWERS.clear()


def _remembering(original):
    def split_first_line(
        text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
    ):
        key = (text, id(style), id(context), max_width, justification_spacing, is_line_start)
        key += (minimum,)
        known = _ANSWERS.get(key)
        if known is not None and known[0] is style and known[1] is context:
            return known[2]
        answer = original(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        if style["text_overflow"] == "clip" and style["block_ellipsis"] == "none":
            _ANSWERS[key] = (style, context, answer)  # the objects kept: their ids stay theirs
        return answer

    split_first_line.__wrapped_original__ = original
    return split_first_line


def install() -> None:
    """Remember line breaks in this process (WeasyPrint's layout modules)."""
    from weasyprint.layout import inline, preferred

    original = getattr(inline.split_first_line, "__wrapped_original__", inline.split_first_line)
    remembering = _remembering(original)
    inline.split_first_line = remembering
    preferred.split_first_line = remembering


def uninstall() -> None:
    """WeasyPrint's own line breaking again (for comparisons)."""
    from weasyprint.layout import inline, preferred

    original = getattr(inline.split_first_line, "__wrapped_original__", inline.split_first_line)
    inline.split_first_line = original
    preferred.split_first_line = original
    forget()

"""Keep phone and fax numbers on one line: "(608)" at the end of one line and
"555-0148" on the next is a number nobody can dial or fax to (issue #11).

One mechanism for every web page: :func:`nowrap_phones` wraps a checked
:class:`~referkit.model.Phone` or each phone-number-shaped run of free text in
``<span class="rk-nowrap">`` (``white-space: nowrap`` in referkit.css). Templates use
it as the ``phone`` filter; :func:`nowrap_phones_in_page` applies it to the rendered
article of every page, so hand-written content pages get the same treatment.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from ..source.model import Phone

NOWRAP_OPEN = '<span class="rk-nowrap">'

# "(608) 555-0148", "608-555-0148", "608.555.0148", "+1 608-555-0148", "1-800-555-0199",
# "555-0148", optionally with "ext. 12"; the spaces may be no-break spaces. Not part of a
# longer run of digits or letters (a date such as 2026-11-25 has no 3-4 digit pair).
PHONE_SHAPED = re.compile(
    r"(?<![\w+(.-])"
    r"(?:\+\d{1,3}[ \u00a0.-]?|1-)?"
    r"(?:\(\d{3}\)[ \u00a0]?|\d{3}[ \u00a0.-])?"
    r"\d{3}[.-]\d{4}"
    r"(?:[ \u00a0](?:ext\.?|x)[ \u00a0]?\d{1,6})?"
    r"(?![\w-]|\.\d)"
)

_TAG = re.compile(r"(<[^>]*>)")
# text inside these elements is left alone: code keeps its spacing, scripts are not text
_RAW = ("script", "style", "pre", "code", "textarea", "title")


def _wrap_text(escaped: str) -> str:
    return PHONE_SHAPED.sub(lambda m: f"{NOWRAP_OPEN}{m.group()}</span>", escaped)


def _wrap_markup(html: str) -> str:
    """Wrap numbers in the text between tags of trusted HTML; never inside a tag,
    a raw element or a span that is already ``rk-nowrap`` (so it is idempotent)."""
    out: list[str] = []
    spans: list[bool] = []  # for each open <span>: is it an rk-nowrap span?
    raw_depth = 0
    for part in _TAG.split(html):
        if part.startswith("<"):
            name = re.match(r"</?([a-zA-Z0-9]+)", part)
            tag = name.group(1).lower() if name else ""
            closing = part.startswith("</")
            if tag in _RAW and not part.endswith("/>"):
                raw_depth += -1 if closing else 1
                raw_depth = max(raw_depth, 0)
            elif tag == "span":
                if closing:
                    if spans:
                        spans.pop()
                else:
                    spans.append('class="rk-nowrap"' in part)
            out.append(part)
        elif part and not raw_depth and not any(spans):
            out.append(_wrap_text(part))
        else:
            out.append(part)
    return "".join(out)


def nowrap_phones(value: object) -> Markup:
    """The ``phone`` filter: a :class:`Phone` as one unbreakable span; any other value
    is escaped (unless it is already :class:`Markup`) and each phone-number-shaped run
    in its text becomes one. ``None`` renders as an empty string."""
    if value is None:
        return Markup("")
    if isinstance(value, Phone):
        return Markup(f"{NOWRAP_OPEN}{escape(value.display)}</span>")
    if isinstance(value, Markup):
        return Markup(_wrap_markup(str(value)))
    return Markup(_wrap_text(str(escape(str(value)))))


_ARTICLE = re.compile(r"(<article\b[^>]*>)(.*?)(</article>)", re.DOTALL)


def nowrap_phones_in_page(html: str) -> str:
    """Apply :func:`nowrap_phones` to the text of a page's ``<article>`` (the content
    area in Material and Zensical); the header, navigation and head are untouched."""
    return _ARTICLE.sub(lambda m: m.group(1) + _wrap_markup(m.group(2)) + m.group(3), html)

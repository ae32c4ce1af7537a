"""Keep phone and fax numbers on one line: "(608)" at the end of one line and
"555-0148" on the next is a number nobody can dial or fax to (issue #11).

Numbers written inside free text (an action, a route, notes, a criterion) are found
with ``phonenumbers``' matcher in the practice's country: :func:`tel_links` makes each a
``tel:`` link that does not break (pages), :func:`num_spans` a ``num`` span (PDFs).

One mechanism for every web page: :func:`nowrap_phones` wraps a checked
:class:`~referkit.model.Phone` or each phone-number-shaped run of free text in
``<span class="rk-nowrap">`` (``white-space: nowrap`` in referkit.css). Templates use
it as the ``phone`` filter; :func:`nowrap_phones_in_page` applies it to the rendered
article of every page, so hand-written content pages get the same treatment.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import phonenumbers
from markupsafe import Markup, escape

from ..source.model import DEFAULT_PHONE_REGION, Phone

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


def _wrap_text(escaped: str, pattern: re.Pattern[str] = PHONE_SHAPED) -> str:
    return pattern.sub(lambda m: f"{NOWRAP_OPEN}{m.group()}</span>", escaped)


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
    return _ARTICLE.sub(lambda m: m.group(1) + _wrap_article(m.group(2)) + m.group(3), html)


_CLOSE = "</span>"
# the part every phone-shaped run contains; found much faster than the whole pattern
_CORE = re.compile(r"\d{3}[.-]\d{4}")


def _wrap_article(markup: str) -> str:
    """:func:`_wrap_markup`, without walking the tags when nothing would change: when
    each place where a phone-shaped run could be (three digits, a dot or dash, four
    digits) is inside an ``rk-nowrap`` span that holds no other tag (the pages ReferKit
    generates wrap their numbers as they write them). A phone-shaped run holds no ``<``
    or ``>``, so it lies in the text between two tags, and that text is a wrapped
    span's."""
    for match in _CORE.finditer(markup):
        start, end = match.span()
        opened = markup.rfind("<", 0, start)
        if not (
            markup.startswith(NOWRAP_OPEN, opened)
            and markup.startswith(_CLOSE, markup.find("<", end))
            and markup.find(">", opened + len(NOWRAP_OPEN), start) == -1
        ):
            return _wrap_markup(markup)
    return markup


def _matches(text: str, region: str) -> list[tuple[int, int, str]]:
    """(start, end, E.164) of every phone or fax number written in ``text``, read the way
    ``region`` (the practice's country) writes numbers: "(08) 5550 2150" in AU,
    "0113 496 0150" in GB, "403-555-0188" in CA, "+1 608-555-0100" anywhere."""
    found = []
    # strict grouping: the digits must be grouped as the country groups them, so a date
    # and a count ("2026-11-23 12 kg") are not read as a number
    matcher = phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.STRICT_GROUPING
    )
    for match in matcher:
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        if match.number.extension:
            e164 += f";ext={match.number.extension}"
        found.append((match.start, match.end, e164))
    return found


def _numbers_in_text(escaped: str, region: str, render: Callable[[str, str], str]) -> str:
    """One run of escaped text between tags, with each number rendered by ``render``
    (raw text, E.164). Text without a number comes back byte for byte."""
    plain = html.unescape(escaped)
    found = _matches(plain, region)
    if not found:
        return escaped
    out, position = [], 0
    for start, end, e164 in found:
        out.append(str(escape(plain[position:start])))
        out.append(render(str(escape(plain[start:end])), e164))
        position = end
    out.append(str(escape(plain[position:])))
    return "".join(out)


def _numbers_in_markup(markup: str, region: str, render: Callable[[str, str], str]) -> str:
    """Like :func:`_wrap_markup`: only text between tags, never inside a link (a defined
    term's), a raw element or a span that already keeps a number whole."""
    out: list[str] = []
    skip = 0  # depth of <a>, raw and rk-nowrap/num elements around this text
    stack: list[bool] = []
    for part in _TAG.split(markup):
        if part.startswith("<"):
            name = re.match(r"</?([a-zA-Z0-9]+)", part)
            tag = name.group(1).lower() if name else ""
            if tag in {"a", "span", *_RAW} and not part.endswith("/>"):
                if part.startswith("</"):
                    if stack and stack.pop():
                        skip -= 1
                else:
                    skipping = tag != "span" or bool(re.search(r'class="(rk-nowrap|num)"', part))
                    stack.append(skipping)
                    skip += skipping
            out.append(part)
        elif part and not skip:
            out.append(_numbers_in_text(part, region, render))
        else:
            out.append(part)
    return "".join(out)


def _numbers(value: object, region: str, render: Callable[[str, str], str]) -> Markup:
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return Markup(_numbers_in_markup(str(value), region, render))
    return Markup(_numbers_in_text(str(escape(str(value))), region, render))


def tel_links(value: object, region: str = DEFAULT_PHONE_REGION) -> Markup:
    """The ``tel_links`` filter (web pages): every phone or fax number written in free
    text becomes a ``tel:`` link that never breaks across lines; the rest is escaped."""
    return _numbers(
        value,
        region,
        lambda raw, e164: f'<a href="tel:{e164}">{NOWRAP_OPEN}{raw}</span></a>',
    )


def num_spans(value: object, region: str = DEFAULT_PHONE_REGION) -> Markup:
    """The ``num_spans`` filter (PDFs): every number in free text in a ``num`` span,
    which the guide and form keep on one line."""
    return _numbers(value, region, lambda raw, e164: f'<span class="num">{raw}</span>')


_TIME_RANGE = re.compile(r"\d{1,2}:\d{2}\s?[-–—]\s?\d{1,2}:\d{2}")


def time_ranges(value: object) -> Markup:
    """The ``time_ranges`` filter: hours as text with each time range ("07:30–17:30")
    in one unbreakable span, so a phone never shows "07:30–" at a line's end and
    "17:30" below it; the rest of the text may wrap. ``None`` renders as nothing."""
    if value is None:
        return Markup("")
    return Markup(_wrap_text(str(escape(str(value))), _TIME_RANGE))  # escaping keeps each range


_SCHEME_HOST = re.compile(r"^([a-z][a-z0-9+.-]*://[^/?#]*/?)(.*)$", re.I | re.S)


def url_lines(url: object) -> Markup:
    """A URL for print: the scheme and host in one unbreakable span, so a line may
    break only in the path ("https://" alone at a line's end reads as a full address)."""
    text = str(url)
    match = _SCHEME_HOST.match(text)
    if not match:
        return Markup(escape(text))
    host, path = match.groups()
    return Markup(f'<span class="host">{escape(host)}</span>{escape(path)}')


def numbers(value: object, region: str | None, links: bool = True) -> Markup:
    """The ``numbers`` filter: :func:`tel_links` on pages (``links``), :func:`num_spans`
    in PDFs; with no ``region`` the value is only escaped (a caller that does not read
    numbers in free text)."""
    if region is None:
        return value if isinstance(value, Markup) else Markup(escape(value))
    return tel_links(value, region) if links else num_spans(value, region)

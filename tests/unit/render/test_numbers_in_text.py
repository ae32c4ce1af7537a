"""Phone and fax numbers written inside free text: found in the practice's country's
formats, a tel: link that never breaks on pages, one unbreakable span in PDFs."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from referkit.render.nowrap import num_spans, numbers, tel_links, time_ranges, url_lines

TEL = '<a href="tel:{e164}"><span class="rk-nowrap">{raw}</span></a>'


@pytest.mark.parametrize(
    ("region", "raw", "e164"),
    [
        ("US", "(414) 555-0190", "+14145550190"),
        ("US", "414-555-0190", "+14145550190"),
        ("US", "1-800-555-0199", "+18005550199"),
        ("CA", "403-555-0188", "+14035550188"),
        ("GB", "020 7946 0150", "+442079460150"),
        ("GB", "0113 496 0150", "+441134960150"),
        ("AU", "(08) 5550 2150", "+61855502150"),
        ("AU", "0491 570 006", "+61491570006"),
        ("US", "+44 20 7946 0150", "+442079460150"),  # an international number anywhere
    ],
)
def test_a_number_in_free_text_becomes_a_tel_link(region: str, raw: str, e164: str) -> None:
    text = f"Fax the referral, then phone the team on {raw} & wait."
    assert str(tel_links(text, region)) == (
        "Fax the referral, then phone the team on "
        + TEL.format(e164=e164, raw=raw)
        + " &amp; wait."
    )
    assert str(num_spans(text, region)) == (
        f'Fax the referral, then phone the team on <span class="num">{raw}</span> &amp; wait.'
    )


def test_text_without_a_number_is_escaped_byte_for_byte() -> None:
    for text in ("Dates 2026-11-23 12 kg, 5.7 to 6.4 percent", "<b>'q'</b> & 10 micrograms"):
        assert str(tel_links(text, "US")) == str(Markup.escape(text))
        assert str(num_spans(text, "GB")) == str(Markup.escape(text))


def test_an_extension_and_markup_from_another_filter() -> None:
    assert str(tel_links("Call (608) 555-0148 ext. 12", "US")) == (
        'Call <a href="tel:+16085550148;ext=12"><span class="rk-nowrap">'
        "(608) 555-0148 ext. 12</span></a>"
    )
    # a defined term's link stays as it is (no link inside a link)
    linked = Markup(
        '<a class="rk-term" href="#definition-1">Line 0113 496 0150</a> or 0113 496 0151'
    )
    assert str(tel_links(linked, "GB")) == (
        '<a class="rk-term" href="#definition-1">Line 0113 496 0150</a> or '
        + TEL.format(e164="+441134960151", raw="0113 496 0151")
    )
    assert str(numbers("403-555-0188", None)) == "403-555-0188"  # no country: text only


def test_a_print_url_keeps_its_scheme_and_host_together() -> None:
    assert str(url_lines("https://refer.example.org/gastroenterology/")) == (
        '<span class="host">https://refer.example.org/</span>gastroenterology/'
    )
    assert str(url_lines("https://a.example.org")) == (
        '<span class="host">https://a.example.org</span>'
    )
    assert str(url_lines("not a url <x>")) == "not a url &lt;x&gt;"


_WRAPPED = '<span class="rk-nowrap">(608) 555-0148</span>'


@pytest.mark.parametrize(
    "article",
    [
        f"<p>Call {_WRAPPED} or fax {_WRAPPED.replace('0148', '0149')}.</p>",
        f"<p>Call {_WRAPPED} or fax 608-555-0149.</p>",
        "<p>Call 608-555-0148</p>",
        '<p><a href="tel:+16085550148" data-n="608-555-0148">Phone</a></p>',
        "<p><code>608-555-0148</code> and <span>608.555.0148</span></p>",
        '<p><span class="rk-nowrap">call 608-555-0148</span></p>',
        "<p>No number, 2026-11-25, 12 kg.</p>",
    ],
)
def test_a_page_article_gets_numbers_wrapped_once(article: str) -> None:
    """The page pass (every engine's post-page hook) wraps each number not already in
    an ``rk-nowrap`` span, and leaves a page whose numbers all are as it is, without
    walking its tags: the same result as the full walk in every case."""
    from referkit.render.nowrap import _wrap_markup, nowrap_phones_in_page

    page = f'<header>608-555-0100</header><article class="md-content">{article}</article>'
    done = nowrap_phones_in_page(page)
    assert done == page.replace(article, _wrap_markup(article))
    assert done.startswith("<header>608-555-0100</header>")  # only the article
    assert nowrap_phones_in_page(done) == done
    if "or fax 608-555-0149" in article or article == "<p>Call 608-555-0148</p>":
        assert done.count('class="rk-nowrap"') == article.count('class="rk-nowrap"') + 1


def test_each_time_range_of_the_hours_is_kept_on_one_line() -> None:
    """A phone once showed the intake hours as "Mon–Fri 07:30–" with "17:30" below."""
    span = '<span class="rk-nowrap">'
    assert str(time_ranges("Mon–Fri 07:30–17:30")) == f"Mon–Fri {span}07:30–17:30</span>"
    assert str(time_ranges("Mon–Thu 8:00 - 17:00, Fri 8:00–12:00 <closed> & holidays")) == (
        f"Mon–Thu {span}8:00 - 17:00</span>, Fri {span}8:00–12:00</span> "
        "&lt;closed&gt; &amp; holidays"
    )
    assert str(time_ranges(None)) == ""
    assert str(time_ranges("By appointment")) == "By appointment"

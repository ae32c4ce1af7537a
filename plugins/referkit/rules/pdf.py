"""RK301: the referral guide and form — one page each (reported by ``pdf/fit.py``)."""

from __future__ import annotations

from .rule import Rule

RK301 = Rule(
    "RK301",
    stage="pdf",
    title="a referral guide or form does not fit on one page even at the smallest size",
    why="The guide and form are one page so that they can be faxed, printed and pinned up "
    "whole; a second page gets lost, and shrinking text further makes it unreadable.",
    fix="shorten the longest sections the message names",
    bad="faq:\n  - q: What does the clinic offer?\n"
    "    a: A 1,800-word answer that belongs on the web page …\n",
    good="faq:\n  - q: What does the clinic offer?\n"
    "    a: Consults, echocardiography and rhythm monitoring (details on the web page).\n",
)

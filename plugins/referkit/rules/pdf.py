"""RK301: the referral guide stays one page (reported by ``pdf/fit.py``); a form that
cannot fit one page takes a second instead, so it never fails."""

from __future__ import annotations

from .rule import Rule

RK301 = Rule(
    "RK301",
    stage="pdf",
    title="a referral guide does not fit on one page even at 8 pt (`check` and `build` "
    "report it alike; a form takes a second page instead)",
    why="The guide is one page so that it can be faxed, printed and pinned up whole; a "
    "second page gets lost, and shrinking text further makes it unreadable. It carries "
    "every criterion, so only what explains rather than decides can move to the web page.",
    fix="shorten the longest sections the message names, or move explanations to faq: "
    "or a content/ page, which only the web page shows",
    bad="faq:\n  - q: What does the clinic offer?\n"
    "    a: A 1,800-word answer that belongs on the web page …\n",
    good="faq:\n  - q: What does the clinic offer?\n"
    "    a: Consults, echocardiography and rhythm monitoring (details on the web page).\n",
)

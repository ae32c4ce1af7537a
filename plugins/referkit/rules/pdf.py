"""RK301–RK302: the referral guide stays one page (reported by ``pdf/fit.py``; a form
that cannot fit one page takes a second instead, so it never fails); the PDFs draw only
from the project and ReferKit (``pdf/render.py``)."""

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

RK302 = Rule(
    "RK302",
    stage="pdf",
    title="a PDF asks for something ReferKit does not fetch (an address on the network, "
    "or a file: a PDF draws only ReferKit's own fonts and the embedded brand logo and QR "
    "code), or for an image that cannot be read (it would print as its alt text)",
    why="A guide is printed and faxed as the practice's own document: a network fetch "
    "while building tells a third party about the build, a file from elsewhere on the "
    "machine must never end up in it, and a missing picture would print as words.",
    fix="remove the reference (a picture on the PDFs is the brand logo, `brand.logo` in "
    "mkdocs.yml); the PDF is not published until then",
    file="templates/pdf/guide.html.j2",
    bad='<img src="https://tracker.example.com/pixel.png" alt="">\n',
    good='{% if logo %}<img class="logo" src="{{ logo.uri }}" alt="{{ logo.alt }}">{% endif %}\n',
)

"""Small, targeted repairs to Material for MkDocs' and Zensical's HTML for WCAG and validity.

Material 9.8 marks its header toggles ``<input type="checkbox" autocomplete="off">``
(the Nu checker rejects autocomplete on checkboxes), puts Safari's non-standard
``autocorrect`` on the search field, labels a table-of-contents toggle ``__toc`` on
pages that do not render it (a label for a missing control), and gives its search
dialog no accessible name (axe ``aria-dialog-name``). Overriding whole Material partials to
change one attribute would pin us to their markup, so the adapter applies these
string-level fixes to each rendered page instead. Zensical 0.0.73 renders the same
markup and adds ``aria-hidden`` to the drawer overlay's ``<label>``, which the Nu
checker rejects on a label bound to a control (Material's overlay has none). Each fix
is a no-op when the markup changes, and the browser and Nu tests (tests/test_engines.py
for every engine) say when one stops being needed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ..render.nowrap import nowrap_phones_in_page

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
_AUTOCORRECT = re.compile(r'(<input\b[^>]*?)\s+autocorrect="off"')
_TOC_LABEL = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.DOTALL)
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
# Zensical hides the drawer's overlay label from assistive technology; the Nu checker
# (26.x) rejects aria-hidden on a label of a form control. Material's own has no aria-hidden.
_OVERLAY_LABEL = '<label class="md-overlay" for="__drawer" aria-hidden="true">'


def fix_material_html(html: str) -> str:
    # numbers in hand-written content and free text stay on one line (issue #11)
    html = nowrap_phones_in_page(html)
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    html = _AUTOCORRECT.sub(r"\1", html)
    html = html.replace(_OVERLAY_LABEL, '<label class="md-overlay" for="__drawer">')
    if 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r'<span class="md-nav__title">\1</span>', html)
    return html.replace(
        _SEARCH_DIALOG,
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">',
    )


_ROBOTS_META = re.compile(r'<meta\s+name="robots"', re.I)
_NOINDEX = '<meta name="robots" content="noindex">'


def with_noindex(html: str) -> str:
    """A page marked noindex (for a preview build), unless it names robots already."""
    if _ROBOTS_META.search(html) or "<head>" not in html:
        return html
    return html.replace("<head>", "<head>\n" + _NOINDEX, 1)


def finish_site(site_dir: Path, docs_dir: Path, *, noindex: bool = False) -> None:
    """The engine-neutral post-pass over a built site, whichever engine built it.

    Applies the HTML repairs to every page (a no-op where the adapter's hooks ran
    already) and publishes ReferKit's own ``sitemap.xml`` (review dates as lastmod)
    and ``robots.txt`` from the docs folder, in place of anything an engine wrote.
    ``noindex`` (a preview build) marks every page noindex, those without front
    matter (the engine's 404 page) included.
    """
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        fixed = fix_material_html(html)
        if noindex:
            fixed = with_noindex(fixed)
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")
    for name in ("sitemap.xml", "robots.txt"):
        source = docs_dir / name
        if source.is_file():
            shutil.copyfile(source, site_dir / name)
    # an engine's compressed copy of its own sitemap would contradict ours
    (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)

"""A pseudo-element's style computed when the layout asks for it (issue #23).

WeasyPrint 70's default stylesheet gives every element a ``::marker``, a
``::footnote-call``, a ``::footnote-marker`` and three more pseudo-elements, and
``StyleFor`` merges their declarations and computes all six styles for every element
of a document before its layout starts. The layout asks for a few of them: the markers
of list items, ``::before`` and ``::after`` where a stylesheet gives them content. In a
referral form that is over 700 styles computed and almost none read: a tenth of the
form.

:func:`install` replaces two passages of ``StyleFor.__init__``: a pseudo-element's
matching rules are kept (in the order WeasyPrint merges them) instead of merged, and
its style is merged and computed the first time ``StyleFor`` is asked for it, from
the same declarations, the same parent and root styles and the same base URL, the way
``set_computed_styles`` computes it. A pseudo-element whose rules set ``anchor`` (read
when its style is computed) is computed at once, as before. WeasyPrint's answer for a
pseudo-element that matched no rule (none, so it does not exist) is kept.
tests/unit/pdf/test_pdf_speedups.py compares the bytes with WeasyPrint's own. If the
source is not the one this was written for, nothing is installed.
"""

from __future__ import annotations

from . import source_patch

_MERGE = """                    specificity = sheet_specificity or specificity
                    style = cascaded_styles.setdefault((etree_element, pseudo_type), {})
"""
_MERGE_NEW = """                    specificity = sheet_specificity or specificity
                    if pseudo_type:  # ReferKit (referkit.pdf.pseudo_styles): kept, merged when read
                        pending_pseudo.setdefault((etree_element, pseudo_type), []).append(
                            (origin, layer_order, specificity, declarations))
                        continue
                    style = cascaded_styles.setdefault((etree_element, pseudo_type), {})
"""
_CACHE = """        computed_cache = {}
"""
_CACHE_NEW = """        computed_cache = {}
        pending_pseudo = {}
"""
_PSEUDO_PASS = """        for element, pseudo_type in cascaded_styles:
            if pseudo_type:
                self.set_computed_styles(
                    element, pseudo_type=pseudo_type,
                    # The pseudo-element inherits from the element.
                    root=html.etree_element, parent=element,
                    base_url=html.base_url, target_collector=target_collector)
"""
_PSEUDO_PASS_NEW = """        self.referkit_pending = pending_pseudo
        self.referkit_context = (html.etree_element, html.base_url, target_collector)
        for key, matched in list(pending_pseudo.items()):
            if any(name == 'anchor' for *_, declarations in matched
                   for name, _, _ in declarations):
                _referkit_compute(self, key)
"""
_REPLACEMENTS = ((_MERGE, _MERGE_NEW), (_CACHE, _CACHE_NEW), (_PSEUDO_PASS, _PSEUDO_PASS_NEW))


def compute(style_for, key) -> None:
    """Merge and compute the pending style of ``key`` (element, pseudo-element type),
    as ``StyleFor.__init__`` and ``set_computed_styles`` would have."""
    from weasyprint.css import ComputedStyle, declaration_precedence

    element, pseudo_type = key
    matched = style_for.referkit_pending.pop(key)
    root, base_url, target_collector = style_for.referkit_context
    cascaded: dict = {}
    for origin, layer_order, specificity, declarations in matched:
        for name, values, importance in declarations:
            weight = (declaration_precedence(origin, importance), layer_order, specificity)
            old_weight = cascaded.get(name, (None, None))[1]
            if old_weight is None or old_weight <= weight:
                cascaded[name] = values, weight
    computed_styles = style_for.get_computed_styles()
    computed = computed_styles[key] = ComputedStyle(
        computed_styles[element, None],
        cascaded,
        pseudo_type,
        computed_styles[root, None],
        base_url,
        style_for.font_config,
        style_for.initial_page_sizes,
    )
    if target_collector and computed["anchor"]:
        target_collector.collect_anchor(computed["anchor"])


def install() -> bool:
    """Compute pseudo-elements' styles when read, in this process; False (and
    WeasyPrint's own code) when its source is not the one this was written for."""
    from weasyprint import css

    style_for = css.StyleFor
    init = source_patch.patched(
        style_for.__init__, css, _REPLACEMENTS, {"_referkit_compute": compute}
    )
    if init is None:
        return False
    original_call = source_patch.original(style_for.__call__)

    def call(self, element, pseudo_type=None):
        if pseudo_type is not None:
            pending = getattr(self, "referkit_pending", None)
            if pending and (element, pseudo_type) in pending:
                compute(self, (element, pseudo_type))
        return original_call(self, element, pseudo_type)

    call.__wrapped_original__ = original_call
    style_for.__init__ = init
    style_for.__call__ = call
    return True


def uninstall() -> None:
    """WeasyPrint's own ``StyleFor`` again (for comparisons)."""
    from weasyprint import css

    for name in ("__init__", "__call__"):
        setattr(css.StyleFor, name, source_patch.original(getattr(css.StyleFor, name)))

"""The PDF wing: the loaded model → referral guides, forms and the partner overview.

Context, fit, fillable-form finishing, the cache and the worker pool; WeasyPrint is
imported only when a PDF is rendered, so ``check`` runs without it.
"""

"""The render wing: the loaded model → pages, structured data, sitemap and exports.

Renderers are pure: model in, text or bytes out. They read no file and run no git.
"""

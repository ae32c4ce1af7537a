"""The HTML of a PDF at one fit step, from its job and its build's setup.

Workers call this for the steps they try (each worker compiles the templates once
per setup); ``check`` calls it in the build's process to render a project's PDF
template overrides. The stylesheet is rendered once per setup: a worker parses it
once and hands it to WeasyPrint with every document (``inline_css`` puts it in the
document instead, as a browser would read it).
"""

from __future__ import annotations

from typing import Any

from ..render.pages import template_environment
from .jobs import STYLESHEET, PdfJob, PdfSetup


class PdfTemplates:
    """The PDF templates of one setup, compiled once."""

    def __init__(self, setup: PdfSetup, env: Any = None) -> None:
        self.setup = setup
        self.env = env if env is not None else template_environment(dict(setup.templates))
        self.css = self.env.get_template(STYLESHEET).render()

    def html(self, job: PdfJob, step: int, *, inline_css: bool = False) -> str:
        size, extra = job.steps[step]
        template = self.env.get_template(f"pdf/{job.kind}.html.j2")
        html = template.render(body_size_pt=size, **extra, **job.variables, **self.setup.shared)
        if inline_css:
            html = html.replace("</head>", f"<style>{self.css}</style>\n</head>", 1)
        return html

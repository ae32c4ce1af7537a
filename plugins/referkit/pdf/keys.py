"""The one cache-key builder for every PDF: public guides and forms, partner copies,
partner overviews.

A key hashes data, not rendered HTML, so a no-change build decides every cache hit
without running a template: what the PDF prints (its service lines with their
notices and recent change, the organization facts it shows), the partner parameters
of a partner copy, the page URL base, page size and language, the PDF template and
CSS sources (a project's overrides included), the logo, the fonts, and the
WeasyPrint, ReferKit and cache-format versions. A partner copy's key differs from
the public PDF's only by ``partner``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..source.loaded import LoadedProject
from ..source.model import ServiceLine
from .context import PartnerCopy, PdfContexts, referrer_id_label
from .jobs import CACHE_FORMAT, FIT_STEPS_PT, FORM_FIT_STEPS_PT, fit_steps

KINDS = ("guide", "form", "overview")


class PdfKeys:
    def __init__(self, loaded: LoadedProject, contexts: PdfContexts) -> None:
        self.contexts = contexts
        org = contexts.org
        project = loaded.project
        templates = loaded.templates
        language_access = org.language_access
        self._shared = {
            "cache_format": CACHE_FORMAT,
            "engine": _engine_version(),
            "fonts": loaded.fonts_digest,
            "logo": contexts.logo and contexts.logo.digest,
            "templates": {
                name: hashlib.sha256(templates[name].data).hexdigest()
                for name in sorted(templates)
                if name.startswith(("pdf/", "shared/"))  # shared/: macros the PDFs import
            },
            "site_url": project.site_url,
            "feedback": project.options.feedback,
            "language": project.language,
            "page_size": contexts.page_size,
            "fit_steps_pt": FIT_STEPS_PT,
            "form_fit_steps_pt": FORM_FIT_STEPS_PT,
            "fit_steps": {kind: fit_steps(kind) for kind in ("guide", "form")},
        }
        # what a guide or form prints of the organization; the overview prints its
        # contacts too, so it takes every organization fact
        self._org_facts = {
            "name": org.name,
            "country": org.country,  # how numbers in free text are read
            "referrer_id_label": referrer_id_label(org),
            "language_access": language_access and language_access.model_dump(mode="json"),
        }
        self._org_all = org.model_dump(mode="json")

    def payload(
        self, kind: str, lines: tuple[ServiceLine, ...], partner: PartnerCopy | None
    ) -> dict[str, Any]:
        """Everything that shapes the bytes of the ``kind`` PDF of ``lines``."""
        assert kind in KINDS, kind
        contexts = self.contexts
        return {
            **self._shared,
            "kind": kind,
            "organization": self._org_all if kind == "overview" else self._org_facts,
            "lines": [
                {
                    "line": line.model_dump(mode="json"),
                    "notices": [n.text for n in contexts.notices(line)],
                    "overdue_since": str(contexts.overdue_since(line) or ""),
                    "recent_change": contexts.recent_change(line) if kind == "guide" else None,
                }
                for line in lines
            ],
            "partner": None
            if partner is None
            else {
                "id": partner.audience.id,
                "name": partner.audience.name,
                "code": partner.code,
                "param": partner.param,
                "page_url": partner.page_url,
            },
        }

    def key(self, kind: str, lines: tuple[ServiceLine, ...], partner: PartnerCopy | None) -> str:
        text = json.dumps(self.payload(kind, lines, partner), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


_VERSION_CACHE: dict[str, str] = {}


def _engine_version() -> str:
    if "engine" not in _VERSION_CACHE:
        from importlib.metadata import version

        from .. import __version__

        _VERSION_CACHE["engine"] = f"weasyprint {version('weasyprint')}; referkit {__version__}"
    return _VERSION_CACHE["engine"]

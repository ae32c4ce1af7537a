"""The one cache-key builder for every PDF: public guides and forms, partner copies,
partner overviews.

A key hashes data, not rendered HTML, so a no-change build decides every cache hit
without running a template: what the PDF prints (its service lines' fields that its
template reads, with their notices, overdue day and recent change, the organization
facts it shows), the partner parameters of a partner copy, the feedback link, the page
URL base, page size and language, the PDF template and CSS sources (a project's
overrides included), the logo the PDFs print (``brand.print_logo`` when set), the
fonts, and the WeasyPrint, ReferKit and cache-format versions. A partner copy's key
differs from the public PDF's only by ``partner``.
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
# Service-line fields a PDF never prints, so that editing them renders nothing (issue
# #23, item 2: a criterion edit re-renders one guide and no form). Leaving a field out
# here only costs a render; listing one the template prints would publish a stale PDF,
# which tests/unit/pdf/test_pdf_keys.py catches: it edits every field of rich service
# lines one by one and fails when a PDF's HTML changes while its key does not.
NOT_ON_THE_GUIDE = frozenset(
    {
        "specialty",
        "specialty_label",
        "conditions",
        "services",
        "search_terms",
        "based_on",
        "current_wait",
        "locations",
        "providers",
        "insurance",
        "patient_instructions",
        "faq",
        "compliance_exceptions",
    }
)
NOT_ON_THE_FORM = NOT_ON_THE_GUIDE | {
    "summary",
    "eligibility",
    "not_appropriate",
    "workup",
    "advice",
    "links",
    "definitions",
    "notices",
    "contacts",
    "turnaround",
}


def printed_facts(kind: str, line_data: dict[str, Any]) -> dict[str, Any]:
    """The fields of a service line (``model_dump(mode="json")``) that the ``kind``
    PDF prints; the overview takes them all."""
    if kind == "guide":
        facts = {k: v for k, v in line_data.items() if k not in NOT_ON_THE_GUIDE}
        facts["contacts"] = line_data.get("contacts", [])[:1]  # the main contact only
        return facts
    if kind == "form":
        facts = {k: v for k, v in line_data.items() if k not in NOT_ON_THE_FORM}
        if not _form_reads_criteria(line_data):
            facts["triage"] = _without_criteria(line_data.get("triage"))
        return facts
    return line_data


def _form_reads_criteria(line_data: dict[str, Any]) -> bool:
    """The form prints no criteria, unless a form block asks for tick boxes or a
    criterion carries a flag (both print on the form)."""
    form = line_data.get("form")
    if isinstance(form, dict) and form.get("criteria_checkboxes"):
        return True
    return _has_flag(line_data.get("triage"))


def _has_flag(value: Any) -> bool:
    if isinstance(value, dict):
        return bool(value.get("flag")) or any(_has_flag(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_flag(v) for v in value)
    return False


def _without_criteria(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_criteria(v) for k, v in value.items() if k != "criteria"}
    if isinstance(value, list):
        return [_without_criteria(v) for v in value]
    return value


class PdfKeys:
    def __init__(
        self,
        loaded: LoadedProject,
        contexts: PdfContexts,
        facts: dict[tuple[str, str], tuple[ServiceLine, str]] | None = None,
    ) -> None:
        self.contexts = contexts
        self._facts = facts if facts is not None else {}
        self._heads: dict[tuple, str] = {}
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
        self._dumps: dict[str, tuple[ServiceLine, dict[str, Any]]] = {}

    def _line_data(self, line: ServiceLine) -> dict[str, Any]:
        """``line.model_dump(mode="json")``, once per service line (a guide, a form and
        every partner copy read it)."""
        known = self._dumps.get(line.slug)
        if known is None or known[0] is not line:
            known = (line, line.model_dump(mode="json"))
            self._dumps[line.slug] = known
        return known[1]

    def payload(
        self, kind: str, lines: tuple[ServiceLine, ...], partner: PartnerCopy | None
    ) -> dict[str, Any]:
        """Everything that shapes the bytes of the ``kind`` PDF of ``lines``."""
        return {
            **self._head(kind, partner),
            "lines": [
                {"line": printed_facts(kind, self._line_data(line)), **self._extras(kind, line)}
                for line in lines
            ],
        }

    def _head(self, kind: str, partner: PartnerCopy | None) -> dict[str, Any]:
        assert kind in KINDS, kind
        return {
            **self._shared,
            "kind": kind,
            "organization": self._org_all if kind == "overview" else self._org_facts,
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

    def _extras(self, kind: str, line: ServiceLine) -> dict[str, Any]:
        contexts = self.contexts
        return {
            "notices": [n.text for n in contexts.notices(line)] if kind != "form" else [],
            "overdue_since": str(contexts.overdue_since(line) or ""),
            "recent_change": contexts.recent_change(line) if kind == "guide" else None,
        }

    def key(self, kind: str, lines: tuple[ServiceLine, ...], partner: PartnerCopy | None) -> str:
        """The digest of :meth:`payload`, taken in parts: the head once per kind and
        partner, each service line's printed facts once per line object (``facts``,
        kept by ``serve`` between rebuilds: an unchanged file keeps its line object)."""
        head = (kind, repr(partner))
        if head not in self._heads:
            self._heads[head] = _json(self._head(kind, partner))
        made = hashlib.sha256(self._heads[head].encode("utf-8"))
        for line in lines:
            known = self._facts.get((kind, line.slug))
            if known is None or known[0] is not line:
                known = (line, _json(printed_facts(kind, self._line_data(line))))
                self._facts[(kind, line.slug)] = known
            made.update(b"\0" + known[1].encode("utf-8"))
            made.update(b"\0" + _json(self._extras(kind, line)).encode("utf-8"))
        return made.hexdigest()


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


_VERSION_CACHE: dict[str, str] = {}


def _engine_version() -> str:
    if "engine" not in _VERSION_CACHE:
        from importlib.metadata import version

        from .. import __version__

        _VERSION_CACHE["engine"] = f"weasyprint {version('weasyprint')}; referkit {__version__}"
    return _VERSION_CACHE["engine"]

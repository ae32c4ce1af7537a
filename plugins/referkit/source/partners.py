"""Partners and campaigns: attribution without trackers (``service_lines/_partners.yaml``).

A partner (or a running campaign) gets its own unlisted page under ``/for/<id>/``
whose portal links carry ``?ref=CODE``, partner-coded guides and forms, and a zip
of them. The code travels in what the partner sends back (the printed form, the
portal link, the fax): no script, cookie or third-party request. Without the file
nothing under ``/for/`` is built and the public site is byte-for-byte the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, PlainValidator
from pydantic_core import PydanticCustomError

from .. import urls
from ..findings import Finding
from .loader import SERVICE_LINES_DIR
from .model import Line, Practice, Slug
from .positions import SourceFile
from .validation import validate
from .yaml_source import read_yaml

PARTNERS_FILE = "_partners.yaml"
PARTNERS_URL = urls.PARTNERS
OVERVIEW_NAME = "how-to-refer.pdf"  # a partner's one-page overview, in its folder and kit
_CODE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")


def parse_code(value: object) -> str:
    if not isinstance(value, str) or not _CODE.match(value.strip()) or len(value) > 32:
        raise PydanticCustomError(
            "partner_code",
            "expected a referral code of letters, digits and single hyphens (at most 32), "
            "e.g. NFM-01",
        )
    return value.strip()


Code = Annotated[str, PlainValidator(parse_code)]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=True
    )


class Partner(_Model):
    id: Slug
    name: Line
    code: Code
    service_lines: tuple[Slug, ...] | None = None  # default: every service line


class Campaign(_Model):
    id: Slug
    name: Line | None = None
    code: Code
    service_lines: tuple[Slug, ...] | None = None
    from_: date = Field(alias="from")
    until: date | None = None

    def running_on(self, today: date) -> bool:
        return self.from_ <= today and (self.until is None or today <= self.until)


class PartnersFile(_Model):
    query_param: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,31}$")] = "ref"
    partners: tuple[Partner, ...] = ()
    campaigns: tuple[Campaign, ...] = ()


@dataclass(frozen=True)
class Audience:
    """Who a ``/for/<id>/`` page is for: a partner, or a campaign while it runs."""

    id: str
    name: str
    code: str
    kind: str  # "partner" or "campaign"
    slugs: tuple[str, ...]  # the service lines it gets, in the practice's order

    @property
    def url(self) -> str:
        return f"{PARTNERS_URL}{self.id}/"

    def guide_url(self, slug: str) -> str:
        return f"{self.url}{urls.guide_url(slug)}"

    def form_url(self, slug: str) -> str:
        return f"{self.url}{urls.form_url(slug)}"

    @property
    def overview_url(self) -> str:
        return f"{self.url}{OVERVIEW_NAME}"

    @property
    def kit_url(self) -> str:
        return f"{self.url}referral-kit.zip"


@dataclass
class PartnersResult:
    data: PartnersFile | None
    findings: list[Finding]
    source: SourceFile | None = None


def partners_path(project_dir: Path) -> Path:
    return project_dir / SERVICE_LINES_DIR / PARTNERS_FILE


def load_partners(project_dir: Path) -> PartnersResult:
    """Read and validate ``_partners.yaml`` (absent: no partners, no findings); the
    gate's partner rules (checks/partners.py) check it against the service lines."""
    path = partners_path(project_dir)
    if not path.is_file():
        return PartnersResult(None, [])
    display = f"{SERVICE_LINES_DIR}/{PARTNERS_FILE}"
    source = read_yaml(path, display)
    findings: list[Finding] = []
    data = validate(PartnersFile, source, findings)
    return PartnersResult(data if not findings else None, findings, source)


def audiences(data: PartnersFile | None, practice: Practice, today: date) -> list[Audience]:
    """Every partner, and every campaign running on ``today``, sorted by id."""
    if data is None:
        return []
    order = [line.slug for line in practice.service_lines]

    def lines(wanted: tuple[str, ...] | None) -> tuple[str, ...]:
        return tuple(order) if wanted is None else tuple(s for s in order if s in wanted)

    result = [
        Audience(p.id, p.name, p.code, "partner", lines(p.service_lines)) for p in data.partners
    ]
    result += [
        Audience(c.id, c.name or c.id, c.code, "campaign", lines(c.service_lines))
        for c in data.campaigns
        if c.running_on(today)
    ]
    return sorted(result, key=lambda a: a.id)


def with_code(url: str, param: str, code: str) -> str:
    """``url`` with ``param=code`` added (``?`` or ``&``); an existing value is replaced."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != param]
    query.append((param, code))
    return urlunsplit(parts._replace(query=urlencode(query)))


__all__ = [
    "Audience",
    "Campaign",
    "Partner",
    "PartnersFile",
    "audiences",
    "load_partners",
    "with_code",
]

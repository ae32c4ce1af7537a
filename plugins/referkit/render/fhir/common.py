"""What every FHIR resource shares: ids, references, dates, numbers, addresses, hours.

FHIR R4 (4.0.1) JSON. Numbers are the model's E.164 form, as in the JSON-LD and the
listings exports; an address is the model's fields, with the one-line text the
pages print. Nothing here reads a file or the clock.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ... import urls
from ...source.languages import language_name
from ...source.model import DAY_CODES, Address, Hours, Phone, Practice, ServiceLine

FHIR_VERSION = "4.0.1"
NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
NUCC_SYSTEM = "http://nucc.org/provider-taxonomy"
BCP47_SYSTEM = "urn:ietf:bcp:47"
REFERRAL_METHOD_SYSTEM = "http://terminology.hl7.org/CodeSystem/service-referral-method"
CONNECTION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type"
# "rest-non-fhir" (for web portals) is defined by Da Vinci Plan-Net, not by core FHIR
PLAN_NET_CONNECTION_SYSTEM = (
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/EndpointConnectionTypeCS"
)
ORGANIZATION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/organization-type"

_FHIR_DAYS = dict(zip(DAY_CODES, ("mon", "tue", "wed", "thu", "fri", "sat", "sun"), strict=True))
_MAX_ID = 64  # FHIR ids: [A-Za-z0-9-.]{1,64}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&])")


def resource_id(*parts: str) -> str:
    """A FHIR id from slugs and YAML ids, joined with "." (which no slug contains, so two
    different pairs never give the same id); too long an id keeps its start and ends in a
    digest of the whole, so it stays unique and the same on every build."""
    joined = ".".join(parts)
    if len(joined) <= _MAX_ID:
        return joined
    digest = hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]
    return joined[: _MAX_ID - len(digest) - 1].rstrip(".-") + "." + digest


def slug_id(name: str) -> str:
    """An id for something the YAML names but gives no id (the practice)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return resource_id(slug or "organization")


def reference(resource_type: str, resource_id_: str, display: str | None = None) -> dict:
    """A relative reference, resolved inside the Bundle through each entry's fullUrl."""
    ref: dict = {"reference": f"{resource_type}/{resource_id_}"}
    if display:
        ref["display"] = display
    return ref


def meta(day: date | None) -> dict:
    """``meta.lastUpdated`` from a review date (midnight UTC), so builds are repeatable."""
    return {"meta": {"lastUpdated": f"{day.isoformat()}T00:00:00Z"}} if day else {}


def contact_point(system: str, value: str) -> dict:
    return {"system": system, "value": value}


def phone_point(system: str, phone: Phone) -> dict:
    """A phone or fax number as the JSON-LD and exports write it (E.164)."""
    return contact_point(system, phone.e164)


def address(value: Address) -> dict:
    """A FHIR Address from the model's fields; ``text`` is the line the pages print."""
    return {
        "text": value.one_line,
        "line": [value.street],
        "city": value.city,
        "state": value.region,
        "postalCode": value.postal_code,
        "country": value.country,
    }


def coding(system: str, code: str, display: str | None = None) -> dict:
    found = {"system": system, "code": code}
    if display:
        found["display"] = display
    return found


def concept(text: str | None = None, *codings: dict) -> dict:
    found: dict = {}
    if codings:
        found["coding"] = list(codings)
    if text:
        found["text"] = text
    return found


def nucc_concepts(codes: tuple[str, ...]) -> list[dict]:
    """One concept per NUCC taxonomy code: different codes are different specialties."""
    return [concept(None, coding(NUCC_SYSTEM, code)) for code in codes]


def language_concept(tag: str) -> dict:
    """A BCP 47 language, named as the pages name it."""
    return concept(language_name(tag), coding(BCP47_SYSTEM, tag))


def _time(hhmm: str) -> str:
    return f"{hhmm}:00"


def day_segments(hours: tuple[Hours, ...]) -> list[tuple[list[str], str | None, str | None]]:
    """Hours as FHIR can say them: (days, opening, closing), with (days, None, None) for a
    whole day ("00:00"–"23:59", as the README tells editors to write it).

    FHIR times stop at 23:59:59 and a time range cannot cross midnight, so overnight hours
    (``closes`` before ``opens``) become two segments: to the end of the day, and from
    midnight on the next day.
    """
    segments: list[tuple[list[str], str | None, str | None]] = []
    for block in hours:
        days = sorted(block.days, key=DAY_CODES.index)
        fhir_days = [_FHIR_DAYS[d] for d in days]
        if block.opens == "00:00" and block.closes == "23:59":
            segments.append((fhir_days, None, None))
        elif not block.overnight:
            segments.append((fhir_days, _time(block.opens), _time(block.closes)))
        else:
            segments.append((fhir_days, _time(block.opens), "23:59:59"))
            if block.closes != "00:00":
                following = sorted(
                    (DAY_CODES[(DAY_CODES.index(d) + 1) % 7] for d in days), key=DAY_CODES.index
                )
                segments.append(
                    ([_FHIR_DAYS[d] for d in following], "00:00:00", _time(block.closes))
                )
    return segments


def location_hours(hours: tuple[Hours, ...]) -> list[dict]:
    """``Location.hoursOfOperation``."""
    return _times(hours, "openingTime", "closingTime")


def available_times(hours: tuple[Hours, ...]) -> list[dict]:
    """``HealthcareService.availableTime``: the same segments, in that element's names."""
    return _times(hours, "availableStartTime", "availableEndTime")


def _times(hours: tuple[Hours, ...], start: str, end: str) -> list[dict]:
    found = []
    for days, opens, closes in day_segments(hours):
        item: dict = {"daysOfWeek": days}
        if opens is None:
            item["allDay"] = True
        else:
            item |= {start: opens, end: closes}
        found.append(item)
    return found


def markdown_text(text: str) -> str:
    """YAML text inside FHIR markdown: the characters that would start emphasis, code, a
    link or HTML are backslash-escaped (CommonMark shows them as written); the rest stays
    as readable as the YAML, for consumers that show the markdown as plain text."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


@dataclass(frozen=True)
class Directory:
    """What the resource builders read: the practice, where the site is published and
    which PDFs this build publishes (site-relative paths)."""

    practice: Practice
    site_url: str
    documents: frozenset[str] = frozenset()

    @property
    def organization_id(self) -> str:
        return slug_id(self.practice.organization.name)

    def organization_ref(self) -> dict:
        return reference("Organization", self.organization_id, self.practice.organization.name)

    def location_ref(self, location_id: str) -> dict:
        location = self.practice.location(location_id)
        return reference("Location", resource_id(location.id), location.name)

    def page(self, url: str) -> str:
        return urls.absolute(self.site_url, url)

    def newest_review(self, lines: tuple[ServiceLine, ...] | None = None) -> date | None:
        """The newest review date among ``lines`` (default: every service line)."""
        chosen = self.practice.service_lines if lines is None else lines
        return max((line.review.last_reviewed for line in chosen), default=None)

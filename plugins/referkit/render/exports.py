"""Listings exports: the practice's locations for directories, and vCards.

Every value is the model's own, so the name, address and phone in
``/exports/locations.csv``, ``/exports/locations.json`` and each ``contact.vcf``
are the same bytes as on the pages (names, streets) and in the JSON-LD (E.164
phone numbers): directories are where NAP consistency is won or lost.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable

from .. import urls
from ..source.languages import language_name
from ..source.model import DAY_CODES, Location, Practice, Provider

CSV_URL = urls.EXPORTS + "locations.csv"
JSON_URL = urls.EXPORTS + "locations.json"

# The column layout of Google Business Profile's bulk-upload spreadsheet (the
# columns ReferKit has facts for; others may be left out of an upload).
GBP_COLUMNS = (
    "Store code",
    "Business name",
    "Address line 1",
    "Address line 2",
    "Locality",
    "Administrative area",
    "Country/Region",
    "Postal code",
    "Latitude",
    "Longitude",
    "Primary phone",
    "Additional phones",
    "Website",
    "Primary category",
    "Additional categories",
    "Sunday hours",
    "Monday hours",
    "Tuesday hours",
    "Wednesday hours",
    "Thursday hours",
    "Friday hours",
    "Saturday hours",
)
_WEEK_FROM_SUNDAY = ("Su", "Mo", "Tu", "We", "Th", "Fr", "Sa")


def vcard_url(kind: str, item_id: str) -> str:
    """``locations/<id>/contact.vcf`` or ``providers/<id>/contact.vcf``."""
    base = urls.location_url(item_id) if kind == "location" else urls.provider_url(item_id)
    return base + "contact.vcf"


def hours_by_day(location: Location) -> dict[str, str]:
    """Opening hours per day code in the spreadsheet's format, e.g. "08:00-17:00".

    Several ranges on one day are joined with commas; a closed day is left blank.
    """
    ranges: dict[str, list[str]] = {code: [] for code in DAY_CODES}
    for hours in location.hours:
        for day in hours.days:
            ranges[day].append(f"{hours.opens}-{hours.closes}")
    return {day: ",".join(sorted(values)) for day, values in ranges.items()}


# --- CSV: every cell inert in a spreadsheet --------------------------------------
# A spreadsheet program reads a cell that starts with = + - @ (or a tab or carriage
# return before one) as a formula: =HYPERLINK(…) phishes, +cmd|… runs a command
# through DDE, =WEBSERVICE(…) sends the sheet away. OWASP's guidance: prefix such a
# cell with a single quote, so it reads as text. A plain number (a latitude, an E.164
# phone number) is left as it is: it can only ever be that number.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def spreadsheet_cell(value: object) -> str:
    """``value`` as a CSV cell no spreadsheet program runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable[object]], *, lineterminator: str = "\r\n") -> str:
    """Rows as CSV with every cell made inert (:func:`spreadsheet_cell`); the one way
    ReferKit writes a CSV (listings export, ``links``, ``check --reviews``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    for row in rows:
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return out.getvalue()


def locations_csv(practice: Practice, site_url: str) -> str:
    """The locations as a Google Business Profile bulk-upload CSV (UTF-8, CRLF rows)."""
    rows: list[list[str]] = [list(GBP_COLUMNS)]
    for location in practice.organization.locations:
        hours = hours_by_day(location)
        address = location.address
        rows.append(
            [
                location.id,
                location.name,
                address.street,
                "",
                address.city,
                address.region,
                address.country,
                address.postal_code,
                f"{location.geo.lat}" if location.geo else "",
                f"{location.geo.lng}" if location.geo else "",
                location.telephone.e164,
                "",
                urls.absolute(site_url, urls.location_url(location.id)),
                "",  # a Business Profile category is the practice's choice; nothing is guessed
                "",
                *(hours[day] for day in _WEEK_FROM_SUNDAY),
            ]
        )
    return csv_text(rows)


def locations_json(practice: Practice, site_url: str) -> str:
    """The locations as JSON: the same facts as the CSV, with structured hours."""
    org = practice.organization
    items = []
    for location in org.locations:
        address = location.address
        item: dict[str, object] = {
            "id": location.id,
            "name": location.name,
            "address": {
                "street": address.street,
                "city": address.city,
                "region": address.region,
                "postal_code": address.postal_code,
                "country": address.country,
            },
            "telephone": location.telephone.e164,
            "telephone_display": location.telephone.display,
            "url": urls.absolute(site_url, urls.location_url(location.id)),
            "vcard": urls.absolute(site_url, vcard_url("location", location.id)),
            "hours": [
                {"days": list(h.days), "opens": h.opens, "closes": h.closes} for h in location.hours
            ],
            "languages": [{"code": t, "name": language_name(t)} for t in location.languages],
            "service_lines": [s.slug for s in practice.service_lines_at(location.id)],
        }
        if location.fax:
            item["fax"] = location.fax.e164
        if location.geo:
            item["geo"] = {"lat": location.geo.lat, "lng": location.geo.lng}
        items.append(item)
    payload = {
        "organization": {
            "name": org.name,
            "url": org.url,
            "telephone": org.telephone.e164,
            **({"fax": org.fax.e164} if org.fax else {}),
        },
        "locations": items,
    }
    return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- vCard 4.0 (RFC 6350) ----------------------------------------------------


_LINE_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


def _escape(value: str, *, component: bool = False) -> str:
    """RFC 6350 3.4: backslash, comma and line breaks always; semicolon too in the
    fields of compound values (ADR, ORG), where it would start a new field.

    Every kind of line break (a bare CR included, which ends a line for many vCard
    parsers) becomes ``\\n``, so a value can never start a line, a property or a card
    of its own.
    """
    value = value.replace("\\", "\\\\").replace(",", "\\,")
    value = _LINE_BREAK.sub("\\\\n", value)
    return value.replace(";", "\\;") if component else value


def _param(value: str) -> str:
    """A quoted parameter value (RFC 6350 5, RFC 6868 caret escapes): ``^`` as ``^^``,
    a double quote as ``^'``, any line break as ``^n``; other controls are dropped."""
    value = value.replace("^", "^^").replace('"', "^'")
    value = _LINE_BREAK.sub("^n", value)
    return '"' + "".join(c for c in value if c == "\t" or ord(c) >= 0x20 and c != "\x7f") + '"'


def _fold(line: str) -> str:
    """RFC 6350 3.2: lines over 75 octets continue on lines starting with a space,
    never splitting a UTF-8 sequence."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _card(lines: list[str]) -> str:
    body = ["BEGIN:VCARD", "VERSION:4.0", *lines, "END:VCARD"]
    return "".join(_fold(line) + "\r\n" for line in body)


def _adr(location: Location, pref: int | None = None) -> str:
    address = location.address
    parts = ["", "", address.street, address.city, address.region, address.postal_code]
    parts.append(address.country)
    # parameter values are quoted and use RFC 6868 caret escapes, not backslashes
    label = _param(f"{address.one_line}, {address.country}")
    params = f";TYPE=work;LABEL={label}" + (f";PREF={pref}" if pref else "")
    return f"ADR{params}:" + ";".join(_escape(p, component=True) for p in parts)


def _lang_lines(tags: tuple[str, ...]) -> list[str]:
    return [f"LANG;PREF={index}:{tag}" for index, tag in enumerate(tags, start=1)]


def location_vcard(practice: Practice, location: Location, site_url: str) -> str:
    """A vCard 4.0 for one location (KIND:org)."""
    lines = [
        "KIND:org",
        "FN:" + _escape(location.name),
        "ORG:" + _escape(practice.organization.name, component=True),
        _adr(location),
        f'TEL;VALUE=uri;TYPE="work,voice":{location.telephone.tel_uri}',
    ]
    if location.fax:
        lines.append(f'TEL;VALUE=uri;TYPE="work,fax":{location.fax.tel_uri}')
    if location.geo:
        lines.append(f"GEO:geo:{location.geo.lat},{location.geo.lng}")
    lines += _lang_lines(location.languages)
    page = urls.absolute(site_url, urls.location_url(location.id))
    lines += [
        f"URL:{page}",
        f"SOURCE:{urls.absolute(site_url, vcard_url('location', location.id))}",
    ]
    return _card(lines)


def provider_vcard(practice: Practice, provider: Provider, site_url: str) -> str:
    """A vCard 4.0 for one provider: the practice's locations where they see patients."""
    lines = [
        "KIND:individual",
        "FN:" + _escape(provider.display_name),
        "ORG:" + _escape(practice.organization.name, component=True),
    ]
    for index, location_id in enumerate(provider.locations, start=1):
        location = practice.location(location_id)
        lines.append(_adr(location, pref=index))
        lines.append(f'TEL;VALUE=uri;TYPE="work,voice";PREF={index}:{location.telephone.tel_uri}')
    lines += _lang_lines(provider.languages)
    page = urls.absolute(site_url, urls.provider_url(provider.id))
    lines += [
        f"URL:{page}",
        f"SOURCE:{urls.absolute(site_url, vcard_url('provider', provider.id))}",
    ]
    return _card(lines)


def export_files(practice: Practice, site_url: str) -> dict[str, bytes]:
    """Every export file, by site-relative path."""
    files = {
        CSV_URL: locations_csv(practice, site_url).encode("utf-8"),
        JSON_URL: locations_json(practice, site_url).encode("utf-8"),
    }
    for location in practice.organization.locations:
        files[vcard_url("location", location.id)] = location_vcard(
            practice, location, site_url
        ).encode("utf-8")
    for provider in practice.organization.providers:
        files[vcard_url("provider", provider.id)] = provider_vcard(
            practice, provider, site_url
        ).encode("utf-8")
    return files

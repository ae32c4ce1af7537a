"""The validated, immutable model of a practice: what the YAML means.

Every renderer reads these types; nothing writes back into them. Field names are
the YAML contract (v1) from the README: renaming one is a breaking change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal
from urllib.parse import urlsplit

import phonenumbers
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .languages import parse_language_tag

DEFAULT_PHONE_REGION = "US"

# schema.org MedicalSpecialty members (release 30.0); the tests check this list
# against the vocabulary so a typo here cannot reach structured data.
MEDICAL_SPECIALTIES = (
    "Anesthesia",
    "Cardiovascular",
    "CommunityHealth",
    "Dentistry",
    "Dermatology",
    "DietNutrition",
    "Emergency",
    "Endocrine",
    "Gastroenterologic",
    "Genetic",
    "Geriatric",
    "Gynecologic",
    "Hematologic",
    "Infectious",
    "LaboratoryScience",
    "Midwifery",
    "Musculoskeletal",
    "Neurologic",
    "Nursing",
    "Obstetric",
    "Oncologic",
    "Optometric",
    "Otolaryngologic",
    "Pathology",
    "Pediatric",
    "PharmacySpecialty",
    "Physiotherapy",
    "PlasticSurgery",
    "Podiatric",
    "PrimaryCare",
    "Psychiatric",
    "PublicHealth",
    "Pulmonary",
    "Radiography",
    "Renal",
    "RespiratoryTherapy",
    "Rheumatologic",
    "SpeechPathology",
    "Surgical",
    "Toxicologic",
    "Urologic",
)
Specialty = Literal[MEDICAL_SPECIALTIES]  # type: ignore[valid-type]

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DayCode = Literal["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True, order=True)
class Phone:
    """A checked phone number: E.164 for ``tel:`` links and one display format."""

    e164: str
    display: str

    @property
    def tel_uri(self) -> str:
        return f"tel:{self.e164}"

    def __str__(self) -> str:
        return self.display


def parse_phone(value: object) -> Phone:
    if isinstance(value, Phone):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "phone_type",
            'expected a phone number in quotes, e.g. "+1 608-555-0100", got {value}',
            {"value": repr(value)},
        )
    try:
        number = phonenumbers.parse(value, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise PydanticCustomError(
            "phone_invalid",
            'expected a valid phone number, e.g. "+1 608-555-0100", got {value}',
            {"value": repr(value)},
        )
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if number.country_code != phonenumbers.country_code_for_region(DEFAULT_PHONE_REGION):
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(e164=e164, display=national)


def parse_https_url(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "url_type", "expected an https:// link, got {value}", {"value": repr(value)}
        )
    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.netloc or " " in value.strip():
        raise PydanticCustomError(
            "url_https",
            "expected an https:// link, got {value}",
            {"value": repr(value)},
        )
    return value.strip()


def parse_email(value: object) -> str:
    if not isinstance(value, str) or not _EMAIL.match(value.strip()):
        raise PydanticCustomError(
            "email_invalid",
            "expected an address like intake@example.org, got {value}",
            {"value": repr(value)},
        )
    return value.strip()


def npi_check_digit_ok(npi: str) -> bool:
    """The NPI check digit: Luhn over the digits with the 80840 card prefix."""
    if not re.fullmatch(r"\d{10}", npi):
        return False
    digits = [int(d) for d in "80840" + npi]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def parse_npi(value: object) -> str:
    text = str(value) if isinstance(value, int) else value
    if not isinstance(text, str) or not re.fullmatch(r"\d{10}", text):
        raise PydanticCustomError(
            "npi_format",
            "expected a 10-digit NPI in quotes, got {value}",
            {"value": repr(value)},
        )
    if not npi_check_digit_ok(text):
        raise PydanticCustomError(
            "npi_check_digit",
            "NPI {value} fails the NPI check digit; check it against the NPPES record",
            {"value": repr(text)},
        )
    return text


def parse_time(value: object) -> str:
    if not isinstance(value, str) or not _TIME.match(value):
        raise PydanticCustomError(
            "time_format",
            'expected a 24-hour time in quotes, e.g. "08:00", got {value}',
            {"value": repr(value)},
        )
    return value


_STRING = {"type": "string"}
PhoneNumber = Annotated[
    Phone,
    PlainValidator(parse_phone),
    PlainSerializer(lambda phone: phone.e164, return_type=str),
    WithJsonSchema(_STRING),
]
HttpsUrl = Annotated[
    str, PlainValidator(parse_https_url), WithJsonSchema({**_STRING, "pattern": "^https://"})
]
Email = Annotated[str, PlainValidator(parse_email), WithJsonSchema({**_STRING, "format": "email"})]
Npi = Annotated[str, PlainValidator(parse_npi), WithJsonSchema({**_STRING, "pattern": r"^\d{10}$"})]
Time = Annotated[
    str, PlainValidator(parse_time), WithJsonSchema({**_STRING, "pattern": "^\\d\\d:\\d\\d$"})
]
Text = Annotated[str, Field(min_length=1)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Days = Annotated[int, Field(ge=0, le=365)]
LanguageTag = Annotated[
    str,
    PlainValidator(parse_language_tag),
    WithJsonSchema({**_STRING, "examples": ["es", "pt-BR"]}),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Address(_Model):
    street: Text
    city: Text
    region: Text
    postal_code: Text
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = "US"

    @property
    def one_line(self) -> str:
        return f"{self.street}, {self.city}, {self.region} {self.postal_code}"


class Geo(_Model):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lng: Annotated[float, Field(ge=-180, le=180)]


class Hours(_Model):
    days: Annotated[tuple[DayCode, ...], Field(min_length=1)]
    opens: Time
    closes: Time

    @model_validator(mode="after")
    def _opens_before_closes(self) -> Hours:
        if self.opens >= self.closes:
            raise PydanticCustomError(
                "hours_order",
                "opens ({opens}) must be earlier than closes ({closes})",
                {"opens": self.opens, "closes": self.closes},
            )
        return self

    @property
    def days_label(self) -> str:
        names = {"Mo": "Mon", "Tu": "Tue", "We": "Wed", "Th": "Thu", "Fr": "Fri"}
        names |= {"Sa": "Sat", "Su": "Sun"}
        indexes = sorted(DAY_CODES.index(d) for d in self.days)
        contiguous = indexes == list(range(indexes[0], indexes[-1] + 1))
        if contiguous and len(indexes) > 2:
            return f"{names[DAY_CODES[indexes[0]]]}–{names[DAY_CODES[indexes[-1]]]}"
        return ", ".join(names[DAY_CODES[i]] for i in indexes)


class Location(_Model):
    id: Slug
    name: Text
    address: Address
    geo: Geo | None = None
    telephone: PhoneNumber
    fax: PhoneNumber | None = None
    hours: tuple[Hours, ...] = ()
    map_url: HttpsUrl | None = None
    directions: str | None = None
    languages: tuple[LanguageTag, ...] = ()  # BCP 47 codes spoken at this location


class Provider(_Model):
    id: Slug
    name: Text
    credentials: str = ""
    specialty: Specialty
    board_certifications: tuple[Text, ...] = ()
    npi: Npi | None = None
    locations: Annotated[tuple[Slug, ...], Field(min_length=1)]
    accepting_new_patients: bool | None = None
    focus: tuple[Text, ...] = ()
    bio: str | None = None
    languages: tuple[LanguageTag, ...] = ()  # BCP 47 codes the provider consults in

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class LanguageAccess(_Model):
    """The practice's interpreter services and how a referring office asks for them."""

    interpreter_services: Text
    how_to_request: str | None = None
    phone: PhoneNumber | None = None


class Organization(_Model):
    name: Text
    url: HttpsUrl
    telephone: PhoneNumber
    fax: PhoneNumber | None = None
    email: Email | None = None
    description: str | None = None
    locations: Annotated[tuple[Location, ...], Field(min_length=1)]
    providers: tuple[Provider, ...] = ()
    language_access: LanguageAccess | None = None


class EmergentLevel(_Model):
    action: Text
    criteria: tuple[Text, ...] = ()


class TimedLevel(_Model):
    seen_within_days: Days
    criteria: tuple[Text, ...] = ()


class Triage(_Model):
    emergent: EmergentLevel | None = None
    urgent: TimedLevel | None = None
    routine: TimedLevel

    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(
            name for name in ("emergent", "urgent", "routine") if getattr(self, name) is not None
        )


class RequiredRecord(_Model):
    item: Text
    required: bool = True


class HowToRefer(_Model):
    fax: PhoneNumber | None = None
    phone: PhoneNumber | None = None
    portal: HttpsUrl | None = None
    direct: Email | None = None
    physician_line: PhoneNumber | None = None
    hours: str | None = None
    notes: str | None = None


class Contact(_Model):
    role: Text
    name: str | None = None
    phone: PhoneNumber | None = None
    email: Email | None = None


class Turnaround(_Model):
    acknowledge_within_hours: Annotated[int, Field(ge=0, le=720)] | None = None
    scheduled_within_days: Days | None = None
    consult_note_within_days: Days | None = None


class FaqEntry(_Model):
    q: Text
    a: Text


class Review(_Model):
    last_reviewed: date
    reviewed_by: Text


class ComplianceException(_Model):
    phrase: Text
    reason: Text
    approved_by: Text


class ServiceLine(_Model):
    """One service line; ``slug`` comes from the file name, not the YAML."""

    slug: Slug
    name: Text
    summary: Text
    specialty: Specialty
    conditions: tuple[Text, ...] = ()
    services: tuple[Text, ...] = ()
    search_terms: tuple[Text, ...] = ()
    triage: Triage
    not_appropriate: tuple[Text, ...] = ()
    workup: tuple[Text, ...] = ()
    required_records: tuple[RequiredRecord, ...] = ()
    how_to_refer: HowToRefer
    contacts: tuple[Contact, ...] = ()
    turnaround: Turnaround = Turnaround()
    locations: tuple[Slug, ...] = ()
    providers: tuple[Slug, ...] = ()
    insurance: tuple[Text, ...] = ()
    patient_instructions: tuple[Text, ...] = ()
    faq: tuple[FaqEntry, ...] = ()
    review: Review
    compliance_exceptions: tuple[ComplianceException, ...] = ()

    @field_validator("conditions", "services", "workup", "not_appropriate")
    @classmethod
    def _no_duplicates(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        seen: set[str] = set()
        for item in value:
            if item.casefold() in seen:
                raise PydanticCustomError(
                    "duplicate_item", "{item} is listed twice", {"item": repr(item)}
                )
            seen.add(item.casefold())
        return value


@dataclass(frozen=True)
class Practice:
    """The whole validated site model: organization facts plus service lines.

    Lookups are indexed once here because renderers call them per page, and a
    health system has thousands of providers.
    """

    organization: Organization
    service_lines: tuple[ServiceLine, ...]

    def __post_init__(self) -> None:
        by_location: dict[str, list[ServiceLine]] = {}
        by_provider: dict[str, list[ServiceLine]] = {}
        for line in self.service_lines:
            for location_id in line.locations:
                by_location.setdefault(location_id, []).append(line)
            for provider_id in line.providers:
                by_provider.setdefault(provider_id, []).append(line)
        index = {
            "_locations": {loc.id: loc for loc in self.organization.locations},
            "_providers": {p.id: p for p in self.organization.providers},
            "_lines_at": {k: tuple(v) for k, v in by_location.items()},
            "_lines_of": {k: tuple(v) for k, v in by_provider.items()},
        }
        for name, value in index.items():
            object.__setattr__(self, name, value)

    def location(self, location_id: str) -> Location:
        return self._locations[location_id]  # type: ignore[attr-defined]

    def provider(self, provider_id: str) -> Provider:
        return self._providers[provider_id]  # type: ignore[attr-defined]

    def service_lines_at(self, location_id: str) -> tuple[ServiceLine, ...]:
        return self._lines_at.get(location_id, ())  # type: ignore[attr-defined]

    def service_lines_of(self, provider_id: str) -> tuple[ServiceLine, ...]:
        return self._lines_of.get(provider_id, ())  # type: ignore[attr-defined]

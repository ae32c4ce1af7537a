"""``_organization.yaml``: the practice, its locations (with hours) and providers."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    Field,
    StrictBool,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .fields import (
    DAY_CODES,
    DayCode,
    Email,
    HttpsUrl,
    LanguageTag,
    Line,
    LineOrEmpty,
    Npi,
    NuccCodes,
    PhoneNumber,
    Slug,
    Specialty,
    Text,
    Time,
    _Model,
)


class Address(_Model):
    street: Line
    city: Line
    region: Line
    postal_code: Line
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = "US"
    """two letters"""

    @property
    def one_line(self) -> str:
        return f"{self.street}, {self.city}, {self.region} {self.postal_code}"


class Geo(_Model):
    lat: Annotated[float, Field(ge=-90, le=90, strict=True)]
    lng: Annotated[float, Field(ge=-180, le=180, strict=True)]


class Hours(_Model):
    """Opening hours; ``closes`` earlier than ``opens`` means the next day (overnight)."""

    days: Annotated[tuple[DayCode, ...], Field(min_length=1)]
    """e.g. `[Mo, Tu, We, Th, Fr]`"""
    opens: Time
    """e.g. `"08:00"`"""
    closes: Time
    """earlier than `opens` means the next day"""

    @model_validator(mode="after")
    def _opens_differs_from_closes(self) -> Hours:
        if self.opens == self.closes:
            raise PydanticCustomError(
                "hours_order",
                "opens and closes are both {opens}; for the whole day write "
                'opens: "00:00" and closes: "23:59"',
                {"opens": self.opens},
            )
        return self

    @property
    def overnight(self) -> bool:
        """True when the hours run past midnight into the next day."""
        return self.closes < self.opens

    @property
    def days_label(self) -> str:
        names = {"Mo": "Mon", "Tu": "Tue", "We": "Wed", "Th": "Thu", "Fr": "Fri"}
        names |= {"Sa": "Sat", "Su": "Sun"}
        indexes = sorted(DAY_CODES.index(d) for d in self.days)
        contiguous = indexes == list(range(indexes[0], indexes[-1] + 1))
        if contiguous and len(indexes) > 2:
            return f"{names[DAY_CODES[indexes[0]]]}–{names[DAY_CODES[indexes[-1]]]}"
        return ", ".join(names[DAY_CODES[i]] for i in indexes)

    @property
    def label(self) -> str:
        """The days and times as the pages print them: "Mon–Fri 07:30–17:30"."""
        return f"{self.days_label} {self.opens}–{self.closes}"


class Schedule(tuple):
    """Structured hours (a tuple of :class:`Hours`) that print as the pages word them,
    so a template that prints free-text hours prints these the same way."""

    __slots__ = ()

    def __str__(self) -> str:
        return "; ".join(hours.label for hours in self)


class Location(_Model):
    id: Slug
    """Used in URLs: `/locations/<id>/`."""
    name: Line
    """The location's name."""
    address: Address
    """The street address."""
    geo: Geo | None = None
    """Latitude and longitude, for structured data."""
    telephone: PhoneNumber
    """The location's phone."""
    fax: PhoneNumber | None = None
    """The location's fax."""
    hours: tuple[Hours, ...] = ()
    """Opening hours, a list; an overnight line is e.g. `opens: "22:00", closes: "06:00"`."""
    map_url: HttpsUrl | None = None
    """A plain https link to a map; nothing is embedded."""
    directions: str | None = None
    """Parking, entrance."""
    languages: tuple[LanguageTag, ...] = ()
    """BCP 47 codes such as `[en, es, ase]`, shown by name: "English, Spanish, American Sign
    Language"."""


class Provider(_Model):
    id: Slug
    """Used in URLs: `/providers/<id>/`."""
    name: Line
    """The provider's name, without credentials."""
    credentials: LineOrEmpty = ""
    """e.g. `MD, FACC`."""
    specialty: Specialty
    """A schema.org MedicalSpecialty (see the service-line table)."""
    board_certifications: tuple[Line, ...] = ()
    """A list."""
    npi: Npi | None = None
    """10 digits, checked with the NPI check digit."""
    locations: Annotated[tuple[Slug, ...], Field(min_length=1)]
    """Ids of the locations where the provider practises."""
    accepting_new_patients: StrictBool | None = None
    """`true` or `false`; nothing is said when it is left out."""
    focus: tuple[Text, ...] = ()
    """Clinical focus, a list."""
    bio: str | None = None
    """A paragraph about the provider."""
    languages: tuple[LanguageTag, ...] = ()
    """BCP 47 codes the provider consults in, checked with `langcodes`; shown by name on the
    provider page and the providers index (so search finds "Spanish" there) and as
    `knowsLanguage` in JSON-LD."""
    nucc_taxonomy: NuccCodes = ()
    """NUCC Health Care Provider Taxonomy codes (`[207RC0000X]`, one or a list), checked for
    the code set's format; codings of the provider's specialty in the FHIR directory only."""

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class LanguageAccess(_Model):
    """The practice's interpreter services and how a referring office asks for them."""

    interpreter_services: Text
    """what the practice offers"""
    how_to_request: str | None = None
    phone: PhoneNumber | None = None


class ReferrerId(_Model):
    """What the referral form asks the referring clinician to identify themselves by."""

    label: Line = "NPI"


class Organization(_Model):
    name: Line
    """The practice's name, as it should appear everywhere."""
    url: HttpsUrl
    """The practice's public site (`https://`)."""
    telephone: PhoneNumber
    """Main phone."""
    fax: PhoneNumber | None = None
    """Main fax."""
    email: Email | None = None
    """A general referrals email."""
    description: str | None = None
    """One paragraph about the practice (used in structured data)."""
    locations: Annotated[tuple[Location, ...], Field(min_length=1)]
    """Where patients are seen."""
    providers: tuple[Provider, ...] = ()
    """The practice's clinicians."""
    language_access: LanguageAccess | None = None
    """Interpreter services, shown on every service-line page."""
    referrer_id: ReferrerId = ReferrerId()
    """The identifier the referral form asks the referring clinician for."""
    reviewers: tuple[Line, ...] = ()
    """Who may approve a compliance exception (`approved_by`, RK413)."""

    @property
    def country(self) -> str:
        """The practice's country (its first location's): how numbers written in free
        text are read, e.g. "(08) 5550 2101" in Australia."""
        return self.locations[0].address.country

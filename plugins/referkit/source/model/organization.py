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
    Npi,
    PhoneNumber,
    Slug,
    Specialty,
    Text,
    Time,
    _Model,
)


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
    lat: Annotated[float, Field(ge=-90, le=90, strict=True)]
    lng: Annotated[float, Field(ge=-180, le=180, strict=True)]


class Hours(_Model):
    """Opening hours; ``closes`` earlier than ``opens`` means the next day (overnight)."""

    days: Annotated[tuple[DayCode, ...], Field(min_length=1)]
    opens: Time
    closes: Time

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
    accepting_new_patients: StrictBool | None = None
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


class ReferrerId(_Model):
    """What the referral form asks the referring clinician to identify themselves by."""

    label: Text = "NPI"


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
    referrer_id: ReferrerId = ReferrerId()
    reviewers: tuple[Text, ...] = ()  # who may approve compliance exceptions

    @property
    def country(self) -> str:
        """The practice's country (its first location's): how numbers written in free
        text are read, e.g. "(08) 5550 2101" in Australia."""
        return self.locations[0].address.country

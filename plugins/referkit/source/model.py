"""The validated, immutable model of a practice: what the YAML means.

Every renderer reads these types; nothing writes back into them. Field names are
the YAML contract (v2, which every v1 file still satisfies) from the README:
renaming one is a breaking change.

Renderers read triage through :attr:`Triage.levels` only: a v1 file's
``emergent``/``urgent``/``routine`` are turned into the same :class:`Level` objects
(labels "Emergent", "Urgent", "Routine"; business days), so no template needs to
know which version a file was written in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictBool,
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


def parse_web_url(value: object) -> str:
    """An absolute http:// or https:// address (a citation may point at an http site)."""
    if not isinstance(value, str):
        raise PydanticCustomError(
            "url_type", "expected a web link, got {value}", {"value": repr(value)}
        )
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or " " in value.strip():
        raise PydanticCustomError(
            "url_web",
            "expected an http:// or https:// link, got {value}",
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
WebUrl = Annotated[
    str, PlainValidator(parse_web_url), WithJsonSchema({**_STRING, "pattern": "^https?://"})
]
Email = Annotated[str, PlainValidator(parse_email), WithJsonSchema({**_STRING, "format": "email"})]
Npi = Annotated[str, PlainValidator(parse_npi), WithJsonSchema({**_STRING, "pattern": r"^\d{10}$"})]
Time = Annotated[
    str, PlainValidator(parse_time), WithJsonSchema({**_STRING, "pattern": "^\\d\\d:\\d\\d$"})
]
Text = Annotated[str, Field(min_length=1)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Days = Annotated[int, Field(ge=0, le=365, strict=True)]  # strict: true is not 1
LanguageTag = Annotated[
    str,
    PlainValidator(parse_language_tag),
    WithJsonSchema({**_STRING, "examples": ["es", "pt-BR"]}),
]
# v2 targets may be published in calendar days (e.g. "Category 3: 365 days");
# two years leaves room for schemes that count longer without accepting typos.
TargetDays = Annotated[int, Field(ge=0, le=730, strict=True)]
DayUnit = Literal["business", "calendar"]


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


GROUP_KINDS = ("any_of", "all_of", "none_of")
GROUP_LEAD_INS = {"any_of": "Any of:", "all_of": "All of:", "none_of": "None of:"}


def _text_as(key: str) -> Any:
    """A before-validator: a bare string item means ``{key: string}``."""

    def convert(value: object) -> object:
        return {key: value} if isinstance(value, str) else value

    return convert


class Criterion(_Model):
    """One criterion: text, or text (optional) leading into a nested group of criteria."""

    text: Text | None = None
    any_of: tuple[CriterionItem, ...] = ()
    all_of: tuple[CriterionItem, ...] = ()
    none_of: tuple[CriterionItem, ...] = ()

    @model_validator(mode="after")
    def _one_group(self) -> Criterion:
        groups = [kind for kind in GROUP_KINDS if getattr(self, kind)]
        if len(groups) > 1:
            raise PydanticCustomError(
                "criterion_groups",
                "a criterion holds one group, got {groups}; nest one group inside another",
                {"groups": " and ".join(groups)},
            )
        if self.text is None and not groups:
            raise PydanticCustomError(
                "criterion_empty",
                "a criterion needs text or one of any_of, all_of, none_of",
            )
        return self

    @property
    def group_kind(self) -> str | None:
        """``"any_of"``, ``"all_of"`` or ``"none_of"`` for the non-empty group, else None."""
        return next((kind for kind in GROUP_KINDS if getattr(self, kind)), None)

    @property
    def group(self) -> tuple[Criterion, ...]:
        kind = self.group_kind
        return getattr(self, kind) if kind else ()

    @property
    def group_lead_in(self) -> str | None:
        """The heading a group without text gets ("Any of:" …); None when text leads in."""
        kind = self.group_kind
        return GROUP_LEAD_INS[kind] if kind and self.text is None else None

    def texts(self) -> tuple[str, ...]:
        """Every text in this criterion and its nested groups, depth first."""
        own = (self.text,) if self.text else ()
        return own + tuple(t for child in self.group for t in child.texts())


CriterionItem = Annotated[
    Criterion, BeforeValidator(_text_as("text"), json_schema_input_type=str | Criterion)
]
Criterion.model_rebuild()


class Level(_Model):
    """One urgency level, as the practice names it (most urgent first in ``levels``)."""

    label: Annotated[Text, Field(description="The level's name as published, e.g. Category 1.")]
    emergency: Annotated[
        StrictBool, Field(description="Act now instead of referring: needs action, has no target.")
    ] = False
    action: Annotated[Text | None, Field(description="What to do (emergency levels).")] = None
    seen_within: Annotated[
        TargetDays | None,
        Field(description="Target in the unit of triage.days; leave out if none is published."),
    ] = None
    route: Annotated[
        Text | None, Field(description="How to refer at this level, if it differs.")
    ] = None
    criteria: Annotated[
        tuple[CriterionItem, ...],
        Field(description="Text, or {text, any_of | all_of | none_of: [...]}, nested."),
    ] = ()

    @property
    def key(self) -> str:
        """A slug of the label for ids, CSS classes and form field names."""
        return re.sub(r"[^a-z0-9]+", "-", self.label.lower()).strip("-") or "level"

    def criteria_texts(self) -> tuple[str, ...]:
        return tuple(t for c in self.criteria for t in c.texts())


class EmergentLevel(_Model):
    """v1 ``triage.emergent``."""

    action: Text
    criteria: tuple[Text, ...] = ()


class TimedLevel(_Model):
    """v1 ``triage.urgent`` / ``triage.routine`` (business days)."""

    seen_within_days: Days
    criteria: tuple[Text, ...] = ()


V1_LEVELS = (("emergent", "Emergent"), ("urgent", "Urgent"), ("routine", "Routine"))


class Triage(_Model):
    """Urgency levels. v2 writes ``levels``; v1's emergent/urgent/routine still load.

    Render from :attr:`levels`; the v1 fields exist only so a v1 file validates with
    its own field paths (an error points at ``triage.urgent.seen_within_days``).
    """

    days: Annotated[
        DayUnit,
        Field(description="The unit of every target, wait and reply time in this file."),
    ] = "business"
    counted_from: Annotated[
        Text | None,
        Field(description="What targets are counted from; nothing is claimed when absent."),
    ] = None
    levels: Annotated[
        tuple[Level, ...],
        Field(min_length=1, description="Urgency levels, most urgent first (contract v2)."),
    ] = None  # type: ignore[assignment]
    emergent: Annotated[
        EmergentLevel | None, Field(description="Contract v1; v2 files write levels instead.")
    ] = None
    urgent: Annotated[
        TimedLevel | None, Field(description="Contract v1; v2 files write levels instead.")
    ] = None
    routine: Annotated[
        TimedLevel | None, Field(description="Contract v1; v2 files write levels instead.")
    ] = None

    @field_validator("levels")
    @classmethod
    def _unique_labels(cls, levels: tuple[Level, ...]) -> tuple[Level, ...]:
        seen: set[str] = set()
        for level in levels:
            if level.label.casefold() in seen:
                raise PydanticCustomError(
                    "duplicate_level",
                    "level label {label} is used twice; each level needs its own label",
                    {"label": repr(level.label)},
                )
            seen.add(level.label.casefold())
        return levels

    @model_validator(mode="after")
    def _levels_from_either_version(self) -> Triage:
        v1 = [name for name, _ in V1_LEVELS if getattr(self, name) is not None]
        if self.levels is not None and v1:
            raise PydanticCustomError(
                "triage_versions",
                "write either levels: (contract v2) or {v1} (contract v1), not both",
                {"v1": ", ".join(v1)},
            )
        if self.levels is None:
            if self.routine is None:
                raise PydanticCustomError(
                    "triage_missing",
                    "triage needs levels: (a list, most urgent first), "
                    "or the v1 fields urgent/routine",
                )
            object.__setattr__(self, "levels", self._v1_levels())
        return self

    def _v1_levels(self) -> tuple[Level, ...]:
        levels = []
        if self.emergent is not None:
            levels.append(
                Level(
                    label="Emergent",
                    emergency=True,
                    action=self.emergent.action,
                    criteria=self.emergent.criteria,
                )
            )
        for name, label in V1_LEVELS[1:]:
            timed = getattr(self, name)
            if timed is not None:
                levels.append(
                    Level(label=label, seen_within=timed.seen_within_days, criteria=timed.criteria)
                )
        return tuple(levels)

    @property
    def is_v1(self) -> bool:
        return self.routine is not None

    def level(self, label: str) -> Level | None:
        return next((lv for lv in self.levels if lv.label == label), None)

    def v1_key(self, index: int) -> str | None:
        """The v1 field name (emergent/urgent/routine) of ``levels[index]`` in a v1 file."""
        if not self.is_v1:
            return None
        names = [name for name, _ in V1_LEVELS if getattr(self, name) is not None]
        return names[index]


class Eligibility(_Model):
    """Who the service accepts referrals for, and from whom."""

    ages: Text | None = None
    area: Text | None = None
    who_may_refer: Text | None = None
    notes: Text | None = None


class Source(_Model):
    """Published guidance these criteria follow (a citation: http or https)."""

    title: Text
    publisher: Text | None = None
    url: WebUrl | None = None
    published: date | None = None


class MustInclude(_Model):
    """Something the referral itself must state (not an attachment)."""

    item: Text
    when: Text | None = None


MustIncludeItem = Annotated[
    MustInclude, BeforeValidator(_text_as("item"), json_schema_input_type=str | MustInclude)
]


class RequiredRecord(_Model):
    item: Text
    required: StrictBool = True
    when: Text | None = None


class AdviceRoute(_Model):
    """An advice-only / e-consult route, with its own reply time."""

    label: Text
    how: Text | None = None
    url: HttpsUrl | None = None
    phone: PhoneNumber | None = None
    respond_within_hours: Annotated[int, Field(ge=0, le=2160, strict=True)] | None = None
    notes: Text | None = None


LinkKind = Literal["guideline", "pathway", "form", "other"]
LINK_KINDS = ("guideline", "pathway", "form", "other")


class Link(_Model):
    """External guidance, a pathway or a form; https is checked by the gate (RK46x)."""

    title: Text
    url: WebUrl
    kind: LinkKind = "other"
    required: StrictBool = False


class Definition(_Model):
    term: Text
    meaning: Text


class Notice(_Model):
    """A dated statement: shown from ``from``; past ``until`` it is an error to publish."""

    model_config = ConfigDict(populate_by_name=True)

    text: Text
    from_: date | None = Field(default=None, alias="from")
    until: date | None = None

    def shown_on(self, today: date) -> bool:
        """Published on ``today``: started, and not past its end."""
        started = self.from_ is None or self.from_ <= today
        return started and (self.until is None or today <= self.until)


class FrozenDict(dict):
    """A read-only, hashable dict, so a service line stays hashable like the rest of
    the model (its other collections are tuples)."""

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(self.items()))

    def _read_only(self, *args: object, **kwargs: object) -> None:
        raise TypeError("the model is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]


class CurrentWait(_Model):
    """Measured waits now, per level label, in the unit of ``triage.days``."""

    as_of: date
    levels: Annotated[
        dict[Text, Annotated[int, Field(ge=0, le=3650, strict=True)]],
        Field(min_length=1),
        AfterValidator(FrozenDict),
    ]
    note: Text | None = None

    def for_level(self, label: str) -> int | None:
        return self.levels.get(label)


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
    """Service promises; every key is optional (the gate warns about missing ones)."""

    acknowledge_within_hours: Annotated[int, Field(ge=0, le=720, strict=True)] | None = None
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
    specialty_label: Text | None = None
    eligibility: Eligibility | None = None
    based_on: tuple[Source, ...] = ()
    conditions: tuple[Text, ...] = ()
    services: tuple[Text, ...] = ()
    search_terms: tuple[Text, ...] = ()
    triage: Triage
    not_appropriate: tuple[Text, ...] = ()
    workup: tuple[Text, ...] = ()
    must_include: tuple[MustIncludeItem, ...] = ()
    required_records: tuple[RequiredRecord, ...] = ()
    how_to_refer: HowToRefer
    advice: tuple[AdviceRoute, ...] = ()
    links: tuple[Link, ...] = ()
    definitions: tuple[Definition, ...] = ()
    notices: tuple[Notice, ...] = ()
    current_wait: CurrentWait | None = None
    contacts: tuple[Contact, ...] = ()
    turnaround: Turnaround = Turnaround()
    locations: tuple[Slug, ...] = ()
    providers: tuple[Slug, ...] = ()
    insurance: tuple[Text, ...] = ()
    patient_instructions: tuple[Text, ...] = ()
    faq: tuple[FaqEntry, ...] = ()
    review: Review
    compliance_exceptions: tuple[ComplianceException, ...] = ()

    @field_validator(
        "advice", mode="before", json_schema_input_type=AdviceRoute | list[AdviceRoute]
    )
    @classmethod
    def _one_advice_route_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, dict) else value

    @field_validator("based_on", mode="before", json_schema_input_type=Source | list[Source])
    @classmethod
    def _one_source_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, dict) else value

    def notices_on(self, today: date) -> tuple[Notice, ...]:
        """The notices to publish on ``today`` (started and not expired)."""
        return tuple(n for n in self.notices if n.shown_on(today))

    @property
    def specialty_name(self) -> str:
        """What people call the specialty: ``specialty_label`` or the schema.org name."""
        return self.specialty_label or self.specialty

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

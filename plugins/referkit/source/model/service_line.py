"""One service line (``service_lines/<slug>.yaml``): everything but the triage levels."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .fields import (
    Days,
    Email,
    HttpsUrl,
    Line,
    LineOrEmpty,
    PhoneNumber,
    Slug,
    Specialty,
    Text,
    WebUrl,
    _Model,
)
from .triage import (
    Triage,
    _text_as,
)


class Eligibility(_Model):
    """Who the service accepts referrals for, and from whom."""

    ages: Text | None = None
    area: Text | None = None
    who_may_refer: Text | None = None
    notes: Text | None = None


class Source(_Model):
    """Published guidance these criteria follow (a citation: http or https)."""

    title: Line
    publisher: Line | None = None
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

    label: Line
    how: Text | None = None
    url: HttpsUrl | None = None
    phone: PhoneNumber | None = None
    respond_within_hours: Annotated[int, Field(ge=0, le=2160, strict=True)] | None = None
    notes: Text | None = None


LinkKind = Literal["guideline", "pathway", "form", "other"]
LINK_KINDS = ("guideline", "pathway", "form", "other")


class Link(_Model):
    """External guidance, a pathway or a form; https is checked by the gate (RK46x)."""

    title: Line
    url: WebUrl
    kind: LinkKind = "other"
    required: StrictBool = False


class Definition(_Model):
    term: Line
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
    hours: LineOrEmpty | None = None
    notes: str | None = None


class Contact(_Model):
    role: Line
    name: LineOrEmpty | None = None
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
    reviewed_by: Line


class ComplianceException(_Model):
    phrase: Line
    reason: Text
    approved_by: Line


class ServiceLine(_Model):
    """One service line; ``slug`` comes from the file name, not the YAML."""

    slug: Slug
    name: Line
    summary: Text
    specialty: Specialty
    specialty_label: Line | None = None
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

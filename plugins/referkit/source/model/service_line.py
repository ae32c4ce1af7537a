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
    model_validator,
)
from pydantic_core import PydanticCustomError

from .fields import (
    Days,
    HttpsUrl,
    PhoneNumber,
    Slug,
    Specialty,
    Text,
    WebUrl,
    _Model,
)
from .intake import Contact, FormFields, Route, RouteList
from .triage import (
    Clinic,
    Triage,
    _text_as,
)


class Eligibility(_Model):
    """Who the service accepts referrals for, and from whom."""

    ages: Text | None = None
    area: Text | None = None
    who_may_refer: Text | None = None
    notes: Text | None = None
    conditions: Annotated[
        tuple[Text, ...],
        Field(description="Any other condition of acceptance, as written (contract v3)."),
    ] = ()


class Source(_Model):
    """Published guidance these criteria follow (a citation: http or https)."""

    title: Text
    publisher: Text | None = None
    url: WebUrl | None = None
    published: date | None = None


class MustIncludeEntry(_Model):
    """One thing the referral itself must state (not an attachment)."""

    item: Text
    when: Text | None = None


MustIncludeEntryItem = Annotated[
    MustIncludeEntry,
    BeforeValidator(_text_as("item"), json_schema_input_type=str | MustIncludeEntry),
]


class MustInclude(_Model):
    """A ``must_include`` entry: text, ``{item, when}``, or (contract v3) a headed group
    ``{group, items}`` as a source groups its mandatory items."""

    item: Text | None = None
    when: Text | None = None
    group: Annotated[Text | None, Field(description="A group's heading (contract v3).")] = None
    items: Annotated[
        tuple[MustIncludeEntryItem, ...], Field(description="The group's items (contract v3).")
    ] = ()

    @model_validator(mode="after")
    def _item_or_group(self) -> MustInclude:
        if self.group is None and self.item is None:
            raise PydanticCustomError(
                "must_include_shape",
                "expected item: (one thing to state) or group: with items: (a headed group)",
            )
        if self.group is not None and (self.item is not None or self.when is not None):
            raise PydanticCustomError(
                "must_include_shape",
                "a group holds items: write each as an entry under items:, not item: or when:",
            )
        if self.group is not None and not self.items:
            raise PydanticCustomError(
                "must_include_shape",
                "group {group} has no items; list them under items:",
                {"group": repr(self.group)},
            )
        if self.group is None and self.items:
            raise PydanticCustomError(
                "must_include_shape", "items: belong to a group; add group: (its heading)"
            )
        return self

    @property
    def entries(self) -> tuple[MustIncludeEntry, ...]:
        """The things to state: the group's items, or this entry itself."""
        if self.group is not None:
            return self.items
        return (MustIncludeEntry(item=self.item, when=self.when),)  # type: ignore[arg-type]


MustIncludeItem = Annotated[
    MustInclude, BeforeValidator(_text_as("item"), json_schema_input_type=str | MustInclude)
]


class RequiredRecord(_Model):
    item: Text
    required: StrictBool = True
    when: Text | None = None


class AdviceRoute(_Model):
    """An advice-only / e-consult route, with its own reply time."""

    label: Annotated[
        Text | None, Field(description="The route's name; optional since contract v3.")
    ] = None
    how: Text | None = None
    url: HttpsUrl | None = None
    phone: PhoneNumber | None = None
    respond_within_hours: Annotated[int, Field(ge=0, le=2160, strict=True)] | None = None
    notes: Text | None = None


NoticeAudience = Literal["referrers", "patients"]
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
    audience: Annotated[
        NoticeAudience,
        Field(
            description="referrers (default), or patients: shown with the patient "
            "instructions on the page, never on the guide or form (contract v3)."
        ),
    ] = "referrers"

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
    how_to_refer: Annotated[
        RouteList,
        Field(description="One route (a mapping), or a list of routes: the first is the main."),
    ]
    clinics: Annotated[
        tuple[Clinic, ...],
        Field(description="Clinics or programmes inside the service line (contract v3)."),
    ] = ()
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
    form: Annotated[
        FormFields, Field(description="The referral form's own fields (contract v3).")
    ] = FormFields()

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

    def notices_on(self, today: date, audience: str | None = None) -> tuple[Notice, ...]:
        """The notices to publish on ``today`` (started and not expired), for one
        ``audience`` ("referrers" or "patients") or, when None, for both."""
        return tuple(
            n
            for n in self.notices
            if n.shown_on(today) and (audience is None or n.audience == audience)
        )

    @property
    def main_route(self) -> Route:
        """The first route: the page's "Refer a patient" box, the form's "Fax to"."""
        return self.how_to_refer[0]

    @property
    def other_routes(self) -> tuple[Route, ...]:
        return tuple(self.how_to_refer[1:])

    @property
    def must_state(self) -> tuple[MustIncludeEntry, ...]:
        """Every thing the referral must state, groups flattened, in order."""
        return tuple(entry for item in self.must_include for entry in item.entries)

    @field_validator("clinics")
    @classmethod
    def _distinct_clinics(cls, clinics: tuple[Clinic, ...]) -> tuple[Clinic, ...]:
        seen: set[str] = set()
        for clinic in clinics:
            if clinic.key in seen:
                raise PydanticCustomError(
                    "duplicate_item", "clinic {item} is listed twice", {"item": repr(clinic.name)}
                )
            seen.add(clinic.key)
        return clinics

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

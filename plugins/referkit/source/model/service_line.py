"""One service line (``service_lines/<slug>.yaml``): everything but the triage levels."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StrictBool,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .checklists import MustIncludeEntry, MustIncludeItem, RequiredRecord
from .fields import (
    Days,
    HttpsUrl,
    Line,
    NuccCodes,
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
)


class Eligibility(_Model):
    """Who the service accepts referrals for, and from whom."""

    ages: Text | None = None
    area: Text | None = None
    who_may_refer: Text | None = None
    notes: Text | None = None
    conditions: tuple[Text, ...] = ()
    """Any other condition of acceptance, as written (contract v3)."""


class Source(_Model):
    """Published guidance these criteria follow (a citation: http or https)."""

    title: Line
    publisher: Line | None = None
    url: WebUrl | None = None
    """http or https: a citation"""
    published: date | None = None


class AdviceRoute(_Model):
    """An advice-only / e-consult route, with its own reply time."""

    label: Line | None = None
    """The route's name; optional since contract v3 (the section heading names it)."""
    how: Text | None = None
    url: HttpsUrl | None = None
    """https"""
    phone: PhoneNumber | None = None
    respond_within_hours: Annotated[int, Field(ge=0, le=2160, strict=True)] | None = None
    """business hours when `triage.days` is business, clock hours when calendar"""
    notes: Text | None = None


NoticeAudience = Literal["referrers", "patients"]
LinkKind = Literal["guideline", "pathway", "form", "other"]
LINK_KINDS = ("guideline", "pathway", "form", "other")


class Link(_Model):
    """External guidance, a pathway or a form; https is checked by the gate (RK46x)."""

    title: Line
    url: WebUrl
    """https"""
    kind: LinkKind = "other"
    required: StrictBool = False


class Definition(_Model):
    term: Line
    meaning: Text


class Notice(_Model):
    """A dated statement: shown from ``from`` through ``until`` (source/timeline.py)."""

    model_config = ConfigDict(populate_by_name=True)

    text: Text
    from_: date | None = Field(default=None, alias="from")
    until: date | None = None
    audience: NoticeAudience = "referrers"
    """`referrers` (default), or `patients`: shown with the patient instructions on the
    page, never on the guide or form (contract v3)."""

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

    def __reduce__(self) -> tuple[type, tuple[dict]]:
        # pickle would fill a dict subclass item by item through __setitem__; the PDF
        # workers receive service lines, so rebuild it from a plain dict instead
        return (FrozenDict, (dict(self),))

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]


class CurrentWait(_Model):
    """Measured waits now, per level label, in the unit of ``triage.days``."""

    as_of: date
    """the date the waits were measured"""
    levels: Annotated[
        dict[Text, Annotated[int, Field(ge=0, le=3650, strict=True)]],
        Field(min_length=1),
        AfterValidator(FrozenDict),
    ]
    """`{level label: number}` in the unit of `triage.days`"""
    note: Text | None = None
    """what the number is"""

    def for_level(self, label: str) -> int | None:
        return self.levels.get(label)


class Turnaround(_Model):
    """Service promises; every key is optional (the gate warns about missing ones)."""

    acknowledge_within_hours: Annotated[int, Field(ge=0, le=720, strict=True)] | None = None
    """business hours, or clock hours when `triage.days` is calendar"""
    scheduled_within_days: Days | None = None
    """shown as "Patient contacted to schedule within …" on the page"""
    consult_note_within_days: Days | None = None
    """from the visit until the consult note is sent back ("… of the visit")"""


class FaqEntry(_Model):
    q: Text
    a: Text


class Review(_Model):
    last_reviewed: date
    reviewed_by: Line
    """name, credentials, role"""


class ComplianceException(_Model):
    phrase: Line
    reason: Text
    approved_by: Line


class ServiceLine(_Model):
    """One service line; ``slug`` comes from the file name, not the YAML."""

    slug: Slug
    name: Line
    """e.g. `Cardiology`."""
    summary: Text
    """One sentence: who you see and for what (also the meta description)."""
    specialty: Specialty
    """A schema.org MedicalSpecialty: `Cardiovascular`, `Dermatology`, `Gastroenterologic`,
    `Musculoskeletal`, `Psychiatric`, `Radiography`, `Neurologic`, `Oncologic`, `Pulmonary`,
    `Renal`, `Urologic`, …"""
    specialty_label: Line | None = None
    """The name people use for the specialty when schema.org has none (`Sleep medicine`, `Heart
    failure`)."""
    eligibility: Eligibility | None = None
    """Who may be referred, and by whom; shown near the top of the page."""
    based_on: tuple[Source, ...] = ()
    """The published guidance the criteria follow, one or a list."""
    conditions: tuple[Text, ...] = ()
    """Conditions seen."""
    services: tuple[Text, ...] = ()
    """Services offered."""
    search_terms: tuple[Text, ...] = ()
    """Synonyms clinicians search for (`afib`, `CHF`); shown on the page as "Also searched as", so
    search finds them — never hidden text."""
    nucc_taxonomy: NuccCodes = ()
    """NUCC Health Care Provider Taxonomy codes for the service (`[207RC0000X]`, one or a
    list), format-checked; codings of the service's specialty in the FHIR directory."""
    triage: Triage
    """The urgency levels."""
    not_appropriate: tuple[Text, ...] = ()
    """When not to refer, and what to do instead."""
    workup: tuple[Text, ...] = ()
    """Tests to do before referring."""
    must_include: tuple[MustIncludeItem, ...] = ()
    """What the referral itself must state (not attachments): text, `{item, when}`, or a
    headed group `{group, items}` (contract v3)."""
    required_records: tuple[RequiredRecord, ...] = ()
    """Records to send with the referral."""
    how_to_refer: RouteList
    """Where referrals go: one route (a mapping), or a list of routes whose first is the
    main one (contract v3). The main route needs a fax, portal, `portal_name`, Direct
    address or FHIR endpoint (RK421)."""
    clinics: tuple[Clinic, ...] = ()
    """Clinics or programmes inside the service line, each with its own eligibility and
    criteria (contract v3): a section of their own and a "Clinic requested" choice on
    the form, never an urgency level."""
    advice: tuple[AdviceRoute, ...] = ()
    """Advice-only / e-consult routes, one mapping or a list."""
    links: tuple[Link, ...] = ()
    """External guidance, pathways and forms; grouped by kind on the page."""
    definitions: tuple[Definition, ...] = ()
    """Terms used in criteria, shown as numbered footnotes linked from the criteria."""
    notices: tuple[Notice, ...] = ()
    """Dated statements: shown from `from` through `until`; after `until` a build leaves it
    out with a warning and `check` reports an error (RK461); without `until`, a warning after
    `max_notice_age_days` (RK462)."""
    current_wait: CurrentWait | None = None
    """Measured waits now; once older than `max_wait_age_days` a build leaves them out with a
    warning and `check` reports an error (RK464)."""
    contacts: tuple[Contact, ...] = ()
    """The first is the guide's main contact."""
    turnaround: Turnaround = Turnaround()
    """Service promises, each stated only if present; days in the unit of `triage.days`. A missing
    promise is a warning (RK432), an error only with `require_promises: true`."""
    locations: tuple[Slug, ...] = ()
    """Location ids from `_organization.yaml`."""
    providers: tuple[Slug, ...] = ()
    """Provider ids from `_organization.yaml`."""
    insurance: tuple[Text, ...] = ()
    """Insurance and authorization, a list of sentences."""
    patient_instructions: tuple[Text, ...] = ()
    """Preparing the patient, a list of sentences."""
    faq: tuple[FaqEntry, ...] = ()
    """Questions from referring offices."""
    review: Review
    """Who last confirmed every fact on the page, and when."""
    compliance_exceptions: tuple[ComplianceException, ...] = ()
    """A reviewed exception to one compliance phrase on this page."""
    form: FormFields = FormFields()
    """The referral form's own fields (contract v3): `referrer_id`, `patient_fields`,
    `referral_fields`, `omit`, `criteria_checkboxes`."""

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

    def notices_for(self, audience: str) -> tuple[Notice, ...]:
        """This line's notices for one audience ("referrers" or "patients"); on the
        published model (``timeline.publish``) only those in force that day."""
        return tuple(n for n in self.notices if n.audience == audience)

    @property
    def routes(self) -> tuple[Route, ...]:
        """Every intake route, the main one first (``how_to_refer`` as a list)."""
        return tuple(self.how_to_refer)

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

    @property
    def must_include_groups(self) -> tuple[tuple[str | None, tuple[MustIncludeEntry, ...]], ...]:
        """``must_include`` as (heading, entries) in order: each headed group, and each
        run of plain entries under no heading (a v2 list is one such run)."""
        groups: list[tuple[str | None, tuple[MustIncludeEntry, ...]]] = []
        for item in self.must_include:
            if item.group is None and groups and groups[-1][0] is None:
                groups[-1] = (None, groups[-1][1] + item.entries)
            else:
                groups.append((item.group, item.entries))
        return tuple(groups)

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

"""How a referral reaches the service (contract v3): routes, contacts and the form.

``how_to_refer`` was one mapping in contract v2; v3 also takes a list of routes, the
first being the main one (the page's "Refer a patient" box, the form's "Fax to").
A v2 mapping is read as a list of one route, so every v2 file loads unchanged.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    PlainSerializer,
    StrictBool,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .fields import (
    Email,
    HttpsUrl,
    Line,
    LineOrEmpty,
    PhoneNumber,
    Text,
    _Model,
    raise_item_errors,
)
from .organization import Hours, ReferrerId, Schedule


def _text_or_schedule(value: object, handler: ValidatorFunctionWrapHandler) -> str | Schedule:
    """Intake hours as written ("Mon–Fri 8:00–17:00") or structured like a location's."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list | tuple):
        return Schedule(handler(value))
    raise PydanticCustomError(
        "hours_type",
        "expected hours as text (Mon–Fri 8:00–17:00) or a list of "
        "{days, opens, closes}, got {value}",
        {
            "value": repr(value),
            "hint": 'e.g. hours: [{days: [Mo, Tu, We, Th, Fr], opens: "08:00", closes: "17:00"}]',
        },
    )


def _dump_hours(value: str | Schedule) -> str | list[dict]:
    return value if isinstance(value, str) else [hours.model_dump() for hours in value]


IntakeHours = Annotated[
    tuple[Hours, ...],
    WrapValidator(_text_or_schedule, json_schema_input_type=str | list[Hours]),
    PlainSerializer(_dump_hours),
]


class Route(_Model):
    """One way to send a referral: the main intake, or a route for some referrals."""

    label: Line | None = None
    """The route's name, e.g. Central Access & Triage; needed when there are several."""
    when: Text | None = None
    """Which referrals take this route, as published (contract v3)."""
    fax: PhoneNumber | None = None
    """Where referrals are faxed (the main route's is the form's "Fax to")."""
    phone: PhoneNumber | None = None
    """The intake phone."""
    portal: HttpsUrl | None = None
    """https"""
    portal_name: Line | None = None
    """A portal named without an address, e.g. NHS e-Referral Service (contract v3)."""
    direct: Email | None = None
    """a Direct address"""
    fhir_endpoint: HttpsUrl | None = None
    """https: the base URL of a FHIR server that receives referrals, if you have one; listed
    on the page and published as an Endpoint in the FHIR directory"""
    physician_line: PhoneNumber | None = None
    """A physician-to-physician line."""
    hours: IntakeHours | None = None
    """text (`Mon–Fri 8:00–17:00`) or, as a location's hours, a list of `{days, opens,
    closes}` (printed `Mon–Fri 08:00–17:00`; FHIR `availableTime`)"""
    notes: str | None = None
    """Anything else about this route, as written."""

    @property
    def schedule(self) -> Schedule:
        """The structured intake hours; empty when the hours are text or missing."""
        return self.hours if isinstance(self.hours, Schedule) else Schedule()

    @property
    def hours_text(self) -> str | None:
        """The intake hours written as text, when they are not structured."""
        return self.hours if isinstance(self.hours, str) and self.hours else None

    @property
    def reachable(self) -> bool:
        """True when the route names any way to send or ask (else it is a pointer only)."""
        return any(
            (self.fax, self.phone, self.portal, self.portal_name, self.direct, self.physician_line)
        ) or bool(self.fhir_endpoint)


HowToRefer = Route  # contract v2's name for the one route


# A route's own fields, which :class:`Routes` forwards to the main route: a template
# written for contract v2 (a site's own override) keeps reading how_to_refer.fax.
_ROUTE_FIELDS = frozenset(Route.model_fields) | {
    name for name, value in vars(Route).items() if isinstance(value, property)
}


class Routes(tuple):
    """``how_to_refer``: the routes in order, the first being the main route.

    Reading a route field from the list (``how_to_refer.fax``) reads the main route's,
    so templates and tools written for contract v2's single mapping keep working.
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> object:
        if name in _ROUTE_FIELDS and self:
            return getattr(self[0], name)
        raise AttributeError(name)

    @property
    def main(self) -> Route:
        return self[0]

    @property
    def others(self) -> tuple[Route, ...]:
        return tuple(self[1:])


def _one_route_or_many(value: object) -> object:
    return [value] if isinstance(value, dict) else value


def _labelled_when_several(routes: tuple[Route, ...]) -> Routes:
    if not routes:  # not Field(min_length=1): pydantic adds that error to any item's
        raise PydanticCustomError("too_short", "must not be empty", {"min_length": 1})
    errors: list[tuple[tuple, PydanticCustomError, object]] = []
    seen: set[str] = set()
    for index, route in enumerate(routes):
        if route.label is None and len(routes) > 1:
            errors.append(
                (
                    (index,),
                    PydanticCustomError(
                        "route_label",
                        "with several routes each needs a label, and this one has none",
                        {"hint": "add label: the route's name, e.g. label: Central intake"},
                    ),
                    route,
                )
            )
        elif route.label is not None and route.label.casefold() in seen:
            errors.append(
                (
                    (index, "label"),
                    PydanticCustomError(
                        "route_duplicate",
                        "route label {label} is used twice; each route needs its own label",
                        {"label": repr(route.label)},
                    ),
                    route.label,
                )
            )
        elif route.label is not None:
            seen.add(route.label.casefold())
    raise_item_errors("how_to_refer", errors)
    return Routes(routes)


RouteList = Annotated[
    tuple[Route, ...],
    BeforeValidator(_one_route_or_many, json_schema_input_type=Route | list[Route]),
    AfterValidator(_labelled_when_several),
]


class Contact(_Model):
    role: Line
    name: LineOrEmpty | None = None
    phone: PhoneNumber | None = None
    fax: PhoneNumber | None = None
    """The contact's own fax (contract v3)."""
    email: Email | None = None


OMITTABLE_FIELDS = ("insurance", "patient_phone", "referrer_id")
OmittableField = Literal["insurance", "patient_phone", "referrer_id"]


def field_key(label: str) -> str:
    """A form field's name part from its label: "NHS number" → "nhs_number"."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "field"


class FormFields(_Model):
    """What the service line's referral form asks for, beyond the standard fields."""

    referrer_id: ReferrerId | None = None
    """What the form asks the referring clinician for here, overriding
    `_organization.yaml`'s `referrer_id`, e.g. `{label: GP practice code}`."""
    patient_fields: tuple[Line, ...] = ()
    """More patient fields, labelled as written, e.g. NHS number, Parent or guardian."""
    referral_fields: tuple[Line, ...] = ()
    """More referral fields, labelled as written, e.g. UBRN, Date symptoms began."""
    omit: tuple[OmittableField, ...] = ()
    """Standard fields the practice does not use: `insurance`, `patient_phone`,
    `referrer_id`."""
    criteria_checkboxes: StrictBool = False
    """Every criterion as a tick box: a "tick the criteria met" form."""

    @field_validator("patient_fields", "referral_fields")
    @classmethod
    def _distinct_labels(cls, labels: tuple[str, ...]) -> tuple[str, ...]:
        seen: set[str] = set()
        for label in labels:
            if field_key(label) in seen:
                raise PydanticCustomError(
                    "duplicate_item", "{item} is listed twice", {"item": repr(label)}
                )
            seen.add(field_key(label))
        return labels

    def omits(self, name: str) -> bool:
        return name in self.omit

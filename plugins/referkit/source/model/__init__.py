"""The validated, immutable model of a practice: what the YAML means.

Every renderer reads these types; nothing writes back into them. Field names are
the YAML contract (v3, which every v1 and v2 file still satisfies) from the README:
renaming one is a breaking change.

Renderers read triage through :attr:`Triage.levels` only: a v1 file's
``emergent``/``urgent``/``routine`` are turned into the same :class:`Level` objects
(labels "Emergent", "Urgent", "Routine"; business days), so no template needs to
know which version a file was written in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .checklists import (  # noqa: F401 (the model API, re-exported)
    MustInclude,
    MustIncludeEntry,
    MustIncludeItem,
    RequiredRecord,
)
from .fields import (  # noqa: F401 (the model API, re-exported)
    DAY_CODES,
    DEFAULT_PHONE_REGION,
    MEDICAL_SPECIALTIES,
    SLUG_PATTERN,
    DayCode,
    Days,
    DayUnit,
    Email,
    HttpsUrl,
    LanguageTag,
    Line,
    LineOrEmpty,
    Npi,
    NuccCode,
    NuccCodes,
    Phone,
    PhoneNumber,
    Slug,
    Specialty,
    TargetDays,
    Text,
    Time,
    WebUrl,
    npi_check_digit_ok,
    parse_email,
    parse_https_url,
    parse_npi,
    parse_nucc,
    parse_phone,
    parse_time,
    parse_web_url,
)
from .intake import (  # noqa: F401 (the model API, re-exported)
    OMITTABLE_FIELDS,
    Contact,
    FormFields,
    HowToRefer,
    Route,
    Routes,
    field_key,
)
from .organization import (  # noqa: F401 (the model API, re-exported)
    Address,
    Geo,
    Hours,
    LanguageAccess,
    Location,
    Organization,
    Provider,
    ReferrerId,
    Schedule,
)
from .service_line import (  # noqa: F401 (the model API, re-exported)
    LINK_KINDS,
    AdviceRoute,
    ComplianceException,
    CurrentWait,
    Definition,
    Eligibility,
    FaqEntry,
    FrozenDict,
    Link,
    LinkKind,
    Notice,
    Review,
    ServiceLine,
    Source,
    Turnaround,
)
from .triage import (  # noqa: F401 (the model API, re-exported)
    GROUP_KINDS,
    GROUP_LEAD_INS,
    V1_LEVELS,
    Clinic,
    Criterion,
    CriterionItem,
    EmergentLevel,
    Level,
    TimedLevel,
    Triage,
)


@dataclass(frozen=True)
class Practice:
    """The whole validated site model: organization facts plus service lines.

    Lookups are indexed once here because renderers call them per page, and a
    health system has thousands of providers.
    """

    organization: Organization
    service_lines: tuple[ServiceLine, ...]
    # Set only on the model a build publishes (source/timeline.py ``publish``): the
    # service lines past their review date, with the first overdue day, and the slugs
    # left out with ``overdue: withdraw``.
    overdue: tuple[tuple[str, date], ...] = ()
    withdrawn: tuple[str, ...] = ()

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

    def overdue_since(self, slug: str) -> date | None:
        """The first day ``slug`` is past its review date, if the build publishes it so."""
        return dict(self.overdue).get(slug)

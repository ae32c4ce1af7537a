"""A service line as a HealthcareService, and its intake routes' Endpoints.

Every route of the service line (:attr:`ServiceLine.routes`, the main one first) adds
its referral methods; the main route gives the service's phone, fax and hours, as it
gives the page's "Refer a patient" box. A Direct address, a portal and a FHIR endpoint
each become an Endpoint the service points to.
"""

from __future__ import annotations

from ... import urls
from ...source.model import HowToRefer, ServiceLine
from ...wording import level_target
from .common import (
    CONNECTION_TYPE_SYSTEM,
    PLAN_NET_CONNECTION_SYSTEM,
    REFERRAL_METHOD_SYSTEM,
    Directory,
    available_times,
    coding,
    concept,
    language_concept,
    markdown_text,
    meta,
    nucc_concepts,
    phone_point,
    reference,
    resource_id,
)

# (code, display) in http://terminology.hl7.org/CodeSystem/service-referral-method
_METHODS = (
    ("fax", "Fax"),
    ("phone", "Phone"),
    ("elec", "Secure Messaging"),
    ("semail", "Secure Email"),
)
# route field -> (id suffix, connection type system, code, display, how the page names it)
_ENDPOINT_KINDS = {
    "direct": (
        "direct",
        CONNECTION_TYPE_SYSTEM,
        "direct-project",
        "Direct Project",
        "Direct secure messaging",
    ),
    "portal": (
        "portal",
        PLAN_NET_CONNECTION_SYSTEM,
        "rest-non-fhir",
        "REST (not FHIR)",
        "E-referral portal",
    ),
    "fhir_endpoint": (
        "fhir",
        CONNECTION_TYPE_SYSTEM,
        "hl7-fhir-rest",
        "HL7 FHIR",
        "FHIR endpoint",
    ),
}
_ELIGIBILITY = (
    ("ages", "Ages"),
    ("area", "Area"),
    ("who_may_refer", "Who may refer"),
    ("notes", "Also"),
)


def referral_methods(line: ServiceLine) -> list[str]:
    """The service-referral-method codes the routes support, in the code system's order:
    fax, phone, elec (a portal, named or linked, or a FHIR endpoint), semail (Direct)."""
    found = set()
    for route in line.routes:
        if route.fax:
            found.add("fax")
        if route.phone:
            found.add("phone")
        if route.portal or getattr(route, "portal_name", None) or route.fhir_endpoint:
            found.add("elec")
        if route.direct:
            found.add("semail")
    return [code for code, _ in _METHODS if code in found]


def endpoints(directory: Directory, line: ServiceLine) -> list[dict]:
    """One Endpoint per distinct Direct address, portal URL and FHIR endpoint of the
    service line's routes (a portal named without a URL has no address to publish)."""
    found: dict[str, dict] = {}
    for index, route in enumerate(line.routes):
        for field, (suffix, system, code, display, label) in _ENDPOINT_KINDS.items():
            value = getattr(route, field)
            if not value:
                continue
            target = f"mailto:{value}" if field == "direct" else value
            if any(e["address"] == target for e in found.values()):
                continue
            parts = (line.slug, suffix) if index == 0 else (line.slug, str(index + 1), suffix)
            endpoint_id = resource_id(*parts)
            found[endpoint_id] = {
                "resourceType": "Endpoint",
                "id": endpoint_id,
                **meta(line.review.last_reviewed),
                "status": "active",
                "connectionType": coding(system, code, display),
                "name": f"{line.name}: {label}",
                "managingOrganization": directory.organization_ref(),
                # R4 requires a payload type; a route receives referrals, nothing narrower
                # is stated in the YAML, so it is named in text only
                "payloadType": [concept("Referral")],
                "address": target,
            }
    return list(found.values())


def healthcare_service(directory: Directory, line: ServiceLine, endpoint_ids: list[str]) -> dict:
    main = line.routes[0]
    resource: dict = {
        "resourceType": "HealthcareService",
        "id": resource_id(line.slug),
        **meta(line.review.last_reviewed),
        "active": True,
        "providedBy": directory.organization_ref(),
        "type": [concept(service) for service in line.services] or [concept(line.name)],
        "specialty": [concept(line.specialty_name), *nucc_concepts(line.nucc_taxonomy)],
    }
    if line.locations:
        resource["location"] = [directory.location_ref(i) for i in line.locations]
    resource |= {
        "name": line.name,
        "comment": line.summary,
        "extraDetails": extra_details(directory, line),
    }
    telecom = [
        phone_point(kind, getattr(main, kind)) for kind in ("phone", "fax") if getattr(main, kind)
    ]
    if telecom:
        resource["telecom"] = telecom
    eligibility = _eligibility(line)
    if eligibility:
        resource["eligibility"] = eligibility
    languages = _languages(directory, line)
    if languages:
        resource["communication"] = [language_concept(tag) for tag in languages]
    methods = dict(_METHODS)
    codes = referral_methods(line)
    if codes:
        resource["referralMethod"] = [
            concept(None, coding(REFERRAL_METHOD_SYSTEM, code, methods[code])) for code in codes
        ]
    if line.turnaround.scheduled_within_days is not None:
        # the practice states it schedules referred patients: they come by appointment
        resource["appointmentRequired"] = True
    if main.schedule:
        resource["availableTime"] = available_times(main.schedule)
    if main.hours_text:
        resource["availabilityExceptions"] = main.hours_text
    if endpoint_ids:
        resource["endpoint"] = [reference("Endpoint", i) for i in endpoint_ids]
    return resource


def _eligibility(line: ServiceLine) -> list[dict]:
    who = line.eligibility
    if who is None:
        return []
    found = []
    for field, label in _ELIGIBILITY:
        value = getattr(who, field, None)
        if value:
            found.append({"code": concept(label), "comment": markdown_text(value)})
    return found


def _languages(directory: Directory, line: ServiceLine) -> list[str]:
    """The languages spoken at the service line's locations, in the order first listed."""
    found: list[str] = []
    for location_id in line.locations:
        for tag in directory.practice.location(location_id).languages:
            if tag not in found:
                found.append(tag)
    return found


def extra_details(directory: Directory, line: ServiceLine) -> str:
    """Markdown: the urgency levels as the page states them, the other ways to reach
    intake, and links to the page and the PDFs this build publishes."""
    days = line.triage.days
    parts = [f"Urgency levels ({days} days):", ""]
    for level in line.triage.levels:
        # the page's words for the level (wording.level_target), placed as the page's
        # triage table places them: "Seen within 3 business days."
        says = level_target(level, days)
        what = markdown_text(says) if level.emergency else f"{says[:1].upper()}{says[1:]}."
        if level.route:
            what = f"{what} {markdown_text(level.route)}".strip()
        parts.append(f"- **{markdown_text(level.label)}:** {what}".rstrip())
    how = _main_route(line)
    if how:
        parts += ["", *how]
    others = line.routes[1:]
    if others:
        parts += ["", "Other routes:", ""]
        for route in others:
            parts += _other_route(route)
    parts += ["", f"Referral criteria, records to send and contacts: <{_page(directory, line)}>"]
    for label, url in (
        ("One-page referral guide (PDF)", urls.guide_url(line.slug)),
        ("Referral form (PDF)", urls.form_url(line.slug)),
    ):
        if url in directory.documents:
            parts.append(f"{label}: <{directory.page(url)}>")
    return "\n".join(_hard_breaks(parts)) + "\n"


def _main_route(line: ServiceLine) -> list[str]:
    """What the main route says beyond telecom, hours and endpoints: its name and which
    referrals take it (when there are other routes), a portal named without an address,
    the physician line and its notes."""
    route = line.routes[0]
    lines = []
    if len(line.routes) > 1:
        title = f"Main route: **{markdown_text(route.label or line.name)}**"
        lines.append(f"{title}: {markdown_text(route.when)}" if route.when else title)
    if route.portal_name:
        lines.append(f"E-referral: {markdown_text(route.portal_name)}")
    if route.physician_line:
        lines.append(f"Physician-to-physician line: {route.physician_line.display}")
    if route.notes:
        lines.append(markdown_text(route.notes))
    return lines


def _other_route(route: HowToRefer) -> list[str]:
    """A route other than the main one, as the page's route card states it: its name and
    when it applies, then each way to reach it, its hours and notes (its portal, Direct
    address and FHIR endpoint are also Endpoints)."""
    title = f"- **{markdown_text(route.label or '')}**"
    lines = [f"{title}: {markdown_text(route.when)}" if route.when else title]
    for label, value in (
        ("Fax", route.fax and route.fax.display),
        ("Phone", route.phone and route.phone.display),
        ("E-referral portal", route.portal and f"<{route.portal}>"),
        ("E-referral", route.portal_name and markdown_text(route.portal_name)),
        ("Direct secure messaging", route.direct and markdown_text(route.direct)),
        ("FHIR endpoint", route.fhir_endpoint and f"<{route.fhir_endpoint}>"),
        (
            "Physician-to-physician line",
            route.physician_line and route.physician_line.display,
        ),
        ("Hours", route.hours and markdown_text(str(route.hours))),
    ):
        if value:
            lines.append(f"  - {label}: {value}")
    if route.notes:
        lines.append(f"  - {markdown_text(route.notes)}")
    return lines


def _page(directory: Directory, line: ServiceLine) -> str:
    return directory.page(urls.service_line_url(line.slug))


def _hard_breaks(parts: list[str]) -> list[str]:
    """Consecutive plain lines end in a backslash, CommonMark's hard line break, so each
    stays on its own line where the markdown is rendered; list items and blank lines
    need none."""
    out = []
    for index, part in enumerate(parts):
        following = parts[index + 1] if index + 1 < len(parts) else ""
        plain = (
            part
            and not part.lstrip().startswith("- ")
            and following
            and not following.lstrip().startswith("- ")
        )
        out.append(part + "\\" if plain else part)
    return out

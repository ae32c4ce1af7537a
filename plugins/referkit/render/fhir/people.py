"""The practice, its places and its people: Organization, Location, Practitioner and
PractitionerRole. Elements appear in the order the R4 specification lists them."""

from __future__ import annotations

from ...source.model import Location, Provider, ServiceLine
from .common import (
    NPI_SYSTEM,
    ORGANIZATION_TYPE_SYSTEM,
    Directory,
    address,
    coding,
    concept,
    contact_point,
    language_concept,
    location_hours,
    meta,
    nucc_concepts,
    phone_point,
    reference,
    resource_id,
)

NEW_PATIENTS_URL = "http://hl7.org/fhir/us/davinci-pdex-plan-net/StructureDefinition/newpatients"
ACCEPTING_PATIENTS_SYSTEM = (
    "http://hl7.org/fhir/us/davinci-pdex-plan-net/CodeSystem/AcceptingPatientsCS"
)


def organization(directory: Directory) -> dict:
    org = directory.practice.organization
    telecom = [phone_point("phone", org.telephone)]
    if org.fax:
        telecom.append(phone_point("fax", org.fax))
    if org.email:
        telecom.append(contact_point("email", org.email))
    telecom.append(contact_point("url", org.url))
    return {
        "resourceType": "Organization",
        "id": directory.organization_id,
        **meta(directory.newest_review()),
        "active": True,
        # the practice sees patients: what the JSON-LD says with MedicalOrganization
        "type": [concept(None, coding(ORGANIZATION_TYPE_SYSTEM, "prov", "Healthcare Provider"))],
        "name": org.name,
        "telecom": telecom,
    }


def location(directory: Directory, place: Location) -> dict:
    lines = directory.practice.service_lines_at(place.id)
    telecom = [phone_point("phone", place.telephone)]
    if place.fax:
        telecom.append(phone_point("fax", place.fax))
    resource: dict = {
        "resourceType": "Location",
        "id": resource_id(place.id),
        **meta(directory.newest_review(lines) or directory.newest_review()),
        "status": "active",
        "name": place.name,
    }
    if place.directions:
        resource["description"] = place.directions
    resource |= {"mode": "instance", "telecom": telecom, "address": address(place.address)}
    if place.geo:
        resource["position"] = {"longitude": place.geo.lng, "latitude": place.geo.lat}
    resource["managingOrganization"] = directory.organization_ref()
    if place.hours:
        resource["hoursOfOperation"] = location_hours(place.hours)
    return resource


def practitioner(directory: Directory, person: Provider) -> dict:
    lines = directory.practice.service_lines_of(person.id)
    name: dict = {"text": person.name}
    suffixes = [part.strip() for part in person.credentials.split(",") if part.strip()]
    if suffixes:
        name["suffix"] = suffixes
    resource: dict = {
        "resourceType": "Practitioner",
        "id": resource_id(person.id),
        **meta(directory.newest_review(lines) or directory.newest_review()),
    }
    if person.npi:
        resource["identifier"] = [{"system": NPI_SYSTEM, "value": person.npi}]
    resource |= {"active": True, "name": [name]}
    if person.board_certifications:
        resource["qualification"] = [
            {"code": concept(certification)} for certification in person.board_certifications
        ]
    if person.languages:
        resource["communication"] = [language_concept(tag) for tag in person.languages]
    return resource


def practitioner_roles(directory: Directory, person: Provider) -> list[dict]:
    """One role per service line the provider works in (at the locations the two share),
    or one role at the provider's locations when no service line lists them."""
    lines = directory.practice.service_lines_of(person.id)
    if not lines:
        return [_role(directory, person, None, person.locations)]
    roles = []
    for line in lines:
        shared = [i for i in person.locations if i in line.locations]
        roles.append(_role(directory, person, line, tuple(shared or person.locations)))
    return roles


def role_id(person: Provider, line: ServiceLine | None) -> str:
    return resource_id(person.id, line.slug) if line else resource_id(person.id)


def _role(
    directory: Directory, person: Provider, line: ServiceLine | None, places: tuple[str, ...]
) -> dict:
    resource: dict = {
        "resourceType": "PractitionerRole",
        "id": role_id(person, line),
        **meta(line.review.last_reviewed if line else directory.newest_review()),
    }
    if person.accepting_new_patients is not None:
        resource["extension"] = [_new_patients(person.accepting_new_patients)]
    resource |= {
        "active": True,
        "practitioner": reference("Practitioner", resource_id(person.id), person.display_name),
        "organization": directory.organization_ref(),
        "specialty": [concept(person.specialty), *nucc_concepts(person.nucc_taxonomy)],
        "location": [directory.location_ref(i) for i in places],
    }
    if line:
        resource["healthcareService"] = [
            reference("HealthcareService", resource_id(line.slug), line.name)
        ]
    return resource


def _new_patients(accepting: bool) -> dict:
    """Da Vinci Plan-Net's new-patients extension, worded as the provider page words it."""
    code, display, text = (
        ("newpt", "Accepting", "Accepting new patients")
        if accepting
        else ("nopt", "Not Accepting", "Not accepting new patients")
    )
    return {
        "url": NEW_PATIENTS_URL,
        "extension": [
            {
                "url": "acceptingPatients",
                "valueCodeableConcept": concept(
                    text, coding(ACCEPTING_PATIENTS_SYSTEM, code, display)
                ),
            }
        ],
    }

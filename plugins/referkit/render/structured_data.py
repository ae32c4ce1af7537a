"""schema.org JSON-LD for every page, as one connected graph with stable ``@id``s.

Every node is built from the model, so a location's name, address and phone are
the same wherever they appear. The tests check every type and property against
the schema.org 30.0 vocabulary.
"""

from __future__ import annotations

import json

from .. import urls
from ..source.languages import language_node
from ..source.model import Location, Organization, Practice, Provider, ServiceLine, Source

SCHEMA = "https://schema.org/"
_DAY_NAMES = {
    "Mo": "Monday",
    "Tu": "Tuesday",
    "We": "Wednesday",
    "Th": "Thursday",
    "Fr": "Friday",
    "Sa": "Saturday",
    "Su": "Sunday",
}


class StructuredData:
    """Builds JSON-LD graphs for a practice published at ``site_url``."""

    def __init__(self, practice: Practice, site_url: str, site_name: str) -> None:
        self.practice = practice
        self.site_url = site_url
        self.site_name = site_name

    # ids -----------------------------------------------------------------
    def _abs(self, url: str) -> str:
        return urls.absolute(self.site_url, url)

    @property
    def organization_id(self) -> str:
        return f"{self.site_url}#organization"

    @property
    def website_id(self) -> str:
        return f"{self.site_url}#website"

    def location_id(self, location_id: str) -> str:
        return self._abs(urls.location_url(location_id)) + "#place"

    def provider_id(self, provider_id: str) -> str:
        return self._abs(urls.provider_url(provider_id)) + "#physician"

    def department_id(self, slug: str) -> str:
        return self._abs(urls.service_line_url(slug)) + "#department"

    # nodes ---------------------------------------------------------------
    def organization(self) -> dict:
        org: Organization = self.practice.organization
        node = {
            "@type": "MedicalOrganization",
            "@id": self.organization_id,
            "name": org.name,
            "url": self.site_url,
            "telephone": org.telephone.e164,
            "location": [{"@id": self.location_id(loc.id)} for loc in org.locations],
            "department": [
                {"@id": self.department_id(s.slug)} for s in self.practice.service_lines
            ],
        }
        if org.fax:
            node["faxNumber"] = org.fax.e164
        if org.email:
            node["email"] = org.email
        if org.description:
            node["description"] = org.description
        specialties = sorted({s.specialty for s in self.practice.service_lines})
        if specialties:
            node["medicalSpecialty"] = [SCHEMA + s for s in specialties]
        return node

    def website(self) -> dict:
        return {
            "@type": "WebSite",
            "@id": self.website_id,
            "name": self.site_name,
            "url": self.site_url,
            "publisher": {"@id": self.organization_id},
            "inLanguage": "en",
        }

    @staticmethod
    def postal_address(location: Location) -> dict:
        """A location's address: the one source of every address in the graph (NAP)."""
        return {
            "@type": "PostalAddress",
            "streetAddress": location.address.street,
            "addressLocality": location.address.city,
            "addressRegion": location.address.region,
            "postalCode": location.address.postal_code,
            "addressCountry": location.address.country,
        }

    def place(self, location: Location) -> dict:
        node = {
            "@type": "MedicalClinic",
            "@id": self.location_id(location.id),
            "name": location.name,
            "url": self._abs(urls.location_url(location.id)),
            "address": self.postal_address(location),
            "telephone": location.telephone.e164,
            "parentOrganization": {"@id": self.organization_id},
        }
        if location.fax:
            node["faxNumber"] = location.fax.e164
        if location.geo:
            node["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": location.geo.lat,
                "longitude": location.geo.lng,
            }
        if location.hours:
            node["openingHoursSpecification"] = [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": [SCHEMA + _DAY_NAMES[d] for d in hours.days],
                    "opens": hours.opens,
                    "closes": hours.closes,
                }
                for hours in location.hours
            ]
        if location.map_url:
            node["hasMap"] = location.map_url
        if location.languages:
            # availableLanguage applies only to ContactPoint and a few types in schema.org
            # 30.0, not to a MedicalClinic; knowsLanguage applies to any Organization
            node["knowsLanguage"] = [language_node(tag) for tag in location.languages]
        specialties = sorted({s.specialty for s in self.practice.service_lines_at(location.id)})
        if specialties:
            node["medicalSpecialty"] = [SCHEMA + s for s in specialties]
        return node

    def department(self, line: ServiceLine) -> dict:
        # MedicalClinic is a LocalBusiness: Google requires name and address, so a
        # department carries its primary location's address (the organization's first
        # location when the service line names none), and that phone if it has no intake line
        primary = self.practice.location(
            line.locations[0] if line.locations else self.practice.organization.locations[0].id
        )
        node = {
            "@type": "MedicalClinic",
            "@id": self.department_id(line.slug),
            "name": f"{self.practice.organization.name} — {line.name}",
            "url": self._abs(urls.service_line_url(line.slug)),
            "description": line.summary,
            "medicalSpecialty": SCHEMA + line.specialty,
            "parentOrganization": {"@id": self.organization_id},
            "address": self.postal_address(primary),
            "telephone": primary.telephone.e164,
        }
        if line.specialty_label and line.specialty_label != line.name:
            # the name people use for the specialty, where schema.org has no member for it
            node["knowsAbout"] = line.specialty_label
        if line.services:
            node["availableService"] = [
                {"@type": "MedicalProcedure", "name": service} for service in line.services
            ]
        how = line.main_route
        if how.phone:
            node["telephone"] = how.phone.e164
        if how.fax:
            node["faxNumber"] = how.fax.e164
        if line.locations:
            node["location"] = [{"@id": self.location_id(i)} for i in line.locations]
        accepting = [self.practice.provider(i).accepting_new_patients for i in line.providers]
        if any(accepting):
            node["isAcceptingNewPatients"] = True
        elif accepting and all(a is False for a in accepting):
            node["isAcceptingNewPatients"] = False
        if line.other_routes:
            # contract v3: each route with a number is a ContactPoint of the department
            points = [_contact_point(route) for route in line.how_to_refer]
            node["contactPoint"] = [point for point in points if point]
        if line.clinics:
            node["department"] = [self._clinic(line, clinic, node) for clinic in line.clinics]
        return node

    def _clinic(self, line: ServiceLine, clinic, parent: dict) -> dict:
        """A clinic inside the service line (contract v3): a MedicalClinic department,
        at its service line's address and phone (Google's LocalBusiness rules)."""
        node = {
            "@type": "MedicalClinic",
            "@id": f"{parent['@id']}-{clinic.key}",
            "name": f"{parent['name']} — {clinic.name}",
            "url": f"{parent['url']}#clinic-{clinic.key}",
            "medicalSpecialty": parent["medicalSpecialty"],
            "address": parent["address"],
            "telephone": parent["telephone"],
        }
        if clinic.eligibility:
            node["description"] = clinic.eligibility
        return node

    def physician(self, provider: Provider) -> dict:
        # IndividualPhysician is a LocalBusiness too: the first location's address and phone
        first = self.practice.location(provider.locations[0])
        node = {
            "@type": "IndividualPhysician",
            "@id": self.provider_id(provider.id),
            "name": provider.display_name,
            "url": self._abs(urls.provider_url(provider.id)),
            "medicalSpecialty": SCHEMA + provider.specialty,
            "practicesAt": [{"@id": self.location_id(i)} for i in provider.locations],
            "parentOrganization": {"@id": self.organization_id},
            "address": self.postal_address(first),
            "telephone": first.telephone.e164,
        }
        if provider.board_certifications:
            node["hasCredential"] = [
                {
                    "@type": "EducationalOccupationalCredential",
                    "credentialCategory": "Board certification",
                    "name": name,
                }
                for name in provider.board_certifications
            ]
        if provider.focus:
            node["knowsAbout"] = list(provider.focus)
        if provider.languages:
            node["knowsLanguage"] = [language_node(tag) for tag in provider.languages]
        if provider.accepting_new_patients is not None:
            node["isAcceptingNewPatients"] = provider.accepting_new_patients
        if provider.npi:
            node["usNPI"] = provider.npi
            node["identifier"] = {
                "@type": "PropertyValue",
                "propertyID": "NPI",
                "value": provider.npi,
            }
        return node

    def breadcrumb(self, page_url: str, trail: list[tuple[str, str]]) -> dict:
        return {
            "@type": "BreadcrumbList",
            "@id": self._abs(page_url) + "#breadcrumb",
            "itemListElement": [
                {"@type": "ListItem", "position": index, "name": name, "item": self._abs(url)}
                for index, (name, url) in enumerate([("Home", urls.HOME), *trail], start=1)
            ],
        }

    def _webpage(self, page_url: str, name: str, description: str, types: str | list) -> dict:
        return {
            "@type": types,
            "@id": self._abs(page_url) + "#webpage",
            "url": self._abs(page_url),
            "name": name,
            "description": description,
            "isPartOf": {"@id": self.website_id},
            "inLanguage": "en",
        }

    # graphs per page -----------------------------------------------------
    def home_graph(self, name: str, description: str) -> dict:
        page = self._webpage(urls.HOME, name, description, "WebPage")
        page["about"] = {"@id": self.organization_id}
        return _graph([self.organization(), self.website(), page])

    def service_line_graph(self, line: ServiceLine, name: str, description: str) -> dict:
        url = urls.service_line_url(line.slug)
        types: str | list = ["MedicalWebPage", "FAQPage"] if line.faq else "MedicalWebPage"
        page = self._webpage(url, name, description, types)
        page |= {
            "about": {"@id": self.department_id(line.slug)},
            "audience": {"@type": "MedicalAudience", "audienceType": "Clinician"},
            "specialty": SCHEMA + line.specialty,
            "lastReviewed": line.review.last_reviewed.isoformat(),
            "reviewedBy": {"@type": "Person", "name": line.review.reviewed_by},
            "breadcrumb": {"@id": self._abs(url) + "#breadcrumb"},
            "publisher": {"@id": self.organization_id},
        }
        if line.based_on:
            page["isBasedOn"] = [_creative_work(source) for source in line.based_on]
        significant = [link.url for link in line.links if link.required]
        related = [link.url for link in line.links if not link.required]
        if significant:
            page["significantLink"] = significant
        if related:
            page["relatedLink"] = related
        if line.faq:
            page["mainEntity"] = [
                {
                    "@type": "Question",
                    "name": entry.q,
                    "acceptedAnswer": {"@type": "Answer", "text": entry.a},
                }
                for entry in line.faq
            ]
        # the organization and places are referenced by @id; their full nodes live on the
        # home and location pages, which keeps this page's first view small
        return _graph([page, self.department(line), self.breadcrumb(url, [(line.name, url)])])

    def location_graph(self, location: Location, name: str, description: str) -> dict:
        url = urls.location_url(location.id)
        page = self._webpage(url, name, description, "WebPage")
        page["about"] = {"@id": self.location_id(location.id)}
        page["breadcrumb"] = {"@id": self._abs(url) + "#breadcrumb"}
        trail = [("Locations", urls.LOCATIONS), (location.name, url)]
        return _graph([page, self.place(location), self.breadcrumb(url, trail)])

    def provider_graph(self, provider: Provider, name: str, description: str) -> dict:
        url = urls.provider_url(provider.id)
        page = self._webpage(url, name, description, "ProfilePage")
        page["about"] = {"@id": self.provider_id(provider.id)}
        page["breadcrumb"] = {"@id": self._abs(url) + "#breadcrumb"}
        trail = [("Providers", urls.PROVIDERS), (provider.display_name, url)]
        nodes = [page, self.physician(provider), self.breadcrumb(url, trail)]
        nodes.extend(self.place(self.practice.location(i)) for i in provider.locations)
        return _graph(nodes)

    def index_graph(self, page_url: str, name: str, description: str) -> dict:
        page = self._webpage(page_url, name, description, "CollectionPage")
        page["breadcrumb"] = {"@id": self._abs(page_url) + "#breadcrumb"}
        return _graph([page, self.breadcrumb(page_url, [(name, page_url)])])

    def content_graph(self, page_url: str, name: str, description: str) -> dict:
        page = self._webpage(page_url, name, description, "WebPage")
        page["breadcrumb"] = {"@id": self._abs(page_url) + "#breadcrumb"}
        return _graph([page, self.breadcrumb(page_url, [(name, page_url)])])


def _contact_point(route) -> dict | None:
    """A referral route as a ContactPoint: its name, which referrals take it, numbers."""
    if not (route.phone or route.fax or route.direct):
        return None
    point: dict = {"@type": "ContactPoint", "contactType": "referrals"}
    if route.label:
        point["name"] = route.label
    if route.when:
        point["description"] = route.when
    if route.phone:
        point["telephone"] = route.phone.e164
    if route.fax:
        point["faxNumber"] = route.fax.e164
    if route.direct:
        point["email"] = route.direct
    return point  # route.hours is free text; hoursAvailable takes structured hours only


def _creative_work(source: Source) -> dict:
    node: dict = {"@type": "CreativeWork", "name": source.title}
    if source.url:
        node["url"] = source.url
    if source.publisher:
        node["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.published:
        node["datePublished"] = source.published.isoformat()
    return node


def _graph(nodes: list[dict]) -> dict:
    return {"@context": "https://schema.org", "@graph": nodes}


def to_script_json(data: dict) -> str:
    """JSON safe inside ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c``-style escapes, so no value can close
    the script element or open a comment; the JSON still parses to the same data.
    """
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )

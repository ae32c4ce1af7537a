"""RK424–RK426: facts the machine-readable directory would publish wrong.

The FHIR directory (/fhir/) and the JSON-LD turn a route's Direct address into a
Direct Project endpoint, its ``fhir_endpoint`` into a FHIR server that takes
referrals, and each NPI into one practitioner's identifier. An EHR or a payer
directory acts on these without a person reading them, so a wrong one misroutes
referrals instead of confusing a reader: these rules stop the build.
"""

from __future__ import annotations

from ..findings import Finding, shorten
from ..rules.review import RK424, RK425, RK426
from ..source.model import Practice
from .compliance import ORGANIZATION_PATH
from .registry import LineContext, ProjectContext, line_check, project_check


def _plain_emails(practice: Practice, ctx: LineContext) -> dict[str, str]:
    """Ordinary email addresses in the YAML (lowercased) -> where they are written."""
    found = {}
    org = practice.organization
    if org.email:
        found[org.email.casefold()] = f"{ORGANIZATION_PATH}: email"
    for index, contact in enumerate(ctx.line.contacts):
        if contact.email:
            found.setdefault(contact.email.casefold(), f"contacts[{index}].email")
    return found


@line_check
def check_direct_addresses(ctx: LineContext) -> list[Finding]:
    practice = ctx.load.practice
    if practice is None:
        return []
    plain = _plain_emails(practice, ctx)
    findings = []
    for index, route in enumerate(ctx.line.routes):
        where = plain.get(route.direct.casefold()) if route.direct else None
        if where is None:
            continue
        findings.append(
            ctx.finding(
                RK424,
                _route_loc(ctx, index, "direct"),
                f"the Direct address {shorten(route.direct)} is also the ordinary email "
                f"given at {where}; the FHIR directory would publish it as a Direct "
                "Project endpoint, and Direct messages cannot reach an ordinary mailbox",
            )
        )
    return findings


@line_check
def check_fhir_endpoints(ctx: LineContext) -> list[Finding]:
    site = ctx.project.site_url.rstrip("/") + "/"
    published = site + "fhir/"  # the read-only directory this build writes (render/fhir)
    findings = []
    for index, route in enumerate(ctx.line.routes):
        endpoint = route.fhir_endpoint
        if endpoint is None:
            continue
        written = endpoint.rstrip("/") + "/"
        if written == (route.portal or "").rstrip("/") + "/":
            problem = "is the portal's web address"
        elif written == site:
            problem = "is this site's address; a static site cannot receive a referral"
        elif written.startswith(published):
            problem = (
                f"is the FHIR directory this site publishes ({published}), static files "
                "that cannot receive a referral"
            )
        else:
            continue
        findings.append(
            ctx.finding(
                RK425,
                _route_loc(ctx, index, "fhir_endpoint"),
                f"fhir_endpoint {shorten(endpoint)} {problem}; the FHIR directory would "
                "tell EHRs to send referrals there",
            )
        )
    return findings


@project_check
def check_npis_once(ctx: ProjectContext) -> list[Finding]:
    practice, source = ctx.load.practice, ctx.load.sources.get(ORGANIZATION_PATH)
    if practice is None or source is None:
        return []
    first: dict[str, str] = {}
    findings = []
    for index, provider in enumerate(practice.organization.providers):
        if provider.npi is None:
            continue
        if provider.npi not in first:
            first[provider.npi] = provider.id
            continue
        loc = ("providers", index, "npi")
        line, col = source.position_of(loc)
        findings.append(
            RK426.at(
                ORGANIZATION_PATH,
                line,
                col,
                f"NPI {provider.npi} is given to both {first[provider.npi]} and {provider.id}; "
                "the directory would publish two practitioners with one identifier",
                loc=loc,
            )
        )
    return findings


def _route_loc(ctx: LineContext, index: int, field: str) -> tuple:
    """Where a route's field is written: ``how_to_refer`` itself when it is one mapping
    (contract v2), its ``index``th entry when it is a list of routes (contract v3)."""
    data = ctx.source.data if isinstance(ctx.source.data, dict) else {}
    if isinstance(data.get("how_to_refer"), list):
        return ("how_to_refer", index, field)
    return ("how_to_refer", field)

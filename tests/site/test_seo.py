"""Structured data, head tags, sitemap and NAP consistency across the built demo."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

from helpers.project import REPO, build_site, html_pages, soup
from helpers.schema_vocab import is_member, problems
from referkit.source.loader import load_practice
from referkit.source.model import MEDICAL_SPECIALTIES

SITE_URL = "https://refer.example.org/"


def _jsonld(path: Path) -> list[dict]:
    return [json.loads(s.string) for s in soup(path).find_all("script", type="application/ld+json")]


def _nodes(graph: dict) -> dict[str, dict]:
    return {node["@id"]: node for node in graph["@graph"] if "@id" in node}


def test_every_page_has_jsonld_that_validates_against_schema_org(demo_site: Path) -> None:
    pages = html_pages(demo_site)
    assert len(pages) >= 27
    for path in pages:
        blocks = _jsonld(path)
        assert len(blocks) == 1, path
        assert problems(blocks[0]) == [], path


def test_the_checker_catches_a_wrong_property_and_type() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "MedicalClinic", "@id": "x", "name": "A", "faxNumbr": "+1"},
            {"@type": "Physican", "name": "B"},
            {"@type": "WebSite", "medicalSpecialty": "https://schema.org/Cardiovascular"},
            {"@type": "MedicalClinic", "medicalSpecialty": "https://schema.org/Cardiology"},
        ],
    }
    assert problems(graph) == [
        "@graph[0].faxNumbr: unknown property",
        "@graph[1]: unknown type 'Physican'",
        "@graph[2].medicalSpecialty: does not apply to WebSite",
        "@graph[3].medicalSpecialty: https://schema.org/Cardiology is not a schema.org term",
    ]


def test_specialties_in_the_model_are_schema_org_members() -> None:
    assert [s for s in MEDICAL_SPECIALTIES if not is_member(s, "MedicalSpecialty")] == []


def test_service_line_and_location_graphs(demo_site: Path) -> None:
    graph = _jsonld(demo_site / "cardiology" / "index.html")[0]
    nodes = _nodes(graph)
    page = nodes[f"{SITE_URL}cardiology/#webpage"]
    assert page["@type"] == ["MedicalWebPage", "FAQPage"]
    assert page["audience"] == {"@type": "MedicalAudience", "audienceType": "Clinician"}
    assert page["specialty"] == "https://schema.org/Cardiovascular"
    assert page["lastReviewed"] == "2026-10-01"
    assert page["reviewedBy"]["name"] == "Dana Whitfield, MD, Medical Director"
    assert page["breadcrumb"] == {"@id": f"{SITE_URL}cardiology/#breadcrumb"}
    assert page["mainEntity"][0]["@type"] == "Question"
    department = nodes[f"{SITE_URL}cardiology/#department"]
    assert department["@type"] == "MedicalClinic"
    assert department["isAcceptingNewPatients"] is True
    assert {s["name"] for s in department["availableService"]} >= {"Echocardiography"}
    assert department["parentOrganization"] == {"@id": f"{SITE_URL}#organization"}
    crumbs = nodes[f"{SITE_URL}cardiology/#breadcrumb"]["itemListElement"]
    assert [(c["position"], c["name"]) for c in crumbs] == [(1, "Home"), (2, "Cardiology")]

    location = _nodes(_jsonld(demo_site / "locations" / "main-campus" / "index.html")[0])[
        f"{SITE_URL}locations/main-campus/#place"
    ]
    for required in (
        "name",
        "address",
        "telephone",
        "geo",
        "openingHoursSpecification",
        "url",
        "faxNumber",
        "hasMap",
        "medicalSpecialty",
    ):
        assert required in location, required
    assert location["address"]["@type"] == "PostalAddress"
    assert location["openingHoursSpecification"][0]["dayOfWeek"][0] == "https://schema.org/Monday"
    physician = _nodes(_jsonld(demo_site / "providers" / "dana-whitfield" / "index.html")[0])[
        f"{SITE_URL}providers/dana-whitfield/#physician"
    ]
    assert physician["@type"] == "IndividualPhysician"
    assert physician["practicesAt"] == [{"@id": f"{SITE_URL}locations/main-campus/#place"}]
    home = _nodes(_jsonld(demo_site / "index.html")[0])
    assert home[f"{SITE_URL}#organization"]["@type"] == "MedicalOrganization"
    assert f"{SITE_URL}#website" in home


def test_head_tags_on_every_page(demo_site: Path) -> None:
    titles, descriptions = {}, {}
    for path in html_pages(demo_site):
        page = soup(path)
        rel = path.relative_to(demo_site).as_posix()
        url = SITE_URL + rel.removesuffix("index.html")
        assert page.html["lang"] == "en", rel
        title = page.title.get_text()
        description = page.find("meta", attrs={"name": "description"})["content"]
        assert title not in titles, (rel, titles.get(title))
        assert description not in descriptions, (rel, descriptions.get(description))
        titles[title], descriptions[description] = rel, rel
        assert 50 <= len(description) <= 160, (rel, len(description), description)
        assert page.find("link", rel="canonical")["href"] == url
        assert page.find("meta", property="og:url")["content"] == url
        assert page.find("meta", property="og:title")["content"]
        assert page.find("meta", property="og:description")["content"] == description
        assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
        assert len(page.find_all("h1")) == 1, rel
    assert soup(demo_site / "cardiology" / "index.html").title.get_text() == (
        "Cardiology referrals — Lakeside Specialty Partners"
    )


def test_sitemap_lists_every_page_with_review_dates(demo_site: Path) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(demo_site / "sitemap.xml").getroot()
    entries = {
        u.find("s:loc", namespace).text: getattr(u.find("s:lastmod", namespace), "text", None)
        for u in root.findall("s:url", namespace)
    }
    expected = {
        SITE_URL + p.relative_to(demo_site).as_posix().removesuffix("index.html")
        for p in html_pages(demo_site)
        if not p.relative_to(demo_site).as_posix().startswith("for/")  # unlisted partner pages
    }
    assert set(entries) == expected
    assert entries[f"{SITE_URL}cardiology/"] == "2026-10-01"
    assert entries[f"{SITE_URL}imaging/"] == "2026-10-20"
    robots = (demo_site / "robots.txt").read_text()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots
    assert not (demo_site / "sitemap.xml.gz").exists()


def test_nap_is_identical_everywhere(demo_site: Path) -> None:
    practice = load_practice(REPO).practice
    checked = 0
    for path in html_pages(demo_site):
        page = soup(path)
        text = " ".join(page.select_one("article").get_text(" ").split())
        for node in _jsonld(path)[0]["@graph"]:
            for location in practice.organization.locations:
                if node.get("@id") == f"{SITE_URL}locations/{location.id}/#place":
                    assert node["name"] == location.name
                    assert node["telephone"] == location.telephone.e164
                    assert node["address"]["streetAddress"] == location.address.street
                    assert node["address"]["postalCode"] == location.address.postal_code
                    checked += 1
        for location in practice.organization.locations:
            for match in re.finditer(re.escape(location.name), text):
                following = text[match.end() : match.end() + 160]
                street = following.find(location.address.street)
                # the address follows the name (a heading may repeat the name first)
                assert 0 <= street <= len(location.name) + 3, (path, following)
                assert location.telephone.display in following, (path, following)
                checked += 1
    assert checked > 40


def test_jsonld_cannot_be_broken_out_of(mini: Path, tmp_path: Path) -> None:
    hostile = "</script><script>alert(1)</script><!-- & -->"
    path = mini / "service_lines" / "cardiology.yaml"
    path.write_text(
        path.read_text()
        .replace("summary: Consultative cardiology", f"summary: '{hostile} Consultative cardiology")
        .replace("or heart failure.\n", "or heart failure.'\n", 1)
    )
    out = tmp_path / "out"
    assert build_site(mini, out).returncode == 0
    page = soup(out / "cardiology" / "index.html")
    scripts = page.find_all("script")
    assert not any(
        "alert(1)" in (s.string or "") and s.get("type") != "application/ld+json" for s in scripts
    )
    [block] = page.find_all("script", type="application/ld+json")
    assert "</script" not in block.string and "<!--" not in block.string
    graph = json.loads(block.string)
    department = _nodes(graph)["https://clinic.example.org/cardiology/#department"]
    assert department["description"].startswith(hostile)

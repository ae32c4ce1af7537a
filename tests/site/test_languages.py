"""Language access: BCP 47 codes validated with a suggestion, shown by name, in JSON-LD."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from helpers.project import REPO, build_site, soup
from helpers.schema_vocab import problems
from pypdf import PdfReader
from referkit.source.loader import load_practice

SITE_URL = "https://refer.example.org/"


def _edit(project: Path, relpath: str, old: str, new: str) -> None:
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _text(path: Path) -> str:
    return " ".join(soup(path).select_one("article").get_text(" ").split())


def _graph_node(path: Path, node_id: str) -> dict:
    [block] = soup(path).find_all("script", type="application/ld+json")
    graph = json.loads(block.string)
    return next(n for n in graph["@graph"] if n.get("@id") == node_id)


def test_codes_are_canonical_and_named(mini: Path) -> None:
    _edit(
        mini,
        "service_lines/_organization.yaml",
        "    focus: [Heart failure]\n",
        "    focus: [Heart failure]\n    languages: [EN, es-mx, ase]\n",
    )
    practice = load_practice(mini).practice
    assert practice.organization.providers[0].languages == ("en", "es-MX", "ase")


def test_bad_codes_are_findings_with_file_line_and_a_suggestion(mini: Path) -> None:
    _edit(
        mini,
        "service_lines/_organization.yaml",
        "    focus: [Heart failure]\n",
        "    focus: [Heart failure]\n    languages: [en, Spanish, sp, x-private]\n",
    )
    result = load_practice(mini)
    assert result.practice is None
    lines = [f.format() for f in sorted(result.findings)]
    path = "service_lines/_organization.yaml"
    assert lines == [
        f"{path}:24:21: RK108 providers[0].languages[1]: expected a BCP 47 language code "
        "such as es or pt-BR, got Spanish; did you mean 'es'?\n  hint: write es for Spanish",
        f"{path}:24:30: RK108 providers[0].languages[2]: expected a BCP 47 language code "
        "such as es or pt-BR, got sp\n  hint: use a BCP 47 language code, e.g. es (Spanish), "
        "pt-BR (Portuguese, Brazil), zh-Hant, ase (American Sign Language)",
        f"{path}:24:34: RK108 providers[0].languages[3]: expected a BCP 47 language code "
        "such as es or pt-BR, got x-private\n  hint: use a BCP 47 language code, e.g. es "
        "(Spanish), pt-BR (Portuguese, Brazil), zh-Hant, ase (American Sign Language)",
    ]


def test_pages_show_languages_by_name(demo_site: Path) -> None:
    assert "Languages English, Spanish, Portuguese" in _text(
        demo_site / "providers" / "alicia-moreno" / "index.html"
    )
    assert "Languages spoken: English, Spanish, Hmong" in _text(
        demo_site / "locations" / "main-campus" / "index.html"
    )
    assert "Languages: English, Spanish" in _text(demo_site / "locations" / "index.html")
    # a provider without languages gets no empty label
    assert "Languages" not in _text(demo_site / "providers" / "priya-raman" / "index.html")


def test_language_access_on_every_service_line_page(demo_site: Path) -> None:
    practice = load_practice(REPO).practice
    access = practice.organization.language_access
    for line in practice.service_lines:
        page = soup(demo_site / line.slug / "index.html")
        heading = page.find("h2", string="Language access")
        assert heading is not None, line.slug
        block = " ".join(heading.find_next("div").get_text(" ").split())
        assert access.interpreter_services in block
        assert access.how_to_request in block
        assert "(608) 555-0105" in block


def test_spanish_speaking_cardiologist_is_found_through_the_providers_index(
    demo_site: Path,
) -> None:
    """Provider pages stay out of the search index; the index's section carries names."""
    index = json.loads((demo_site / "search" / "search_index.json").read_text())
    docs = {doc["location"]: doc for doc in index["docs"]}
    assert not any(loc.startswith("providers/dana-whitfield") for loc in docs)
    section = docs["providers/#cardiology"]
    assert section["title"] == "Cardiology"
    assert "Dana Whitfield, MD, FACC · speaks English, Spanish" in section["text"]
    link = soup(demo_site / "providers" / "index.html").find("a", string="Dana Whitfield, MD, FACC")
    assert link["href"] == "dana-whitfield/"


def test_jsonld_knows_language_and_is_valid(demo_site: Path) -> None:
    provider_page = demo_site / "providers" / "alicia-moreno" / "index.html"
    physician = _graph_node(provider_page, f"{SITE_URL}providers/alicia-moreno/#physician")
    assert physician["knowsLanguage"] == [
        {"@type": "Language", "alternateName": "en", "name": "English"},
        {"@type": "Language", "alternateName": "es", "name": "Spanish"},
        {"@type": "Language", "alternateName": "pt", "name": "Portuguese"},
    ]
    location_page = demo_site / "locations" / "main-campus" / "index.html"
    place = _graph_node(location_page, f"{SITE_URL}locations/main-campus/#place")
    assert [lang["alternateName"] for lang in place["knowsLanguage"]] == ["en", "es", "hmn"]
    for page in (provider_page, location_page):
        [block] = soup(page).find_all("script", type="application/ld+json")
        assert problems(json.loads(block.string)) == []


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_language_access_on_the_guide_with_only_the_fields_given(
    mini: Path, tmp_path: Path
) -> None:
    _edit(mini, "mkdocs.yml", "pdf: false", "pdf: true")
    guide = tmp_path / "out" / "cardiology" / "referral-guide.pdf"

    def build() -> str:
        result = build_site(mini, tmp_path / "out")
        assert result.returncode == 0, result.stderr
        return result.stdout

    build()
    assert "Interpreter" not in _pdf_text(guide)  # nothing without language_access
    _edit(
        mini,
        "service_lines/_organization.yaml",
        'fax: "+1 608-555-0101"\n',
        'fax: "+1 608-555-0101"\nlanguage_access:\n'
        "  interpreter_services: Interpreters in any language at no cost.\n"
        '  phone: "+1 608-555-0105"\n',
    )
    assert "(2 rendered, 0 from cache)" in build()  # the PDF cache key holds it
    text = _pdf_text(guide)
    assert (
        "Interpreters: Interpreters in any language at no cost. · "
        "Interpreter requests: (608) 555-0105" in text
    )
    assert len(PdfReader(guide).pages) == 1
    _edit(
        mini,
        "service_lines/_organization.yaml",
        "at no cost.\n",
        "at no cost.\n  how_to_request: Write the language on the referral.\n",
    )
    assert "(2 rendered, 0 from cache)" in build()
    assert (
        "Interpreters in any language at no cost. Write the language on the referral. · "
        "Interpreter requests: (608) 555-0105" in _pdf_text(guide)
    )

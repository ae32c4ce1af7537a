"""One project, three engines: MkDocs 1.6, ProperDocs and Zensical publish the same facts.

The demo is built once per installed engine (PDFs from the shared cache) and every
page is compared with the MkDocs build: head tags, JSON-LD, links, article text and
navigation labels. The browser checks use only what both Material and Zensical render
(a union selector where their search UIs differ).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from helpers.browser import serve
from helpers.project import REPO, TODAY, build_site, copy_project, html_pages, run_build_py, soup

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SAMPLE_PAGES = [
    "index.html",
    "cardiology/index.html",
    "locations/index.html",
    "locations/main-campus/index.html",
    "providers/dana-whitfield/index.html",
    "how-to-refer/index.html",
]
_MISSING = {
    "properdocs": "ProperDocs is not installed (pip install 'referkit[properdocs]')",
    "zensical": "Zensical is not installed (pip install 'referkit[zensical]'); "
    "0.0.74 and later need zensical-ui, which the registries here do not carry",
}


def _engine_param(name: str):
    installed = importlib.util.find_spec(name) is not None
    marks = [] if installed else [pytest.mark.skip(reason=_MISSING[name])]
    return pytest.param(name, marks=marks, id=name)


ENGINES = [pytest.param("mkdocs", id="mkdocs"), _engine_param("properdocs")]
ENGINES.append(_engine_param("zensical"))
OTHER_ENGINES = ENGINES[1:]


@pytest.fixture(scope="session")
def engine_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(REPO, tmp_path_factory.mktemp("engines") / "project")
    shutil.copy2(REPO / "zensical.toml", project / "zensical.toml")
    return project


@pytest.fixture(scope="session")
def built(engine_project: Path):
    """Each engine's build of the demo, made on first use; the PDF cache is shared."""
    sites: dict[str, Path] = {}

    def site(engine: str) -> Path:
        if engine not in sites:
            out = engine_project.parent / f"site-{engine}"
            result = build_site(engine_project, out, "--engine", engine)
            assert result.returncode == 0, result.stderr
            sites[engine] = out
        return sites[engine]

    return site


def _facts(path: Path) -> dict:
    page = soup(path)
    description = page.find("meta", attrs={"name": "description"})
    canonical = page.find("link", rel="canonical")
    article = page.find("article")
    return {
        "title": page.title.get_text() if page.title else None,
        "description": description and description.get("content"),
        "canonical": canonical and canonical.get("href"),
        "h1": page.h1 and page.h1.get_text(" ", strip=True),
        "jsonld": [
            json.loads(s.string) for s in page.find_all("script", type="application/ld+json")
        ],
        "tel": sorted(a["href"] for a in page.select('a[href^="tel:"]')),
        "pdf": sorted(a["href"] for a in page.select('a[href$=".pdf"]')),
        "text": article and " ".join(article.get_text(" ", strip=True).split()),
        "nav": [a.get_text(" ", strip=True) for a in page.select("nav.md-nav--primary a")],
    }


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_every_page_states_the_same_facts_as_the_mkdocs_build(built, engine: str) -> None:
    reference, other = built("mkdocs"), built(engine)
    pages = [p.relative_to(reference) for p in html_pages(reference)]
    assert [p.relative_to(other) for p in html_pages(other)] == pages
    assert len(pages) >= 27
    differences = []
    for rel in pages:
        expected, actual = _facts(reference / rel), _facts(other / rel)
        assert expected["jsonld"] and expected["h1"] and expected["nav"], rel
        differences += [
            (str(rel), key, expected[key], actual[key])
            for key in expected
            if expected[key] != actual[key]
        ]
    assert differences == []


def test_the_comparison_notices_a_changed_fact(built, tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    html = (built("mkdocs") / "cardiology" / "index.html").read_text(encoding="utf-8")
    page.write_text(html.replace("tel:+16085550120", "tel:+16085550199"), encoding="utf-8")
    before = _facts(built("mkdocs") / "cardiology" / "index.html")
    assert _facts(page)["tel"] != before["tel"]


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_sitemap_robots_pdfs_and_fhir_are_byte_identical(built, engine: str) -> None:
    reference, other = built("mkdocs"), built(engine)
    files = ["sitemap.xml", "robots.txt"]
    files += sorted(str(p.relative_to(reference)) for p in reference.rglob("*.pdf"))
    # the FHIR directory is static JSON: every engine publishes it as written
    fhir = sorted(str(p.relative_to(reference)) for p in (reference / "fhir").rglob("*.*json"))
    files += fhir
    assert len(files) >= 2 + 14 + 55 and len(fhir) >= 55
    assert [f for f in files if (reference / f).read_bytes() != (other / f).read_bytes()] == []
    assert "<lastmod>2026-10-01</lastmod>" in (other / "sitemap.xml").read_text()
    assert not (other / "sitemap.xml.gz").exists()


@pytest.mark.parametrize("engine", ["properdocs"])
def test_properdocs_output_is_byte_identical(built, engine: str) -> None:
    if importlib.util.find_spec(engine) is None:
        pytest.skip(_MISSING[engine])
    from referkit.engines.publish import BUILD_STAMP  # records the engine's name, so it differs

    reference, other = built("mkdocs"), built(engine)

    def files(site: Path) -> list[Path]:
        found = (p.relative_to(site) for p in site.rglob("*") if p.is_file())
        return sorted(p for p in found if p.as_posix() != BUILD_STAMP)

    names = files(reference)
    assert files(other) == names and len(names) > 60
    assert [n for n in names if (reference / n).read_bytes() != (other / n).read_bytes()] == []


@pytest.mark.parametrize("engine", ENGINES)
def test_nu_html_checker_finds_no_errors_on_sample_pages(built, engine: str) -> None:
    site = built(engine)
    java = shutil.which("java")
    assert java, "the Nu Html Checker needs Java"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json"]
        + [str(site / rel) for rel in [*SAMPLE_PAGES, "404.html"]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [(m.get("url", "").rsplit("/", 2)[-2:], m.get("message")) for m in messages] == []


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values:
        ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_no_axe_violations_and_no_third_party_requests(built, browser, engine: str) -> None:
    views = [({"width": 390, "height": 844}, SAMPLE_PAGES)]
    views.append(({"width": 1280, "height": 900}, SAMPLE_PAGES[:2]))
    with serve(built(engine)) as url:
        for viewport, pages in views:
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            hosts: set[str] = set()
            page.on("request", lambda r, seen=hosts: seen.add(urlsplit(r.url).netloc))
            for rel in pages:
                page.goto(url + rel.removesuffix("index.html"), wait_until="networkidle")
                assert _axe(page) == [], (engine, rel, viewport)
            assert hosts == {urlsplit(url).netloc}, hosts
            context.close()


# Material's and Zensical's search interfaces differ; these selectors cover both.
SEARCH_OPENER = ".md-search__input:visible, .md-search__button:visible"
SEARCH_RESULT = ".md-search-result__item a, a[role='option']"


@pytest.mark.parametrize("engine", ENGINES)
def test_search_loads_only_when_used_and_finds_cardiology_for_afib(
    built, browser, engine: str
) -> None:
    with serve(built(engine)) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{url}cardiology/", wait_until="networkidle")
        page.wait_for_timeout(500)
        assert [u for u in requested if "search" in urlsplit(u).path] == []
        page.locator(SEARCH_OPENER).first.click()
        page.keyboard.type("afib", delay=30)
        results = page.locator(SEARCH_RESULT)
        results.first.wait_for(timeout=15_000)
        # one snapshot: the result list re-renders while the query settles
        hrefs = results.evaluate_all("els => els.map(e => e.getAttribute('href') || '')")
        assert any(
            urlsplit(h).path.endswith("/cardiology/")
            or h.startswith("cardiology/")
            or "/cardiology/#" in h
            for h in hrefs
        ), hrefs
        paths = [urlsplit(u).path for u in requested]
        assert any(p.endswith(("search/search_index.json", "/search.json")) for p in paths)
        assert any("/workers/search." in p for p in paths)
        assert {urlsplit(u).netloc for u in requested} == {urlsplit(url).netloc}
        page.close()


def test_bare_zensical_in_the_project_fails_and_says_what_to_run(engine_project: Path) -> None:
    if importlib.util.find_spec("zensical") is None:
        pytest.skip(_MISSING["zensical"])
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build"],
        cwd=engine_project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "build.py generate" in result.stdout + result.stderr


def test_generate_writes_the_docs_folder_and_configs_that_engines_build(tmp_path: Path) -> None:
    project = copy_project(REPO / "tests" / "fixtures" / "mini", tmp_path / "mini")
    result = run_build_py("generate", "--project", str(project), "--today", TODAY)
    assert result.returncode == 0, result.stderr
    work = project / ".referkit"
    assert (work / "docs" / "index.md").is_file()
    assert (work / "theme" / "main.html").is_file()
    assert not (project / "site").exists()
    sitemap = (work / "docs" / "sitemap.xml").read_bytes()
    commands = {"mkdocs": [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml"]}
    if importlib.util.find_spec("zensical") is not None:
        commands["zensical"] = [sys.executable, "-m", "zensical", "build", "-f", "zensical.yml"]
    for engine, command in commands.items():
        shutil.rmtree(work / "site", ignore_errors=True)
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (engine, done.stderr)
        assert (work / "site" / "sitemap.xml").read_bytes() == sitemap, engine
        home = (work / "site" / "index.html").read_text(encoding="utf-8")
        assert "application/ld+json" in home, engine


def test_generate_stops_on_content_errors(mini: Path) -> None:
    target = mini / "service_lines"
    broken = next(p for p in sorted(target.glob("*.yaml")) if not p.name.startswith("_"))
    broken.write_text(broken.read_text(encoding="utf-8") + "\nnot_a_field: 1\n", encoding="utf-8")
    result = run_build_py("generate", "--project", str(mini), "--today", TODAY)
    assert result.returncode == 1
    assert "RK101" in result.stderr
    assert not (mini / ".referkit" / "zensical.yml").exists()


def test_properdocs_stands_in_when_mkdocs_is_missing(tmp_path: Path) -> None:
    if importlib.util.find_spec("properdocs") is None:
        pytest.skip(_MISSING["properdocs"])
    project = copy_project(REPO / "tests" / "fixtures" / "mini", tmp_path / "mini")
    reference = build_site(project, tmp_path / "reference")
    assert reference.returncode == 0, reference.stderr
    script = (
        "import sys\n"
        "sys.modules['mkdocs'] = None  # as if MkDocs were not installed\n"
        "from referkit.cli import main\n"
        f"code = main(['build', '--project', {str(project)!r}, '--out', "
        f"{str(tmp_path / 'fallback')!r}, '--today', {TODAY!r}])\n"
        "print('engine module:', sys.modules['mkdocs'].__name__)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "engine module: properdocs" in result.stdout
    for page in html_pages(tmp_path / "reference"):
        rel = page.relative_to(tmp_path / "reference")
        assert (tmp_path / "fallback" / rel).read_bytes() == page.read_bytes(), rel

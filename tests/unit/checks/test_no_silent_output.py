"""No silent wrong output: what used to publish with "0 errors" is now reported by check.

Each case is a slip a new editor made on their first day (issue 21): an unquoted brand
colour (a YAML comment), a white logo printed on white paper, the demo's own sentences on
a real domain, a copied service-line file, and a mkdocs.yml without the plugin."""

from __future__ import annotations

import io
import json
import shutil
import time
from pathlib import Path

from helpers.project import TODAY, loaded_project, run_build_py
from PIL import Image
from pypdf import PdfReader
from referkit.pdf.render import build_jobs
from referkit.pdf.workers import render_job

WHITE_MARK = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">'
    '<circle cx="24" cy="24" r="20" fill="none" stroke="#ffffff" stroke-width="4"/>'
    '<path d="M10 28 Q24 8 38 28" fill="none" stroke="#fff" stroke-width="4"/></svg>'
)


def check(project: Path) -> tuple[int, list[dict]]:
    result = run_build_py("check", "--project", str(project), "--format", "json", "--today", TODAY)
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)["findings"]


def codes(findings: list[dict]) -> list[str]:
    return [f["code"] for f in findings]


def with_options(project: Path, options: str) -> None:
    """Replace the mini fixture's referkit options with ``options`` (indented YAML)."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - referkit:\n      pdf: false\n", options))


def test_an_unquoted_brand_colour_is_an_error_that_says_to_quote_it(mini: Path) -> None:
    with_options(
        mini,
        "  - referkit:\n      pdf: false\n      brand:\n        primary: #1d5c73   # teal\n",
    )
    status, findings = check(mini)
    assert status == 1
    [empty] = [f for f in findings if f["code"] == "RK014"]
    assert (empty["path"], empty["line"], empty["col"]) == ("mkdocs.yml", 12, 9)
    assert "#1d5c73" in empty["message"] and "comment" in empty["message"]
    assert empty["hint"] == 'quote it: primary: "#1d5c73"'
    # quoted as the hint says, it is a brand colour again
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("primary: #1d5c73   # teal", 'primary: "#1d5c73"'))
    status, findings = check(mini)
    assert status == 0, findings


def white_logo_project(mini: Path) -> Path:
    (mini / "templates" / "assets").mkdir(parents=True)
    (mini / "templates" / "assets" / "mark.svg").write_text(WHITE_MARK)
    with_options(mini, "  - referkit:\n      brand:\n        logo: templates/assets/mark.svg\n")
    return mini


def test_a_white_logo_is_refused_for_the_pdfs_with_the_fix(mini: Path) -> None:
    status, findings = check(white_logo_project(mini))
    assert status == 1
    [paper] = [f for f in findings if f["code"] == "RK019"]
    assert paper["line"] == 11 and paper["field"] == "plugins.referkit.brand.logo"
    assert "white on white" in paper["message"] and "#ffffff" in paper["message"]
    assert "print_logo: templates/assets/mark-print.svg" in paper["hint"]
    # a white PNG on a transparent background is the same mistake
    Image.new("RGBA", (60, 30), (255, 255, 255, 0)).save(mini / "templates/assets/w.png")
    image = Image.open(mini / "templates/assets/w.png")
    image.paste((250, 250, 250, 255), (10, 5, 50, 25))
    image.save(mini / "templates/assets/w.png")
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("mark.svg", "w.png"))
    assert "RK019" in codes(check(mini)[1])


def test_the_pdfs_print_the_print_logo(mini: Path) -> None:
    """brand.print_logo is what guide and form show; the header keeps the white logo."""
    white_logo_project(mini)
    Image.new("RGB", (40, 20), (11, 83, 148)).save(mini / "templates/assets/print.png")
    config = mini / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "logo: templates/assets/mark.svg\n",
            "logo: templates/assets/mark.svg\n        print_logo: templates/assets/print.png\n",
        )
    )
    status, findings = check(mini)
    assert status == 0, findings
    jobs = build_jobs(loaded_project(mini))
    assert jobs
    for job in jobs:
        reader = PdfReader(io.BytesIO(render_job(job).pdf))
        sizes = set()
        for page in reader.pages:
            objects = page["/Resources"].get("/XObject") or {}
            for name in objects:
                image = objects[name].get_object()
                if image.get("/Subtype") == "/Image":
                    sizes.add((image["/Width"], image["/Height"]))
        assert (40, 20) in sizes, (job.output, sizes)


def test_the_demos_own_sentences_are_refused_on_a_real_domain(mini: Path) -> None:
    config = mini / "mkdocs.yml"
    page = mini / "content" / "index.md"
    page.write_text("# Welcome\n\nHarbor Test Clinic is a fictional practice. Refer here.\n")
    status, findings = check(mini)
    assert status == 0 and "RK482" not in codes(findings)  # an example domain: the demo
    config.write_text(config.read_text().replace("clinic.example.org", "refer.harborclinic.com"))
    status, findings = check(mini)
    assert status == 1
    demo_text = [f for f in findings if f["path"] == "content/index.md" and f["code"] == "RK482"]
    assert len(demo_text) == 1, demo_text  # one finding for the sentence
    assert demo_text[0]["line"] == 3
    assert "Harbor Test Clinic is a fictional practice." in demo_text[0]["message"]
    assert "demo practice's own text" in demo_text[0]["message"]


def test_a_copied_service_line_is_an_error(mini: Path) -> None:
    lines = mini / "service_lines"
    shutil.copy(lines / "cardiology.yaml", lines / "cardiology-copy.yaml")
    status, findings = check(mini)
    assert status == 1
    [copy] = [f for f in findings if f["code"] == "RK204"]
    assert copy["path"] == "service_lines/cardiology-copy.yaml" and copy["line"] == 1
    assert "'Cardiology' is also the name of service_lines/cardiology.yaml" in copy["message"]
    assert "/cardiology/ and /cardiology-copy/" in copy["message"]
    # renamed but otherwise untouched: still the same service line
    text = (lines / "cardiology.yaml").read_text().replace("name: Cardiology", "name: Heart")
    (lines / "cardiology-copy.yaml").write_text(text)
    status, findings = check(mini)
    assert status == 1
    [copy] = [f for f in findings if f["code"] == "RK204"]
    assert "same facts as service_lines/cardiology.yaml" in copy["message"]


def test_a_mkdocs_yml_without_the_plugin_is_reported_with_the_line_to_add(
    mini: Path, tmp_path: Path
) -> None:
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - referkit:\n      pdf: false\n", ""))
    status, findings = check(mini)
    assert status == 1
    [missing] = [f for f in findings if f["code"] == "RK018"]
    assert (missing["path"], missing["line"]) == ("mkdocs.yml", 7)
    assert missing["hint"] == "add after line 8:   - referkit"
    # the build refuses it in the same words, at once, not after rendering everything
    started = time.monotonic()
    build = run_build_py("build", "--project", str(mini), "--out", str(tmp_path / "site"))
    assert build.returncode == 1 and "RK018" in build.stderr
    assert time.monotonic() - started < 60
    assert not (tmp_path / "site").exists()
    # flow style: the whole line to write
    config.write_text(config.read_text().replace("plugins:\n  - search\n", "plugins: [search]\n"))
    [missing] = [f for f in check(mini)[1] if f["code"] == "RK018"]
    assert missing["hint"] == "write line 7 as: plugins: [search, referkit]"

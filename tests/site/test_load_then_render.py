"""Load, then render: after the load phase the whole site renders with the project sealed.

A small practice with everything a build reads (a logo, `_partners.yaml`, git history
with a recent change, a content page and an image, a template override) is loaded
once; then the PDF phase (public and partner PDFs) and ``generate`` (pages, kit,
exports, change feed) run while any read of the project folder and any subprocess,
git included, fails the test (tests/helpers/seal.py).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers.pdfs import figures
from helpers.project import FIXTURES, TODAY, copy_project, git, loaded_project
from helpers.seal import SealBroken, sealed
from pypdf import PdfReader
from referkit.generate import generate
from referkit.pdf import render as pdf_render
from referkit.pdf import workers
from referkit.pdf.render import PdfDocuments, render_pdfs
from referkit.source.loaded import PACKAGE_TEMPLATES

PARTNER = "for/harbor-family/"
PARTNERS_YAML = """\
partners:
  - {id: harbor-family, name: Harbor Family Practice, code: HFP-1}
"""
ABOUT = "# About us\n\nOur intake team.\n\n![The clinic](clinic.png)\n"


def _project(root: Path) -> Path:
    """The mini practice with PDFs, a logo, a partner, content, an override and git."""
    project = copy_project(FIXTURES / "mini", root / "clinic")
    (project / "assets").mkdir()
    shutil.copy(FIXTURES / "brand" / "logo.svg", project / "assets" / "logo.svg")
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text().replace(
            "      pdf: false\n", "      brand:\n        logo: assets/logo.svg\n"
        )
    )
    (project / "service_lines" / "_partners.yaml").write_text(PARTNERS_YAML)
    (project / "content" / "about.md").write_text(ABOUT)
    (project / "content" / "clinic.png").write_bytes(b"\x89PNG\r\n\x1a\n not really an image")
    override = project / "templates" / "pdf" / "_recent_change.html.j2"
    override.parent.mkdir(parents=True)
    shutil.copy(PACKAGE_TEMPLATES / "pdf" / "_recent_change.html.j2", override)
    git(project, "init", "-q", "-b", "main", when="2026-09-01T09:00:00+00:00")
    git(project, "add", "-A", when="2026-09-01T09:00:00+00:00")
    git(project, "commit", "-qm", "Initial", when="2026-09-01T09:00:00+00:00")
    cardiology = project / "service_lines" / "cardiology.yaml"
    text = cardiology.read_text()
    cardiology.write_text(text.replace("    seen_within_days: 3", "    seen_within_days: 2", 1))
    git(project, "commit", "-qam", "Urgent target", when="2026-11-02T10:00:00+00:00")
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """Load once; render every PDF (in this process) and the docs folder, sealed."""
    project = _project(tmp_path_factory.mktemp("sealed"))
    loaded = loaded_project(project, TODAY)
    calls: list[list[str]] = []
    real_render_jobs = pdf_render.render_jobs

    def recorded(jobs, **kwargs):
        calls.append([job.output for job in jobs])
        return real_render_jobs(jobs, **kwargs)

    workers._warm_worker()  # import WeasyPrint (its library lookup runs ldconfig) beforehand
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_render, "render_jobs", recorded)
        with sealed(project, output=loaded.project.work_dir) as attempts:
            result = render_pdfs(loaded, workers=1)  # WeasyPrint in the sealed process
            generated = generate(loaded, result.files)
    return project, loaded, result, generated, attempts, calls


def test_rendering_the_whole_site_reads_no_file_and_runs_no_git(built) -> None:
    project, loaded, result, generated, attempts, _ = built
    assert attempts == []
    docs = generated.docs_dir
    assert docs.is_relative_to(project / ".referkit")
    for path in (
        "index.md",  # pages
        "cardiology/index.md",
        "about.md",
        "clinic.png",  # a content asset, copied from the loaded bytes
        "assets/referkit/logo.svg",
        "cardiology/referral-guide.pdf",  # public PDFs
        "cardiology/referral-form.pdf",
        PARTNER + "index.md",  # the kit
        PARTNER + "cardiology/referral-guide.pdf",
        PARTNER + "how-to-refer.pdf",
        PARTNER + "referral-kit.zip",
        "exports/locations.csv",  # the listings exports
        "locations/harbor/contact.vcf",
        "changes.xml",  # the feed
        "changes/index.md",
        "sitemap.xml",
    ):
        assert (docs / path).is_file(), path
    assert (docs / "clinic.png").read_bytes() == (project / "content" / "clinic.png").read_bytes()
    assert "Urgent: 3 business days → 2 business days" in (docs / "changes.xml").read_text()
    # the guide's "Changed on …" line comes from the history read in the load phase
    guide = PdfReader(docs / "cardiology" / "referral-guide.pdf").pages[0].extract_text()
    assert "Changed on November 2, 2026" in " ".join(guide.split())


def test_the_seal_catches_a_read_and_a_git_run(tmp_path: Path) -> None:
    """The seal can fail: a renderer that read content/ or ran git would be caught."""
    project = copy_project(FIXTURES / "mini", tmp_path / "clinic")
    with sealed(project, output=project / ".referkit") as attempts:
        with pytest.raises(SealBroken):
            (project / "content" / "index.md").read_text()
        with pytest.raises(SealBroken):
            subprocess.run(["git", "-C", str(project), "log"], capture_output=True)
        with pytest.raises(SealBroken):
            sorted((project / "content").rglob("*.md"))
        (project / ".referkit").mkdir()
        (project / ".referkit" / "ok.txt").write_text("the build's own folder")
    assert len(attempts) == 3


def test_the_partner_overview_carries_the_logo(built) -> None:
    _, loaded, result, _, _, _ = built
    name = loaded.practice.organization.name
    overview = result.files[PARTNER + "how-to-refer.pdf"]
    assert name in figures(overview)  # the logo, with the practice as its alt text
    for output in ("cardiology/referral-guide.pdf", PARTNER + "cardiology/referral-form.pdf"):
        assert name in figures(result.files[output]), output


def test_public_and_partner_pdfs_come_from_one_phase_and_one_key_builder(built) -> None:
    _, loaded, result, _, _, calls = built
    # one pool run holds the public and the partner PDFs alike
    assert len(calls) == 1
    every_pdf = {
        "cardiology/referral-guide.pdf",
        "cardiology/referral-form.pdf",
        PARTNER + "cardiology/referral-guide.pdf",
        PARTNER + "cardiology/referral-form.pdf",
        PARTNER + "how-to-refer.pdf",
    }
    assert set(calls[0]) == set(result.files) == every_pdf
    documents = PdfDocuments(loaded)
    specs = documents.public() + documents.partner()
    for spec in specs:
        assert spec.key == documents.keys.key(spec.kind, spec.lines, spec.partner)
    [audience] = loaded.audiences
    copy = documents.contexts.partner_copy(audience)
    line = loaded.practice.service_lines[0]
    for kind in ("guide", "form"):
        public = documents.keys.payload(kind, (line,), None)
        partner = documents.keys.payload(kind, (line,), copy)
        assert public.pop("partner") is None
        assert partner.pop("partner") == {
            "id": "harbor-family",
            "name": "Harbor Family Practice",
            "code": "HFP-1",
            "param": "ref",
            "page_url": "https://clinic.example.org/" + PARTNER,
        }
        assert partner == public  # the partner parameters are the only difference
        assert documents.keys.key(kind, (line,), copy) != documents.keys.key(kind, (line,), None)


def test_a_second_build_renders_no_pdf(built) -> None:
    project, _, first, _, _, _ = built
    assert first.stats.rendered == 5 and first.stats.cached == 0
    again = render_pdfs(loaded_project(project, TODAY), workers=1)
    assert (again.stats.rendered, again.stats.cached) == (0, 5)
    assert again.files == first.files

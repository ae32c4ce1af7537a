"""serve's render memo: after any edit, the docs folder it leaves is byte-for-byte the
folder a fresh build writes, and an edit to one service line makes only what reads it.

The project is the demo practice (seven service lines, partners, content pages, a
theme override): each edit below is saved, the memo's rebuild runs (``prepare`` with
a :class:`PrepareMemo`, as ``serve`` runs it), and a fresh ``generate`` of the same
files into another folder must give the same files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers.project import copy_project, edit
from referkit.generate import generate
from referkit.pdf.jobs import PdfResult
from referkit.pipeline import PrepareMemo, load, prepare
from referkit.source.project import load_project_config
from referkit.source.timeline import publish

REPO = Path(__file__).resolve().parents[3]


def _project(root: Path):
    project, findings = load_project_config(root)
    assert project is not None, findings
    return project


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _no_pdfs(loaded, use_cache) -> PdfResult:
    return PdfResult()


def _rebuild(root: Path, memo: PrepareMemo) -> dict[str, bytes]:
    prepared = prepare(_project(root), memo=memo, pdf_phase=_no_pdfs)
    assert prepared.ok, [f.format() for f in prepared.findings]
    return _tree(prepared.generated.docs_dir)


def _fresh(root: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    loaded = publish(load(_project(root)))
    return _tree(generate(loaded, {}, docs_dir=out).docs_dir)


# file in service_lines/ (or content/) | old | new: each applied on top of those before
EDITS = """
cardiology.yaml | opens: "07:30" | opens: "07:45"
cardiology.yaml | Syncope with injury | Syncope with an injury
cardiology.yaml | name: Cardiology | name: Heart and vascular care
cardiology.yaml | summary: Consultative | summary: Expert
cardiology.yaml | last_reviewed: 2026-10-01 | last_reviewed: 2026-11-02
cardiology.yaml | [main-campus, westside] | [main-campus, westside, northpoint]
cardiology.yaml | providers: [dana-whitfield, marcus | providers: [marcus
_organization.yaml | name: Priya Raman | name: Priya Raman-Holt
_organization.yaml | Westside Clinic | West Side Clinic
_organization.yaml | accepting_new_patients: true | accepting_new_patients: false
../content/index.md | is a fictional practice | is an invented practice
"""


def _edits() -> list[tuple[str, str, str]]:
    rows = [line.split(" | ") for line in EDITS.strip().splitlines()]
    # a trailing space in old or new is kept: "providers: [dana-whitfield, " -> "providers: ["
    return [
        (f"service_lines/{name}", old + " " * old.endswith(","), new) for name, old, new in rows
    ]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    return copy_project(REPO, tmp_path_factory.mktemp("memo") / "project")


def test_every_rebuild_equals_a_fresh_build(demo: Path, tmp_path: Path) -> None:
    memo = PrepareMemo()
    first = _rebuild(demo, memo)
    assert first == _fresh(demo, tmp_path / "fresh")
    assert memo.pages.made > 50 and memo.pages.reused == 0
    reused = []
    for relpath, old, new in _edits():
        edit(demo, relpath, old, new)
        assert _rebuild(demo, memo) == _fresh(demo, tmp_path / "fresh"), (relpath, new)
        reused.append(memo.pages.reused)
    assert reused[0] > 0 and reused[1] > 0  # the service-line edits reused pages
    # a service line removed: its page and FHIR resources go, everything else matches
    (demo / "service_lines" / "imaging.yaml").unlink()
    after = _rebuild(demo, memo)
    assert "imaging/index.md" not in after
    assert after == _fresh(demo, tmp_path / "fresh")


def test_an_hours_edit_makes_only_what_reads_that_service_line(demo: Path, tmp_path: Path) -> None:
    memo = PrepareMemo()
    _rebuild(demo, memo)
    total = memo.pages.made
    edit(demo, "service_lines/dermatology.yaml", "  hours: Mon", "  hours:  Mon")  # spacing only
    _rebuild(demo, memo)
    assert memo.pages.made == 0 and memo.pages.reused == total
    edit(demo, "service_lines/dermatology.yaml", "8:00–17:00", "7:30–17:00")
    _rebuild(demo, memo)
    # its page, its locations' and providers' pages, the home and index pages, its FHIR
    # HealthcareService and Endpoints, its providers' FHIR (their roles name it), its
    # locations' FHIR: a handful out of everything
    assert 0 < memo.pages.made < total / 3, (memo.pages.made, total)

"""The practice's logo on guide and form: relative path, alt text, size budget, RK016."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.pdfs import figures
from helpers.project import FIXTURES, TODAY, copy_project, loaded_project, run_build_py
from pypdf import PdfReader
from referkit.pdf.render import build_jobs
from referkit.pdf.workers import render_job
from referkit.source.project import load_project_config

LOGO = FIXTURES / "brand" / "logo.svg"


def branded(tmp_path: Path, logo: str) -> Path:
    project = copy_project(FIXTURES / "longurl", tmp_path / "long")
    (project / "assets").mkdir()
    shutil.copy(LOGO, project / "assets" / "logo.svg")
    mkdocs = project / "mkdocs.yml"
    mkdocs.write_text(
        mkdocs.read_text().replace(
            "  - referkit\n", f"  - referkit:\n      brand:\n        logo: {logo}\n"
        )
    )
    return project


def test_a_relative_svg_logo_is_on_guide_and_form_within_budget(tmp_path: Path) -> None:
    project_dir = branded(tmp_path, "assets/logo.svg")
    project, _ = load_project_config(project_dir)
    assert project.brand_logo_path == project_dir / "assets" / "logo.svg"
    loaded = loaded_project(project_dir)
    name = loaded.practice.organization.name
    for job in build_jobs(loaded):
        outcome = render_job(job)
        assert outcome.pdf is not None, job.output
        assert name in figures(outcome.pdf), job.output  # the logo, with the practice as alt
        if job.output.endswith("guide.pdf"):
            assert len(outcome.pdf) <= 60_000, (job.output, len(outcome.pdf))


def test_the_logo_path_resolves_against_the_project_not_the_working_directory(
    tmp_path: Path,
) -> None:
    project = branded(tmp_path, "assets/logo.svg")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "site"
    result = run_build_py(
        "build", "--project", str(project), "--out", str(out), "--today", TODAY, cwd=elsewhere
    )
    assert result.returncode == 0, result.stderr
    guide = out / "spine" / "referral-guide.pdf"
    assert PdfReader(guide).metadata is not None
    assert any("Northern Lakes" in alt for alt in figures(guide))


def test_a_missing_logo_is_a_finding_not_silently_dropped(tmp_path: Path) -> None:
    project = branded(tmp_path, "assets/missing-logo.svg")
    out = tmp_path / "site"
    result = build_with(project, out)
    assert result.returncode == 1
    assert (
        "mkdocs.yml:11:9: RK016 plugins.referkit.brand.logo: assets/missing-logo.svg: no such file"
    ) in result.stderr
    assert not out.exists()


def test_a_logo_of_another_type_is_the_same_finding_for_check_and_build(tmp_path: Path) -> None:
    project = branded(tmp_path, "assets/logo.gif")
    result = run_build_py(
        "check", "--pdf", "--format", "text", "--project", str(project), "--today", TODAY
    )
    assert result.returncode == 1
    assert (
        "RK016 plugins.referkit.brand.logo: assets/logo.gif: a logo must be an SVG, PNG, WebP "
        "or JPEG file"
    ) in result.stdout
    build = build_with(project, tmp_path / "site")
    assert build.returncode == 1 and "RK016" in build.stderr


def build_with(project: Path, out: Path):
    return run_build_py("build", "--project", str(project), "--out", str(out), "--today", TODAY)

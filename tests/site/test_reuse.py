"""A build whose inputs did not change reuses the docs folder its last run wrote
(engines/reuse.py); one whose inputs did must never publish that folder again.

The inputs include what the load phase reads besides the YAML: the build's date (a
notice past its ``until`` is left out on the live site) and the file
``brand.print_logo`` names (what the PDFs print)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from helpers.pdfs import image_sizes
from helpers.project import FIXTURES, TODAY, copy_project, run_build_py, soup
from PIL import Image

D_PLUS_1 = "2026-11-24"
ENDING = "Routine referrals currently wait about 12 weeks."  # until: TODAY (dated fixture)


def _build(project: Path, out: Path, today: str) -> dict:
    stats = project / "stats.json"
    result = run_build_py(
        "build",
        "--project",
        str(project),
        "--out",
        str(out),
        "--today",
        today,
        "--stats-json",
        str(stats),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(stats.read_text())


def _guide_text(out: Path, slug: str) -> str:
    [guide] = sorted((out / slug).glob("*referral-guide*.pdf"))
    result = subprocess.run(["pdftotext", str(guide), "-"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())


def test_a_new_date_past_a_notice_is_not_reused(tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "dated", tmp_path / "project")
    out = tmp_path / "site"
    assert _build(project, out, TODAY)["load_reused"] is False
    assert ENDING in soup(out / "sleep" / "index.html").get_text(" ", strip=True)
    assert ENDING in _guide_text(out, "sleep")
    # the same day again: nothing changed, so the last docs folder is reused
    assert _build(project, out, TODAY)["load_reused"] is True
    assert ENDING in soup(out / "sleep" / "index.html").get_text(" ", strip=True)
    # the day after the notice's until: loaded again, and the notice is gone everywhere
    assert _build(project, out, D_PLUS_1)["load_reused"] is False
    assert ENDING not in soup(out / "sleep" / "index.html").get_text(" ", strip=True)
    assert ENDING not in _guide_text(out, "sleep")
    # and back: the record of the later day is not reused for the earlier one either
    assert _build(project, out, TODAY)["load_reused"] is False
    assert ENDING in soup(out / "sleep" / "index.html").get_text(" ", strip=True)


def test_an_edited_print_logo_is_not_reused(tmp_path: Path) -> None:
    project = copy_project(FIXTURES / "mini", tmp_path / "project")
    assets = project / "templates" / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    print_logo = assets / "print.png"
    Image.new("RGB", (40, 20), (11, 83, 148)).save(print_logo)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      pdf: false\n" in text  # the fixture's PDFs are off: on, with the logo
    config.write_text(
        text.replace(
            "      pdf: false\n", "      brand:\n        print_logo: templates/assets/print.png\n"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    _build(project, out, TODAY)
    guides = sorted(out.rglob("*referral-guide*.pdf"))
    assert guides
    assert all((40, 20) in image_sizes(guide) for guide in guides)
    assert _build(project, out, TODAY)["load_reused"] is True
    # the same file name, new bytes: mkdocs.yml and the YAML are unchanged
    Image.new("RGB", (60, 24), (11, 83, 148)).save(print_logo)
    stats = _build(project, out, TODAY)
    assert stats["load_reused"] is False
    assert stats["pdfs_rendered"] >= len(guides)
    for guide in sorted(out.rglob("*referral-guide*.pdf")):
        sizes = image_sizes(guide)
        assert (60, 24) in sizes and (40, 20) not in sizes, (guide, sizes)

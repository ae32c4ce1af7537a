"""Publishing you can trust: an up-to-date site matches its inputs, a preview's docs
folder never stops a build from publishing, and interrupted builds leave no mix."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from helpers.project import TODAY, build_site
from helpers.project import file_hashes as tree
from helpers.serving import Preview

STAMP = ".referkit-build.json"


def reviewed_today(project: Path) -> None:
    """serve has no --today: date the fixture's review today so it never goes stale."""
    path = project / "service_lines" / "cardiology.yaml"
    path.write_text(path.read_text().replace("2026-10-01", date.today().isoformat()))


def set_urgent_days(project: Path, days: int) -> None:
    path = project / "service_lines" / "cardiology.yaml"
    text = path.read_text()
    current = next(line for line in text.splitlines() if "seen_within_days" in line)
    path.write_text(text.replace(current, f"    seen_within_days: {days}", 1))


def test_serve_then_build_publishes_the_edit(mini: Path, tmp_path: Path) -> None:
    """The reported failure: a preview wrote the docs folder, the build called the stale
    site up to date. Real serve process, real HTTP, then a real build."""
    reviewed_today(mini)
    out = mini / "site"
    first = build_site(mini, out, "--today", date.today().isoformat())
    assert first.returncode == 0, first.stderr
    assert "Seen within 3 business days" in (out / "cardiology" / "index.html").read_text()

    preview = Preview(mini, tmp_path / "serve.log")
    try:
        preview.wait_for("cardiology/", lambda s, b: s == 200 and "within 3 business days" in b)
        set_urgent_days(mini, 4)
        preview.wait_for("cardiology/", lambda s, b: s == 200 and "within 4 business days" in b)
    finally:
        log = preview.stop()
    assert "Traceback" not in log

    again = build_site(mini, out, "--today", date.today().isoformat())
    assert again.returncode == 0, again.stderr
    assert "is up to date" not in again.stdout
    page = (out / "cardiology" / "index.html").read_text()
    assert "Seen within 4 business days" in page and "within 3 business days" not in page
    # and now it is up to date, for real
    third = build_site(mini, out, "--today", date.today().isoformat())
    assert "is up to date" in third.stdout
    assert (out / STAMP).is_file()


def test_a_hand_edited_or_partly_deleted_site_is_rebuilt(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(mini, out).returncode == 0
    built = tree(out)
    stamp = json.loads((out / STAMP).read_text())
    assert stamp["files"] == len(built) - 1 and len(stamp["inputs"]) == 64

    (out / "cardiology" / "index.html").unlink()
    result = build_site(mini, out)
    assert result.returncode == 0 and "is up to date" not in result.stdout
    assert tree(out) == built

    (out / "index.html").write_text("<p>hand edited</p>")
    result = build_site(mini, out)
    assert "is up to date" not in result.stdout
    assert tree(out) == built

    (out / "stray.html").write_text("<p>not ours</p>")
    result = build_site(mini, out)
    assert "is up to date" not in result.stdout
    assert tree(out) == built

    assert "is up to date" in build_site(mini, out).stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini", "site"]


def test_a_changed_input_outside_the_yaml_rebuilds(mini: Path, tmp_path: Path) -> None:
    """A theme override decides the output too, though the docs folder does not change."""
    out = tmp_path / "site"
    assert build_site(mini, out).returncode == 0
    theme = mini / "templates" / "theme"
    theme.mkdir(parents=True)
    (theme / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Planned downtime{% endblock %}\n'
    )
    result = build_site(mini, out)
    assert result.returncode == 0 and "is up to date" not in result.stdout
    assert "Planned downtime" in (out / "index.html").read_text()
    assert "is up to date" in build_site(mini, out, "--today", TODAY).stdout
    # strict is part of what decides the output
    assert "is up to date" not in build_site(mini, out, "--strict").stdout


def test_a_crash_exits_3_and_says_it_is_a_referkit_bug(mini: Path, tmp_path: Path) -> None:
    """Exit codes tell CI what happened: 1 content, 2 usage, 3 our crash. The crash here
    is real (the docs folder's place is taken by a file), not simulated."""
    (mini / ".referkit").mkdir()
    (mini / ".referkit" / "docs").write_text("not a folder")
    out = tmp_path / "site"
    result = build_site(mini, out)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "ReferKit crashed (FileExistsError" in result.stderr
    log = mini / ".referkit" / "crash.log"
    assert f"the details are in {log}" in result.stderr
    assert "Traceback (most recent call last)" in log.read_text()
    assert not out.exists()

    (mini / ".referkit" / "docs").unlink()
    path = mini / "service_lines" / "cardiology.yaml"
    path.write_text(path.read_text().replace("seen_within_days: 3", "seen_within_days: x"))
    assert build_site(mini, out).returncode == 1  # a content error stays 1


MINIMAL_MINI = """site_name: Harbor Test Clinic
site_url: https://clinic.example.org/
theme: material
plugins:
  - search
  - referkit:
      pdf: false
"""


def break_yaml(project: Path) -> str:
    path = project / "service_lines" / "cardiology.yaml"
    good = path.read_text()
    path.write_text(good.replace("seen_within_days: 3", "seen_within_days: x"))
    return good


def test_preview_shows_errors_in_the_browser_and_clears_them(mini: Path, tmp_path: Path) -> None:
    """A minimal mkdocs.yml (no docs_dir) previews; a broken edit puts the findings on
    the page over HTTP; the fix removes them; nothing of it reaches a build."""
    (mini / "mkdocs.yml").write_text(MINIMAL_MINI)
    reviewed_today(mini)
    banner = 'id="referkit-preview-errors"'
    preview = Preview(mini, tmp_path / "serve.log")
    try:
        first = preview.wait_for("cardiology/", lambda s, b: s == 200 and "Cardiology" in b)
        assert banner not in first
        good = break_yaml(mini)
        page = preview.wait_for("cardiology/", lambda s, b: banner in b)
        assert "service_lines/cardiology.yaml:12:23: RK102" in page
        assert "still shows the last good build" in page
        assert "within 3 business days" in page  # the last good build
        home = preview.wait_for("", lambda s, b: s == 200)
        assert banner in home
        (mini / "service_lines" / "cardiology.yaml").write_text(good.replace(": 3", ": 5", 1))
        fixed = preview.wait_for("cardiology/", lambda s, b: banner not in b and "5 business" in b)
        assert "RK102" not in fixed
    finally:
        log = preview.stop()
    assert "Traceback" not in log
    assert "A 'dirty' build is being performed" not in log
    assert "RK102" in log  # the terminal shows the findings too
    out = tmp_path / "site"
    result = build_site(mini, out, "--today", date.today().isoformat())
    assert result.returncode == 0, result.stderr
    for page in out.rglob("*.html"):
        assert "referkit-preview-errors" not in page.read_text(), page


def test_preview_that_starts_broken_shows_the_errors(mini: Path, tmp_path: Path) -> None:
    reviewed_today(mini)
    good = break_yaml(mini)
    preview = Preview(mini, tmp_path / "serve.log")
    try:
        page = preview.wait_for("", lambda s, b: 'id="referkit-preview-errors"' in b)
        assert "RK102" in page and "Fix them to see the pages" in page
        (mini / "service_lines" / "cardiology.yaml").write_text(good)
        preview.wait_for(
            "cardiology/",
            lambda s, b: s == 200 and "within 3 business days" in b and "RK102" not in b,
        )
    finally:
        log = preview.stop()
    assert "Traceback" not in log

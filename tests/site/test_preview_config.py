"""A slip in mkdocs.yml while the preview runs: a finding, not a traceback or a hang.

MkDocs reloads mkdocs.yml on every rebuild; a file it cannot load used to print a
~60-line traceback and leave every page waiting for a build that never came. Real
`build.py serve` on 127.0.0.1, real HTTP."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers.serving import Preview

BANNER = 'id="referkit-preview-errors"'


def reviewed_today(project: Path) -> None:
    path = project / "service_lines" / "cardiology.yaml"
    path.write_text(path.read_text().replace("2026-10-01", date.today().isoformat()))


def test_a_yaml_slip_in_mkdocs_yml_is_shown_and_the_preview_recovers(
    mini: Path, tmp_path: Path
) -> None:
    reviewed_today(mini)
    config = mini / "mkdocs.yml"
    good = config.read_text()
    preview = Preview(mini, tmp_path / "serve.log")
    try:
        first = preview.wait_for("cardiology/", lambda s, b: s == 200 and "Cardiology" in b)
        assert BANNER not in first
        # a key without its colon, as typed in a hurry
        config.write_text(good.replace("theme:\n", "theme\n  bad: [unclosed\n"))
        page = preview.wait_for("cardiology/", lambda s, b: BANNER in b, timeout_s=60)
        assert "mkdocs.yml:4:1: RK012" in page  # `theme` lost its colon on line 4
        assert "not valid YAML: this line has no &#39;:&#39; after its key" in page
        assert "still shows the last good build" in page
        assert "Cardiology" in page  # the last good pages stay readable under the box
        home = preview.get("")
        assert home[0] == 200 and BANNER in home[1]

        config.write_text(good)  # the fix
        fixed = preview.wait_for("cardiology/", lambda s, b: s == 200 and BANNER not in b)
        assert "Cardiology" in fixed
        # and a content edit after the fix still rebuilds
        path = mini / "service_lines" / "cardiology.yaml"
        path.write_text(path.read_text().replace("seen_within_days: 3", "seen_within_days: 4"))
        preview.wait_for("cardiology/", lambda s, b: "within 4 business days" in b)
    finally:
        log = preview.stop()
    assert "Traceback" not in log, log
    assert "The server will appear stuck" not in log
    assert "RK012" in log and "not valid YAML" in log  # the terminal says it too


def test_a_setting_mkdocs_refuses_is_shown_and_the_preview_recovers(
    mini: Path, tmp_path: Path
) -> None:
    reviewed_today(mini)
    config = mini / "mkdocs.yml"
    good = config.read_text()
    preview = Preview(mini, tmp_path / "serve.log")
    try:
        preview.wait_for("cardiology/", lambda s, b: s == 200 and "Cardiology" in b)
        config.write_text(good.replace("name: material", "name: materil"))
        page = preview.wait_for("cardiology/", lambda s, b: BANNER in b, timeout_s=60)
        assert "RK012" in page and "MkDocs refuses this setting" in page and "materil" in page
        config.write_text(good)
        preview.wait_for("cardiology/", lambda s, b: s == 200 and BANNER not in b)
    finally:
        log = preview.stop()
    assert "Traceback" not in log, log
    assert "The server will appear stuck" not in log

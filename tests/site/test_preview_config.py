"""A slip in mkdocs.yml while the preview runs: a finding, not a traceback or a hang.

MkDocs reloads mkdocs.yml on every rebuild; a file it cannot load used to print a
~60-line traceback and leave every page waiting for a build that never came. Real
`build.py serve` on 127.0.0.1, real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from helpers.serving import Preview

BANNER = 'id="referkit-preview-errors"'


def reviewed_today(project: Path) -> None:
    path = project / "service_lines" / "cardiology.yaml"
    path.write_text(path.read_text().replace("2026-10-01", date.today().isoformat()))


@contextmanager
def serving(mini: Path, tmp_path: Path) -> Iterator[tuple[Preview, str, list[str]]]:
    """A real preview of ``mini`` and its first cardiology page; after it stops, the
    list holds its terminal log, which must have no traceback and no "stuck" warning."""
    reviewed_today(mini)
    preview = Preview(mini, tmp_path / "serve.log")
    logs: list[str] = []
    try:
        first = preview.wait_for("cardiology/", lambda s, b: s == 200 and "Cardiology" in b)
        yield preview, first, logs
    finally:
        logs.append(preview.stop())
    assert "Traceback" not in logs[0], logs[0]
    assert "The server will appear stuck" not in logs[0]


def test_a_yaml_slip_in_mkdocs_yml_is_shown_and_the_preview_recovers(
    mini: Path, tmp_path: Path
) -> None:
    with serving(mini, tmp_path) as (preview, first, logs):
        config = mini / "mkdocs.yml"
        good = config.read_text()
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
    assert "RK012" in logs[0] and "not valid YAML" in logs[0]  # the terminal says it too


def test_a_setting_mkdocs_refuses_is_shown_and_the_preview_recovers(
    mini: Path, tmp_path: Path
) -> None:
    with serving(mini, tmp_path) as (preview, _, _):
        good = (mini / "mkdocs.yml").read_text()
        (mini / "mkdocs.yml").write_text(good.replace("name: material", "name: materil"))
        page = preview.wait_for("cardiology/", lambda s, b: BANNER in b, timeout_s=60)
        assert "RK012" in page and "MkDocs refuses this setting" in page and "materil" in page
        (mini / "mkdocs.yml").write_text(good)
        preview.wait_for("cardiology/", lambda s, b: s == 200 and BANNER not in b)

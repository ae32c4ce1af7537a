"""A minimal mkdocs.yml builds, and gets the same site as the demo's tuned one."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from helpers.project import REPO, TODAY, build_site, copy_project, run_build_py, soup

MINIMAL = """site_name: Lakeside Specialty Partners
site_url: https://refer.example.org/
theme: material
plugins: [search, referkit]
"""


MINIMAL_MINI = """site_name: Harbor Test Clinic
site_url: https://clinic.example.org/
theme: material
plugins:
  - search
  - referkit:
      pdf: false
"""


def minimal_demo(tmp_path: Path, demo_site: Path) -> Path:
    """The demo practice with the minimal mkdocs.yml, reusing the demo build's PDF cache
    (same facts and site_url, so every PDF is a cache hit)."""
    project = copy_project(REPO, tmp_path / "minimal")
    (project / "mkdocs.yml").write_text(MINIMAL)
    cache = demo_site.parent / ".referkit" / "cache"
    if cache.is_dir():
        shutil.copytree(cache, project / ".referkit" / "cache")
    return project


def minimal_mini(mini: Path, config: str = MINIMAL_MINI) -> Path:
    (mini / "mkdocs.yml").write_text(config)
    return mini


def features(page: Path) -> list[str]:
    """Material's feature flags, from the configuration it writes into every page."""
    script = soup(page).find("script", id="__config")
    return json.loads(script.string)["features"]


def nav_links(page: Path) -> int:
    return len(soup(page).select("nav.md-nav a.md-nav__link"))


def test_minimal_config_builds_the_same_site_as_the_demo_config(
    tmp_path: Path, demo_site: Path
) -> None:
    project = minimal_demo(tmp_path, demo_site)
    result = build_site(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert "RK013" not in result.stderr
    site = project / "site"
    for page in ("cardiology/index.html", "locations/main-campus/index.html", "index.html"):
        minimal, tuned = site / page, demo_site / page
        assert nav_links(minimal) == nav_links(tuned), page  # navigation.prune applied
        size, tuned_size = minimal.stat().st_size, tuned.stat().st_size
        assert abs(size - tuned_size) < 0.05 * tuned_size, (page, size, tuned_size)
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
    # the deferred search of ReferKit's theme override is there too
    assert "rkHoldBack" in (site / "cardiology" / "index.html").read_text()


def test_an_explicit_web_font_is_kept_with_a_warning_saying_what_it_costs(
    mini: Path, tmp_path: Path
) -> None:
    font = "theme:\n  name: material\n  font:\n    text: Roboto"
    project = minimal_mini(mini, MINIMAL_MINI.replace("theme: material", font))
    check = run_build_py("check", "--project", str(project), "--format", "text", "--today", TODAY)
    assert check.returncode == 0
    assert "mkdocs.yml:5:3: RK013 warning: theme.font loads Google Fonts" in check.stdout
    out = tmp_path / "site"
    build = build_site(project, out)
    assert build.returncode == 0, build.stderr
    assert "RK013 warning" in build.stderr
    assert "fonts.googleapis.com" in (out / "index.html").read_text()
    strict = build_site(project, out, "--strict")
    assert strict.returncode == 1


def test_plain_mkdocs_build_of_a_minimal_config(mini: Path, tmp_path: Path) -> None:
    """MkDocs checks that docs_dir exists before it loads any plugin, so plain `mkdocs
    build` needs it to name a folder that exists; content/ is the usual one. The plugin
    still sets the theme features and fonts."""
    project = minimal_mini(mini, MINIMAL_MINI + "docs_dir: content\n")
    path = project / "service_lines" / "cardiology.yaml"  # mkdocs build has no --today
    path.write_text(
        re.sub(r"last_reviewed: \S+", f"last_reviewed: {date.today()}", path.read_text())
    )
    out = tmp_path / "plain"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
        + ["-d", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert {"navigation.indexes", "navigation.prune"} <= set(features(out / "index.html"))
    assert "fonts.googleapis.com" not in (out / "index.html").read_text()

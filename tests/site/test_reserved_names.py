"""Reserved routes and portable names (issue 24, item 5).

A service line called `locations`, `providers`, `service-lines` or `changes` once
replaced (or was replaced by) ReferKit's own page with `check` clean; Windows device
names and names too long for a zip entry were accepted; `new` with a 300-character
slug crashed.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from helpers.project import TODAY, build_site, run_build_py
from helpers.project import file_hashes as tree
from referkit import urls

LINE = "service_lines/cardiology.yaml"


def _findings(project: Path) -> list[dict]:
    result = run_build_py("check", "--project", str(project), "--format", "json", "--today", TODAY)
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)["findings"]


def test_the_reserved_slugs_are_the_sites_own_top_level_addresses() -> None:
    assert {"locations", "providers", "service-lines", "changes"} <= urls.RESERVED_SLUGS
    assert {"assets", "exports", "fhir", "for", "search", "sitemap"} <= urls.RESERVED_SLUGS
    for url in urls.TOP_LEVEL:  # derived from the URL module: a new route is reserved too
        assert url.split("/")[0].split(".")[0] in urls.RESERVED_SLUGS


def test_every_reserved_slug_is_an_error_and_the_site_stays(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_site(mini, out).returncode == 0
    before = tree(out)
    for slug in sorted(urls.RESERVED_SLUGS):
        path = mini / "service_lines" / f"{slug}.yaml"
        shutil.copy(mini / LINE, path)
        result = build_site(mini, out)
        assert result.returncode == 1, (slug, result.stderr)
        expected = (
            f"service_lines/{slug}.yaml:1:1: RK104 file name '{slug}.yaml' cannot be a page "
            f"address: /{slug}/ is one of ReferKit's own addresses; reserved: "
            + ", ".join(sorted(urls.RESERVED_SLUGS))
        )
        assert expected in result.stderr, result.stderr
        assert tree(out) == before  # the published pages are intact
        path.unlink()


@pytest.mark.parametrize("slug", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_windows_device_names_are_refused(mini: Path, slug: str) -> None:
    shutil.copy(mini / LINE, mini / "service_lines" / f"{slug}.yaml")
    [finding] = [f for f in _findings(mini) if f["code"] == "RK104"]
    assert finding["path"] == f"service_lines/{slug}.yaml"
    assert "is a device name on Windows" in finding["message"]


def test_ids_must_be_portable_too(mini: Path) -> None:
    org = mini / "service_lines" / "_organization.yaml"
    long_id = "a" * 256
    text = org.read_text().replace("  - id: harbor", "  - id: nul").replace("[harbor]", "[nul]")
    org.write_text(text.replace("  - id: ada-stone", f"  - id: {long_id}"))
    line = mini / LINE
    line.write_text(
        line.read_text()
        .replace("locations: [harbor]", "locations: [nul]")
        .replace("providers: [ada-stone]", f"providers: [{long_id}]")
    )
    rows = org.read_text().splitlines()
    found = {
        (f["field"], f["line"]): f["message"]
        for f in _findings(mini)
        if f["path"].endswith("_organization.yaml") and f["code"] == "RK102"
    }
    assert ("locations[0].id", rows.index("  - id: nul") + 1) in found
    assert ("providers[0].id", rows.index(f"  - id: {long_id}") + 1) in found
    assert "at most 255 bytes" in found[("providers[0].id", rows.index(f"  - id: {long_id}") + 1)]


@pytest.mark.parametrize(
    ("slug", "reason"),
    [
        ("a" * 300, "file and folder names hold at most 255 bytes"),
        ("b" * 237, "a name of 256 bytes (as '-referral-guide.pdf' is added to it)"),
        ("changes", "one of ReferKit's own addresses"),
        ("com3", "device name on Windows"),
    ],
)
def test_new_refuses_them_with_exit_2(mini: Path, slug: str, reason: str) -> None:
    before = tree(mini)
    result = run_build_py("new", slug, "--project", str(mini))
    assert result.returncode == 2, result.stderr
    assert reason in result.stderr and "Traceback" not in result.stderr
    assert tree(mini) == before


def test_the_longest_portable_slug_builds_into_a_kit(mini: Path, tmp_path: Path) -> None:
    slug = "c" * (urls.MAX_NAME_BYTES - len(urls.LONGEST_SLUG_SUFFIX))
    assert run_build_py("new", slug, "--project", str(mini)).returncode == 0
    own = (mini / LINE).read_text().replace("name: Cardiology", "name: Cardiac care")
    own = own.replace("Consultative cardiology", "Consultative cardiac care")
    (mini / "service_lines" / f"{slug}.yaml").write_text(own)  # its own facts (not RK204)
    (mini / "service_lines" / "_partners.yaml").write_text(
        "partners:\n  - {id: northside, name: Northside, code: NS-01}\n"
    )
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("pdf: false", "pdf: true"))
    result = build_site(mini, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / slug / "index.html").is_file()
    kit = tmp_path / "site" / "for" / "northside" / "referral-kit.zip"
    with zipfile.ZipFile(kit) as archive:
        longest = max(len(name.encode()) for name in archive.namelist())
    assert longest == urls.MAX_NAME_BYTES

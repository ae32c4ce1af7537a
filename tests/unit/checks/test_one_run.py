"""`check` equals `build`: every problem of every file in one run, whatever else is broken.

Before: an unknown provider id hid the compliance errors of the same file, an unknown
field hid the rest of the gate, and an error in _organization.yaml or mkdocs.yml hid
every other file's findings, so one file took three runs."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.project import TODAY, run_build_py


def check(project: Path) -> list[dict]:
    result = run_build_py("check", "--project", str(project), "--format", "json", "--today", TODAY)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stdout
    return json.loads(result.stdout)["findings"]


def found(findings: list[dict]) -> set[tuple[str, str]]:
    return {(f["path"].rsplit("/", 1)[-1], f["code"]) for f in findings}


def edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text()
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text)


def test_one_file_with_four_kinds_of_error_reports_them_all(mini: Path) -> None:
    line = mini / "service_lines" / "cardiology.yaml"
    edit(
        line,
        ("summary: Consultative", "summary: The best consultative"),  # compliance (gate)
        ("providers: [ada-stone]", "providers: [ada-stone, sam-lee]"),  # unknown id (load)
        ("  hours: Mon–Fri 8:00–17:00", "hours: Mon–Fri 8:00–17:00"),  # dedented (contract)
        ("workup: [ECG within 30 days]", 'workup: [ECG within 30 days, "TODO: a test"]'),
    )
    findings = [f for f in check(mini) if f["path"] == "service_lines/cardiology.yaml"]
    assert {"RK411", "RK201", "RK101", "RK481"} <= {f["code"] for f in findings}, findings
    dedented = next(f for f in findings if f["code"] == "RK101")
    assert dedented["message"].startswith("belongs under how_to_refer: (line 23)")
    assert "unknown field" not in dedented["message"]
    assert dedented["hint"] == "indent `hours:` to column 3, in line with `fax:`"
    # the gate says nothing about the value it could not read
    assert not [f for f in findings if f["code"] == "RK481" and f["field"] == "providers[1]"]


def test_an_organization_error_hides_no_other_files_findings(mini: Path) -> None:
    edit(
        mini / "service_lines" / "_organization.yaml",
        ('telephone: "+1 608-555-0100"', 'telephone: "+1 608-555"'),
    )
    edit(
        mini / "service_lines" / "cardiology.yaml",
        ("  consult_note_within_days: 2\n", ""),  # a warning: RK432
        ("summary: Consultative", "summary: Guaranteed consultative"),  # an error: RK411
    )
    (mini / "content" / "about.md").write_text("# About\n\nSee [the clinic](nowhere.md).\n")
    findings = found(check(mini))
    assert ("_organization.yaml", "RK105") in findings
    assert ("cardiology.yaml", "RK432") in findings
    assert ("cardiology.yaml", "RK411") in findings
    assert ("about.md", "RK451") in findings  # content/ is read too


def test_a_mkdocs_yml_error_hides_no_other_files_findings_in_check_or_build(
    mini: Path, tmp_path: Path
) -> None:
    edit(mini / "mkdocs.yml", ("      pdf: false\n", "      pdf: false\n      page_sise: a4\n"))
    edit(mini / "service_lines" / "cardiology.yaml", ("  consult_note_within_days: 2\n", ""))
    findings = check(mini)
    [option] = [f for f in findings if f["code"] == "RK011"]
    assert (option["line"], option["col"]) == (11, 7)  # at the option, not at 1:1
    assert option["message"] == "unknown option 'page_sise'; did you mean 'page_size'?"
    assert "Extra inputs" not in option["message"]
    assert ("cardiology.yaml", "RK432") in found(findings)
    # the build refuses with the same findings
    build = run_build_py(
        "build", "--project", str(mini), "--out", str(tmp_path / "site"), "--today", TODAY
    )
    assert build.returncode == 1
    assert "RK011" in build.stderr and "RK432" in build.stderr
    # mkdocs.yml that is not YAML at all: the service lines are still read
    (mini / "mkdocs.yml").write_text("site_name: [Harbor\nplugins: [search, referkit]\n")
    findings = found(check(mini))
    assert ("mkdocs.yml", "RK012") in findings and ("cardiology.yaml", "RK432") in findings

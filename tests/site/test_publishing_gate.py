"""What may publish at all: no placeholders, no demo contact details on a real site,
no compliance exception without a reviewer."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from helpers.project import REPO, TODAY, copy_project, run_build_py

FILLED = {
    'summary: "TODO: one sentence for referring clinicians: who you see and for what"': (
        "summary: Adults with chronic cough, asthma or COPD that is not controlled."
    ),
    "specialty: TODO": "specialty: Pulmonary",
    '["TODO: a condition you see"]': "[Chronic cough, Asthma]",
    '["TODO: a service you offer"]': "[Spirometry]",
    'label: "TODO: the label of the most urgent level, e.g. Emergent"': "label: Emergent",
    'action: "TODO: what to do instead of referring, e.g. Send to the emergency department."': (
        "action: Send to the emergency department or call 911."
    ),
    '["TODO: a red-flag presentation"]': "[Hemoptysis of more than a teaspoon]",
    'label: "TODO: the label of the next level, e.g. Urgent"': "label: Urgent",
    "seen_within: TODO         # a whole": "seen_within: 5         # a whole",
    '["TODO: a presentation that needs a prompt visit"]': "[New oxygen requirement]",
    'label: "TODO: the label of the least urgent level, e.g. Routine"': "label: Routine",
    "seen_within: TODO         # e.g. 20": "seen_within: 20         # e.g. 20",
    '["TODO: a stable presentation"]': "[Stable asthma]",
    '"TODO: a record intake needs with the referral"': "Recent spirometry",
    'fax: "TODO: the intake fax number, with its country code"': 'fax: "+1 608-555-0131"',
    'phone: "TODO: the intake phone number, with its country code"': 'phone: "+1 608-555-0130"',
    'hours: "TODO: intake hours, e.g. Mon–Fri 8:00–17:00"': "hours: Mon–Fri 8:00–17:00",
    '["TODO: a location id from _organization.yaml, e.g. harbor"]': "[harbor]",
    "  last_reviewed:   ": "  last_reviewed: 2026-11-02",
    'reviewed_by: "TODO: name, credentials and role of the clinician who reviewed this page"': (
        "reviewed_by: Ada Stone, MD"
    ),
}


def _lines_with(text: str, pattern: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if re.search(pattern, line)]


def test_an_untouched_starter_fails_on_each_placeholder_until_filled_in(mini: Path) -> None:
    (mini / "service_lines" / "cardiology.yaml").unlink()
    assert run_build_py("new", "pulmonology", "--project", str(mini)).returncode == 0
    path = mini / "service_lines" / "pulmonology.yaml"
    starter = path.read_text(encoding="utf-8")
    check = run_build_py("check", "--project", str(mini), "--format", "text", "--today", TODAY)
    assert check.returncode == 1
    findings = [line for line in check.stdout.splitlines() if ": RK" in line]
    # one finding per placeholder, on its own line, each saying what to do
    placeholder_lines = _lines_with(starter, r":\s*(TODO|\"TODO|\[\"TODO)|last_reviewed:\s*#")
    assert len(placeholder_lines) == len(FILLED) == 20
    assert [int(f.split(":")[1]) for f in findings] == placeholder_lines
    assert all(f.startswith("service_lines/pulmonology.yaml:") for f in findings)
    assert all("replace this placeholder" in f for f in findings), findings
    build = run_build_py("build", "--project", str(mini), "--today", TODAY)
    assert build.returncode == 1 and not (mini / "site").exists()

    text = starter
    for old, new in FILLED.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    check = run_build_py("check", "--project", str(mini), "--format", "text", "--today", TODAY)
    assert check.returncode == 0, check.stdout
    # the starter asks for no promise: the only findings are the RK432 warnings
    assert [line.split(" ")[1] for line in check.stdout.splitlines() if ": RK" in line] == [
        "RK432",
        "RK432",
    ]
    assert "0 errors" in check.stdout


def test_placeholders_in_any_file_are_reported_with_other_problems(mini: Path) -> None:
    org = mini / "service_lines" / "_organization.yaml"
    org.write_text(
        org.read_text(encoding="utf-8").replace("name: Ada Stone", "name: «clinician name»"),
        encoding="utf-8",
    )
    line = mini / "service_lines" / "cardiology.yaml"
    text = line.read_text(encoding="utf-8")
    text = text.replace("reviewed_by: Ada Stone, MD", "reviewed_by: Name, credentials, role")
    line.write_text(text.replace("seen_within_days: 3", "seen_within_days: three"), "utf-8")
    check = run_build_py("check", "--project", str(mini), "--format", "text", "--today", TODAY)
    assert [line for line in check.stdout.splitlines() if ": RK" in line] == [
        "service_lines/_organization.yaml:16:11: RK481 providers[0].name: replace this "
        "placeholder: '«clinician name»'",
        "service_lines/cardiology.yaml:12:23: RK102 triage.urgent.seen_within_days: expected a "
        "whole number of business days, got 'three'",
        "service_lines/cardiology.yaml:42:16: RK481 review.reviewed_by: replace this "
        "placeholder: 'Name, credentials, role'",
    ]


FICTIONAL = re.compile(r"555-01\d\d|example\.(?:org|com)")
DEMO_TEXT = re.compile(r"Lakeside Specialty Partners|\bfictional\b|demonstrate ReferKit", re.I)


def _demo_with_site_url(tmp_path: Path, site_url: str) -> Path:
    project = copy_project(REPO, tmp_path / "project")
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {site_url}", config.read_text("utf-8"))
    config.write_text(text, encoding="utf-8")
    return project


def test_demo_contact_details_pass_on_an_example_site(tmp_path: Path) -> None:
    project = _demo_with_site_url(tmp_path, "https://refer.example.org/")
    check = run_build_py("check", "--project", str(project), "--format", "text", "--today", TODAY)
    assert check.returncode == 0, check.stdout


def test_demo_contact_details_fail_on_a_real_site_each_with_its_line(tmp_path: Path) -> None:
    project = _demo_with_site_url(tmp_path, "https://referrals.lakeside-health.org/")
    # the demo's content/ no longer repeats a number from the YAML; a fork's page might
    (project / "content" / "contact.md").write_text(
        "# Contact\n\nCall the practice at (608) 555-0100.\n", encoding="utf-8"
    )
    check = run_build_py("check", "--project", str(project), "--format", "json", "--today", TODAY)
    assert check.returncode == 1
    findings = json.loads(check.stdout)["findings"]
    assert {f["code"] for f in findings} <= {"RK482", "RK009"}
    reported = {(f["path"], f["line"]) for f in findings if f["code"] == "RK482"}
    expected = set()
    for folder in ("service_lines", "content"):
        for path in sorted((project / folder).glob("*.*")):
            text = path.read_text(encoding="utf-8")
            for number, line in enumerate(text.splitlines(), 1):
                code = line.split("#", 1)[0] if path.suffix == ".yaml" else line
                if FICTIONAL.search(code) or DEMO_TEXT.search(code):
                    expected.add((f"{folder}/{path.name}", number))
    # the demo's own words where mkdocs.yml publishes them (site_name, copyright)
    for number, line in enumerate((project / "mkdocs.yml").read_text().splitlines(), 1):
        published = line.startswith(("site_name:", "site_description:", "copyright:"))
        if published and DEMO_TEXT.search(line.split(" #", 1)[0]):
            expected.add(("mkdocs.yml", number))
    assert ("content/index.md", 3) in expected  # "Lakeside Specialty Partners is a fictional…"
    assert len(expected) >= 40
    capped = {f["path"] for f in findings if f["code"] == "RK009"}
    assert {e for e in expected if e[0] not in capped} <= reported
    assert reported <= expected
    assert ("content/contact.md", 3) in reported


def test_an_exception_needs_a_listed_reviewer(mini: Path) -> None:
    line = mini / "service_lines" / "cardiology.yaml"
    text = line.read_text(encoding="utf-8").replace(
        "summary: Consultative cardiology", "summary: Leading consultative cardiology", 1
    )
    exception = "compliance_exceptions:\n  - {phrase: leading, reason: Our name, approved_by: me}\n"
    line.write_text(text + exception, encoding="utf-8")
    check = run_build_py("check", "--project", str(mini), "--format", "text", "--today", TODAY)
    assert check.returncode == 1
    assert [line for line in check.stdout.splitlines() if ": RK" in line] == [
        "service_lines/cardiology.yaml:44:54: RK413 compliance_exceptions[0].approved_by: "
        "approved_by 'me' is not a listed reviewer: a compliance exception needs a reviewer's "
        "approval"
    ]
    # the service line's own reviewer may approve it, by name alone
    line.write_text(text + exception.replace("approved_by: me", "approved_by: ada stone"), "utf-8")
    assert run_build_py("check", "--project", str(mini), "--today", TODAY).returncode == 0
    # or a practice-level reviewer
    line.write_text(text + exception.replace("me}", "'Lee Park, MD, Compliance'}"), "utf-8")
    assert run_build_py("check", "--project", str(mini), "--today", TODAY).returncode == 1
    org = mini / "service_lines" / "_organization.yaml"
    org.write_text(
        org.read_text(encoding="utf-8") + "reviewers:\n  - Lee Park, MD, Compliance Officer\n",
        encoding="utf-8",
    )
    check = run_build_py("check", "--project", str(mini), "--format", "text", "--today", TODAY)
    assert check.returncode == 0, check.stdout


def test_a_content_file_linked_from_outside_is_an_error(mini: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# SECRET\n", encoding="utf-8")
    (mini / "content" / "leak.md").symlink_to(secret)
    shutil.copytree(mini / "content", tmp_path / "elsewhere")
    (mini / "templates").mkdir()
    (mini / "templates" / "theme").symlink_to(tmp_path / "elsewhere")
    check = run_build_py("check", "--project", str(mini), "--format", "text", "--today", TODAY)
    assert check.returncode == 1
    assert "SECRET" not in check.stdout + check.stderr
    assert [line for line in check.stdout.splitlines() if ": RK" in line] == [
        "content/leak.md:1:1: RK483 this is a symbolic link to a file outside the project; "
        "ReferKit reads only files inside the project",
        "templates/theme:1:1: RK483 this is a symbolic link to a file outside the project; "
        "ReferKit reads only files inside the project",
    ]


def test_a_content_page_with_broken_front_matter_or_bytes_is_a_finding(mini: Path) -> None:
    (mini / "content" / "about.md").write_text(
        "---\ntitle: About\ndescription: [unclosed\n---\n\n# About\n", encoding="utf-8"
    )
    (mini / "content" / "team.md").write_bytes(b"# Team\n\nCaf\xe9 hours\n")
    for command in ("check", "build"):
        result = run_build_py(command, "--project", str(mini), "--today", TODAY)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
    check = run_build_py("check", "--project", str(mini), "--format", "text", "--today", TODAY)
    assert [line for line in check.stdout.splitlines() if ": RK" in line] == [
        "content/about.md:3:14: RK483 the page's front matter is not valid YAML: while "
        "parsing a flow sequence that is never closed",
        "content/team.md:3:4: RK483 byte 0xE9 is not UTF-8 text",
    ]

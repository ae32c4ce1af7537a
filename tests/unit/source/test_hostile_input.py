"""Hostile and mistaken input: nothing a YAML file holds becomes markup, a traceback,
a hang, or a file from outside the project in a message."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from helpers.project import html_pages, loaded_project, run_build_py, soup
from mkdocs.utils.meta import get_data
from pydantic import ValidationError
from referkit.engines.mkdocs_backend import build_with_mkdocs
from referkit.findings import Finding
from referkit.generate import generate
from referkit.render.pages import front_matter
from referkit.source.loader import load_practice
from referkit.source.model import Organization, Practice, ServiceLine
from referkit.source.model.fields import LINE_BREAKS
from referkit.source.project import load_project_config
from referkit.source.yaml_source import read_yaml

# one of each kind of character that has no place in published text
UNWANTED = [
    "\x01",  # C0 control
    "\x1b",  # escape
    "\x7f",  # DEL
    "\x80",  # C1 control
    "\x85",  # next line: a YAML line break
    "\x9f",  # C1 control
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\ufdd0",  # noncharacter
    "\ufdef",  # noncharacter
    "\ufffe",  # noncharacter
    "\uffff",  # noncharacter
    "\U0001fffe",  # noncharacter in a supplementary plane
    "\U0010ffff",  # the last noncharacter
]
PAYLOAD = "<img src=x onerror=alert(7)> [y](javascript:alert(8))"


def test_front_matter_reads_back_identically_for_every_code_point() -> None:
    """Through MkDocs' own front matter reader, in blocks of 4096 code points."""
    for start in range(0, 0x110000, 4096):
        chunk = "".join(
            chr(c) for c in range(start, min(start + 4096, 0x110000)) if not 0xD800 <= c <= 0xDFFF
        )
        data = {"description": f"x{chunk}y", "list": [chunk[::-1]], "nested": {"k": chunk}}
        text = front_matter(data)
        text.encode("utf-8")  # a page file is UTF-8
        body, meta = get_data(text + "Body\n")
        assert meta == data, f"code points from U+{start:04X} do not round-trip"
        assert body == "Body\n"


def test_a_lone_surrogate_in_front_matter_becomes_a_replacement_character() -> None:
    text = front_matter({"description": "a\ud800b\udfffc"})
    text.encode("utf-8")
    assert get_data(text + "Body\n")[1] == {"description": "a\ufffdb\ufffdc"}


def _codes(findings: list[Finding]) -> list[str]:
    return [f.format().splitlines()[0] for f in findings]


@pytest.mark.parametrize("char", UNWANTED, ids=lambda c: f"U+{ord(c):04X}")
def test_an_escaped_unwanted_character_is_rejected_with_its_field(mini: Path, char: str) -> None:
    path = mini / "service_lines" / "_organization.yaml"
    text = path.read_text(encoding="utf-8")
    escape = f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
    path.write_text(f'description: "About {escape} us"\n{text}', encoding="utf-8")
    result = load_practice(mini)
    assert result.practice is None
    assert _codes(result.findings) == [
        f"service_lines/_organization.yaml:1:14: RK003 description: character "
        f"U+{ord(char):04X} ({_kind(char)}) is not allowed in text"
    ]


def test_an_escaped_lone_surrogate_is_a_finding(mini: Path) -> None:
    path = mini / "service_lines" / "_organization.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(f'description: "About \\ud800 us"\n{text}', encoding="utf-8")
    assert _codes(load_practice(mini).findings) == [
        "service_lines/_organization.yaml:1:23: RK001 YAML syntax error: an escape sequence "
        "(\\u....) here writes no valid character"
    ]


def _kind(char: str) -> str:
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return "a control character"
    if code <= 0x9F:
        return "a C1 control character"
    if code in (0x2028, 0x2029):
        return "a line or paragraph separator"
    if 0xD800 <= code <= 0xDFFF:
        return "a lone surrogate"
    return "a Unicode noncharacter"


def test_raw_unwanted_characters_are_rejected_where_they_are(mini: Path) -> None:
    path = mini / "service_lines" / "cardiology.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("Consultative cardiology", "Consultative\x80 cardiology", 1)
    text = text.replace("[Chest pain,", "[Chest\ufffe pain,", 1)
    text = text.replace("  hours: Mon", "  hours: \x07Mon", 1)
    path.write_text(text, encoding="utf-8")
    assert _codes(load_practice(mini).findings) == [
        "service_lines/cardiology.yaml:2:22: RK003 character U+0080 (a C1 control character) "
        "is not allowed",
        "service_lines/cardiology.yaml:4:19: RK003 character U+FFFE (a Unicode noncharacter) "
        "is not allowed",
        "service_lines/cardiology.yaml:29:10: RK003 character U+0007 (a control character) "
        "is not allowed",
    ]


def _poison(data: object, payload: str) -> object:
    if isinstance(data, dict):
        return {key: _poison(value, payload) for key, value in data.items()}
    if isinstance(data, list):
        return [_poison(value, payload) for value in data]
    if isinstance(data, str):
        return data + payload
    return data


def _poison_every_text_field(model: type, data: dict, payload: str) -> dict:
    """Add ``payload`` to every string value the model still accepts with it.

    Phone numbers, links, ids and the like reject it; every free-text field keeps it.
    This bypasses the loader's character check on purpose: the pages must be safe
    even if a bad character ever got past it.
    """
    poisoned = 0

    def walk(node: object, path: tuple) -> None:
        nonlocal poisoned
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in list(items):
            if isinstance(value, dict | list):
                walk(value, (*path, key))
            elif isinstance(value, str):
                # one-line fields (names, labels) refuse line breaks: they get the rest
                one_line = "".join(c for c in payload if c not in LINE_BREAKS)
                for candidate in (value + payload, value + one_line, value):
                    node[key] = candidate
                    try:
                        model.model_validate(data)
                        poisoned += candidate != value
                        break
                    except ValidationError:
                        continue

    walk(data, ())
    assert poisoned >= 10
    return data


def test_no_character_in_any_field_makes_markup_live(mini: Path, tmp_path: Path) -> None:
    payload = "".join(c for c in UNWANTED) + " " + PAYLOAD
    org_data = read_yaml(mini / "service_lines/_organization.yaml", "org").data
    line_data = read_yaml(mini / "service_lines/cardiology.yaml", "line").data
    line_data["slug"] = "cardiology"
    org_data["description"] = "A practice."  # optional text fields, so they are filled too
    for provider in org_data["providers"]:
        provider["bio"] = "A clinician."
    organization = Organization.model_validate(
        _poison_every_text_field(Organization, org_data, payload)
    )
    line = ServiceLine.model_validate(_poison_every_text_field(ServiceLine, line_data, payload))
    assert payload in organization.description
    project, findings = load_project_config(mini)
    assert findings == []
    practice = Practice(organization=organization, service_lines=(line,))
    loaded = loaded_project(mini)
    loaded = dataclasses.replace(loaded, load=dataclasses.replace(loaded.load, practice=practice))
    generated = generate(loaded, {})
    site = tmp_path / "site"
    build_with_mkdocs(project.project_dir, site, generated)
    pages = html_pages(site)
    assert len(pages) >= 5
    shown = 0
    for page in pages:
        document = soup(page)
        live = [
            tag
            for tag in document.find_all(True)
            if any(name.lower().startswith("onerror") for name in tag.attrs)
            or str(tag.get("href", "")).strip().lower().startswith("javascript:")
            or str(tag.get("src", "")).strip().lower().startswith("javascript:")
        ]
        assert live == [], f"{page}: executable markup {live[:3]}"
        assert document.find("script", type="application/ld+json"), f"{page}: no JSON-LD"
        body = document.find("article") or document.body
        text = body.get_text()
        assert not re.search(r'"(?:description|title|referkit_last_reviewed)"\s*:', text), page
        shown += text.count("<img src=x onerror=alert(7)>")
    assert shown >= 20  # the payload is on the pages, as text


# --- bounded: every problem is a finding with a line, in bounded time ---------

CARDIOLOGY = "service_lines/cardiology.yaml"


def _replace(project: Path, old: str, new: str, relpath: str = CARDIOLOGY) -> None:
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _findings(project: Path) -> list[Finding]:
    result = load_practice(project)
    assert result.practice is None
    assert all(f.line >= 1 and f.col >= 1 for f in result.findings), result.findings
    return result.findings


_LAUGHS = "".join(
    f"b{i}: &b{i} [{', '.join([('*a' if i == 0 else f'*b{i - 1}')] * 10)}]\n" for i in range(9)
)
BOUNDED_CASES = [
    pytest.param(
        "    seen_within_days: 3",
        "    seen_within_days: true",
        "cardiology.yaml:12:23: RK102 triage.urgent.seen_within_days: expected a whole number "
        "of business days, got true",
        id="boolean-is-not-a-number",
    ),
    pytest.param(
        "accepting_new_patients: true",
        "accepting_new_patients: 1",
        "_organization.yaml:22:29: RK102 providers[0].accepting_new_patients: expected true or "
        "false, got the number 1",
        id="number-is-not-a-boolean",
    ),
    pytest.param(
        "  last_reviewed: 2026-10-01",
        "  last_reviewed: 2026-02-30",
        "cardiology.yaml:41:18: RK102 review.last_reviewed: '2026-02-30' is not a real date "
        "(day is out of range for month)",
        id="impossible-date",
    ),
    pytest.param(
        "  last_reviewed: 2026-10-01",
        "  last_reviewed: 2026-13-01",
        "cardiology.yaml:41:18: RK102 review.last_reviewed: '2026-13-01' is not a real date "
        "(month must be in 1..12)",
        id="impossible-month",
    ),
    pytest.param(
        "    seen_within_days: 3",
        "    seen_within_days: " + "9" * 5000,
        "cardiology.yaml:12:23: RK102 triage.urgent.seen_within_days: a number of 5,000 digits "
        "is too long",
        id="huge-integer",
    ),
    pytest.param(
        "services: [Echocardiography]",
        "services: !!python/object/apply:os.system [echo hacked]",
        "cardiology.yaml:5:11: RK004 services: the YAML tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        id="python-tag",
    ),
    pytest.param(
        "how_to_refer:\n",
        "how_to_refer: !custom\n",
        "cardiology.yaml:23:15: RK004 how_to_refer: the YAML tag '!custom' is not allowed",
        id="custom-tag",
    ),
    pytest.param(
        "services: [Echocardiography]",
        "services: &a [*a]",
        "cardiology.yaml:5:11: RK008 services[0]: this alias refers to the value that contains "
        "it, which never ends",
        id="recursive-alias",
    ),
    pytest.param(
        "services: [Echocardiography]",
        "bomb: &a [x, x, x, x, x, x, x, x, x, x]\n" + _LAUGHS + "services: [*b8]",
        ": more than 100,000 values in this file (aliases such as *name repeat their anchor's "
        "values)",
        id="billion-laughs",
    ),
    pytest.param(
        "services: [Echocardiography]",
        "services: " + "[" * 60 + "]" * 60,
        "cardiology.yaml:5:51: RK008 services[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]"
        "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: lists or "
        "mappings nested more than 40 levels deep",
        id="deep-nesting",
    ),
    pytest.param(
        "summary: Consultative",
        "summary: " + "x" * 20_000 + " Consultative",
        "cardiology.yaml:2:10: RK008 summary: text of 20,081 characters; the limit is 10,000 "
        "per value",
        id="huge-value",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), BOUNDED_CASES)
def test_hostile_values_are_findings(mini: Path, old: str, new: str, expected: str) -> None:
    relpath = "service_lines/_organization.yaml" if "accepting" in old else CARDIOLOGY
    _replace(mini, old, new, relpath)
    messages = [f"{f.format().splitlines()[0].split('/', 1)[1]}" for f in _findings(mini)]
    assert any(expected in message for message in messages), messages
    assert len(messages) <= 3, messages


def test_a_message_quotes_at_most_80_characters_of_a_value(mini: Path) -> None:
    huge = "9" * 9000
    _replace(mini, 'phone: "+1 608-555-0120"', f'phone: "{huge}"')
    _replace(mini, "specialty: Cardiovascular", "specialty: Cardio" + "x" * 9000)
    findings = _findings(mini)
    assert len(findings) == 2
    for finding in findings:
        assert len(finding.message) < 200, finding.message
        assert "x" * 100 not in finding.message and "9" * 100 not in finding.message
    assert "(9,006 characters)" in findings[0].message + findings[1].message


def test_bytes_that_are_not_utf8_are_found_at_their_line_and_column(mini: Path) -> None:
    path = mini / CARDIOLOGY
    raw = path.read_bytes().replace(b"Stable exertional", b"Stable \xffexertional\xfe", 1)
    raw = raw.replace(b"consult_note_within_days: 2", b"consult_note_within_days: x", 1)
    path.write_bytes(raw)
    assert _codes(_findings(mini)) == [
        "service_lines/cardiology.yaml:16:23: RK001 byte 0xFF is not UTF-8 text",
        "service_lines/cardiology.yaml:16:34: RK001 byte 0xFE is not UTF-8 text",
        "service_lines/cardiology.yaml:34:29: RK102 turnaround.consult_note_within_days: expected "
        "a whole number of business days, got 'x'",
    ]


def test_file_size_and_findings_per_file_are_capped(mini: Path) -> None:
    path = mini / CARDIOLOGY
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "".join(f"unknown_{i}: x\n" for i in range(300)), encoding="utf-8")
    findings = _findings(mini)
    assert len(findings) == 51
    assert findings[-1].code == "RK009"
    assert findings[-1].message == (
        "and 250 more problems in this file (only the first 50 are listed)"
    )
    path.write_text("# " + "x" * 1_100_000 + "\n" + text, encoding="utf-8")
    assert _codes(_findings(mini)) == [
        "service_lines/cardiology.yaml:1:1: RK007 the file is 1.1 MB; the limit is 1 MB per "
        "YAML file"
    ]


def test_a_symlink_out_of_the_project_is_never_read(mini: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-KEY-MATERIAL " * 10, encoding="utf-8")
    (mini / "service_lines" / "zz.yaml").symlink_to(secret)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "derm.yaml").write_text("name: SECRET-KEY-MATERIAL\n", encoding="utf-8")
    (mini / "service_lines" / "derm.yaml").symlink_to(outside / "derm.yaml")
    # a link that stays inside the project is fine
    (mini / "service_lines" / "cardiology-copy.yaml").symlink_to(mini / CARDIOLOGY)
    result = run_build_py("check", "--project", str(mini), "--format", "text")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    output = result.stdout + result.stderr
    assert "SECRET" not in output
    assert (
        "service_lines/zz.yaml:1:1: RK005 this is a symbolic link to a file outside the "
        "project" in output
    )
    assert "service_lines/derm.yaml:1:1: RK005" in output
    # the link inside is read like any file: it is a copy of cardiology (RK204), not RK005
    copy = [line for line in output.splitlines() if line.startswith("service_lines/cardiology-c")]
    assert [line.split(" ")[1] for line in copy] == ["RK204"], copy


def test_rich_markup_in_a_key_does_not_break_the_report(mini: Path) -> None:
    _replace(mini, "services: [Echocardiography]", 'services: [Echocardiography]\n"[/x]": 1')
    result = run_build_py("check", "--project", str(mini))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "[/x]" in result.stdout


def test_a_mkdocs_yml_that_is_not_utf8_is_a_finding_with_its_line(mini: Path) -> None:
    path = mini / "mkdocs.yml"
    path.write_bytes(path.read_bytes().replace(b"Harbor Test", b"Harbor \xe9Test", 1))
    result = run_build_py("check", "--project", str(mini), "--format", "text")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "mkdocs.yml:1:19: RK012 mkdocs.yml: byte 0xE9 is not UTF-8 text" in result.stdout


# --- every problem in one run --------------------------------------------------

SIX_MISTAKES = [
    ("fibrillation]", "fibrillation"),
    ("    seen_within_days: 3", "    seen_within_days: three"),
    ("required_records:", "requried_records:"),
    ("locations: [harbor]", "locations: [harbour]"),
    ('phone: "+1 608-555-0120"', 'phone: "12"'),
    ("  last_reviewed: 2026-10-01", "  last_reviewed: 2026-02-30"),
]
SIX_FINDINGS = [
    "service_lines/_organization.yaml:20:10: RK106 providers[0].npi: NPI 1234567890 fails the "
    "NPI check digit, so no clinician has it",
    "service_lines/cardiology.yaml:4:13: RK001 YAML syntax error: the list or mapping that starts "
    "here with [ or { is not closed",
    "service_lines/cardiology.yaml:12:23: RK102 triage.urgent.seen_within_days: expected a whole "
    "number of business days, got 'three'",
    "service_lines/cardiology.yaml:19:1: RK101 requried_records: unknown field 'requried_records'; "
    "did you mean 'required_records'?",
    "service_lines/cardiology.yaml:25:10: RK105 how_to_refer.phone: expected a valid phone number, "
    'e.g. "+1 608-555-0100", got 12',
    "service_lines/cardiology.yaml:35:13: RK201 locations[0]: unknown location id 'harbour'; did "
    "you mean 'harbor'?",
    "service_lines/cardiology.yaml:41:18: RK102 review.last_reviewed: '2026-02-30' is not a real "
    "date (day is out of range for month)",
    # a provider with a bad NPI still has an id, so references to it are checked, and a
    # second service line with its own syntax error is still read
    "service_lines/dermatology.yaml:1:11: RK001 YAML syntax error: unexpected ': ' on this line",
    "service_lines/dermatology.yaml:36:13: RK201 providers[0]: unknown provider id 'ada-stoen'; "
    "did you mean 'ada-stone'?",
]


def test_six_mistakes_in_one_file_are_reported_in_one_run(mini: Path, tmp_path: Path) -> None:
    text = (mini / CARDIOLOGY).read_text(encoding="utf-8")
    for old, new in SIX_MISTAKES:
        _replace(mini, old, new)
    _replace(mini, 'npi: "1234567893"', 'npi: "1234567890"', "service_lines/_organization.yaml")
    derm = text.replace("name: Cardiology", "name: Derm: atology").replace(
        "providers: [ada-stone]", "providers: [ada-stoen]"
    )
    (mini / "service_lines" / "dermatology.yaml").write_text(derm, encoding="utf-8")
    check = run_build_py("check", "--project", str(mini), "--format", "text")
    assert check.returncode == 1
    reported = [line for line in check.stdout.splitlines() if ": RK" in line]
    assert reported == SIX_FINDINGS
    build = run_build_py("build", "--project", str(mini), "--out", str(tmp_path / "site"))
    assert build.returncode == 1
    assert "Traceback" not in check.stderr + build.stderr
    assert [line for line in build.stderr.splitlines() if ": RK" in line] == SIX_FINDINGS
    assert not (tmp_path / "site").exists()


def test_a_broken_block_hides_nothing_else_and_invents_nothing(mini: Path) -> None:
    org = "service_lines/_organization.yaml"
    _replace(mini, "    credentials: MD", "    credentials: MD: PhD", org)
    _replace(mini, "    seen_within_days: 3", "    seen_within_days: three")
    # providers is unreadable, so references to providers are not reported as unknown;
    # locations is intact, so an unknown location still is
    _replace(mini, "locations: [harbor]", "locations: [harbour]")
    assert _codes(_findings(mini)) == [
        "service_lines/_organization.yaml:17:20: RK001 YAML syntax error: unexpected ': ' on "
        "this line",
        "service_lines/cardiology.yaml:12:23: RK102 triage.urgent.seen_within_days: expected a "
        "whole number of business days, got 'three'",
        "service_lines/cardiology.yaml:35:13: RK201 locations[0]: unknown location id "
        "'harbour'; did you mean 'harbor'?",
    ]


def test_a_type_error_in_one_file_does_not_hide_the_gate_in_another(mini: Path) -> None:
    """The content gate still reads the service lines that validated."""
    folder = mini / "service_lines"
    cardiology = (folder / "cardiology.yaml").read_text()
    broken = cardiology.replace("seen_within_days: 3", "seen_within_days: three", 1)
    (folder / "neurology.yaml").write_text(broken.replace("Cardiology", "Neurology", 1))
    (folder / "cardiology.yaml").write_text(
        cardiology.replace("Consultative cardiology", "The best consultative cardiology", 1)
    )
    result = run_build_py("check", "--project", str(mini), "--format", "text")
    assert result.returncode == 1
    assert re.search(r"service_lines/neurology\.yaml:12:\d+: RK102", result.stdout), result.stdout
    assert re.search(
        r"service_lines/cardiology\.yaml:2:\d+: RK411 summary: 'best'", result.stdout
    ), result.stdout
    assert "Traceback" not in result.stdout + result.stderr

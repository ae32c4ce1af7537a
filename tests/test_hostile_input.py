"""Hostile and mistaken input: nothing a YAML file holds becomes markup, a traceback,
a hang, or a file from outside the project in a message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import html_pages, soup
from mkdocs.utils.meta import get_data
from pydantic import ValidationError
from referkit.config import load_project_config
from referkit.findings import Finding
from referkit.generate import generate
from referkit.loader import load_practice
from referkit.mkdocs_backend import build_with_mkdocs
from referkit.model import Organization, Practice, ServiceLine
from referkit.pages import front_matter
from referkit.yaml_source import read_yaml

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
                node[key] = value + payload
                try:
                    model.model_validate(data)
                    poisoned += 1
                except ValidationError:
                    node[key] = value

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
    generated = generate(practice, project, {})
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

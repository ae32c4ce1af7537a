"""templates/shared/_macros.j2: criteria lists, a level's target and the NAP block,
written once and used by the page and PDF templates alike (a project may override it)."""

from __future__ import annotations

import re

import jinja2
from referkit.render.pages import PACKAGE_TEMPLATES, template_environment
from referkit.source.model import Definition, Level

IMPORT = '{% import "shared/_macros.j2" as shared %}'


def render(source: str, **context) -> str:
    return template_environment(None).from_string(IMPORT + source).render(**context)


def test_nested_criteria_with_their_lead_ins_and_linked_terms() -> None:
    level = Level.model_validate(
        {
            "label": "Urgent",
            "criteria": [
                "Syncope",
                {"text": "NYHA class III with any of:", "any_of": ["BNP > 400", "Oedema"]},
                {"all_of": ["Known AF", {"none_of": ["Anticoagulated"]}]},
            ],
        }
    )
    definitions = (Definition(term="NYHA class III", meaning="marked limitation"),)
    html = render(
        "{{ shared.criteria_list(level.criteria, definitions, 'rk-group') }}",
        level=level,
        definitions=definitions,
    )
    assert html == (
        "<ul><li>Syncope</li>"
        '<li><a class="rk-term" href="#definition-1">NYHA class III<sup>1</sup></a> with any of:'
        "<ul><li>BNP &gt; 400</li><li>Oedema</li></ul></li>"
        '<li><span class="rk-group">All of:</span><ul><li>Known AF</li>'
        '<li><span class="rk-group">None of:</span><ul><li>Anticoagulated</li></ul></li>'
        "</ul></li></ul>"
    )


def test_the_level_target_is_placed_but_never_reworded() -> None:
    levels = [
        Level(label="Emergency", emergency=True, action="Call 911 <now>."),
        Level(label="Urgent", seen_within=3),
        Level(label="Routine"),
    ]
    each = "{% for l in levels %}[{{ shared.level_target(l, 'calendar', ARGS) }}]{% endfor %}"
    page = each.replace("ARGS", "end='.', capital=true")
    assert render(page, levels=levels) == (
        "[Call 911 &lt;now&gt;.][Seen within 3 calendar days.][No target published.]"
    )
    pdf = each.replace("ARGS", "before=': ', say_none=false")
    expected = "[: Call 911 &lt;now&gt;.][: seen within 3 calendar days][]"
    assert render(pdf, levels=levels) == expected


def test_every_page_and_pdf_template_uses_the_shared_macros() -> None:
    """No template keeps its own copy of a criteria list or a target sentence."""
    env = jinja2.Environment()
    for name in ("pages/service_line.md.j2", "pdf/guide.html.j2", "pdf/form.html.j2"):
        text = (PACKAGE_TEMPLATES / name).read_text(encoding="utf-8")
        assert IMPORT in text, name
        assert not re.search(r"seen within \{\{", text, re.I), name
        assert "{% macro" not in text, name
        env.parse(text)
    overview = (PACKAGE_TEMPLATES / "pdf" / "overview.html.j2").read_text(encoding="utf-8")
    assert "shared.level_target(" in overview and "seen within" not in overview
    location = (PACKAGE_TEMPLATES / "pages" / "location.md.j2").read_text(encoding="utf-8")
    assert "shared.nap(location" in location

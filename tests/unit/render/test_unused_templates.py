"""RK032: a file in templates/ under a name ReferKit never renders is reported with the
name it was likely meant to have; a partial an override includes is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from referkit.render.template_check import unused_templates
from referkit.source.loaded import read_templates
from referkit.source.project import ProjectConfig, load_project_config

BASE = Path(__file__).resolve().parents[2] / "rules" / "_base"


def _project(tmp_path: Path, files: dict[str, str]) -> ProjectConfig:
    folder = tmp_path / "project"
    (folder / "templates").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text((BASE / "mkdocs.yml").read_text())
    for name, text in files.items():
        path = folder / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    project, findings = load_project_config(folder)
    assert project is not None, findings
    return project


def _report(tmp_path: Path, files: dict[str, str]) -> dict[str, str]:
    project = _project(tmp_path, files)
    findings = unused_templates(read_templates(project.templates_dir), project)
    assert all(f.code == "RK032" and f.severity == "warning" for f in findings)
    return {f.path: f.hint for f in findings}


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("service_line.md.j2", "pages/service_line.md.j2"),  # a folder too high
        ("pages/service_line.md", "pages/service_line.md.j2"),  # no .j2
        ("pdf/gide.html.j2", "pdf/guide.html.j2"),  # a typo
        ("pages/service-line.md.j2", "pages/service_line.md.j2"),
    ],
)
def test_a_misnamed_override_is_reported_with_the_name_it_was_meant_to_have(
    tmp_path: Path, name: str, meant: str
) -> None:
    reported = _report(tmp_path, {name: "# {{ line.name }}\n"})
    assert list(reported) == [f"templates/{name}"]
    assert f"did you mean templates/{meant}?" in reported[f"templates/{name}"]


def test_a_file_like_no_template_gets_the_list_instead(tmp_path: Path) -> None:
    reported = _report(tmp_path, {"notes/todo.txt": "ask Dana\n"})
    assert "did you mean" not in reported["templates/notes/todo.txt"]
    assert "plugins/referkit/templates/" in reported["templates/notes/todo.txt"]


def test_overrides_and_what_they_include_are_not_reported(tmp_path: Path) -> None:
    files = {
        "pages/service_line.md.j2": '# x\n{% include "pages/_note.md.j2" %}\n'
        '{% from "shared/_mine.j2" import box %}\n',
        "pages/_note.md.j2": "Call first.\n",
        "shared/_mine.j2": "{% macro box() %}b{% endmacro %}\n",
        "pdf/guide.css": "body { color: black; }\n",
        "theme/partials/footer.html": "<footer></footer>\n",  # MkDocs' theme: any name
        "assets/logo.svg": "<svg/>\n",
    }
    assert _report(tmp_path, files) == {}


def test_a_computed_include_keeps_it_quiet(tmp_path: Path) -> None:
    # {% include name %}: any file may be the one it names at render time
    files = {
        "pages/service_line.md.j2": '{% include "pages/_" ~ line.slug ~ ".md.j2" %}\n',
        "pages/_cardiology.md.j2": "Cardiology note.\n",
    }
    assert _report(tmp_path, files) == {}


def test_an_empty_override_of_a_whole_template_is_reported_and_an_empty_partial_not(
    tmp_path: Path,
) -> None:
    project = _project(
        tmp_path,
        {
            "pages/service_line.md.j2": "  \n",  # saved empty: the page would be a heading
            "pdf/guide.css": "",
            "pages/_changes_link.html.j2": "",  # leaves the "what changed" link out
            "pages/home.md.j2": "# {{ site_name }}\n",
        },
    )
    findings = unused_templates(read_templates(project.templates_dir), project)
    assert sorted((f.code, f.path) for f in findings) == [
        ("RK033", "templates/pages/service_line.md.j2"),
        ("RK033", "templates/pdf/guide.css"),
    ]

"""Template mistakes are findings with the template's file and line, from check and
build alike, never a traceback; so is a malformed mkdocs.yml."""

from __future__ import annotations

import subprocess
from pathlib import Path

from helpers.project import FIXTURES, REPO, build_site, copy_project, run_build_py

PACKAGE = REPO / "plugins" / "referkit" / "templates"


def override(project: Path, name: str, edit) -> Path:
    """Copy a default template into the project's templates/ and change it."""
    target = project / "templates" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = (PACKAGE / name).read_text().splitlines(keepends=True)
    target.write_text("".join(edit(lines)))
    return target


def insert_at(line_number: int, text: str):
    return lambda lines: [*lines[: line_number - 1], text, *lines[line_number - 1 :]]


def check_text(project: Path):
    return run_build_py("check", "--project", str(project), "--format", "text")


def assert_reported(project: Path, out: Path, expected: str) -> None:
    check = check_text(project)
    assert check.returncode == 1, check.stdout + check.stderr
    assert expected in check.stdout, check.stdout
    build = build_site(project, out)
    assert build.returncode == 1, build.stderr
    assert expected in build.stderr, build.stderr
    for result in (check, build):
        assert "Traceback" not in result.stdout + result.stderr
    assert not out.exists()


def test_a_syntax_error_in_a_page_template_override(mini: Path, tmp_path: Path) -> None:
    at = heading_line("pages/service_line.md.j2")
    override(mini, "pages/service_line.md.j2", insert_at(at, "{% if line.summary %}\n"))
    assert_reported(
        mini, tmp_path / "site", "templates/pages/service_line.md.j2:"
    )  # Jinja reports an unclosed block where the file ends
    check = check_text(mini)
    assert "RK030" in check.stdout and "template syntax error" in check.stdout
    assert "hint:" in check.stdout


def test_an_unknown_filter_names_its_line(mini: Path, tmp_path: Path) -> None:
    override(mini, "pages/home.md.j2", insert_at(3, "{{ org.name | shout }}\n"))
    assert_reported(mini, tmp_path / "site", "templates/pages/home.md.j2:3:1: RK030")


def heading_line(name: str) -> int:
    """The line of the page's ``# …`` heading: rendered on every page, outside comments."""
    lines = (PACKAGE / name).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith("# {{"))


def test_an_undefined_variable_is_found_by_check_and_build(mini: Path, tmp_path: Path) -> None:
    at = heading_line("pages/service_line.md.j2")
    override(mini, "pages/service_line.md.j2", insert_at(at, "{{ line.summmary }}\n"))
    expected = f"templates/pages/service_line.md.j2:{at}:1: RK031 template error:"
    assert_reported(mini, tmp_path / "site", expected)
    assert "summmary" in check_text(mini).stdout


def test_a_pdf_template_override_is_compiled_even_with_pdfs_off(mini: Path, tmp_path: Path) -> None:
    override(mini, "pdf/guide.html.j2", insert_at(2, "{% for x in %}\n"))
    assert_reported(mini, tmp_path / "site", "templates/pdf/guide.html.j2:2:1: RK030")


def test_a_theme_override_syntax_error(mini: Path, tmp_path: Path) -> None:
    theme = mini / "templates" / "theme"
    theme.mkdir(parents=True)
    (theme / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}\nDowntime {{ config.site_name }\n'
        "{% endblock %}\n"
    )
    assert_reported(mini, tmp_path / "site", "templates/theme/main.html:3:1: RK030")


def test_a_malformed_mkdocs_yml_is_a_finding_with_its_line(mini: Path, tmp_path: Path) -> None:
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("theme:\n", "theme:\n name: [material\n", 1))
    check = check_text(mini)
    build = build_site(mini, tmp_path / "site")
    for result in (check, build):
        assert result.returncode == 1
        output = result.stdout + result.stderr
        assert "mkdocs.yml:6:7: RK012" in output, output  # where the parser stops
        assert "Traceback" not in output


def test_an_override_of_the_shared_macros_reaches_pages_and_pdfs(tmp_path: Path) -> None:
    """templates/shared/_macros.j2 is one override for the page and the guide and form."""
    project = copy_project(FIXTURES / "v2-category", tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("pdf: false", "pdf: true"))
    override(
        project,
        "shared/_macros.j2",
        lambda lines: [line.replace("{{ before }}", "{{ before }}[target] ") for line in lines],
    )
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "heart-failure" / "index.html").read_text(encoding="utf-8")
    assert "[target] Seen within" in page
    pdfs = sorted((tmp_path / "site" / "heart-failure").glob("referral-*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "[target] seen within" in text, pdf.name


def test_an_undefined_variable_in_the_shared_macros_is_found_by_check(
    mini: Path, tmp_path: Path
) -> None:
    """Only shared/ is overridden: check still renders pages and PDFs with it."""
    target = override(
        mini,
        "shared/_macros.j2",
        lambda lines: [line.replace("{{ before }}", "{{ before }}{{ befor }}") for line in lines],
    )
    at = next(i for i, line in enumerate(target.read_text().splitlines(), 1) if "befor }}" in line)
    assert_reported(mini, tmp_path / "site", f"templates/shared/_macros.j2:{at}:1: RK031")

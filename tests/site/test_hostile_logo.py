"""The logo is data, not code (issue 24, item 4).

An SVG logo once made WeasyPrint fetch remote images at build time, embedded a file
from outside the project in every PDF, ran its script at its own published URL, and a
logo WeasyPrint could not read became silent alt text. Every case here runs a real
build with a listener on 127.0.0.1 that counts the requests it receives.
"""

from __future__ import annotations

import shutil
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from helpers.project import FIXTURES, REPO, build_site, copy_project, run_build_py

SECRET = "OUTSIDE-SECRET-5e1b"
SVG = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


class Listener:
    """A tiny HTTP server that answers every request and counts it."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                listener.requests.append(self.path)
                body = b"body{}" if self.path.endswith(".css") else b"x"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    # the listener can see a request: the zero counts below are not a deaf server's
    urllib.request.urlopen(server.url + "/ready", timeout=5).read()
    assert server.requests == ["/ready"]
    server.requests.clear()
    yield server
    server.stop()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET)
    (folder / "secret.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="9">{SECRET}</text></svg>'
    )
    return folder


def _project(tmp_path: Path, logo_svg: str | None = None, logo: str = "assets/logo.svg") -> Path:
    """The long-URL fixture (PDFs on) with ``logo_svg`` as its brand logo."""
    project = copy_project(FIXTURES / "longurl", tmp_path / "project")
    (project / "assets").mkdir()
    if logo_svg is not None:
        (project / "assets" / "logo.svg").write_text(logo_svg, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - referkit\n", f"  - referkit:\n      brand:\n        logo: {logo}\n"
        )
    )
    return project


def _hostile(name: str, listener: Listener, outside: Path) -> str:
    url = listener.url
    return {
        "script": f"<svg {SVG} onload=\"fetch('{url}/onload')\">\n"
        f'  <script>fetch("{url}/script")</script>\n  <circle r="4"/>\n</svg>\n',
        "references": f"<svg {SVG}>\n"
        f'  <image href="{url}/remote.png" width="9" height="9"/>\n'
        f'  <use xlink:href="{url}/sprite.svg#logo"/>\n'
        f'  <image href="{outside.as_uri()}/secret.svg" width="9" height="9"/>\n'
        f'  <rect width="9" height="9" fill="url({url}/paint)"/>\n</svg>\n',
        "xxe": f'<?xml version="1.0"?>\n<!DOCTYPE svg [\n'
        f'  <!ENTITY secret SYSTEM "{outside.as_uri()}/secret.txt">\n'
        f'  <!ENTITY remote SYSTEM "{url}/entity">\n]>\n'
        f"<svg {SVG}><text>&secret;&remote;</text></svg>\n",
        "bomb": '<?xml version="1.0"?>\n<!DOCTYPE svg [\n  <!ENTITY a "aaaaaaaaaa">\n'
        + "".join(
            f'  <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n' for i in range(8)
        )
        + f"]>\n<svg {SVG}><text>&i;</text></svg>\n",
        "import": f'<?xml-stylesheet href="{url}/pi.css" type="text/css"?>\n<svg {SVG}>\n'
        f"  <style>@import url({url}/import.css); .a {{ fill: #000 }}</style>\n"
        f'  <rect class="a" width="9" height="9"/>\n</svg>\n',
    }[name]


@pytest.mark.parametrize("name", ["script", "references", "xxe", "bomb", "import"])
def test_a_hostile_svg_logo_is_refused_and_nothing_is_fetched(
    tmp_path: Path, listener: Listener, outside: Path, name: str
) -> None:
    project = _project(tmp_path, _hostile(name, listener, outside))
    out = tmp_path / "site"

    check = run_build_py("check", "--project", str(project), "--format", "text")
    assert check.returncode == 1, check.stdout + check.stderr
    findings = [row for row in check.stdout.splitlines() if " RK017 " in row]
    assert findings, check.stdout
    assert all(row.startswith("assets/logo.svg:") for row in findings), findings

    built = build_site(project, out)
    assert built.returncode == 1 and "RK017" in built.stderr
    assert not out.exists()  # nothing published: no page, no logo, no PDF
    assert listener.requests == []
    assert SECRET not in check.stdout + check.stderr + built.stdout + built.stderr
    assert (
        not list((project / ".referkit").rglob("*.pdf"))
        if (project / ".referkit").exists()
        else True
    )


def test_what_each_hostile_svg_is_refused_for(
    tmp_path: Path, listener: Listener, outside: Path
) -> None:
    expected = {
        "script": ["1:", "an event handler (onload=…)", "2:", "a <script> element"],
        "references": ["2:", "remote.png", "3:", "sprite.svg#logo", "4:", "secret.svg", "5:"],
        "xxe": ["a DTD (<!DOCTYPE …>)"],
        "bomb": ["a DTD (<!DOCTYPE …>)"],
        "import": ["a processing instruction <?xml-stylesheet", "'@import' in a style"],
    }
    for name, parts in expected.items():
        project = _project(tmp_path / name, _hostile(name, listener, outside))
        text = run_build_py("check", "--project", str(project), "--format", "text").stdout
        for part in parts:
            assert part in text, (name, part, text)
    assert listener.requests == []


def test_a_logo_outside_the_project_is_rk005(tmp_path: Path, outside: Path) -> None:
    shutil.copy(FIXTURES / "brand" / "logo.svg", outside / "logo.svg")
    for logo in ("../outside/logo.svg", str(outside / "logo.svg"), "assets/link.svg"):
        project = _project(tmp_path / f"case{len(logo)}", logo=logo)
        (project / "assets" / "link.svg").symlink_to(outside / "logo.svg")
        line = (project / "mkdocs.yml").read_text().splitlines().index("      brand:") + 2
        result = run_build_py("check", "--project", str(project), "--format", "text")
        assert result.returncode == 1
        assert f"mkdocs.yml:{line}:9: RK005 plugins.referkit.brand.logo: {logo} is outside" in (
            result.stdout
        ), result.stdout


def test_a_raster_name_on_svg_content_is_rk016(tmp_path: Path, listener: Listener) -> None:
    project = _project(tmp_path, logo="assets/logo.png")
    (project / "assets" / "logo.png").write_text(_hostile("script", listener, tmp_path))
    result = run_build_py("check", "--project", str(project), "--format", "text")
    assert result.returncode == 1
    assert "RK016 plugins.referkit.brand.logo: assets/logo.png: the file is not a PNG" in (
        result.stdout
    )


def test_pdfs_fetch_nothing_from_outside_the_project(
    tmp_path: Path, listener: Listener, outside: Path
) -> None:
    """A PDF template override that asks for a network image, a file outside the project
    and one inside it: the URL fetcher refuses all three (a PDF draws only ReferKit's
    own fonts and embedded data), the build names them (RK302), and publishes nothing."""
    project = _project(tmp_path, (FIXTURES / "brand" / "logo.svg").read_text())
    override = project / "templates" / "pdf" / "guide.html.j2"
    override.parent.mkdir(parents=True)
    default = REPO / "plugins" / "referkit" / "templates" / "pdf" / "guide.html.j2"
    text = default.read_text()
    hostile = (
        f'<img src="{listener.url}/tracker.png" alt="">'
        f'<img src="{outside.as_uri()}/secret.svg" alt="">'
        f'<img src="{(project / "service_lines" / "_organization.yaml").as_uri()}" alt="">'
    )
    assert "<body" in text
    head, _, rest = text.partition("<body")
    tag_end = rest.index(">") + 1
    override.write_text(head + "<body" + rest[:tag_end] + hostile + rest[tag_end:])
    out = tmp_path / "site"
    for _ in range(2):  # and again: a refused PDF is never cached
        built = build_site(project, out)
        assert built.returncode == 1, built.stderr
        refused = [row for row in built.stderr.splitlines() if " RK302 " in row]
        assert len(refused) == 3, built.stderr
        assert all(row.startswith("templates/pdf/guide.html.j2:") for row in refused)
        assert any("tracker.png (an address on the network; not fetched)" in r for r in refused)
        assert any("secret.svg (a file on the disk; not fetched)" in r for r in refused)
        assert any("_organization.yaml (a file on the disk; not fetched)" in r for r in refused)
        assert not out.exists()
        assert listener.requests == []
    assert not list((project / ".referkit" / "cache" / "pdf").glob("*.pdf")) or all(
        SECRET.encode() not in p.read_bytes()
        for p in (project / ".referkit" / "cache" / "pdf").glob("*.pdf")
    )


def test_a_plain_svg_logo_is_published_as_checked(tmp_path: Path, listener: Listener) -> None:
    logo = (FIXTURES / "brand" / "logo.svg").read_bytes()
    project = _project(tmp_path, logo.decode())
    out = tmp_path / "site"
    built = build_site(project, out)
    assert built.returncode == 0, built.stderr
    assert (out / "assets" / "referkit" / "logo.svg").read_bytes() == logo
    assert listener.requests == []

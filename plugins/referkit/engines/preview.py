"""The preview's error banner: findings shown in the browser while ``serve`` runs.

When an edit breaks the content, the preview keeps serving the last good build and
puts the findings at the top of every HTML page it serves. The banner is added by a
WSGI wrapper around the preview server's application, as each response goes out:
it is never written to a file, so no build (published or not) can ever contain it,
and it disappears with the next good rebuild, whose live reload refreshes the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from markupsafe import escape

from ..findings import Finding, count_line, sort_findings

BANNER_ID = "referkit-preview-errors"
PDFS_NOTE_ID = "referkit-preview-pdfs"
_BODY_OPEN = re.compile(rb"<body[^>]*>", re.IGNORECASE)
ERRORS_PAGE = """# The content has errors

Nothing can be shown until the errors listed above are fixed. This page reloads by
itself when you save a fix.
"""


def banner_html(findings: list[Finding], *, showing_last_good: bool) -> bytes:
    """The banner: a count, what the preview shows instead, and every finding."""
    shown = (
        "The preview still shows the last good build."
        if showing_last_good
        else "Fix them to see the pages."
    )
    items = "".join(f"<li><code>{escape(f.format())}</code></li>" for f in sort_findings(findings))
    html = (
        f'<div id="{BANNER_ID}" role="alert" style="background:#fff;color:#000;'
        "border:3px solid #b00020;margin:0;padding:0.75rem 1rem;font:14px/1.4 system-ui,"
        'sans-serif;position:relative;z-index:10">'
        f'<p style="margin:0 0 .5rem"><strong>ReferKit preview: {escape(count_line(findings))}'
        f"</strong> in the content. {shown} (Only the preview shows this box.)</p>"
        '<ul style="margin:0;padding-left:1.25rem;white-space:pre-wrap;overflow-wrap:anywhere">'
        f"{items}</ul></div>"
    )
    return html.encode("utf-8")


def pdfs_note_html() -> bytes:
    """The note on a page whose PDFs are being rendered after an edit (the links open
    the previous PDFs until the new ones are in; the page then reloads by itself)."""
    return (
        f'<div id="{PDFS_NOTE_ID}" role="status" style="background:#fff;color:#000;'
        "border:2px solid #0b5394;margin:0;padding:0.5rem 1rem;font:14px/1.4 system-ui,"
        "sans-serif;position:relative;z-index:10\">ReferKit preview: this page's PDFs are "
        "being updated; their links open the previous version until the new one is ready, "
        "and the page then reloads. (Only the preview shows this note.)</div>"
    ).encode()


def with_error_banner(app: Callable, current_banner: Callable[[str], bytes | None]) -> Callable:
    """Wrap a WSGI app: while ``current_banner(path)`` returns bytes, HTML responses get
    it right after ``<body>``; everything else passes through untouched."""

    def wrapped(environ, start_response) -> Iterable[bytes]:
        banner = current_banner(environ.get("PATH_INFO") or "/")
        if banner is None:
            return app(environ, start_response)
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        body = app(environ, capture)
        headers = captured.get("headers", [])
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        if "text/html" not in content_type:
            start_response(captured["status"], headers)
            return body
        try:
            content = b"".join(body)
        finally:
            close = getattr(body, "close", None)
            if close is not None:
                close()
        match = _BODY_OPEN.search(content)
        at = match.end() if match else 0
        content = content[:at] + banner + content[at:]
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(content))))
        start_response(captured["status"], headers)
        return [content]

    return wrapped


def write_errors_page(folder: Path) -> None:
    """A one-page docs folder for a preview whose very first build has errors."""
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "index.md"
    if not page.is_file() or page.read_text(encoding="utf-8") != ERRORS_PAGE:
        page.write_text(ERRORS_PAGE, encoding="utf-8")

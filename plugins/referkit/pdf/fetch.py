"""What WeasyPrint may read while it draws a PDF (issue #24, item 4): ReferKit's own
files and ``data:`` URIs, nothing else; and what it failed to load. Imported by the
PDF workers only (WeasyPrint is imported inside)."""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path


def referkit_only_fetcher(package: Path):
    """A WeasyPrint URL fetcher that serves ``data:`` URIs and files inside ReferKit's
    ``package`` (symbolic links resolved) and refuses everything else: no network
    request, and no other file on the disk (the project's included) ever reaches a PDF."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    class ReferKitOnlyFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
            self.refused: list[str] = []
            self.refused_urls: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            why = "an address on the network"
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                inside = package in path.parents
                if inside and path.is_file():
                    return super().fetch(path.as_uri(), headers)
                why = "a file on the disk" if not inside else "a file that does not exist"
            shown = url if len(url) <= 120 else url[:119] + "…"
            self.refused.append(f"{shown} ({why}; not fetched)")
            self.refused_urls.append(url)
            raise ValueError(f"a PDF draws only ReferKit's own files: {shown}")

    return ReferKitOnlyFetcher()


@contextlib.contextmanager
def failed_loads():
    """Collect WeasyPrint's "Failed to load …" and "Failed to render …" errors."""
    failures: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if record.levelno >= logging.ERROR and message.startswith("Failed to"):
                failures.append(message if len(message) <= 300 else message[:299] + "…")

    handler = Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield failures
    finally:
        logger.removeHandler(handler)

"""WeasyPrint in warm worker processes; the fit steps are tried in the worker.

WeasyPrint is imported here only, so ``check`` runs without it.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path

from .forms import finish_form
from .jobs import FONTS_DIR, PACKAGE_DIR, POOL_THRESHOLD, PdfJob, PdfOutcome


def render_jobs(jobs: list[PdfJob], *, workers: int | None = None) -> list[PdfOutcome]:
    """Render in warm worker processes when there are enough jobs, else in this process."""
    if not jobs:
        return []
    workers = workers or min(os.cpu_count() or 1, len(jobs))
    if len(jobs) < POOL_THRESHOLD or workers <= 1:
        return [render_job(job) for job in _progress(jobs, len(jobs))]
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        initializer=_warm_worker,
        initargs=(os.getpid(),),
    ) as pool:
        # chunks keep workers busy without shipping every job's HTML at once
        futures = pool.map(render_job, jobs, chunksize=max(1, len(jobs) // (workers * 8)))
        return list(_progress(futures, len(jobs)))


def _progress(items: Iterable, total: int) -> Iterable:
    """A rich progress bar for long runs on a terminal; silent when piped."""
    if total < 20 or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("Rendering PDFs", total=total)
        for item in items:
            yield item
            progress.advance(task)


# --- worker side: WeasyPrint is imported here only ----------------------------

_FONT_CONFIG = None


def _warm_worker(parent_pid: int | None = None) -> None:
    """Import WeasyPrint and load the fonts once per worker process.

    A worker dies with the build that started it, even when that build is killed
    with SIGKILL and cannot shut its pool down (see :func:`_die_with_parent`).
    """
    global _FONT_CONFIG
    if parent_pid is not None:
        _die_with_parent(parent_pid)
    from weasyprint.text.fonts import FontConfiguration

    _FONT_CONFIG = FontConfiguration()


def _die_with_parent(parent_pid: int) -> None:
    """Linux: ask the kernel to SIGKILL this process when its parent dies (prctl
    PR_SET_PDEATHSIG); elsewhere a daemon thread polls the parent. Once the workers are
    gone, multiprocessing's resource tracker reads end-of-file and exits too."""
    import ctypes
    import signal
    import threading
    import time

    armed = False
    if sys.platform.startswith("linux"):
        try:
            armed = ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:

        def watch() -> None:
            while os.getppid() == parent_pid:
                time.sleep(1.0)
            os._exit(1)

        threading.Thread(target=watch, name="referkit-parent-watch", daemon=True).start()


def render_job(job: PdfJob) -> PdfOutcome:
    """Render one PDF: each fit step in turn until one fits its page limit (the guide:
    exactly one page; a form may end on a step that takes two pages or more).

    WeasyPrint reads only through :func:`_referkit_only_fetcher`: ReferKit's own files
    (the fonts) and ``data:`` URIs (the logo and the QR code come embedded). What it was
    refused, and any image that failed to load, comes back in ``refused`` (the caller
    reports it and neither publishes nor caches the PDF), so a missing picture is never
    silently printed as its alt text.
    """
    try:
        from weasyprint import HTML
    except ImportError as exc:  # reported with the install command, as MkDocs' social plugin does
        raise RuntimeError(
            "Rendering PDFs needs WeasyPrint and Pango: run `make install` in the ReferKit "
            "folder (it installs both), or on Debian/Ubuntu "
            "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0`"
        ) from exc
    if _FONT_CONFIG is None:
        _warm_worker()
    fetcher = _referkit_only_fetcher(PACKAGE_DIR.resolve())
    with _failed_loads() as failures:
        pdf, size, overflow, pages = _first_fit(job, HTML, fetcher)
    refused = [*fetcher.refused]
    refused += [f for f in failures if not any(url in f for url in fetcher.refused_urls)]
    return PdfOutcome(
        job.output, pdf, size, overflow, pages=pages, refused=tuple(dict.fromkeys(refused))
    )


def _first_fit(job: PdfJob, html_class, fetcher) -> tuple[bytes | None, float | None, float, int]:
    """The PDF at the first fit step that fits its page limit, that step's body size and
    its page count, and else how far the last one-page step overflows."""
    base_url = FONTS_DIR.as_uri() + "/"
    overflow = 0.0
    limits = job.pages or (1,) * len(job.htmls)
    for html, size, limit in zip(job.htmls, job.sizes_pt, limits, strict=True):
        document = html_class(string=html, base_url=base_url, url_fetcher=fetcher).render(
            font_config=_FONT_CONFIG, pdf_forms=job.forms
        )
        if limit is None or len(document.pages) <= limit:
            pdf = document.write_pdf(
                pdf_variant="pdf/ua-1",
                pdf_forms=job.forms,
                uncompressed_pdf=False,
                finisher=finish_form if job.forms else None,
            )
            return pdf, size, 0.0, len(document.pages)
        if limit == 1:
            overflow = _overflow_inches(document)
    return None, None, overflow, 1


def _referkit_only_fetcher(package: Path):
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


@contextmanager
def _failed_loads():
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


def _overflow_inches(document) -> float:
    """How much content lands beyond the first page, in inches."""
    total_px = 0.0
    for page in document.pages[1:]:
        top, bottom = None, None
        for box in page._page_box.descendants():
            y, height = getattr(box, "position_y", None), getattr(box, "height", None)
            if not isinstance(y, int | float) or not isinstance(height, int | float):
                continue
            if type(box).__name__ in {"PageBox", "MarginBox"}:
                continue
            top = y if top is None else min(top, y)
            bottom = y + height if bottom is None else max(bottom, y + height)
        if top is not None and bottom is not None:
            total_px += bottom - top
    return total_px / 96

"""WeasyPrint in warm worker processes: jobs streamed in, PDFs streamed out.

Each worker receives its build's :class:`~.jobs.PdfSetup` once (when the pool starts),
compiles the templates and parses the stylesheet once, and then renders the jobs it is
given: the HTML of a fit step is built in the worker, only for the steps it tries.
The build hands jobs to a :class:`Renderer` as they are ready and takes each PDF back
as soon as it is done (to write it to the cache at once), so a build killed halfway
keeps what it rendered, and memory is bounded by the jobs in flight, not the practice.
A :class:`PdfPool` can outlive one build: ``serve`` keeps its workers warm between
rebuilds, for as long as the setup (templates, organization, logo) stays the same.

WeasyPrint is imported here only, so ``check`` runs without it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context

from .fetch import failed_loads, referkit_only_fetcher
from .forms import finish_form
from .jobs import FONTS_DIR, PACKAGE_DIR, POOL_THRESHOLD, PdfJob, PdfOutcome, PdfSetup
from .progress import Progress

IN_FLIGHT_PER_WORKER = 4  # jobs queued per worker: enough to keep it busy, no more
WORKER_NICENESS = 5


class PdfPool:
    """Warm WeasyPrint workers for one setup; restarted when the setup changes."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._executor: ProcessPoolExecutor | None = None
        self._setup: str | None = None

    def executor(self, setup: PdfSetup) -> ProcessPoolExecutor:
        """The pool's executor for ``setup``, every worker started. Call it first from
        a thread that outlives the pool (``serve``: the main thread): Linux ends a
        worker when the thread that started it ends (its parent-death signal)."""
        if self._executor is not None and self._setup != setup.digest:
            self.close()
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=get_context("spawn"),
                initializer=_warm_worker,
                initargs=(os.getpid(), setup),
            )
            self._setup = setup.digest
            for _ in range(self.workers):  # each call starts a worker, in this thread
                self._executor.submit(_started)
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor, self._setup = None, None

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class Renderer:
    """One PDF phase's jobs: submitted as they are ready, done ones yielded as they come.

    With a pool (or enough jobs to make one worth starting) the jobs run in worker
    processes, at most :data:`IN_FLIGHT_PER_WORKER` per worker at a time; otherwise in
    this process. More jobs may be submitted while :meth:`results` is being iterated.
    """

    def __init__(
        self,
        setup: PdfSetup,
        *,
        expected: int,
        pool: PdfPool | None = None,
        workers: int | None = None,
    ) -> None:
        self.setup = setup
        self.progress = Progress(expected)
        self._own_pool: PdfPool | None = None
        workers = workers or min(os.cpu_count() or 1, max(expected, 1))
        if pool is None and expected >= POOL_THRESHOLD and workers > 1:
            pool = self._own_pool = PdfPool(workers)
        self.pool = pool
        self._backlog: deque[PdfJob] = deque()
        self._running: dict[Future, PdfJob] = {}
        self._done: deque[tuple[PdfJob, PdfOutcome]] = deque()

    def submit(self, job: PdfJob) -> None:
        job = _with_setup(job, self.setup)
        if self.pool is None:
            install_setup(self.setup)
            self._done.append((job, render_job(job)))
        else:
            self._backlog.append(job)

    def _top_up(self) -> None:
        executor = self.pool.executor(self.setup)
        while self._backlog and len(self._running) < self.pool.workers * IN_FLIGHT_PER_WORKER:
            job = self._backlog.popleft()
            self._running[executor.submit(render_job, job)] = job

    def results(self) -> Iterator[tuple[PdfJob, PdfOutcome]]:
        """Every submitted job with its outcome, as each finishes (a worker's exception
        is raised here)."""
        while True:
            while self._done:
                item = self._done.popleft()
                self.progress.advance()
                yield item
            if self.pool is None:
                if not self._done:
                    break
                continue
            self._top_up()
            if not self._running:
                break
            finished, _ = wait(self._running, return_when=FIRST_COMPLETED)
            for future in finished:
                job = self._running.pop(future)
                self._done.append((job, future.result()))

    def cancel(self) -> None:
        """Start no further job: those waiting are dropped, running ones finish."""
        self._backlog.clear()
        for future in list(self._running):
            if future.cancel():
                del self._running[future]

    def close(self) -> None:
        self.progress.close()
        if self._own_pool is not None:
            self._own_pool.close()

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _with_setup(job: PdfJob, setup: PdfSetup) -> PdfJob:
    if job.setup == setup.digest:
        return job
    from dataclasses import replace

    return replace(job, setup=setup.digest)


def render_jobs(
    jobs: list[PdfJob], setup: PdfSetup, *, workers: int | None = None
) -> list[PdfOutcome]:
    """Render ``jobs`` (in workers when there are enough) and return the outcomes in
    the jobs' order."""
    outcomes: dict[str, PdfOutcome] = {}
    with Renderer(setup, expected=len(jobs), workers=workers) as renderer:
        for job in jobs:
            renderer.submit(job)
        for job, outcome in renderer.results():
            outcomes[job.output] = outcome
    return [outcomes[job.output] for job in jobs]


# --- worker side: WeasyPrint is imported here only ----------------------------


def _started() -> None:
    """A first task that makes the pool start a worker (see :meth:`PdfPool.executor`)."""


_FONT_CONFIG = None
_SETUPS: dict = {}  # setup digest -> (PdfTemplates, parsed stylesheet, its refusals)


def _warm_worker(parent_pid: int | None = None, setup: PdfSetup | None = None) -> None:
    """Import WeasyPrint, load the fonts and prepare ``setup`` once per worker process.

    A worker dies with the build that started it, even when that build is killed
    with SIGKILL and cannot shut its pool down (see :func:`_die_with_parent`).
    """
    global _FONT_CONFIG
    if parent_pid is not None:
        _die_with_parent(parent_pid)
        # the build stops its workers itself (and they die with it); a Ctrl-C in the
        # terminal reaches the whole process group and must not print their tracebacks
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # below the build's own process: in serve, the edited page is built while the
        # workers render its PDFs, and the page comes first
        with contextlib.suppress(OSError, AttributeError):
            os.nice(WORKER_NICENESS)
    from weasyprint.text.fonts import FontConfiguration

    from . import speedups

    speedups.install()
    _FONT_CONFIG = FontConfiguration()
    if setup is not None:
        install_setup(setup)
    if parent_pid is not None:
        # a worker process: what it keeps for good (WeasyPrint, fontTools, the fonts,
        # the parsed stylesheet) is left out of the garbage collector's full passes.
        # Each PDF makes hundreds of thousands of short-lived boxes, and each full pass
        # walked all of that again (about 7 % of a worker's time, measured over 300
        # PDFs of the large practice). Not in the build's own process, which lives on.
        gc.freeze()


def install_setup(setup: PdfSetup) -> None:
    """Compile ``setup``'s templates and parse its stylesheet in this process, once."""
    if setup.digest in _SETUPS:
        return
    if _FONT_CONFIG is None:
        _warm_worker()
    from weasyprint import CSS

    from .html import PdfTemplates

    templates = PdfTemplates(setup)
    # a project may override pdf/guide.css: its @import and @font-face go through the
    # same fetcher as the documents, and what it refused is reported with every PDF
    fetcher = referkit_only_fetcher(PACKAGE_DIR.resolve())
    with failed_loads() as failures:
        stylesheet = CSS(
            string=templates.css,
            base_url=_BASE_URL,
            font_config=_FONT_CONFIG,
            url_fetcher=fetcher,
        )
    refused = [*fetcher.refused]
    refused += [f for f in failures if not any(url in f for url in fetcher.refused_urls)]
    while len(_SETUPS) >= 4:  # a worker serves one build's setup; tests may hold a few
        _SETUPS.pop(next(iter(_SETUPS)))
    _SETUPS[setup.digest] = (templates, stylesheet, tuple(refused))


_BASE_URL = FONTS_DIR.as_uri() + "/"


def _die_with_parent(parent_pid: int) -> None:
    """Linux: ask the kernel to SIGKILL this process when its parent dies (prctl
    PR_SET_PDEATHSIG); elsewhere a daemon thread polls the parent. Once the workers are
    gone, multiprocessing's resource tracker reads end-of-file and exits too."""
    import ctypes
    import threading

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

    WeasyPrint reads only through :func:`.fetch.referkit_only_fetcher`: ReferKit's own files
    (the fonts) and ``data:`` URIs (the logo and the QR code come embedded). What it was
    refused, and any image that failed to load, comes back in ``refused`` (the caller
    reports it and neither publishes nor caches the PDF), so a missing picture is never
    silently printed as its alt text. The setup's stylesheet was parsed through the same
    kind of fetcher (:func:`install_setup`); what it was refused comes back too.
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
    if job.setup not in _SETUPS:
        raise RuntimeError(f"no PDF setup {job.setup[:12]} in this process (install_setup)")
    templates, stylesheet, setup_refused = _SETUPS[job.setup]
    fetcher = referkit_only_fetcher(PACKAGE_DIR.resolve())
    with failed_loads() as failures:
        pdf, step, overflow, found, pages = _first_fit(job, templates, stylesheet, HTML, fetcher)
    refused = [*setup_refused, *fetcher.refused]
    refused += [f for f in failures if not any(url in f for url in fetcher.refused_urls)]
    size = job.steps[step][0] if pdf is not None else None
    return PdfOutcome(
        job.output,
        pdf,
        size,
        overflow,
        step=step,
        columns=found,
        pages=pages,
        refused=tuple(dict.fromkeys(refused)),
    )


def _first_fit(job: PdfJob, templates, stylesheet, html_class, fetcher):
    """The PDF at the first fit step (from ``job.start``) that fits its page limit, that
    step, the columns it balanced and its page count; else None and how far the last
    one-page step overflows."""
    from . import columns, page_limit, speedups

    overflow = 0.0
    limits = job.pages or (1,) * len(job.steps)
    last = len(job.steps) - 1
    for step in range(job.start, len(job.steps)):
        speedups.start_document(job.columns)
        html = templates.html(job, step)
        # a step followed by another stops at its page limit; the last one is laid out
        # in full, for how far it overflows
        page_limit.limit(limits[step] if step < last else None)
        try:
            document = html_class(string=html, base_url=_BASE_URL, url_fetcher=fetcher).render(
                font_config=_FONT_CONFIG, stylesheets=[stylesheet], pdf_forms=job.forms
            )
        except page_limit.TooManyPages:
            continue
        finally:
            page_limit.limit(None)
        if limits[step] is None or len(document.pages) <= limits[step]:
            found = tuple(columns.FOUND)
            pdf = document.write_pdf(
                pdf_variant="pdf/ua-1",
                pdf_forms=job.forms,
                uncompressed_pdf=False,
                finisher=finish_form if job.forms else None,
            )
            return pdf, step, 0.0, found, len(document.pages)
        if limits[step] == 1:
            overflow = _overflow_inches(document)
    return None, -1, overflow, (), 1


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

"""``serve``'s rebuilds: the edited page first, its PDFs afterwards (issue #23, item 1;
issue #21, item 5).

A save used to wait for every PDF it touched (a guide, a form and each partner's copies,
in a freshly started pool) before the page showed: 8 to 40 seconds. A
:class:`PreviewSession` lives as long as the preview and keeps what a rebuild can
reuse: the loaded YAML and each line's findings (:class:`~referkit.pipeline.PrepareMemo`)
and a pool of warm PDF workers. On a rebuild, PDFs found in the cache go in at once;
for the others the page keeps linking the PDF it had (and the preview marks it as
being updated) while the pool renders them in the background. When they are done,
the session writes a signal file that the preview watches: the next rebuild finds
them all in the cache, and the page links the new PDFs.
"""

from __future__ import annotations

import logging
import threading
import uuid
from pathlib import Path

from ..findings import Finding
from ..pdf.jobs import PdfResult
from ..pipeline import Prepared, PrepareMemo, prepare
from ..source.loaded import LoadedProject
from ..source.project import ProjectConfig

SIGNAL_FILE = "preview/pdfs-ready"  # in the project's .referkit/: watched by serve
PAGES_FIRST_WAIT_S = 20.0  # the longest a rebuild's PDFs wait for its pages
log = logging.getLogger("mkdocs.plugins.referkit")


class PreviewSession:
    """What one ``serve`` keeps between rebuilds (see the module's docstring)."""

    def __init__(self, signal: Path) -> None:
        from ..pdf.cache import CacheMemory
        from ..pdf.workers import PdfPool

        self.memo = PrepareMemo()
        self.cache_memory = CacheMemory()  # PDFs and keys' parts, between rebuilds
        self.pool = PdfPool()
        self.signal = signal
        self.pending: frozenset[str] = frozenset()  # PDF outputs being rendered
        self._published: dict[str, bytes] = {}  # output -> the PDF the pages link now
        self._failed: dict[str, list[Finding]] = {}  # cache key -> why it cannot render
        self._run: threading.Thread | None = None
        self._stop = threading.Event()
        self._pages_built = threading.Event()
        signal.parent.mkdir(parents=True, exist_ok=True)
        if not signal.is_file():
            signal.write_text("")

    def prepare(
        self, project: ProjectConfig, *, strict: bool, config_findings: list[Finding]
    ) -> Prepared:
        return prepare(
            project,
            strict=strict,
            config_findings=config_findings,
            memo=self.memo,
            pdf_phase=self._pages_first,
        )

    def _pages_first(self, loaded: LoadedProject, use_cache: bool) -> PdfResult:
        """The PDF phase of a preview rebuild: what the cache holds now, the published
        PDF where a new one is still to come; the rest is rendered in the background."""
        from ..pdf.render import PdfPlan

        self._stop_run()
        plan = PdfPlan(loaded, use_cache=use_cache, memory=self.cache_memory)
        result = PdfResult(files=dict(plan.result.files))
        result.stats.cached = plan.result.stats.cached
        to_render = []
        for spec in plan.pending:
            if spec.key in self._failed:  # rendered already and cannot fit: say so again
                result.findings.extend(self._failed[spec.key])
                continue
            to_render.append(spec)
            if spec.output in self._published:
                result.files[spec.output] = self._published[spec.output]
        self._published = dict(result.files)
        plan.pending = to_render
        self.pending = frozenset(spec.output for spec in to_render)
        # workers started by this thread, at the first build already: a save then finds
        # them warm instead of sharing the machine with two WeasyPrint imports
        self.pool.executor(plan.documents.setup)
        if to_render:
            self._stop = threading.Event()
            self._pages_built = threading.Event()
            self._run = threading.Thread(
                target=self._render,
                args=(plan, self._stop, self._pages_built),
                name="referkit-preview-pdfs",
            )
            self._run.start()
        return result

    def pages_built(self) -> None:
        """The engine has written this rebuild's pages: its PDFs may take the machine."""
        self._pages_built.set()

    def _render(self, plan, stop: threading.Event, pages_built: threading.Event) -> None:
        # the page first: the engine's rebuild has the machine to itself (a two-core
        # machine has no core to spare); a rebuild that fails in the engine does not
        # hold the PDFs back for long
        pages_built.wait(timeout=PAGES_FIRST_WAIT_S)
        if stop.is_set():
            return
        try:
            result = plan.run(pool=self.pool, stop=stop.is_set)
        except Exception as exc:  # a worker crashed: the page keeps the PDFs it had
            if not stop.is_set():
                log.error(f"Rendering the PDFs failed: {exc}")
            self.pending = frozenset()
            return
        if stop.is_set():
            return  # a newer save started its own run; what this one rendered is cached
        for spec in plan.pending:
            if spec.output not in result.files:  # does not fit: remembered, not retried
                self._failed[spec.key] = [f for f in result.findings if f.path == spec.source_path]
        self.pending = frozenset()
        # the preview watches this file: its next rebuild takes the new PDFs from the cache
        self.signal.write_text(uuid.uuid4().hex)

    def _stop_run(self) -> None:
        """A newer save: the last run starts no further PDF (those running finish and
        go to the cache); it is not waited for, so the new page is not held up."""
        self._stop.set()
        self._pages_built.set()  # a run still waiting for its pages wakes up and ends
        self._run = None

    def close(self) -> None:
        running = self._run
        self._stop_run()  # workers end with serve (Ctrl-C reaches them too)
        if running is not None:
            running.join()
        self.pool.close()

    def pending_slugs(self) -> frozenset[str]:
        """The pages whose PDFs are being rendered (their first URL segment)."""
        return frozenset(output.split("/", 1)[0] for output in self.pending)

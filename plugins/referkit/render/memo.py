"""Rendered output remembered between ``serve`` rebuilds, by what it was made from
(issue #23, item 1: regenerate only the pages an edit affects).

A rebuild of a large practice rendered all 2,554 pages and 5,552 FHIR resources again
after a one-line edit (3.7 s of a 4.5 s rebuild). Each of those outputs is a pure
function of a few parts of the published model: a provider's page reads the
organization and the provider's own service lines, a service line's page reads that
line, the organization and its PDFs. :class:`ModelDigests` gives each part a digest
(``model_dump_json`` of the frozen models, about 40 ms for the whole large practice)
and :class:`RenderMemo` hands back what was made from the same digests last time.

Every key also holds :attr:`ModelDigests.base`: the organization, the service lines'
names, slugs, specialties, locations and providers (the organization's and places'
JSON-LD list them), review and withdrawal state, the options, the day and the
templates. A project that overrides a page template may read any service line from
``practice``: its pages are keyed on every service line (always correct, never reused
across a service-line edit).

A ``build`` uses :data:`NO_MEMO`, which makes everything: one code path either way, so
a reused output is byte-for-byte what a fresh build writes
(``tests/unit/render/test_memo.py`` edits a practice many ways and compares).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from ..source.loaded import LoadedProject
from ..source.model import Practice, ServiceLine

T = TypeVar("T")


def digest(*parts: str | bytes) -> str:
    made = hashlib.sha256()
    for part in parts:
        made.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        made.update(b"\0")
    return made.hexdigest()


class ModelDigests:
    """Digests of the parts of one published practice that outputs are keyed on."""

    def __init__(self, practice: Practice, context: Iterable[Any] = ()) -> None:
        org = practice.organization
        self.lines = {
            line.slug: digest(line.model_dump_json(), str(practice.overdue_since(line.slug)))
            for line in practice.service_lines
        }
        self.every_line = digest(*(self.lines[line.slug] for line in practice.service_lines))
        # what pages read of every service line: names and specialties (the organization's
        # JSON-LD, a place's specialties), where each is seen and by whom
        summary = [
            (line.slug, line.name, line.specialty, line.locations, line.providers)
            for line in practice.service_lines
        ]
        newest = max((line.review.last_reviewed for line in practice.service_lines), default=None)
        self.base = digest(
            org.model_dump_json(),
            json.dumps(summary, ensure_ascii=False),
            str(newest),
            json.dumps(practice.withdrawn),
            *(
                json.dumps(part, sort_keys=True, default=str, ensure_ascii=False)
                for part in context
            ),
        )

    def of(self, lines: Iterable[ServiceLine]) -> str:
        """The digest of some service lines (a location's, a provider's)."""
        return digest(*(self.lines[line.slug] for line in lines))


def loaded_digests(loaded: LoadedProject, page_data: dict) -> ModelDigests:
    """The model's digests, with everything else every page reads in the base."""
    project = loaded.project
    templates = sorted((name, file.data) for name, file in loaded.templates.items())
    return ModelDigests(
        loaded.practice,
        context=(
            project.site_name,
            project.site_url,
            project.language,
            project.options.model_dump(mode="json"),
            loaded.today.isoformat(),
            digest(*(part for name, data in templates for part in (name, data))),
            page_data,
        ),
    )


def overrides_pages(loaded: LoadedProject) -> bool:
    """Whether the project replaces a page template (which may read any service line)."""
    templates = loaded.project.templates_dir
    return any(
        name.startswith(("pages/", "shared/")) and Path(file.filename).is_relative_to(templates)
        for name, file in loaded.templates.items()
    )


class PageMemo:
    """``generate``'s pages, each made from the base and the digests of what it reads
    beyond it (``parts``), or reused; a project's own page templates may read any
    service line, so with them every page is keyed on every service line. Without
    digests (a build) every page is made."""

    def __init__(self, memo: RenderMemo, digests: ModelDigests | None, wide: bool) -> None:
        self.memo, self.digests = memo, digests
        self.wide = (digests.every_line,) if digests is not None and wide else ()

    def page(self, url: str, parts: tuple[str, ...], make: Callable[[], T]) -> T:
        if self.digests is None:
            return make()
        return self.memo.get("page:" + url, digest(self.digests.base, *self.wide, *parts), make)

    def line(self, slug: str) -> str:
        return self.digests.lines[slug] if self.digests is not None else ""

    def of(self, lines: Iterable[ServiceLine]) -> str:
        return self.digests.of(lines) if self.digests is not None else ""

    @property
    def every(self) -> str:
        return self.digests.every_line if self.digests is not None else ""


class RenderMemo:
    """Outputs by name, each with the key it was made from; a rebuild reuses an output
    whose key is unchanged and forgets the names it no longer asks for."""

    def __init__(self) -> None:
        self._outputs: dict[str, tuple[str, Any]] = {}
        self._seen: set[str] = set()
        self.made = 0  # outputs made by the last rebuild (for tests and the log)
        self.reused = 0
        # the docs folder as the last rebuild left it: path -> ((size, mtime_ns), bytes)
        self.written: dict[str, tuple[tuple[int, int], bytes]] = {}
        # a dirty preview's site folder, where the files output.is_direct names go
        self.direct: Path | None = None
        self.written_direct: dict[str, tuple[tuple[int, int], bytes]] = {}

    def start(self) -> None:
        self._seen = set()
        self.made = self.reused = 0

    def finish(self) -> None:
        self._outputs = {k: v for k, v in self._outputs.items() if k in self._seen}

    def get(self, name: str, key: str, make: Callable[[], T]) -> T:
        self._seen.add(name)
        known = self._outputs.get(name)
        if known is not None and known[0] == key:
            self.reused += 1
            return known[1]
        value = make()
        self._outputs[name] = (key, value)
        self.made += 1
        return value


class _NoMemo(RenderMemo):
    """A build's memo: makes every output and keeps none."""

    def get(self, name: str, key: str, make: Callable[[], T]) -> T:
        return make()

    @property
    def written(self) -> dict:
        return {}  # a build compares with the files on disk

    @written.setter
    def written(self, value: dict) -> None:
        pass

    @property
    def direct(self) -> None:
        return None  # a build writes every file into the docs folder

    @direct.setter
    def direct(self, value) -> None:
        pass


NO_MEMO: RenderMemo = _NoMemo()

"""A PDF's cache key covers what it prints, and no more (issue #23, item 2).

Every field of rich service lines is edited one at a time; whenever a guide's or a
form's key stays the same, its HTML must stay the same too (else the cache would
publish a stale PDF). And the keys are narrow enough to matter: a criterion edit
changes the guide's key and not the form's.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers.project import FIXTURES, REPO, TODAY, loaded_project
from referkit.pdf.render import PdfDocuments
from referkit.source.model import Practice, ServiceLine

PROJECTS = [REPO, FIXTURES / "v2-category", FIXTURES / "v2-cancer-pathway", FIXTURES / "longvalues"]


def _leaves(data: object, loc: tuple = ()) -> Iterator[tuple]:
    """Every value's path in plain YAML data; lists and mappings, then their items."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*loc, key))
    elif isinstance(data, list):
        if data:
            yield loc  # the list itself: its last item removed
        for index, value in enumerate(data):
            yield from _leaves(value, (*loc, index))
    else:
        yield loc


def _edited(data: object, loc: tuple) -> object:
    """A copy of ``data`` with the value at ``loc`` changed (None when it cannot be)."""
    if not loc:
        if isinstance(data, list):
            return data[:-1]
        if isinstance(data, bool):
            return not data
        if isinstance(data, int | float):
            return data + 1
        if isinstance(data, datetime.date):
            return data - datetime.timedelta(days=1)
        if isinstance(data, str):
            return data + " (edited)"
        return None
    head, rest = loc[0], loc[1:]
    inner = _edited(data[head], rest)
    if inner is None:
        return None
    if isinstance(data, dict):
        return {**data, head: inner}
    return [*data[:head], inner, *data[head + 1 :]]


def _key_and_html(loaded, line: ServiceLine, kind: str) -> tuple[str, str]:
    lines = tuple(line if s.slug == line.slug else s for s in loaded.practice.service_lines)
    practice = Practice(organization=loaded.practice.organization, service_lines=lines)
    edited = dataclasses.replace(loaded, load=dataclasses.replace(loaded.load, practice=practice))
    documents = PdfDocuments(edited)
    output = f"{line.slug}/referral-{kind}.pdf"
    [spec] = [s for s in documents.public() if s.output == output]
    return spec.key, documents.html(documents.job(spec))[0]


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: "demo" if p == REPO else p.name)
def test_a_pdf_whose_key_is_unchanged_prints_the_same(project: Path) -> None:
    loaded = loaded_project(project, TODAY)
    unchanged = {"guide": 0, "form": 0}
    for line in loaded.practice.service_lines:
        source = loaded.load.sources[loaded.load.service_line_paths[line.slug]]
        before = {kind: _key_and_html(loaded, line, kind) for kind in unchanged}
        for loc in _leaves(source.data):
            if loc[:1] == ("slug",):
                continue
            data = _edited(source.data, loc)
            try:
                edited = ServiceLine.model_validate(data)
            except ValueError:
                continue  # an edit the contract refuses
            for kind in unchanged:
                key, html = _key_and_html(loaded, edited, kind)
                if key == before[kind][0]:
                    unchanged[kind] += 1
                    assert html == before[kind][1], (project.name, line.slug, kind, loc)
    # the keys are narrower than the whole service line: many edits leave a PDF alone
    assert unchanged["form"] > unchanged["guide"] > 0, unchanged


def test_a_criterion_edit_changes_the_guide_and_not_the_form() -> None:
    loaded = loaded_project(REPO, TODAY)
    line = next(s for s in loaded.practice.service_lines if s.slug == "cardiology")
    level = line.triage.levels[1]
    criterion = level.criteria[0].model_copy(update={"text": "Exertional syncope, new"})
    edited_level = level.model_copy(update={"criteria": (criterion, *level.criteria[1:])})
    levels = (line.triage.levels[0], edited_level, *line.triage.levels[2:])
    edited = line.model_copy(update={"triage": line.triage.model_copy(update={"levels": levels})})
    for kind, changes in (("guide", True), ("form", False)):
        before, after = _key_and_html(loaded, line, kind), _key_and_html(loaded, edited, kind)
        assert (before[0] != after[0]) is changes, kind
        assert (before[1] != after[1]) is changes, kind

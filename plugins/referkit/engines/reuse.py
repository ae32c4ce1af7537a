"""A build whose inputs did not change reuses the docs folder its last run wrote.

After a successful build, :func:`remember` records in ``.referkit/prepared.json`` the
digest of every input of the load phase (:func:`~referkit.source.inputs.inputs_digest`),
what the run produced besides the docs folder (navigation, stylesheets, logo, counts,
findings) and the docs folder's metadata signature and content digest. The next
build computes the input digest first (reading the project's files, loading nothing):
if it matches and the docs folder and the PDF cache are untouched, :func:`reuse` hands
back that run's result and its findings (printed again), and the engine's own
up-to-date check follows.
A no-change rebuild of a 500-line practice then costs about a second instead of 8
CPU-seconds. Anything else (a changed file, another date, ``--no-cache``, a damaged
record) is a full build.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..findings import Finding, Severity
from ..generate import Generated, GenerateStats
from ..pipeline import Prepared
from ..rules import RULES
from ..source.inputs import inputs_digest
from ..source.project import ProjectConfig
from . import publish

RECORD = "prepared.json"
FORMAT = 3  # 2: the preview flag (every page noindex); 3: the PDF cache's signature


def _record_path(project: ProjectConfig) -> Path:
    return project.work_dir / RECORD


def reuse(project: ProjectConfig, facts: dict[str, object]) -> tuple[Prepared, str] | None:
    """The last run's result when nothing it read has changed, with the docs folder's
    content digest; else None."""
    try:
        record = json.loads(_record_path(project).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None
    docs = project.docs_dir
    if record.get("inputs") != inputs_digest(project, facts) or not docs.is_dir():
        return None
    if record.get("docs_signature") != publish.tree_signature(docs):
        return None  # the docs folder was written since (a preview, a hand edit)
    if record.get("cache_signature") != _cache_signature(project):
        return None  # the PDF cache changed (another build, a damaged entry): check it
    try:
        stats = GenerateStats(**record["stats"])
        findings = [_finding(item) for item in record["findings"]]
        generated = Generated(
            docs,
            record["nav"],
            [],
            list(record["extra_css"]),
            stats,
            [],
            record["logo"],
            bool(record["preview"]),
            known_page_count=int(record["pages"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    prepared = Prepared(project=project, loaded=None, findings=findings, generated=generated)
    return prepared, str(record["docs_digest"])


def remember(
    project: ProjectConfig, facts: dict[str, object], prepared: Prepared, docs_digest: str
) -> None:
    """Record a successful run for :func:`reuse`."""
    generated = prepared.generated
    record = {
        "format": FORMAT,
        "inputs": inputs_digest(project, facts),
        "docs_signature": publish.tree_signature(generated.docs_dir),
        "cache_signature": _cache_signature(project),
        "docs_digest": docs_digest,
        "nav": generated.nav,
        "extra_css": generated.extra_css,
        "logo": generated.logo,
        "preview": generated.preview,
        "pages": generated.page_count,
        "stats": {
            "pdfs_rendered": 0,  # a reused run renders nothing
            "pdfs_cached": generated.stats.pdfs_rendered + generated.stats.pdfs_cached,
        },
        "findings": [_plain(f) for f in prepared.findings],
    }
    path = _record_path(project)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{RECORD}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # without a record the next build is a full one


def _cache_signature(project: ProjectConfig) -> str:
    """The PDF cache as the run left it: a build reads (and repairs) it, so a cache
    written or damaged since is checked by a full build."""
    return publish.tree_signature(project.cache_dir / "pdf")


def forget(project: ProjectConfig) -> None:
    _record_path(project).unlink(missing_ok=True)


def _plain(finding: Finding) -> dict[str, object]:
    return {
        "path": finding.path,
        "line": finding.line,
        "col": finding.col,
        "code": finding.code,
        "message": finding.message,
        "loc": list(finding.loc),
        "severity": str(finding.severity),
        "hint": finding.hint,
        "hidden": finding.hidden,
    }


def _finding(item: dict) -> Finding:
    """A recorded finding, again through its rule (an unknown code: a full build)."""
    return RULES[item["code"]].at(
        item["path"],
        int(item["line"]),
        int(item["col"]),
        item["message"],
        loc=tuple(item["loc"]),
        severity=Severity(item["severity"]),
        hint=item["hint"],
        hidden=int(item["hidden"]),
    )

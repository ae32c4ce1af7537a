"""What changed: a semantic diff of the model between commits that touched service_lines/.

Each commit on the first-parent line that changed ``service_lines/`` is loaded into
the model with the same loader as a build (from ``git archive`` into a temporary
folder), and compared with the previous loadable commit on that line (its first
parent's state) field by field: targets, criteria, records, contact numbers,
promises, service lines added or retired. A merge that brings changes in is one
entry, dated by the merge. Whitespace, comments and reordering do not change the
model, so they produce no entry. Dates are commit dates, never the clock, so the
same history gives the same page and feed.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from ..findings import Finding, Severity
from ..rules.kit import RK491
from ..wording import long_date
from .model import Practice
from .model_diff import LineChange, diff_lines, diff_practices  # noqa: F401 (re-exported)

RECENT_DAYS = 90
_GIT_TIMEOUT_S = 60


@dataclass(frozen=True)
class ChangeSet:
    """One commit's semantic changes."""

    commit: str
    committed: datetime
    lines: tuple[LineChange, ...]

    @property
    def day(self) -> date:
        return self.committed.date()

    @property
    def anchor(self) -> str:
        return f"{self.day.isoformat()}-{self.commit[:8]}"


@dataclass(frozen=True)
class History:
    """The change sets, newest first; ``None`` findings-wise means git was available."""

    changes: tuple[ChangeSet, ...]
    warning: Finding | None = None

    def for_line(self, slug: str) -> list[tuple[ChangeSet, LineChange]]:
        return [(cs, lc) for cs in self.changes for lc in cs.lines if lc.slug == slug]

    def recent_line(self, slug: str, today: date, days: int = RECENT_DAYS) -> str | None:
        """ "Changed on November 20, 2026: Urgent: 5 → 3 business days" for the guide,
        when the newest change to ``slug`` is at most ``days`` old on ``today``."""
        for change_set, line in self.for_line(slug):
            if change_set.day >= today - timedelta(days=days):
                return f"Changed on {long_date(change_set.day)}: " + "; ".join(line.items)
            return None
        return None


# --- git --------------------------------------------------------------------
# Every value that reaches git from the user (a revision from --since or
# changes_since) comes after --end-of-options and is first resolved to a commit id, so
# no value can become an option (`--output=FILE` once truncated an unrelated file).


def _git(repo: Path, *args: str, binary: bool = False) -> bytes | str:
    result = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        timeout=_GIT_TIMEOUT_S,
        check=True,
    )
    return result.stdout if binary else result.stdout.decode("utf-8")


def _commit_of(repo: Path, rev: str) -> str | None:
    """The commit id ``rev`` names (``git rev-parse --verify``), or None."""
    if not rev or rev.startswith("-") or any(ord(c) < 0x20 or c == "\x7f" for c in rev):
        return None  # never an argument git could read as an option
    try:
        out = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return None
    sha = out.strip()
    return sha if len(sha) in (40, 64) and all(c in "0123456789abcdef" for c in sha) else None


def revision_problem(project_dir: Path, rev: str) -> str | None:
    """Why ``rev`` (``--since`` or ``changes_since``) cannot be used, or None.

    Outside a git checkout nothing can be checked: the build then leaves the changes
    out with the RK491 warning, whatever the value.
    """
    if rev.startswith("-"):
        return f"{rev!r} looks like a git option, not a revision"
    try:
        _git(project_dir.resolve(), "rev-parse", "--show-toplevel")
    except (FileNotFoundError, subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return None
    if _commit_of(project_dir.resolve(), rev) is None:
        return f"{rev!r} is not a commit of this repository"
    return None


def _no_history(
    project_dir: Path,
    why: str,
    hint: str = "build from a git checkout to publish what changed",
    severity: Severity = Severity.WARNING,
) -> History:
    return History(
        (),
        RK491.at(
            "service_lines",
            0,
            0,
            f"no git history ({why}): the /changes/ page and feed are left out",
            severity=severity,
            hint=hint,
        ),
    )


def load_history(project_dir: Path, since: str | None = None) -> History:
    """The semantic change history of ``project_dir/service_lines`` (newest first).

    ``since`` limits it to commits after that revision (compared with its state).
    Outside a git checkout the history is empty and carries a warning.
    """
    project_dir = project_dir.resolve()
    try:
        top = Path(_git(project_dir, "rev-parse", "--show-toplevel").strip())
        head = _commit_of(project_dir, "HEAD")
    except FileNotFoundError:
        return _no_history(project_dir, "git is not installed")
    except subprocess.CalledProcessError:
        head = None
    if head is None:
        return _no_history(project_dir, "not a git checkout, or no commits yet")
    if _git(project_dir, "rev-parse", "--is-shallow-repository").strip() == "true":
        # a CI checkout fetches one commit by default: every change would be missing
        return _no_history(
            project_dir,
            "the checkout is shallow, so the earlier commits are missing",
            "fetch the whole history (actions/checkout: fetch-depth: 0; GitLab CI: "
            "GIT_DEPTH: 0; git fetch --unshallow)",
        )
    since_commit = None
    if since:
        since_commit = _commit_of(project_dir, since)
        if since_commit is None:  # checked with mkdocs.yml's line first (project.py)
            return _no_history(
                project_dir,
                f"changes_since {since!r} is not a commit",
                "give changes_since a commit, tag or branch that exists",
                Severity.ERROR,
            )
    rel = (project_dir / "service_lines").relative_to(top.resolve()).as_posix()
    try:
        return _history(str(top), head, rel, since_commit)
    except subprocess.CalledProcessError as exc:
        return _no_history(project_dir, exc.stderr.decode("utf-8", "replace").strip())


@lru_cache(maxsize=8)
def _history(top: str, head: str, rel: str, since: str | None) -> History:
    """Cached per HEAD, so ``serve`` rebuilds do not walk the history again.

    Only the first-parent line is walked: a plain ``git log`` flattens merged
    branches into one date-ordered list, so a commit would be compared with one from
    another branch and publish reversals that never happened ("5 → 3", "3 → 5").
    Along the first-parent line, consecutive commits that touched ``rel`` hold
    exactly what each one (a merge included) changed against its first parent.
    ``head`` and ``since`` are commit ids (see :func:`_commit_of`).
    """
    repo = Path(top)
    revs = f"{since}..{head}" if since else head
    log = _git(
        repo,
        "log",
        "--first-parent",
        "--reverse",
        "--format=%H %cI",
        "--end-of-options",
        revs,
        "--",
        rel,
    ).split("\n")
    commits = [(sha, datetime.fromisoformat(when)) for sha, when in (e.split() for e in log if e)]
    previous = _load_at(top, since, rel) if since else None
    change_sets: list[tuple[int, ChangeSet]] = []
    for order, (sha, when) in enumerate(commits):
        practice = _load_at(top, sha, rel)
        if practice is None:
            continue  # not loadable with today's contract: compare the next one with the last good
        if previous is not None:
            lines = diff_practices(previous, practice)
            if lines:
                change_sets.append((order, ChangeSet(sha, when, tuple(lines))))
        previous = practice
    # newest first; commits made in the same second keep the history's order
    change_sets.sort(key=lambda item: (item[1].committed, item[0]), reverse=True)
    return History(tuple(cs for _, cs in change_sets))


@lru_cache(maxsize=256)
def _load_at(top: str, rev: str, rel: str) -> Practice | None:
    from .loader import load_practice

    try:
        # after --end-of-options git archive reads "--" as a path: none is given
        archive = _git(
            Path(top), "archive", "--format=tar", "--end-of-options", rev, rel, binary=True
        )
    except subprocess.CalledProcessError:
        return None
    with tempfile.TemporaryDirectory(prefix="referkit-rev-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        project = Path(tmp, rel).parent
        return load_practice(project).practice


# --- the semantic diff ---------------------------------------------------------

"""A scripted git history for tests: commits with fixed names and dates, no user config."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(repo: Path, *args: str, when: str | None = None) -> str:
    """Run git in ``repo`` as a fixed author (at ``when``, an ISO date, if given)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Intake Team",
        "GIT_AUTHOR_EMAIL": "intake@example.org",
        "GIT_COMMITTER_NAME": "Intake Team",
        "GIT_COMMITTER_EMAIL": "intake@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    result = subprocess.run(
        ["git", "-C", str(repo), *args], check=True, env=env, capture_output=True, text=True
    )
    return result.stdout


def edit_and_commit(
    repo: Path, old: str, new: str, when: str, message: str, file: str = "cardiology.yaml"
) -> None:
    """Replace ``old`` by ``new`` once in ``service_lines/<file>`` and commit it."""
    path = repo / "service_lines" / file
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    git(repo, "commit", "-qam", message, when=when)

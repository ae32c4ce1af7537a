"""``check --format github|gitlab``: findings where a CI server shows them on the diff.

- ``github``: one GitHub Actions workflow command per finding,
  ``::error file=…,line=…,col=…,title=…::message``, which the run shows as an
  annotation on that line of the pull request's changed files.
- ``gitlab``: a GitLab Code Quality report (a JSON list of issues with
  ``description``, ``check_name``, ``fingerprint``, ``severity`` and
  ``location.path``/``location.lines.begin``), which a merge request shows on the
  changed lines when a job publishes it as ``artifacts:reports:codequality``.

Paths are relative to the working directory (the repository root in CI), so a project
in a subfolder (``--project site``) is annotated at ``site/service_lines/…``. The
findings also go to standard error as text, for the job log.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..findings import Finding, Severity, count_line, sort_findings

# GitLab's severities are info, minor, major, critical and blocker; an error stops the
# build (major), a warning does not (minor)
GITLAB_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def _data(text: str) -> str:
    """Escape a workflow command's message (GitHub's toolkit ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value (GitHub's ``escapeProperty``)."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _path(finding: Finding, prefix: str) -> str:
    return finding.path if prefix in ("", ".") else f"{prefix}/{finding.path}"


def _text(finding: Finding) -> str:
    where = f"{finding.field_path}: " if finding.loc else ""
    return f"{finding.code} {where}{finding.message}"


def github_lines(findings: Iterable[Finding], prefix: str = "") -> list[str]:
    """One ``::error``/``::warning`` workflow command per finding, sorted."""
    lines = []
    for finding in sort_findings(findings):
        props = [f"file={_property(_path(finding, prefix))}"]
        if finding.line:
            props.append(f"line={finding.line}")
            if finding.col:
                props.append(f"col={finding.col}")
        props.append(f"title={_property(f'ReferKit {finding.code}')}")
        message = _text(finding) + (f"\nhint: {finding.hint}" if finding.hint else "")
        lines.append(f"::{finding.severity.value} {','.join(props)}::{_data(message)}")
    return lines


def gitlab_report(findings: Iterable[Finding], prefix: str = "") -> list[dict[str, object]]:
    """A GitLab Code Quality report: one issue per finding, with a stable fingerprint
    (file, code, field and message: the same problem keeps its fingerprint when lines
    above it move, so a merge request shows it as unchanged, not fixed and new)."""
    report = []
    for finding in sort_findings(findings):
        path = _path(finding, prefix)
        identity = json.dumps([path, finding.code, list(finding.loc), finding.message])
        issue: dict[str, object] = {
            "type": "issue",
            "check_name": finding.code,
            "description": _text(finding),
            "categories": ["Bug Risk"],
            "severity": GITLAB_SEVERITY[finding.severity],
            "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
            "location": {"path": path, "lines": {"begin": max(finding.line, 1)}},
        }
        if finding.hint:
            issue["content"] = {"body": f"hint: {finding.hint}"}
        report.append(issue)
    return report


def print_ci_report(
    findings: list[Finding],
    fmt: str,
    project_dir: Path,
    out: TextIO | None = None,
    log: TextIO | None = None,
) -> None:
    """Write ``fmt`` (github or gitlab) to ``out`` and the findings as text to ``log``."""
    out = out or sys.stdout
    log = log or sys.stderr
    prefix = os.path.relpath(Path(project_dir).resolve(), Path.cwd()).replace(os.sep, "/")
    if fmt == "github":
        for line in github_lines(findings, prefix):
            print(line, file=out)
    else:
        json.dump(gitlab_report(findings, prefix), out, indent=2, sort_keys=True)
        out.write("\n")
        for finding in sort_findings(findings):
            print(finding.format(), file=log)
    print(count_line(findings), file=log)

"""What every command shares: exit codes, the project from --project, findings out."""

from __future__ import annotations

import argparse
import sys

from ..config import UsageError
from ..findings import Finding, count_line, sort_findings
from ..source.project import load_project_config, project_for_checking

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_CRASH = 0, 1, 2, 3


def print_findings(findings: list[Finding], stream=None) -> None:
    stream = stream or sys.stderr  # looked up now, so that a redirected stderr receives them
    for finding in sort_findings(findings):
        print(finding.format(), file=stream)
    if findings:
        print(count_line(findings), file=stream)


def project_from(args: argparse.Namespace):
    if not args.project.is_dir():
        raise UsageError(f"--project {args.project}: no such folder")
    project, findings = load_project_config(args.project)
    return project, findings


def every_finding(args: argparse.Namespace, config_findings: list[Finding]) -> list[Finding]:
    """When mkdocs.yml has errors: those, and every other file's findings too (as far as
    mkdocs.yml can be read), so that one run reports everything (check equals build)."""
    from ..pipeline import check_project

    _, checked = check_project(project_for_checking(args.project), today=args.today)
    return [*config_findings, *checked]

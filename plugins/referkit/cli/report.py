"""Print findings and review dates for people: a rich table on a terminal, plain when piped."""

from __future__ import annotations

import sys
from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Severity, count_line, sort_findings
from ..render.exports import csv_text


def _console(stream: TextIO) -> Console:
    interactive = stream.isatty()
    # piped output is plain text, wide enough that rows do not wrap mid-word
    return Console(
        file=stream,
        width=None if interactive else 200,
        no_color=not interactive,
        highlight=False,
        soft_wrap=False,
    )


def print_findings_table(findings: list[Finding], stream: TextIO = sys.stdout) -> None:
    console = _console(stream)
    if not findings:
        console.print("No problems found.")
        return
    for path, group in groupby(sort_findings(findings), key=lambda f: f.path):
        # every string from a file is Text, never rich markup: a key may read "[/x]"
        table = Table(title=Text(path), title_justify="left", show_lines=False, expand=False)
        table.add_column("line:col", justify="right", no_wrap=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("rule", no_wrap=True)
        table.add_column("field", no_wrap=True)
        table.add_column("problem and fix")
        for finding in group:
            style = "bold red" if finding.severity is Severity.ERROR else "yellow"
            problem = Text(finding.message)
            if finding.hint:
                problem.append(f"\nfix: {finding.hint}", style="dim")
            table.add_row(
                f"{finding.line}:{finding.col}" if finding.line else "-",
                Text(str(finding.severity), style=style),
                Text(finding.code),
                Text(finding.field_path or "-"),
                problem,
            )
        console.print(table)
    console.print(count_line(findings))


def reviews_text(rows: list[dict], fmt: str, stream: TextIO = sys.stdout) -> None:
    if fmt == "csv":
        columns = list(rows[0]) if rows else ["service_line"]
        table = [columns, *([row.get(c, "") for c in columns] for row in rows)]
        stream.write(csv_text(table, lineterminator="\n"))  # every cell inert
        return
    console = _console(stream)
    table = Table(title="Reviews, most urgent first", title_justify="left")
    for column in ("service line", "last reviewed", "reviewed by", "next review", "days left"):
        table.add_column(column, justify="right" if column == "days left" else "left")
    for row in rows:
        days = row["days_left"]
        style = "bold red" if days < 0 else ("yellow" if days <= 30 else "")
        table.add_row(
            Text(row["name"]),
            Text(row["last_reviewed"]),
            Text(row["reviewed_by"]),
            Text(row["next_review"]),
            Text(str(days), style=style),
        )
    console.print(table)

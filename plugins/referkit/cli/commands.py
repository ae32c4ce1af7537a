"""``check``, ``links``, ``schema`` and ``new``: the commands that build no site."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from .. import urls
from ..config import UsageError
from ..findings import has_errors, shorten, sort_findings
from ..source.starter import starter_yaml
from ..wording import build_py
from .common import EXIT_CONTENT, EXIT_OK, every_finding, print_findings, project_from


def check(args: argparse.Namespace) -> int:
    from ..checks import reviews_table
    from ..pipeline import check_project
    from .report import print_findings_table, reviews_text

    project, findings = project_from(args)
    loaded = None
    # check measures the PDFs as the build renders them (the pdf option on), unless
    # --no-pdf; --pdf renders them afresh regardless, with the size each lands at
    measure = args.pdf or (project is not None and project.options.pdf and not args.no_pdf)
    if project is not None:
        loaded, checked = check_project(
            project, today=args.today, render_templates=True, history=measure
        )
        findings = [*findings, *checked]
    else:
        findings = every_finding(args, findings)
    load = loaded.load if loaded is not None else None
    if measure and not args.reviews and loaded is not None and loaded.practice is not None:
        findings = [*findings, *_pdf_findings(args, loaded)]
    if args.reviews:
        if load is None or load.practice is None:
            print_findings(findings)
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
    if args.format in ("github", "gitlab"):
        from .report_ci import print_ci_report

        print_ci_report(findings, args.format, args.project)
    elif args.format == "json":
        payload = {
            "ok": not failing,
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
            "findings": [f.as_dict() for f in sort_findings(findings)],
        }
        print(json.dumps(payload, indent=2, sort_keys=True, default=str))
    elif args.format == "text":
        print_findings(findings, sys.stdout)
        if not findings:
            print("No problems found.")
    else:
        print_findings_table(findings)
    return EXIT_CONTENT if failing else EXIT_OK


def _pdf_findings(args: argparse.Namespace, loaded) -> list:
    """What the build's PDF step would refuse (RK301), so a clean check means the build
    publishes: measured with the build's cache by default, or with ``--pdf`` rendered
    afresh with the size each PDF lands at."""
    from jinja2 import TemplateError

    from ..pdf.render import measure_pdfs, predict_fit
    from ..source.timeline import publish

    published = publish(loaded)  # the PDFs a build on the same day renders
    try:
        if args.pdf:
            return predict_fit(published)
        return measure_pdfs(published)
    except RuntimeError as exc:  # WeasyPrint or Pango missing: say so, check the rest
        print(f"PDFs not measured: {exc}", file=sys.stderr)
        return []
    except TemplateError:  # reported already (RK030/RK031) by the template check
        return []


def links(args: argparse.Namespace) -> int:
    from ..kit.referral_kit import partner_links
    from ..pipeline import load

    project, findings = project_from(args)
    if project is None:
        print_findings(findings)
        return EXIT_CONTENT
    rows, findings = partner_links(load(project, today=args.today, history=False))
    if findings:
        print_findings(findings)
        return EXIT_CONTENT
    if args.format == "csv":
        from ..render.exports import csv_text

        sys.stdout.write(csv_text(rows, lineterminator="\n"))  # every cell inert
    else:
        for row in rows[1:]:
            print("  ".join(row))
    return EXIT_OK


def schema(args: argparse.Namespace) -> int:
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


def new(args: argparse.Namespace) -> int:
    from ..source.loader import ORGANIZATION_FILE, SERVICE_LINES_DIR, SLUG
    from ..source.yaml_source import read_yaml

    slug = args.slug
    if not SLUG.match(slug):
        raise UsageError(
            f"{shorten(slug)} is not a valid address: use lowercase letters, digits, hyphens"
        )
    problem = urls.slug_problem(slug)
    if problem:
        raise UsageError(f"{shorten(slug)} cannot be a page address: {problem}")
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
    elsewhere = args.project.resolve() != Path.cwd().resolve()
    project = ["--project", str(args.project)] if elsewhere else []
    print(f"Wrote {target}. Edit it, then run: {build_py('check', *project)}")
    return EXIT_OK

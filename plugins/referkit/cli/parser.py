"""The argument parser: every command, its options and help."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
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
            help="the day to publish for: notices, waits, campaigns and reviews are "
            "decided from it (default: today); for reproducible CI runs",
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
    build.add_argument(
        "--force",
        action="store_true",
        help="replace an output folder that holds files no ReferKit build made "
        "(they are moved beside it, not deleted)",
    )
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument(
        "--since", metavar="REV", help="list only changes after this git revision in /changes/"
    )
    build.add_argument("--no-cache", action="store_true", help="re-render every PDF")
    build.add_argument("--quiet", action="store_true", help="print only problems")
    build.add_argument(
        "--preview",
        action="store_true",
        help="a preview of a change: every page noindex and a robots.txt that disallows all",
    )
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
        choices=("table", "text", "json", "csv", "github", "gitlab"),
        default="table",
        help="table (default), text (one GNU-style line per finding), json, github "
        "(GitHub Actions annotations), gitlab (a GitLab Code Quality report); "
        "csv only with --reviews",
    )
    check.add_argument(
        "--reviews", action="store_true", help="list every service line's last and next review date"
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    pdf = check.add_mutually_exclusive_group()
    pdf.add_argument(
        "--pdf",
        action="store_true",
        help="render every PDF in memory, without the cache, and print the size each lands at",
    )
    pdf.add_argument(
        "--no-pdf",
        action="store_true",
        help="skip measuring the PDFs (by default check measures them, with the build's "
        "cache, so it reports whatever the build would refuse)",
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

    when = sub.add_parser(
        "when",
        help="list the dates on which the published site changes by itself (a notice "
        "starts or ends, a wait goes stale, a review falls due, a campaign starts or ends)",
    )
    project_arg(when)
    when.add_argument("--format", choices=("text", "json"), default="text")
    today_arg(when)

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

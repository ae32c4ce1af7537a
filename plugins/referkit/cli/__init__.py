"""The command line: ``python build.py [build|check|serve|new|when|…]``.

Only this module chooses exit codes: 0 success, 1 content errors, 2 usage errors,
3 a crash (a bug in ReferKit, never in the content: the traceback goes to a log file).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ..config import WORK_DIR, UsageError
from .build import build, generate, serve
from .commands import check, links, new, schema
from .common import EXIT_CRASH, EXIT_USAGE
from .parser import build_parser
from .when import when

CRASH_LOG = "crash.log"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in {"-h", "--help"}:
        argv = ["build", *argv]
    args = build_parser().parse_args(argv)
    try:
        commands = {
            "build": build,
            "check": check,
            "serve": serve,
            "new": new,
            "schema": schema,
            "links": links,
            "generate": generate,
            "when": when,
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

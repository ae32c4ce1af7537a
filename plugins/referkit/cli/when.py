"""``build.py when``: the dates on which the published site changes by itself.

A static site has no clock: a notice ends, a wait goes stale, a review falls due or a
campaign starts only through a build on that date. This lists those dates (from
``source/timeline.py``, the same days the build uses) so a team can see why the
scheduled daily build matters.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from ..wording import short_date
from .common import EXIT_CONTENT, EXIT_OK, print_findings, project_from


def when(args: argparse.Namespace) -> int:
    from ..pipeline import load
    from ..source.timeline import upcoming

    project, findings = project_from(args)
    if project is None:
        print_findings(findings)
        return EXIT_CONTENT
    today = args.today or date.today()
    loaded = load(project, today=today)
    if loaded.practice is None or loaded.partners.findings:
        print_findings([*loaded.load.findings, *loaded.partners.findings])
        print("Fix these first: the dates are read from valid YAML.", file=sys.stderr)
        return EXIT_CONTENT
    events = upcoming(loaded.load, loaded.partners, project.options, today, loaded.history)
    if args.format == "json":
        payload = {"today": today.isoformat(), "events": [e.as_dict() for e in events]}
        print(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False))
        return EXIT_OK
    if not events:
        print(f"No dated fact changes the published site after {short_date(today)}.")
        return EXIT_OK
    print(
        f"The published site changes by itself on these dates after {short_date(today)} "
        "(a build on each date publishes the change):"
    )
    kind_width = max(len(e.kind) for e in events)
    where_width = max(len(f"{e.path}:{e.line}") for e in events)
    for event in events:
        where = f"{event.path}:{event.line}"
        print(
            f"  {event.day.isoformat()}  {event.kind:<{kind_width}}  "
            f"{where:<{where_width}}  {event.what}"
        )
    days = len({e.day for e in events})
    print(f"{len(events)} change{'s' * (len(events) != 1)} on {days} date{'s' * (days != 1)}.")
    return EXIT_OK

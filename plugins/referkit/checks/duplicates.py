"""RK204: two service lines that are one. A copied file (``neurology copy.yaml`` renamed
``neurology-copy.yaml``, as RK104's hint suggests) would publish a second page under the
same name, with its own guide and form, and the navigation would list the name twice.

Read from the plain YAML, so a copy is caught also while either file has other errors.
"""

from __future__ import annotations

import json

from ..findings import Finding
from ..rules.fields import RK204
from ..source.loader import LoadResult


def _name_key(name: object) -> str | None:
    return " ".join(name.casefold().split()) if isinstance(name, str) and name.strip() else None


def _facts(data: dict) -> str:
    """Everything but the name and the file's own address, comparable across files."""
    rest = {k: v for k, v in data.items() if k not in {"name", "slug"}}
    return json.dumps(rest, sort_keys=True, default=str)


def check_duplicate_lines(load: LoadResult) -> list[Finding]:
    findings: list[Finding] = []
    names: dict[str, tuple[str, str]] = {}  # name key -> (path, slug) of the first file
    facts: dict[str, tuple[str, str]] = {}
    # the shorter address first: neurology-copy is the copy of neurology, not the reverse
    for slug, path in sorted(load.service_line_paths.items(), key=lambda i: (len(i[0]), i[0])):
        source = load.sources[path]
        data = source.data if isinstance(source.data, dict) else None
        if not data:
            continue
        key = _name_key(data.get("name"))
        line, col = source.position_of(("name",))
        if key is not None and key in names:
            first_path, first_slug = names[key]
            findings.append(
                RK204.at(
                    path,
                    line,
                    col,
                    f"{data['name'].strip()!r} is also the name of {first_path}: the site "
                    f"would publish it twice, at /{first_slug}/ and /{slug}/",
                    loc=("name",),
                    hint=f"delete {path} if it is a copy, or give it its own name and facts",
                )
            )
            continue
        if key is not None:
            names[key] = (path, slug)
        same = _facts(data)
        if len(data) > 2 and same in facts:
            first_path, first_slug = facts[same]
            findings.append(
                RK204.at(
                    path,
                    line,
                    col,
                    f"states the same facts as {first_path}, apart from its name: a copy not "
                    f"yet edited would publish the same service line at /{slug}/",
                    loc=("name",),
                    hint=f"delete {path} if it is a copy, or write this service line's own facts",
                )
            )
        facts.setdefault(same, (path, slug))
    return findings

"""The content gate: rules that keep referral content current, factual and reachable.

Each rule reads the validated model (and the source positions the loader kept)
and returns findings; nothing here decides what a finding does to a build.

Rule ids: RK40x review freshness, RK41x compliance language, RK42x reachability,
RK43x promise consistency, RK44x patient data, RK45x content pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .config import ProjectConfig
from .findings import Finding, Severity
from .loader import LoadResult
from .model import ServiceLine
from .yaml_source import Loc, SourceFile

WARNING = Severity.WARNING


@dataclass(frozen=True)
class PhraseRule:
    """A phrase that overpromises or looks like an inducement, as a regular expression."""

    name: str
    pattern: str
    why: str

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern, re.IGNORECASE)


# Tuned against near-misses: "best practice", "curettage", "leading to", "secure".
DEFAULT_PHRASES = (
    PhraseRule("guarantee", r"\bguarantee(?:d|s)?\b", "promises an outcome"),
    PhraseRule("cure", r"\bcure(?:s|d)?\b", "promises an outcome"),
    PhraseRule("100%", r"(?<![\d.])100\s?%", "promises an outcome"),
    PhraseRule("best", r"\bbest\b(?!\s+practices?\b)(?!\s+available\s+evidence)", "superlative"),
    PhraseRule("#1", r"(?<![\w#])(?:#\s?1|number\s+one)\b(?!\d)", "superlative"),
    PhraseRule("top-rated", r"\btop[-\s]rated\b", "superlative"),
    PhraseRule("risk-free", r"\brisk[-\s]free\b", "promises an outcome"),
    PhraseRule("world-class", r"\bworld[-\s]class\b", "superlative"),
    PhraseRule("leading", r"\bleading\b(?!\s+to\b)(?!\s+cause)", "superlative"),
    PhraseRule("free gift", r"\bfree\s+gifts?\b", "looks like an inducement"),
    PhraseRule("gift card", r"\bgift\s+cards?\b", "looks like an inducement"),
    PhraseRule("incentive", r"\bincentives?\b", "looks like an inducement"),
    PhraseRule("reward", r"\brewards?\b", "looks like an inducement"),
)

_PATIENT_DATA = (
    (
        "medical record number",
        re.compile(
            r"\b(?:MRN|medical\s+record\s+(?:number|no\.?|#))\s*[:#]?\s*[A-Z]{0,3}\d{4,}", re.I
        ),
    ),
    ("social security number", re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")),
    (
        "date of birth",
        re.compile(
            r"\b(?:DOB|date\s+of\s+birth)\s*[:=]\s*(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2})",
            re.I,
        ),
    ),
    (
        "patient name",
        re.compile(
            r"\b(?:[Pp]atient|[Pp]t\.?)\s*(?:name\s*)?[:,]?\s+(?:Mr\.?\s+|Mrs\.?\s+|Ms\.?\s+)?"
            r"[A-Z][a-z]+\s+[A-Z][a-z]+(?:,?\s+(?:aged?\s+)?\d{1,3}\b|\s+(?:with|has|diagnosed)\b)"
        ),
    ),
)
_MARKDOWN_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def run_checks(load: LoadResult, project: ProjectConfig, *, today: date) -> list[Finding]:
    """Every content rule, in one pass; the caller decides what a finding does."""
    practice = load.practice
    assert practice is not None, "checks run on a valid model only"
    findings: list[Finding] = []
    rules = phrase_rules(project)
    for line in practice.service_lines:
        path = load.service_line_paths[line.slug]
        source = load.sources[path]
        findings += check_review(line, path, source, project, today)
        findings += check_compliance(line, path, source, rules)
        findings += check_reachability(line, path, source)
        findings += check_promises(line, path, source, load)
        findings += check_patient_data(path, source)
    org_path = "service_lines/_organization.yaml"
    if org_path in load.sources:
        org_source = load.sources[org_path]
        findings += _phrases_in_source(org_path, org_source, rules)
        findings += check_patient_data(org_path, org_source)
    findings += check_content(project, rules, load)
    return findings


# --- review freshness --------------------------------------------------------


def next_review(line: ServiceLine, project: ProjectConfig) -> date:
    return line.review.last_reviewed + timedelta(days=project.options.max_review_age_days)


def check_review(
    line: ServiceLine, path: str, source: SourceFile, project: ProjectConfig, today: date
) -> list[Finding]:
    loc: Loc = ("review", "last_reviewed")
    row, col = source.position_of(loc)
    last, due = line.review.last_reviewed, next_review(line, project)
    max_age = project.options.max_review_age_days
    if last > today:
        return [
            Finding(
                path,
                row,
                col,
                "RK403",
                f"last_reviewed {last} is in the future",
                loc=loc,
                hint="write the date the review actually happened",
            )
        ]
    if due < today:
        return [
            Finding(
                path,
                row,
                col,
                "RK401",
                f"review is overdue: last reviewed {last}, more than {max_age} days ago "
                f"(due {due})",
                loc=loc,
                hint="have the service line's reviewer confirm every fact, then update "
                "review.last_reviewed and review.reviewed_by",
            )
        ]
    if (due - today).days <= project.options.review_warning_days:
        return [
            Finding(
                path,
                row,
                col,
                "RK402",
                f"review due on {due} ({(due - today).days} days from now)",
                loc=loc,
                severity=WARNING,
                hint="schedule the review before the page stops publishing",
            )
        ]
    return []


def reviews_table(load: LoadResult, project: ProjectConfig, today: date) -> list[dict]:
    """Every service line's last and next review, most urgent first."""
    rows = []
    for line in load.practice.service_lines if load.practice else ():
        due = next_review(line, project)
        rows.append(
            {
                "service_line": line.slug,
                "name": line.name,
                "last_reviewed": line.review.last_reviewed.isoformat(),
                "reviewed_by": line.review.reviewed_by,
                "next_review": due.isoformat(),
                "days_left": (due - today).days,
            }
        )
    return sorted(rows, key=lambda r: (r["days_left"], r["service_line"]))


# --- compliance language -----------------------------------------------------


def phrase_rules(project: ProjectConfig) -> list[PhraseRule]:
    allowed = {name.casefold() for name in project.options.compliance_allow}
    rules = [rule for rule in DEFAULT_PHRASES if rule.name.casefold() not in allowed]
    rules += [
        PhraseRule(p, r"\b" + re.escape(p) + r"\b", "listed in compliance_phrases")
        for p in project.options.compliance_phrases
    ]
    return rules


def _strings(data: object, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))
    elif isinstance(data, str):
        yield loc, data


def _phrase_matches(
    source: SourceFile, rules: list[PhraseRule]
) -> Iterator[tuple[Loc, str, PhraseRule, re.Match[str]]]:
    for loc, text in _strings(source.data):
        if loc and loc[0] in {"compliance_exceptions", "slug"}:
            continue
        for rule in rules:
            for match in rule.compiled().finditer(text):
                yield loc, text, rule, match


def _phrase_finding(
    path: str, source: SourceFile, loc: Loc, text: str, rule: PhraseRule, match: re.Match[str]
) -> Finding:
    row, _ = source.position_of(loc)
    return Finding(
        path,
        row,
        source.column_in_text(loc, text, match.start()),
        "RK411",
        f"{match.group(0)!r} {rule.why}; referral pages state facts",
        loc=loc,
        hint="rephrase as a checkable fact, or add a reviewed compliance_exceptions entry "
        f"(phrase: {rule.name}, reason, approved_by)",
    )


def _phrases_in_source(path: str, source: SourceFile, rules: list[PhraseRule]) -> list[Finding]:
    return [_phrase_finding(path, source, *m) for m in _phrase_matches(source, rules)]


def check_compliance(
    line: ServiceLine, path: str, source: SourceFile, rules: list[PhraseRule]
) -> list[Finding]:
    """Flag phrases, except where a reviewed ``compliance_exceptions`` entry allows them."""
    exceptions = {e.phrase.casefold() for e in line.compliance_exceptions}
    used: set[str] = set()
    findings = []
    for loc, text, rule, match in _phrase_matches(source, rules):
        allowed = exceptions & {rule.name.casefold(), match.group(0).casefold()}
        if allowed:
            used |= allowed
        else:
            findings.append(_phrase_finding(path, source, loc, text, rule, match))
    for index, exception in enumerate(line.compliance_exceptions):
        if exception.phrase.casefold() not in used:
            row, col = source.position_of(("compliance_exceptions", index, "phrase"))
            findings.append(
                Finding(
                    path,
                    row,
                    col,
                    "RK412",
                    f"compliance exception for {exception.phrase!r} matches nothing on this page",
                    loc=("compliance_exceptions", index),
                    severity=WARNING,
                    hint="remove exceptions that are no longer needed",
                )
            )
    return findings


# --- reachability and promises -----------------------------------------------


def check_reachability(line: ServiceLine, path: str, source: SourceFile) -> list[Finding]:
    how, loc = line.how_to_refer, ("how_to_refer",)
    row, col = source.position_of(loc)
    findings = []
    if not (how.fax or how.portal or how.direct):
        findings.append(
            Finding(
                path,
                row,
                col,
                "RK421",
                "no way to send a referral: add a fax number, portal or Direct address",
                loc=loc,
                hint='e.g. fax: "+1 608-555-0121"',
            )
        )
    if not how.phone:
        findings.append(
            Finding(
                path,
                row,
                col,
                "RK422",
                "no intake phone number",
                loc=loc,
                hint="add phone: so referring offices can call intake",
            )
        )
    if not how.hours:
        findings.append(
            Finding(
                path,
                row,
                col,
                "RK423",
                "intake hours are missing",
                loc=loc,
                hint="add hours: e.g. Mon–Fri 8:00–17:00",
            )
        )
    return findings


def check_promises(
    line: ServiceLine, path: str, source: SourceFile, load: LoadResult
) -> list[Finding]:
    findings = []
    triage = line.triage
    if triage.urgent and triage.urgent.seen_within_days > triage.routine.seen_within_days:
        loc = ("triage", "urgent", "seen_within_days")
        row, col = source.position_of(loc)
        findings.append(
            Finding(
                path,
                row,
                col,
                "RK431",
                f"urgent target ({triage.urgent.seen_within_days} days) is longer than the routine "
                f"target ({triage.routine.seen_within_days} days)",
                loc=loc,
                hint="urgent patients must be seen sooner than routine ones",
            )
        )
    for name, label in (
        ("acknowledge_within_hours", "acknowledgement time"),
        ("consult_note_within_days", "consult-note turnaround"),
    ):
        if getattr(line.turnaround, name) is None:
            row, col = source.position_of(("turnaround",))
            findings.append(
                Finding(
                    path,
                    row,
                    col,
                    "RK432",
                    f"the {label} is missing",
                    loc=("turnaround", name),
                    hint=f"add turnaround.{name}: the promise intake keeps",
                )
            )
    practice = load.practice
    for index, provider_id in enumerate(line.providers):
        provider = practice.provider(provider_id)
        if line.locations and not set(provider.locations) & set(line.locations):
            row, col = source.position_of(("providers", index))
            findings.append(
                Finding(
                    path,
                    row,
                    col,
                    "RK433",
                    f"{provider.display_name} does not practise at any of this service line's "
                    f"locations ({', '.join(line.locations)})",
                    loc=("providers", index),
                    hint="add the location to the provider in _organization.yaml, or the "
                    "provider's location to this service line",
                )
            )
    if not line.locations:
        row, col = source.position_of(())
        findings.append(
            Finding(
                path,
                row,
                col,
                "RK434",
                "no locations listed",
                loc=("locations",),
                severity=WARNING,
                hint="list where patients are seen, e.g. locations: [main-campus]",
            )
        )
    return findings


# --- patient data ------------------------------------------------------------


def _patient_data_in(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    for kind, pattern in _PATIENT_DATA:
        for match in pattern.finditer(text):
            yield kind, match


def check_patient_data(path: str, source: SourceFile) -> list[Finding]:
    findings = []
    for loc, text in _strings(source.data):
        for kind, match in _patient_data_in(text):
            row, _ = source.position_of(loc)
            findings.append(
                Finding(
                    path,
                    row,
                    source.column_in_text(loc, text, match.start()),
                    "RK441",
                    f"looks like a {kind} ({match.group(0)!r}); "
                    "pages must never carry patient data",
                    loc=loc,
                    hint="remove it; use a made-up, clearly generic example if needed",
                )
            )
    return findings


# --- content pages -----------------------------------------------------------


def _slugify(heading: str) -> str:
    """The anchor Python-Markdown's toc extension gives a heading."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading)
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def check_content(
    project: ProjectConfig, rules: list[PhraseRule], load: LoadResult
) -> list[Finding]:
    """Patient data, phrases and broken links or anchors in content/ Markdown."""
    content_dir = project.content_dir
    if not content_dir.is_dir():
        return []
    pages = {p.relative_to(content_dir).as_posix(): p for p in sorted(content_dir.rglob("*.md"))}
    generated = _generated_paths(load)
    anchors = {
        rel: {
            _slugify(h) for h in _HEADING.findall(p.read_text(encoding="utf-8", errors="replace"))
        }
        for rel, p in pages.items()
    }
    findings = []
    for rel, path in pages.items():
        display = f"content/{rel}"
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for number, text in enumerate(lines, start=1):
            for kind, match in _patient_data_in(text):
                findings.append(
                    Finding(
                        display,
                        number,
                        match.start() + 1,
                        "RK441",
                        f"looks like a {kind} ({match.group(0)!r}); pages must never carry patient "
                        "data",
                        hint="remove it",
                    )
                )
            for rule in rules:
                for match in rule.compiled().finditer(text):
                    findings.append(
                        Finding(
                            display,
                            number,
                            match.start() + 1,
                            "RK411",
                            f"{match.group(0)!r} {rule.why}; referral pages state facts",
                            hint="rephrase as a checkable fact",
                        )
                    )
            for match in _MARKDOWN_LINK.finditer(text):
                problem = _link_problem(rel, match.group(1), pages, generated, anchors, content_dir)
                if problem:
                    findings.append(
                        Finding(
                            display,
                            number,
                            match.start(1) + 1,
                            "RK451",
                            problem,
                            hint="fix the link target",
                        )
                    )
    return findings


def _generated_paths(load: LoadResult) -> set[str]:
    paths = {"index.md", "locations/index.md", "providers/index.md"}
    if load.practice:
        paths |= {f"{s.slug}/index.md" for s in load.practice.service_lines}
        paths |= {f"{s.slug}/referral-guide.pdf" for s in load.practice.service_lines}
        paths |= {f"{s.slug}/referral-form.pdf" for s in load.practice.service_lines}
        paths |= {f"locations/{x.id}/index.md" for x in load.practice.organization.locations}
        paths |= {f"providers/{x.id}/index.md" for x in load.practice.organization.providers}
    return paths


def _link_problem(
    page: str,
    target: str,
    pages: dict[str, Path],
    generated: set[str],
    anchors: dict[str, set[str]],
    content_dir: Path,
) -> str:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("//"):
        return ""  # external links and mailto:/tel: are not checked here
    path_part, _, anchor = target.partition("#")
    if not path_part:
        resolved = page
    else:
        base = Path(page).parent
        resolved = (base / path_part).as_posix()
        parts: list[str] = []
        for part in resolved.split("/"):
            if part == "..":
                if not parts:
                    return f"link {target!r} points outside the site"
                parts.pop()
            elif part not in {"", "."}:
                parts.append(part)
        resolved = "/".join(parts)
        if path_part.endswith("/"):
            resolved += "/index.md"
    exists = resolved in pages or resolved in generated or (content_dir / resolved).is_file()
    if not exists:
        return f"link {target!r} points to {resolved}, which does not exist"
    if anchor and resolved in anchors and anchor not in anchors[resolved]:
        return f"link {target!r}: {resolved} has no heading with the anchor #{anchor}"
    return ""

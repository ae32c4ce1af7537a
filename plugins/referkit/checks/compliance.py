"""RK41x: compliance language — facts, not superlatives, guarantees or inducements."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from ..findings import Finding
from ..rules.review import RK411, RK412
from ..source.positions import Loc, SourceFile, strings_in
from ..source.project import ProjectConfig
from .registry import LineContext, ProjectContext, line_check, project_check

ORGANIZATION_PATH = "service_lines/_organization.yaml"


@dataclass(frozen=True)
class PhraseRule:
    """A phrase that overpromises or looks like an inducement, as a regular expression."""

    name: str
    pattern: str
    why: str

    def compiled(self) -> re.Pattern[str]:
        return _compile(self.pattern)


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    """Each phrase compiled once per process (it was once per string: 582,296 times
    on a 500-line practice)."""
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=64)
def _any_phrase(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern matching wherever any of ``patterns`` does: most strings match none,
    and one search rules them out instead of one per phrase."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def phrase_matches(
    text: str, rules: list[PhraseRule]
) -> Iterator[tuple[PhraseRule, re.Match[str]]]:
    """Every match of every rule in ``text``, rule by rule (the order findings take)."""
    if not rules or _any_phrase(tuple(rule.pattern for rule in rules)).search(text) is None:
        return
    for rule in rules:
        for match in rule.compiled().finditer(text):
            yield rule, match


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


def phrase_rules(project: ProjectConfig) -> list[PhraseRule]:
    allowed = {name.casefold() for name in project.options.compliance_allow}
    rules = [rule for rule in DEFAULT_PHRASES if rule.name.casefold() not in allowed]
    rules += [
        PhraseRule(p, r"\b" + re.escape(p) + r"\b", "listed in compliance_phrases")
        for p in project.options.compliance_phrases
    ]
    return rules


def _phrase_matches(
    source: SourceFile, rules: list[PhraseRule]
) -> Iterator[tuple[Loc, str, PhraseRule, re.Match[str]]]:
    for loc, text in strings_in(source.data):
        if loc and loc[0] in {"compliance_exceptions", "slug"}:
            continue
        for rule, match in phrase_matches(text, rules):
            yield loc, text, rule, match


def _phrase_finding(
    path: str, source: SourceFile, loc: Loc, text: str, rule: PhraseRule, match: re.Match[str]
) -> Finding:
    row, _ = source.position_of(loc)
    return RK411.at(
        path,
        row,
        source.column_in_text(loc, text, match.start()),
        f"{match.group(0)!r} {rule.why}; referral pages state facts",
        loc=loc,
        hint="rephrase as a checkable fact, or add a reviewed compliance_exceptions entry "
        f"(phrase: {rule.name}, reason, approved_by)",
    )


@line_check
def check_compliance(ctx: LineContext) -> list[Finding]:
    """Flag phrases, except where a reviewed ``compliance_exceptions`` entry allows them."""
    line, source = ctx.line, ctx.source
    exceptions = {e.phrase.casefold() for e in line.compliance_exceptions}
    used: set[str] = set()
    findings = []
    for loc, text, rule, match in _phrase_matches(source, ctx.phrases):
        allowed = exceptions & {rule.name.casefold(), match.group(0).casefold()}
        if allowed:
            used |= allowed
        else:
            findings.append(_phrase_finding(ctx.path, source, loc, text, rule, match))
    for index, exception in enumerate(line.compliance_exceptions):
        if exception.phrase.casefold() not in used:
            findings.append(
                ctx.finding(
                    RK412,
                    ("compliance_exceptions", index),
                    f"compliance exception for {exception.phrase!r} matches nothing on this page",
                    at=("compliance_exceptions", index, "phrase"),
                )
            )
    return findings


@project_check
def check_organization_phrases(ctx: ProjectContext) -> list[Finding]:
    source = ctx.load.sources.get(ORGANIZATION_PATH)
    if source is None:
        return []
    return ctx.organization_rule(
        "phrases",
        source,
        lambda: [
            _phrase_finding(ORGANIZATION_PATH, source, *m)
            for m in _phrase_matches(source, ctx.phrases)
        ],
    )

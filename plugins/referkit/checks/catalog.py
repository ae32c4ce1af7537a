"""Codes reported before the gate runs (YAML, contract, configuration, PDF fit).

They are raised by the loader, config and PDF modules; they are listed here so the
README's one table of codes covers every code a user can see.
"""

from __future__ import annotations

from ..findings import Severity
from .registry import Rule, register

register(
    Rule(
        "RK001",
        "YAML syntax: tabs, indentation, an unclosed `[` or `{`",
        "fix the line the message names; indent with spaces",
        stage="yaml",
    ),
    Rule("RK002", "a key is given twice in one mapping", "keep one of the two", stage="yaml"),
    Rule(
        "RK010",
        "`site_url` is missing from mkdocs.yml",
        "add e.g. `site_url: https://refer.example.org/`",
        stage="config",
    ),
    Rule(
        "RK011",
        "a `referkit` plugin option is wrong",
        "see the README's plugin options",
        stage="config",
    ),
    Rule(
        "RK020",
        "a `content/` file would replace a generated page",
        "rename the file",
        stage="generate",
    ),
    Rule(
        "RK101",
        "unknown field (with the nearest known name)",
        "rename it as suggested",
        stage="load",
    ),
    Rule(
        "RK102",
        "a value of the wrong kind (text, number, date, one of a list)",
        "write what the message expects",
        stage="load",
    ),
    Rule(
        "RK103",
        "a required field or file is missing",
        "add it (see the YAML reference)",
        stage="load",
    ),
    Rule(
        "RK104",
        "the file name cannot be a page address",
        "use lowercase letters, digits and hyphens",
        stage="load",
    ),
    Rule(
        "RK105",
        "invalid phone or fax number",
        'write it with its country code, e.g. `"+1 608-555-0100"`',
        stage="load",
    ),
    Rule(
        "RK106", "an NPI fails its check digit", "check it against the NPPES record", stage="load"
    ),
    Rule(
        "RK107",
        "a link has the wrong scheme (`https://` needed; a `based_on` citation may be `http://`)",
        "use the https:// address",
        stage="load",
    ),
    Rule(
        "RK201",
        "unknown location or provider id (with the nearest known id)",
        "use an id defined in `_organization.yaml`",
        stage="load",
    ),
    Rule("RK203", "an id or a service line is defined twice", "keep one", stage="load"),
    # the referral-marketing kit (languages.py, changes.py, partners.py)
    Rule(
        "RK108",
        "not a BCP 47 language code (with a suggestion: `Spanish` → `es`)",
        "write a code such as es, pt-BR or ase",
        stage="load",
    ),
    Rule(
        "RK491",
        "no git history: the /changes/ page and feed are left out",
        "build from a git checkout to publish what changed",
        severity=Severity.WARNING,
        stage="generate",
    ),
    Rule(
        "RK301",
        "a referral guide or form does not fit on one page even at the smallest size",
        "shorten the longest sections the message names",
        stage="pdf",
    ),
)

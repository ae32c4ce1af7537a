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
        "RK003",
        "a character with no place in published text (C0/C1 control, noncharacter, "
        "line separator, lone surrogate)",
        "delete it (it is often pasted in invisibly from a word processor)",
        stage="yaml",
    ),
    Rule(
        "RK004",
        "a YAML tag (`!!python/…`, `!custom`)",
        "remove the tag; write plain text, numbers, lists and mappings",
        stage="yaml",
    ),
    Rule(
        "RK005",
        "a symbolic link that leads out of the project",
        "copy the file into the project instead of linking to it",
        stage="yaml",
    ),
    Rule(
        "RK007",
        "a file over 1 MB, or one that cannot be read",
        "split or shorten the file; service-line files are a few kilobytes",
        stage="yaml",
    ),
    Rule(
        "RK008",
        "a limit: text over 10,000 characters, nesting over 40 levels, over 100,000 values "
        "after alias expansion, a recursive alias, a number of thousands of digits",
        "shorten the value; move long text to a content/ page",
        stage="yaml",
    ),
    Rule(
        "RK009",
        "more than 50 findings in one file (the rest are counted, not listed)",
        "fix the first ones and run check again",
        stage="yaml",
    ),
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
        "RK012",
        "`mkdocs.yml` is not valid YAML (or not UTF-8)",
        "fix the line and column where reading stopped",
        stage="config",
    ),
    Rule(
        "RK013",
        "an explicit `mkdocs.yml` choice that costs page size or privacy: web fonts "
        "(`theme.font`), `navigation.expand`, `extra.analytics`, scripts or styles from "
        "another site",
        "remove it unless it is a deliberate, reviewed choice (the message says what it costs)",
        severity=Severity.WARNING,
        stage="config",
    ),
    Rule(
        "RK015",
        "a brand colour (or Material palette colour) gives text or links below 4.5:1 "
        "contrast on white, or white header text below 4.5:1 on it",
        "use the nearest shade that passes, which the message names, as brand.primary "
        "or brand.accent",
        stage="config",
    ),
    Rule(
        "RK016",
        "the brand logo is missing or not an SVG, PNG, WebP or JPEG file",
        "put the logo in templates/assets/ and point brand.logo at it",
        stage="config",
    ),
    Rule(
        "RK020",
        "a `content/` file would replace a generated page",
        "rename the file",
        stage="generate",
    ),
    Rule(
        "RK030",
        "a template does not compile (syntax, unknown filter); theme overrides are parsed",
        "fix the template at the file and line the message names",
        stage="config",
    ),
    Rule(
        "RK031",
        "a template fails to render (e.g. an undefined variable)",
        "use only variables the template receives (see the package default of the same name)",
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
        "a referral guide does not fit on one page even at 8 pt (`check` and `build` "
        "report it alike; a form takes a second page instead)",
        "shorten the longest sections the message names, or move explanations to faq: "
        "or a content/ page, which only the web page shows",
        stage="pdf",
    ),
)

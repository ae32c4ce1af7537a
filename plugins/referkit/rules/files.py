"""RK001–RK009: reading a YAML file — syntax, characters, tags, links, size and limits.

Reported by ``source/yaml_source.py``, ``yaml_builder.py`` and ``loader.py`` before any
field is validated; RK009 caps the findings of one file (:mod:`.cap`).
"""

from __future__ import annotations

from .rule import Rule

RK001 = Rule(
    "RK001",
    stage="yaml",
    title="YAML syntax: tabs, indentation, an unclosed `[` or `{`",
    why="A file that cannot be parsed says nothing reliable: ReferKit reads none of the "
    "block it stopped in rather than guess, and reports every other block of the file.",
    fix="fix the line the message names; indent with spaces",
    bad="conditions: [Chest pain, Atrial fibrillation\nservices: [Echocardiography]\n",
    good="conditions: [Chest pain, Atrial fibrillation]\nservices: [Echocardiography]\n",
)

RK002 = Rule(
    "RK002",
    stage="yaml",
    title="a key is given twice in one mapping",
    why="YAML readers differ on which value wins (most keep the last without a word), so "
    "the page could publish the value an editor believed they had replaced.",
    fix="keep one of the two",
    bad="name: Cardiology\nsummary: Consultative cardiology for adults.\nname: Heart Clinic\n",
    good="name: Heart Clinic\nsummary: Consultative cardiology for adults.\n",
)

RK003 = Rule(
    "RK003",
    stage="yaml",
    title="a character with no place in published text (C0/C1 control, noncharacter, "
    "line separator, lone surrogate, bidirectional embedding, override or isolate), in "
    "YAML or a `content/` page",
    why="Invisible characters pasted from word processors show as boxes or nothing in a "
    "referring office's browser, break PDF text and search, and confuse screen readers; "
    "a bidirectional override silently reorders what a sentence says.",
    fix="delete it (it is often pasted in invisibly from a word processor)",
    bad='summary: "Consultative cardiology\\u0007 for adults."\n',
    good="summary: Consultative cardiology for adults.\n",
)

RK004 = Rule(
    "RK004",
    stage="yaml",
    title="a YAML tag (`!!python/…`, `!custom`)",
    why="A tag asks the YAML reader to build an object instead of plain data; ReferKit "
    "reads plain data only, so a tag is either an attack or a value that does not say "
    "what it seems to.",
    fix="remove the tag; write plain text, numbers, lists and mappings",
    bad='name: !!python/object/apply:os.system ["echo hello"]\n',
    good="name: Cardiology\n",
)

RK005 = Rule(
    "RK005",
    stage="yaml",
    title="a symbolic link or a path that leads out of the project (a YAML file, `brand.logo`)",
    why="What publishes must be what was reviewed and committed: a link to a file outside "
    "the project publishes whatever that file holds on the machine that builds.",
    fix="copy the file into the project instead of linking or pointing to it",
    file="service_lines/",
    bad="service_lines/cardiology.yaml -> /home/ana/shared/cardiology.yaml\n",
    good="service_lines/cardiology.yaml   (the file itself, committed with the project)\n",
)

RK007 = Rule(
    "RK007",
    stage="yaml",
    title="a file over 1 MB, or one that cannot be read",
    why="A service-line file is a few kilobytes; a file a thousand times larger is a "
    "mistake (a pasted document, a data export) and would slow every build.",
    fix="split or shorten the file; service-line files are a few kilobytes",
    file="service_lines/",
    bad="service_lines/cardiology.yaml   1.4 MB (a guideline pasted into faq:)\n",
    good="service_lines/cardiology.yaml   6 kB (the guideline cited under based_on:)\n",
)

RK008 = Rule(
    "RK008",
    stage="yaml",
    title="a limit: text over 10,000 characters, nesting over 40 levels, over 100,000 values "
    "after alias expansion, a recursive alias, a number of thousands of digits",
    why="Limits keep every build fast and safe: a few lines of nested aliases can stand for "
    "billions of values, and no referral page needs a value that long.",
    fix="shorten the value; move long text to a content/ page",
    bad="a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]   # 100,000 values\n",
    good="conditions: [Chest pain, Atrial fibrillation]   # each value written out once\n",
)

RK009 = Rule(
    "RK009",
    stage="yaml",
    title="more than 50 findings in one file (the rest are counted, not listed)",
    why="One cause (a wrong indentation, a file from another tool) often makes dozens of "
    "findings; the first 50 show it, and a longer list would hide it.",
    fix="fix the first ones and run check again",
    bad="# exported from another tool: each of its 60 fields is unknown here\n"
    "Title: Cardiology\nDescription: Consultative cardiology\nFax_Number: 608-555-0121\n"
    "# … 57 more\n",
    good="name: Cardiology\nsummary: Consultative cardiology\n"
    'how_to_refer: {fax: "+1 608-555-0121"}\n',
)

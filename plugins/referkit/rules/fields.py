"""RK101–RK204: fields and values — the YAML contract, numbers, links, ids.

Reported by ``source/validation.py`` (each pydantic error becomes one finding),
``source/loader.py`` (file names, ids and references), ``source/yaml_builder.py`` and
``checks/duplicates.py`` (RK204).
"""

from __future__ import annotations

from .rule import Rule

RK101 = Rule(
    "RK101",
    stage="load",
    title="unknown field (with the nearest known name)",
    why="A misspelt field is not published at all: without this finding the records a "
    "referring office must send would silently disappear from the page.",
    fix="rename it as suggested",
    bad="requried_records:\n  - {item: Most recent ECG tracing, required: true}\n",
    good="required_records:\n  - {item: Most recent ECG tracing, required: true}\n",
)

RK102 = Rule(
    "RK102",
    stage="load",
    title="a value of the wrong kind (text, number, date, one of a list), a line break in "
    "a one-line field (a name, label, title or address part), or an id no file system "
    "can hold",
    why="Pages, PDFs and structured data compute with these values (a target in days, a "
    "review date); a value of another kind cannot be published as the fact it claims.",
    fix="write what the message expects",
    bad="triage:\n  urgent:\n    seen_within_days: three\n",
    good="triage:\n  urgent:\n    seen_within_days: 3\n",
)

RK103 = Rule(
    "RK103",
    stage="load",
    title="a required field or file is missing",
    why="A referral page without its name, summary, triage, how to refer or review cannot "
    "tell a referring office what it needs to know, so it does not publish.",
    fix="add it (see the YAML reference)",
    bad="name: Cardiology\nspecialty: Cardiovascular\n",
    good="name: Cardiology\nsummary: Consultative cardiology for adults with chest pain.\n"
    "specialty: Cardiovascular\n",
)

RK104 = Rule(
    "RK104",
    stage="load",
    title="the file name cannot be a page address: not lowercase letters, digits and "
    "hyphens; one of ReferKit's own top-level addresses (locations, providers, "
    "service-lines, changes, for, exports, assets, search, …: the message lists them); a "
    "Windows device name (con, nul, aux, com1, …); or too long for a file or zip entry",
    why="A service line's file name is its page address (`/cardiology/`) and the name of "
    "its PDFs; capitals, spaces and punctuation make addresses that break or differ "
    "between systems, a reserved name replaces one of ReferKit's own pages (or is "
    "replaced by it), and a device or over-long name cannot be copied or unzipped.",
    fix="rename the file: lowercase letters, digits and hyphens, not a reserved name",
    file="service_lines/",
    bad="service_lines/Heart Failure.yaml\n",
    good="service_lines/heart-failure.yaml\n",
)

RK105 = Rule(
    "RK105",
    stage="load",
    title="invalid phone or fax number",
    why="A referring office dials or faxes exactly what the page and the PDF print; a "
    "number that cannot exist sends a referral nowhere.",
    fix='write it with its country code, e.g. `"+1 608-555-0100"`',
    bad='how_to_refer:\n  fax: "608-555-012"\n',
    good='how_to_refer:\n  fax: "+1 608-555-0121"\n',
)

RK106 = Rule(
    "RK106",
    stage="load",
    title="an NPI fails its check digit",
    why="The NPI identifies the provider to payers and referring systems; one wrong digit "
    "names another clinician or none.",
    fix="copy the NPI from the clinician's NPPES record: a digit is wrong or two are swapped",
    file="service_lines/_organization.yaml",
    bad='providers:\n  - id: ada-stone\n    npi: "1234567890"\n',
    good='providers:\n  - id: ada-stone\n    npi: "1234567893"\n',
)

RK107 = Rule(
    "RK107",
    stage="load",
    title="a link has the wrong scheme (`https://` needed; a `based_on` citation may be `http://`)",
    why="A referral portal or form reached over plain http can be read or altered on the "
    "way, and browsers warn about it; only a citation may point at an http-only source.",
    fix="use the https:// address",
    bad="how_to_refer:\n  portal: http://clinic.example.org/e-referral\n",
    good="how_to_refer:\n  portal: https://clinic.example.org/e-referral\n",
)

RK108 = Rule(
    "RK108",
    stage="load",
    title="not a BCP 47 language code (with a suggestion: `Spanish` → `es`)",
    why="Languages are shown by name and published in structured data from their code; "
    "a name or a misspelt code cannot be shown or understood by search engines.",
    fix="write a code such as es, pt-BR or ase",
    file="service_lines/_organization.yaml",
    bad="locations:\n  - id: harbor\n    languages: [English, Spanish]\n",
    good="locations:\n  - id: harbor\n    languages: [en, es]\n",
)

RK201 = Rule(
    "RK201",
    stage="load",
    title="unknown location or provider id (with the nearest known id)",
    why="A service line lists where patients are seen and by whom through ids; a wrong id "
    "would leave a location or a clinician off the page, the PDFs and the structured data.",
    fix="use an id defined in `_organization.yaml`",
    bad="locations: [harbour]   # _organization.yaml defines harbor\n",
    good="locations: [harbor]\n",
)

RK203 = Rule(
    "RK203",
    stage="load",
    title="an id or a service line is defined twice",
    why="Ids are page addresses and references; two entries with one id would publish one "
    "page over the other and make every reference to it ambiguous.",
    fix="keep one",
    file="service_lines/_organization.yaml",
    bad="locations:\n  - id: harbor\n    name: Harbor Street\n"
    "  - id: harbor\n    name: Lakeside Road\n",
    good="locations:\n  - id: harbor\n    name: Harbor Street\n"
    "  - id: lakeside\n    name: Lakeside Road\n",
)

RK204 = Rule(
    "RK204",
    stage="check",
    title="two service lines with the same `name`, or two files stating the same facts apart "
    "from the name (a copied file)",
    why="A copied file (`neurology copy.yaml` renamed `neurology-copy.yaml`) publishes the "
    "service line twice, with two guides and forms that drift apart as one is edited, and "
    "the navigation lists the name twice.",
    fix="delete the copy, or give the service line its own name and facts",
    file="service_lines/neurology-copy.yaml",
    bad="name: Neurology   # service_lines/neurology.yaml is Neurology too\n",
    good="# the file is deleted; or it is another service line with its own facts:\n"
    "name: Headache clinic\n",
)

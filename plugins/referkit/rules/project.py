"""RK010–RK033: the project around the YAML — mkdocs.yml, branding, content pages, templates.

Reported by ``source/project.py`` and ``source/branding.py`` (reading mkdocs.yml),
``generate.py`` (RK020) and ``render/template_check.py`` (RK030–RK033).
"""

from __future__ import annotations

from ..findings import Severity
from .rule import Rule

RK010 = Rule(
    "RK010",
    stage="config",
    title="`site_url` is missing from mkdocs.yml, or is not one plain address (a space, "
    "line break or control character in it)",
    why="Canonical links, the sitemap, JSON-LD ids and the PDFs' QR codes are absolute "
    "addresses built from `site_url`; without it they would point nowhere.",
    fix="add e.g. `site_url: https://refer.example.org/`",
    file="mkdocs.yml",
    bad="site_name: Lakeside Specialty Partners\ntheme: material\nplugins: [search, referkit]\n",
    good="site_name: Lakeside Specialty Partners\nsite_url: https://refer.example.org/\n"
    "theme: material\nplugins: [search, referkit]\n",
)

RK011 = Rule(
    "RK011",
    stage="config",
    title="a `referkit` plugin option is wrong",
    why="An option decides what the gate enforces and how the PDFs print; a value ReferKit "
    "cannot read would silently fall back to a default nobody chose.",
    fix="see the README's plugin options",
    file="mkdocs.yml",
    bad="plugins:\n  - search\n  - referkit:\n      max_review_age_days: a year\n",
    good="plugins:\n  - search\n  - referkit:\n      max_review_age_days: 365\n",
)

RK012 = Rule(
    "RK012",
    stage="config",
    title="`mkdocs.yml` is not valid YAML (or not UTF-8), or MkDocs refuses a setting in it "
    "(also while `serve` runs: the preview shows it over the last good pages)",
    why="The site's address, options and theme all come from this file; nothing can be "
    "built from a file that cannot be read.",
    fix="fix the line and column the message names; the preview rebuilds when you save",
    file="mkdocs.yml",
    bad="site_name: Lakeside Specialty Partners\nsite_url: https://refer.example.org/\n"
    "plugins: [search, referkit\n",
    good="site_name: Lakeside Specialty Partners\nsite_url: https://refer.example.org/\n"
    "plugins: [search, referkit]\n",
)

RK013 = Rule(
    "RK013",
    stage="config",
    severity=Severity.WARNING,
    title="an explicit `mkdocs.yml` choice that costs page size or privacy: web fonts "
    "(`theme.font`), `navigation.expand`, `extra.analytics`, scripts or styles from "
    "another site",
    why="Web fonts, trackers and scripts from another site tell a third party who reads "
    "which health-service page, and make the first view slower on a clinic's network.",
    fix="remove it unless it is a deliberate, reviewed choice (the message says what it costs)",
    file="mkdocs.yml",
    bad="theme:\n  name: material\n  font:\n    text: Roboto\n",
    good="theme:\n  name: material\n  font: false   # the reader's system fonts\n",
)

RK015 = Rule(
    "RK015",
    stage="config",
    title="a brand colour (or Material palette colour) gives text or links below 4.5:1 "
    "contrast on white, or white header text below 4.5:1 on it",
    why="Referring staff read links and headers on clinic monitors and phones; below "
    "4.5:1 (WCAG 2.2 AA) they are hard or impossible to read for many of them.",
    fix="use the nearest shade that passes, which the message names, as brand.primary "
    "or brand.accent",
    file="mkdocs.yml",
    bad='plugins:\n  - referkit:\n      brand:\n        primary: "#009485"   # 3.77:1\n',
    good='plugins:\n  - referkit:\n      brand:\n        primary: "#008577"   # 4.5:1\n',
)

RK014 = Rule(
    "RK014",
    stage="config",
    title="a `brand` key with no value: `primary: #1d5c73` without quotes is a YAML comment",
    why="YAML reads everything after an unquoted `#` as a comment, so the colour would "
    "silently be dropped and the site published in Material's default colours.",
    fix='quote the colour: `primary: "#1d5c73"`',
    file="mkdocs.yml",
    bad="plugins:\n  - referkit:\n      brand:\n        primary: #1d5c73\n",
    good='plugins:\n  - referkit:\n      brand:\n        primary: "#1d5c73"\n',
)

RK016 = Rule(
    "RK016",
    stage="config",
    title="the brand logo (or print logo) is missing, over 2 MB, or not the SVG, PNG, WebP "
    "or JPEG file its name says",
    why="The logo is printed in every page header and on every PDF; a missing file or a "
    "type that browsers or WeasyPrint may not show would leave a broken image there, and "
    "an SVG named logo.png would pass for a picture while it carries markup.",
    fix="put the logo in templates/assets/ and point brand.logo at it",
    file="mkdocs.yml",
    bad="plugins:\n  - referkit:\n      brand:\n        logo: templates/assets/logo.gif\n",
    good="plugins:\n  - referkit:\n      brand:\n        logo: templates/assets/logo.svg\n",
)

RK017 = Rule(
    "RK017",
    stage="config",
    title="the SVG logo holds something that runs or fetches: a script, an event handler, "
    "an element that is not drawing (foreignObject, animation), a reference to an "
    "address or another file, a DTD or entity, a style `@import` or `url()` outside the "
    "file, a processing instruction, or text that is not UTF-8",
    why="The logo is published at its own address, where an SVG's script runs with the "
    "site's rights, and it is drawn into every PDF, where a reference would be fetched "
    "at build time or pull a file from the build machine into the guide.",
    fix="remove it, or export the logo as a plain SVG (or a PNG); the message gives the "
    "line and column in the SVG",
    file="templates/assets/logo.svg",
    bad='<svg xmlns="http://www.w3.org/2000/svg" onload="track()">\n'
    '  <image href="https://cdn.example.com/mark.png" width="48" height="48"/>\n</svg>\n',
    good='<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48">\n'
    '  <path d="M12 25 21 12l5 7 3-4 7 10z" fill="#0b5394"/>\n</svg>\n',
)

RK018 = Rule(
    "RK018",
    stage="config",
    title="`mkdocs.yml` does not list the `referkit` plugin under `plugins:`",
    why="Without it `mkdocs build` publishes content/ alone, without a single service line, "
    "guide or form, and `build.py build` used to fail only after rendering every PDF.",
    fix="add `- referkit` to `plugins:` (the message gives the line and the text to add)",
    file="mkdocs.yml",
    bad="site_name: Lakeside Specialty Partners\nsite_url: https://refer.example.org/\n"
    "plugins: [search]\n",
    good="site_name: Lakeside Specialty Partners\nsite_url: https://refer.example.org/\n"
    "plugins: [search, referkit]\n",
)

RK019 = Rule(
    "RK019",
    stage="config",
    title="the logo the guides and forms print (`brand.print_logo`, else `brand.logo`) would "
    "not show on white paper: under a tenth of its marks reach 3:1 against white",
    why="A white mark made for the coloured header prints white on white on every referral "
    "guide and form, so the office at the fax machine never sees whose form it is.",
    fix="keep the light logo for the header and add `print_logo:` with a dark version for the PDFs",
    file="mkdocs.yml",
    bad="plugins:\n  - referkit:\n      brand:\n        logo: templates/assets/logo-white.svg\n",
    good="plugins:\n  - referkit:\n      brand:\n        logo: templates/assets/logo-white.svg\n"
    "        print_logo: templates/assets/logo.svg\n",
)

RK020 = Rule(
    "RK020",
    stage="generate",
    title="a `content/` file would replace a generated page",
    why="The addresses of service lines, locations and providers belong to their checked, "
    "generated pages; a hand-written file there would replace them with unchecked text.",
    fix="rename the file",
    file="content/",
    bad="content/cardiology/index.md   (cardiology is a service line)\n",
    good="content/cardiology-pathway.md\n",
)

RK030 = Rule(
    "RK030",
    stage="config",
    title="a template does not compile (syntax, unknown filter); theme overrides are parsed",
    why="A broken template would stop a build halfway; every template is compiled first, "
    "so the problem is reported at its file and line before anything publishes.",
    fix="fix the template at the file and line the message names",
    file="templates/pages/service_line.md.j2",
    bad="{% if line.faq %}\n## Questions\n",
    good="{% if line.faq %}\n## Questions\n{% endif %}\n",
)

RK031 = Rule(
    "RK031",
    stage="generate",
    title="a template fails to render (e.g. an undefined variable)",
    why="A template override that names data the page does not have would print nothing "
    "or stop the build; `check` renders every override against the model to say so first.",
    fix="use only variables the template receives (see the package default of the same name)",
    file="templates/pages/service_line.md.j2",
    bad="# {{ line.title }} referrals\n",
    good="# {{ line.name | md }} referrals\n",
)

RK032 = Rule(
    "RK032",
    stage="config",
    severity=Severity.WARNING,
    title="a file in `templates/` replaces no template of ReferKit's and nothing includes it",
    why="A project's template replaces ReferKit's of the same name; one saved under another "
    "name (a typo, a folder too high, a missing `.j2`, a template an older release had) is "
    "never used, and the edit it holds silently does not appear on any page or PDF.",
    fix="name the file after the template it should replace, or include it from one in use",
    file="templates/",
    bad="templates/service_line.md.j2\n",
    good="templates/pages/service_line.md.j2\n",
)

RK033 = Rule(
    "RK033",
    stage="config",
    severity=Severity.WARNING,
    title="an empty file in `templates/` replaces a whole page, PDF or stylesheet of ReferKit's",
    why="A template saved empty (created, then never filled, or emptied by a failed copy) "
    "replaces ReferKit's and publishes a page with nothing but its heading, or a PDF "
    "without its layout, and the build succeeds. An empty partial (a name starting with "
    "`_`) is a way to leave a part out, and is not reported.",
    fix="copy ReferKit's template of the same name into the file and edit the copy, or "
    "delete the file to use ReferKit's",
    file="templates/pages/service_line.md.j2",
    bad="(an empty file)\n",
    good="(a copy of plugins/referkit/templates/pages/service_line.md.j2, edited)\n",
)

"""Five fixtures modelled on five kinds of published referral source (contract v3), built
for real with their PDFs: each publishes with nothing lost and nothing made up.

- v3-provincial-pathway: a Canadian provincial pathway routed through several intake
  offices, with 14 grouped mandatory items (its form takes two pages);
- v3-two-week-wait: an NHS urgent suspected cancer form (a portal with a name and no
  address, NHS-style fields, a tick box for each criterion);
- v3-pediatric: a US children's hospital guideline (a clinic with its own eligibility,
  flagged criteria, a parent or guardian on the form);
- v3-physio-priority: an Australian physiotherapy scheme (target_phrase, a notice for
  patients, symptom onset on the form);
- v3-safety-net: a US safety-net neurology clinic whose only urgency is flags (its one
  level is the emergency department), with clinics and an EMG laboratory route.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from helpers.project import FIXTURES, TODAY, build_site, copy_project, run_build_py, soup
from helpers.schema_vocab import problems
from pypdf import PdfReader
from referkit.pdf.forms import export_name
from referkit.source.loader import load_practice
from referkit.source.model import ServiceLine, field_key

# faxed by default: the two-page forms, a guide with many numbers and one in Australian
# format; every fixture's guide and form with REFERKIT_FULL=1 (OCR is about 9 s a page)
FAX_QUICK = {
    ("v3-provincial-pathway", "guide"),
    ("v3-provincial-pathway", "form"),
    ("v3-two-week-wait", "form"),
    ("v3-physio-priority", "guide"),
}
FIXTURE_NAMES = [
    "v3-provincial-pathway",
    "v3-two-week-wait",
    "v3-pediatric",
    "v3-physio-priority",
    "v3-safety-net",
]


class Built:
    """One fixture built through build.py: its service line, page, guide and form."""

    def __init__(self, name: str, root: Path) -> None:
        self.name = name
        self.project = copy_project(FIXTURES / name, root / "project")
        self.site = root / "site"
        self.build = build_site(self.project, self.site)
        practice = load_practice(self.project).practice
        assert practice is not None
        self.org = practice.organization
        [self.line] = practice.service_lines
        slug = self.line.slug
        self.article = soup(self.site / slug / "index.html").select_one("article")
        self.html = (self.site / slug / "index.html").read_text(encoding="utf-8")
        self.guide_pdf = self.site / slug / "referral-guide.pdf"
        self.form_pdf = self.site / slug / "referral-form.pdf"

    @property
    def page_text(self) -> str:
        # get_text(" ") puts a space after an inline element: "(08) 5550 2150 ."
        return re.sub(r" (?=[.,;:)])", "", _flat(self.article.get_text(" ")))

    def guide_text(self) -> str:
        return _pdf_flat(_pdftotext(self.guide_pdf, "-raw"))

    def form_reader(self) -> PdfReader:
        return PdfReader(self.form_pdf)

    def form_text(self) -> str:
        return _pdf_flat(_pdftotext(self.form_pdf, "-raw"))


def _pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _flat(text: str) -> str:
    return " ".join(text.split()).casefold()


def _pdf_flat(text: str) -> str:
    """PDF text with lines joined; a line that ends at a hyphen ("safety-" / "net")
    joins without a space (numbers are checked on one line separately, with -layout)."""
    return _flat(re.sub(r"(?<=\w)-\n(?=\w)", "-", text))


@pytest.fixture(scope="module", params=FIXTURE_NAMES)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    result = Built(request.param, tmp_path_factory.mktemp(request.param))
    assert result.build.returncode == 0, result.build.stdout + result.build.stderr
    return result


# --- what each medium must carry, read from the YAML ------------------------------


def _criteria(items) -> list[str]:
    out = []
    for item in items:
        out += [item.text] if item.text else []
        out += [item.flag] if item.flag else []
        out += _criteria(item.group)
    return out


def _target(owner, days: str) -> str | None:
    from referkit.wording import level_target

    return level_target(owner, days, say_none=False) or None


def _route_facts(route) -> list[str]:
    facts = [route.label, route.when, route.portal, route.portal_name, route.direct]
    facts += [route.hours and str(route.hours)]
    facts += [route.notes]
    facts += [p.display for p in (route.fax, route.phone, route.physician_line) if p]
    return [fact for fact in facts if fact]


def guide_facts(line: ServiceLine) -> list[str]:
    """Every fact the guide prints (everything but the page-only sections, patient
    notices and the form's own fields)."""
    days = line.triage.days
    facts = [line.name, line.summary]
    who = line.eligibility
    if who:
        facts += [v for v in (who.ages, who.area, who.who_may_refer, who.notes) if v]
        facts += list(who.conditions)
    for level in line.triage.levels:
        facts += [level.label, level.route, _target(level, days)]
        facts += _criteria(level.criteria)
    for clinic in line.clinics:
        facts += [clinic.name, clinic.eligibility, clinic.lead_in, clinic.route]
        facts += [_target(clinic, days)] + _criteria(clinic.criteria)
    facts += list(line.not_appropriate) + list(line.workup)
    for heading, entries in line.must_include_groups:
        facts += [heading] + [e.item for e in entries] + [e.when for e in entries]
    facts += [r.item for r in line.required_records] + [r.when for r in line.required_records]
    for route in line.how_to_refer:
        facts += _route_facts(route)
    for advice in line.advice:
        facts += [advice.label, advice.how, advice.notes, advice.phone and advice.phone.display]
    for contact in line.contacts:
        facts += [contact.role, contact.name]
        facts += [p.display for p in (contact.phone, contact.fax) if p]
    facts += [n.text for n in line.notices if n.audience == "referrers"]
    facts += [line.review.reviewed_by]
    return [fact for fact in facts if fact]


def page_facts(line: ServiceLine) -> list[str]:
    facts = guide_facts(line)
    facts += [n.text for n in line.notices]
    facts += list(line.patient_instructions) + list(line.conditions)
    return facts


def form_facts(line: ServiceLine) -> list[str]:
    """What the form prints: the main route, the levels (labels, targets, routes,
    emergency actions), clinics, records, what the referral includes, the form's own
    field labels, and the criteria when they are tick boxes."""
    days = line.triage.days
    main = line.main_route
    facts = [line.name, main.portal, main.portal_name]
    facts += [p.display for p in (main.fax, main.phone) if p]
    for level in line.triage.levels:
        facts += [level.label, level.route, _target(level, days)]
    for clinic in line.clinics:
        facts += [clinic.name, clinic.route, _target(clinic, days)]
    for heading, entries in line.must_include_groups:
        facts += [heading] + [e.item for e in entries] + [e.when for e in entries]
    facts += [r.item for r in line.required_records]
    facts += list(line.form.patient_fields) + list(line.form.referral_fields)
    if line.form.referrer_id:
        facts.append(line.form.referrer_id.label)
    if line.form.criteria_checkboxes:
        for level in line.triage.levels:
            if not level.emergency:
                facts += _criteria(level.criteria)
        for clinic in line.clinics:
            facts += [clinic.lead_in] + _criteria(clinic.criteria)
    return [fact for fact in facts if fact]


def _missing(facts: list[str], text: str) -> list[str]:
    return [fact for fact in facts if _flat(fact) not in text]


# --- the tests ---------------------------------------------------------------------


def test_check_is_clean_and_agrees_with_the_build(built: Built) -> None:
    result = run_build_py(
        "check", "--format", "json", "--project", str(built.project), "--today", TODAY
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["findings"] == [], report
    assert "RK301" not in built.build.stdout + built.build.stderr


def test_the_page_carries_every_fact(built: Built) -> None:
    assert _missing(page_facts(built.line), built.page_text) == []
    graph = json.loads(
        soup(built.site / built.line.slug / "index.html")
        .find("script", type="application/ld+json")
        .string
    )
    assert problems(graph) == []


def test_the_guide_is_one_page_and_carries_every_fact(built: Built) -> None:
    assert len(PdfReader(built.guide_pdf).pages) == 1
    assert _missing(guide_facts(built.line), built.guide_text()) == []


def test_the_form_carries_every_fact_on_one_or_two_pages(built: Built) -> None:
    reader = built.form_reader()
    assert len(reader.pages) in (1, 2)
    text = built.form_text()
    assert _missing(form_facts(built.line), text) == []
    if len(reader.pages) == 2:
        words = re.findall(
            r'yMin="([\d.]+)"[^>]*>([^<]*)</word>', _pdftotext(built.form_pdf, "-bbox", "-f", "2")
        )
        top = [word for y, word in sorted(words, key=lambda w: float(w[0]))[:5]]
        assert top[:2] == ["Patient", "name"] and "birth" in top, top  # the first line
        kids = reader.get_fields()["patient_name"]["/Kids"]
        assert len(kids) == 2  # one field: typed once, printed on both pages


def test_the_forms_own_fields_and_omitted_ones(built: Built) -> None:
    fields = built.form_reader().get_fields()
    form = built.line.form
    for label in form.patient_fields:
        assert f"patient_{field_key(label)}" in fields, label
    for label in form.referral_fields:
        name = f"referral_{field_key(label)}"
        assert int(fields[name].get("/Ff", 0)) & (1 << 12), (name, "multiline")
    omitted = {"insurance": "patient_insurance", "patient_phone": "patient_phone"}
    omitted["referrer_id"] = "referring_id"
    for key, name in omitted.items():
        assert (name in fields) is (key not in form.omit), name
    if "insurance" in form.omit:
        assert "insurance / member id" not in built.form_text()
    label = (form.referrer_id.label if form.referrer_id else None) or built.org.referrer_id.label
    if "referrer_id" not in form.omit:
        assert fields["referring_id"]["/TU"] == f"Referring clinician {label}"


def test_no_seen_within_where_a_level_has_a_target_phrase(built: Built) -> None:
    phrased = [lv for lv in built.line.triage.levels if lv.target_phrase]
    phrased += [c for c in built.line.clinics if c.target_phrase]
    texts = {"page": built.page_text, "guide": built.guide_text(), "form": built.form_text()}
    for owner in phrased:
        label = _flat(getattr(owner, "label", None) or owner.name)
        for medium, text in texts.items():
            assert _flat(owner.target_phrase) in text, (medium, label)
            # the level's own line never says "seen within" (another level's may)
            for match in re.finditer(re.escape(label), text):
                window = text[match.end() : match.end() + 40]
                assert "seen within" not in window, (medium, label, window)
    rows = built.article.select("table.rk-triage tbody tr")
    for row, level in zip(rows, built.line.triage.levels, strict=True):
        if level.target_phrase:
            assert "Seen within" not in row.get_text(), level.label


def test_clinics_are_never_urgencies(built: Built) -> None:
    fields = built.form_reader().get_fields()
    urgency = set(fields.get("urgency", {}).get("/_States_", [])) - {"/Off"}
    clinics = {export_name(c.name) for c in built.line.clinics}
    assert not urgency & clinics
    if built.line.clinics:
        assert set(fields["clinic"]["/_States_"]) - {"/Off"} == clinics
        rows = [r.th.get_text() for r in built.article.select("table.rk-triage tbody tr")]
        assert not {c.name for c in built.line.clinics} & set(rows)
        section = built.article.select("section.rk-clinic h3")
        assert [h.get_text() for h in section] == [c.name for c in built.line.clinics]


def test_flags_are_the_urgency_only_where_the_source_has_no_other(built: Built) -> None:
    fields = built.form_reader().get_fields()
    levels = [lv for lv in built.line.triage.levels if not lv.emergency]
    flags = sorted({f for f in fields if f.startswith("flag_")})
    if levels:
        assert flags == [] and "urgency" in fields
        assert set(fields["urgency"]["/_States_"]) - {"/Off"} == {
            export_name(lv.label) for lv in levels
        }
    else:  # the safety-net clinic: only an emergency level, and "Urgent" flags
        assert "urgency" not in fields and flags == ["flag_urgent"]


def test_patient_notices_are_on_the_page_only(built: Built) -> None:
    notices = [n for n in built.line.notices if n.audience == "patients"]
    for notice in notices:
        section = built.article.find(id="preparing-your-patient")
        assert section is not None
        following = _flat(" ".join(s.get_text(" ") for s in section.find_all_next(limit=6)))
        assert _flat(notice.text) in following
        top = built.article.select_one(".rk-notices")
        assert top is None or _flat(notice.text) not in _flat(top.get_text(" "))
        assert _flat(notice.text) not in built.guide_text()
        assert _flat(notice.text) not in built.form_text()


def test_numbers_in_free_text_are_tel_links_and_stay_whole_on_the_guide(built: Built) -> None:
    written = {
        "v3-provincial-pathway": ["403-555-0188"],
        "v3-two-week-wait": ["020 7946 0150", "020 7946 0201"],
        "v3-pediatric": ["(414) 555-0190"],
        "v3-physio-priority": ["(08) 5550 2150"],
        "v3-safety-net": ["512-555-0177"],
    }[built.name]
    links = {a.get_text(): a["href"] for a in built.article.select('a[href^="tel:"]')}
    layout = _pdftotext(built.guide_pdf, "-layout").splitlines()
    for number in written:
        assert number in links, (number, sorted(links))
        digits = re.sub(r"\D", "", number).lstrip("0")
        assert links[number].endswith(digits), (number, links[number])
        pattern = re.compile(r" +".join(re.escape(part) for part in number.split(" ")))
        assert any(pattern.search(row) for row in layout), (number, "split on the guide")


def test_the_fhir_directory_is_valid_and_keeps_every_route(built: Built) -> None:
    """The build's FHIR directory passes the official R4 schema and fhirclient's strict
    models; the service's telecom is the main route's, and every other route keeps its
    name, when, numbers, hours and notes in extraDetails (its portal, Direct address
    and FHIR endpoint also as Endpoints)."""
    from helpers import fhir

    files = fhir.read_files(built.site)
    for key, resource in files.items():
        assert fhir.schema_errors(resource) == [] and fhir.client_errors(resource) == [], key
        assert fhir.day_errors(resource) == [], key
    whole = json.loads((built.site / "fhir" / "bundle.json").read_text(encoding="utf-8"))
    assert fhir.unresolved_references(whole) == []
    service = files[f"HealthcareService/{built.line.slug}"]
    main, others = built.line.main_route, built.line.routes[1:]
    telecom = [(t["system"], t["value"]) for t in service.get("telecom", [])]
    assert telecom == [
        (kind, getattr(main, kind).e164) for kind in ("phone", "fax") if getattr(main, kind)
    ]
    details = _flat(service["extraDetails"].replace("\\", ""))
    missing = [f for r in others for f in _route_facts(r) if _flat(str(f)) not in details]
    assert missing == [], service["extraDetails"]
    addresses = {r["address"] for k, r in files.items() if k.startswith("Endpoint/")}
    for route in built.line.routes:
        wanted = {route.portal, route.fhir_endpoint, route.direct and f"mailto:{route.direct}"}
        assert wanted - {None, ""} <= addresses, (route.label, addresses)


def test_numbers_in_free_text_do_not_wrap_on_a_320_px_phone(built: Built, browser) -> None:
    """Every tel: link and unbreakable number on the page (those in free text
    included) is on one line at 320 px, and nothing scrolls sideways."""
    from helpers.browser import BROKEN_NUMBERS_JS, LAYOUT_PROBLEMS_JS, phone_page, serve

    with serve(built.site) as url:
        page = phone_page(browser, 320, 800)
        page.goto(url + built.line.slug + "/")
        broken, _ = page.evaluate(BROKEN_NUMBERS_JS, 320)  # counts US-shaped text only
        layout = page.evaluate(LAYOUT_PROBLEMS_JS, 320)
        free_text = page.evaluate(
            "() => [...document.querySelectorAll('article a[href^=\"tel:\"]')]"
            ".map((a) => [a.textContent, a.getClientRects().length])"
        )
        page.context.close()
    assert broken == [] and layout == []
    assert free_text and all(rects == 1 for _, rects in free_text), free_text


@pytest.mark.parametrize("kind", ["guide", "form"])
def test_every_printed_number_survives_a_fax(built: Built, kind: str, tmp_path: Path) -> None:
    """Standard-mode fax (204 × 98 dpi, 1-bit) of every page, two-page forms included:
    every number printed (checked ones and those written in free text) reads back by
    OCR and the QR code decodes."""
    from helpers.fax import check_fax, needs_tesseract

    if needs_tesseract.args[0]:
        pytest.skip(needs_tesseract.kwargs["reason"])
    if (built.name, kind) not in FAX_QUICK and os.environ.get("REFERKIT_FULL") != "1":
        pytest.skip("this fixture's fax runs with REFERKIT_FULL=1")
    pdf = built.guide_pdf if kind == "guide" else built.form_pdf
    url = f"https://{_site_host(built)}/{built.line.slug}/"
    result = check_fax(pdf, built.line, url, tmp_path, "standard", built.org.country)
    assert result["pages"] == len(PdfReader(pdf).pages)


def _site_host(built: Built) -> str:
    text = (built.project / "mkdocs.yml").read_text(encoding="utf-8")
    return re.search(r"^site_url: https://([^/\s]+)/", text, re.M).group(1)

"""Contract v2 on the PDFs: the guide carries every fact the YAML gives, and nothing else.

Fixtures modelled on three kinds of published guidance (tests/fixtures/v2-*): a
category scheme in calendar days, a direct-access procedure with an "Immediate" level
routed by phone, a cancer pathway with a two-week-wait level and an advice route.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from helpers.project import FIXTURES, TODAY, loaded_project
from pypdf import PdfReader
from referkit.pdf.forms import export_name
from referkit.pdf.render import build_jobs
from referkit.pdf.workers import render_job
from referkit.wording import reply_hours, units

V2 = ["v2-category", "v2-direct-access", "v2-cancer-pathway"]


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)  # a line break after a hyphen: "NT- proBNP"


@pytest.fixture(scope="module", params=V2)
def rendered(request):
    project_dir = FIXTURES / request.param
    loaded = loaded_project(project_dir, TODAY)
    practice = loaded.practice
    line = practice.service_lines[0]
    pdfs = {}
    for job in build_jobs(loaded):
        outcome = render_job(job)
        assert outcome.pdf is not None, (job.output, outcome.overflow_in)
        pdfs["guide" if "guide" in job.output else "form"] = outcome.pdf
    return practice, line, pdfs


def _criteria_texts(criteria):
    for c in criteria:
        if c.text:
            yield c.text
        elif c.group:
            yield c.group_lead_in
        yield from _criteria_texts(c.group)


def test_the_guide_carries_every_fact(rendered) -> None:
    practice, line, pdfs = rendered
    text = _text(pdfs["guide"])
    if line.definitions:  # footnote numbers follow defined terms ("symptoms1")
        text = re.sub(r"(?<=[a-z])\d+\b", "", text)
    days = line.triage.days
    facts = [practice.organization.name, line.name, line.summary]
    for level in line.triage.levels:
        facts.append(level.label.upper())
        if level.seen_within is not None:
            facts.append(f"seen within {units(level.seen_within, days)}.")
        facts += [level.route, level.action] + list(_criteria_texts(level.criteria))
        if not level.criteria:
            facts.append("No criteria are published for this category.")
    if line.triage.counted_from:
        facts.append(f"counted from {line.triage.counted_from}")
    if line.eligibility:
        who = line.eligibility
        facts += [who.ages, who.area, who.who_may_refer]
    facts += [m.item for m in line.must_include] + [m.when for m in line.must_include]
    facts += [r.item for r in line.required_records] + [r.when for r in line.required_records]
    facts += line.workup + line.not_appropriate
    for route in line.advice:
        facts += [route.label, route.how, route.url, route.notes]
        if route.respond_within_hours is not None:
            facts.append(f"reply within {reply_hours(route.respond_within_hours, days)}")
    for notice in line.notices_on(date.fromisoformat(TODAY)):
        facts.append(notice.text)
    for definition in line.definitions:
        facts += [f"{definition.term}:", definition.meaning]
    for item in line.links:
        if item.required:
            facts.append(item.title)
    how = line.how_to_refer
    facts += [p.display for p in (how.fax, how.phone, how.physician_line) if p]
    if line.contacts:
        facts.append(line.contacts[0].role)
    facts.append(f"Last reviewed {line.review.last_reviewed.strftime('%B %-d, %Y')}")
    facts.append(line.review.reviewed_by)
    for fact in facts:
        if fact:
            assert " ".join(str(fact).split()) in text, (line.slug, fact)


def test_the_guide_adds_nothing_the_yaml_lacks(rendered) -> None:
    _, line, pdfs = rendered
    text = _text(pdfs["guide"])
    assert "Mark the referral urgent" not in text
    assert "Patient seen within the target" not in text
    turnaround = line.turnaround
    if turnaround.acknowledge_within_hours is None:
        assert "acknowledged within" not in text
    if turnaround.consult_note_within_days is None:
        assert "Consult note back" not in text
    if turnaround.scheduled_within_days is None:
        assert "contacted to schedule" not in text
    if not line.triage.counted_from:
        assert "counted from" not in text
    for level in line.triage.levels:
        if level.seen_within is None:
            assert f"{level.label.upper()} — seen within" not in text


def test_the_form_offers_one_choice_per_level_and_the_must_include_checklist(rendered) -> None:
    practice, line, pdfs = rendered
    reader = PdfReader(io.BytesIO(pdfs["form"]))
    fields = reader.get_fields()
    offered = [lv for lv in line.triage.levels if not lv.emergency]
    assert set(fields["urgency"]["/_States_"]) == {export_name(lv.label) for lv in offered}
    assert len([n for n in fields if n.startswith("includes_")]) == len(line.must_include)
    assert fields["referring_id"]["/TU"] == (
        f"Referring clinician {practice.organization.referrer_id.label}"
    )
    text = _text(pdfs["form"])
    for level in line.triage.levels:
        if level.emergency:
            assert f"{level.label}: {level.action}" in text
        if level.route:
            assert " ".join(level.route.split()) in text


def test_the_demo_guide_no_longer_promises_what_the_yaml_does_not(demo_site: Path) -> None:
    text = " ".join(
        PdfReader(demo_site / "cardiology" / "referral-guide.pdf").pages[0].extract_text().split()
    )
    assert "Patient seen within the target" not in text
    assert "Mark the referral urgent" not in text
    assert "URGENT — seen within 3 business days." in text

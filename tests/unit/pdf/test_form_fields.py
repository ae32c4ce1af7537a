"""The referral form's v3 fields and the order of the fit steps (no rendering here)."""

from __future__ import annotations

import pytest
from helpers.project import FIXTURES, loaded_project
from referkit.pdf.form_fields import (
    criteria_blocks,
    includes_groups,
    patient_cells,
    referrer_id_label,
    urgency_choices,
)
from referkit.pdf.jobs import fit_steps
from referkit.pdf.render import PdfDocuments
from referkit.source.loader import load_practice
from referkit.source.model import Level, Triage
from referkit.wording import level_target


def _line(name: str):
    practice = load_practice(FIXTURES / name).practice
    return practice, practice.service_lines[0]


def test_flags_are_the_urgency_only_where_no_level_offers_one() -> None:
    _, neurology = _line("v3-safety-net")
    assert urgency_choices(neurology) == ([], ["Urgent"])
    _, endo = _line("v3-pediatric")
    levels, flags = urgency_choices(endo)
    assert [lv.label for lv in levels] == ["Urgent", "Routine"] and flags == []
    # one level without a target or route of its own is no choice: its flags are
    lone = endo.model_copy(
        update={
            "triage": Triage(
                levels=[
                    Level(label="Refer", criteria=[{"text": "Falls", "flag": "Urgent"}]),
                ]
            )
        }
    )
    assert urgency_choices(lone) == ([], ["Urgent"])
    routed = lone.model_copy(
        update={"triage": Triage(levels=[Level(label="Refer", route="Phone first.")])}
    )
    assert [lv.label for lv in urgency_choices(routed)[0]] == ["Refer"]


def test_the_forms_own_fields_keep_their_labels_and_stable_names() -> None:
    practice, gi = _line("v3-two-week-wait")
    cells = [(c.name, c.label) for c in patient_cells(gi)]
    assert cells[:2] == [("patient_name", "Patient name"), ("patient_dob", "Date of birth")]
    assert ("patient_nhs_number", "NHS number") in cells
    assert ("patient_interpreter_needed_language", "Interpreter needed (language)") in cells
    assert "patient_insurance" not in dict(cells) and "patient_phone" not in dict(cells)
    assert referrer_id_label(gi, practice.organization) == "GP practice code"
    practice, pathway = _line("v3-provincial-pathway")
    assert referrer_id_label(pathway, practice.organization) == "Practitioner ID (PRAC ID)"


def test_must_include_groups_number_their_tick_boxes_across_groups() -> None:
    _, pathway = _line("v3-provincial-pathway")
    groups = includes_groups(pathway)
    assert [g.heading for g in groups] == [
        "Patient demographics",
        "Family physician",
        "Referring provider",
        "Other information",
        "Co-morbidities (state each that applies)",
    ]
    numbers = [number for group in groups for number, _, _ in group.items]
    assert numbers == list(range(1, 23)) and len(groups[-1].items) == 14


def test_criteria_tick_boxes_cover_every_level_and_clinic_criterion() -> None:
    _, gi = _line("v3-two-week-wait")
    [block] = criteria_blocks(gi)
    assert block.heading == "Urgent suspected cancer"
    names = [row.name for row in block.rows]
    assert names == [f"criterion_{i}" for i in range(1, 9)]
    assert [row.depth for row in block.rows] == [0, 0, 0, 0, 1, 1, 1, 0]
    _, endo = _line("v3-pediatric")
    assert criteria_blocks(endo) == []  # no criteria_checkboxes


def test_a_target_phrase_replaces_seen() -> None:
    _, physio = _line("v3-physio-priority")
    levels = physio.triage.levels
    assert level_target(levels[1], "business") == (
        "first treatment (in person or by telephone) given within 2 business days"
    )
    assert level_target(levels[3], "business") == "seen within 30 business days"
    phrased = Level(label="A", seen_within=5, target_phrase="GP review offered")
    assert level_target(phrased, "calendar") == "GP review offered within 5 calendar days"


@pytest.mark.parametrize("kind", ["guide", "form"])
def test_a_job_tries_the_fit_steps_in_order_with_their_page_limits(kind: str) -> None:
    steps = fit_steps(kind)
    documents = PdfDocuments(loaded_project(FIXTURES / "v3-two-week-wait"))
    spec = next(s for s in documents.public() if s.kind == kind)
    job = documents.job(spec)
    assert job.steps == tuple((size, extra) for extra, size, _ in steps)
    assert job.pages == tuple(pages for _, _, pages in steps) and job.start == 0
    if kind == "form":  # one page at every size in both layouts (and with a shorter reason
        # box at 8 pt) before a second page
        assert job.pages.index(2) == 12 and job.pages[-1] is None
    else:
        assert set(job.pages) == {1}  # a guide is one page or it fails (RK301)

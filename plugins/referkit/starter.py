"""The commented starter YAML written by ``build.py new``; it validates as written."""

from __future__ import annotations

from datetime import date


def starter_yaml(slug: str, location_id: str | None, today: date) -> str:
    name = slug.replace("-", " ").title()
    locations = f"[{location_id}]" if location_id else "[]"
    return f"""\
# yaml-language-server: $schema=_schema/service-line.schema.json
# {name}: one service line. Every field is described in the README's YAML reference.
# Replace each placeholder with facts your intake team has confirmed.
name: {name}
summary: One sentence for referring clinicians - who you see and for what.
specialty: PrimaryCare          # a schema.org MedicalSpecialty, e.g. Cardiovascular, Dermatology
conditions: [First condition, Second condition]
services: [First service]
search_terms: []                # synonyms clinicians type into search, e.g. [afib, AF]
triage:                         # days are business days
  emergent:
    action: Send to the emergency department or call 911.
    criteria: [A red-flag presentation]
  urgent:
    seen_within_days: 5
    criteria: [A presentation that needs a prompt visit]
  routine:
    seen_within_days: 20
    criteria: [A stable presentation]
not_appropriate: []             # when NOT to refer, and what to do instead
workup: []                      # tests to do before referring
required_records:
  - {{item: Reason for referral and clinical question, required: true}}
  - {{item: Current medication list, required: true}}
how_to_refer:
  fax: "+1 608-555-0101"
  phone: "+1 608-555-0100"
  # portal: https://refer.example.org/e-referral
  # direct: intake@direct.example.org
  # physician_line: "+1 608-555-0109"
  hours: Mon–Fri 8:00–17:00
contacts:
  - {{role: Referral coordinator, phone: "+1 608-555-0100"}}
turnaround:
  acknowledge_within_hours: 8   # business hours
  consult_note_within_days: 3   # business days after the visit
locations: {locations}
providers: []                   # provider ids from _organization.yaml
review:
  last_reviewed: {today.isoformat()}
  reviewed_by: Name, credentials, role
"""

"""The commented starter YAML written by ``build.py new``.

Every value the tool cannot know is an unmistakable placeholder (``TODO: …``, or an
empty review date) that the loader rejects with "replace this placeholder", so an
untouched starter never publishes.
"""

from __future__ import annotations

from datetime import date


def starter_yaml(slug: str, location_id: str | None, today: date) -> str:
    name = slug.replace("-", " ").title()
    locations = f"[{location_id}]" if location_id else "[]"
    return f"""\
# yaml-language-server: $schema=_schema/service-line.schema.json
# {name}: one service line. Every field is described in the README's YAML reference.
# Replace every TODO with facts your intake team has confirmed. `python build.py check`
# lists each one that is left, and nothing publishes until none is.
name: {name}
summary: "TODO: one sentence for referring clinicians: who you see and for what"
specialty: TODO                 # a schema.org MedicalSpecialty, e.g. Cardiovascular, Dermatology
conditions: ["TODO: a condition you see"]
services: ["TODO: a service you offer"]
search_terms: []                # synonyms clinicians type into search, e.g. [afib, AF]
triage:                         # days are business days
  emergent:
    action: "TODO: what to do instead of referring, e.g. Send to the emergency department."
    criteria: ["TODO: a red-flag presentation"]
  urgent:
    seen_within_days: TODO      # a whole number of business days, e.g. 5
    criteria: ["TODO: a presentation that needs a prompt visit"]
  routine:
    seen_within_days: TODO      # e.g. 20
    criteria: ["TODO: a stable presentation"]
not_appropriate: []             # when NOT to refer, and what to do instead
workup: []                      # tests to do before referring
required_records:
  - {{item: Reason for referral and clinical question, required: true}}
  - {{item: Current medication list, required: true}}
how_to_refer:
  fax: "TODO: the intake fax number, with its country code"
  phone: "TODO: the intake phone number, with its country code"
  # portal: https://…             an e-referral link
  # direct: intake@direct.…       a Direct secure messaging address
  # physician_line: "+1 …"        a number for clinician-to-clinician calls
  hours: "TODO: intake hours, e.g. Mon–Fri 8:00–17:00"
contacts: []                    # e.g. - {{role: Referral coordinator, name: …, phone: "+1 …"}}
turnaround:
  acknowledge_within_hours: TODO  # business hours until intake confirms receipt, e.g. 8
  consult_note_within_days: TODO  # business days from the visit to the consult note, e.g. 3
locations: {locations}
providers: []                   # provider ids from _organization.yaml
review:
  last_reviewed:                # empty until a real review: then its date, e.g. {today.isoformat()}
  reviewed_by: "TODO: name, credentials and role of the clinician who reviewed this page"
"""

"""The commented starter YAML written by ``build.py new``.

Every value the tool cannot know is an unmistakable placeholder (``TODO: …``, or an
empty review date) that the loader rejects with "replace this placeholder", so an
untouched starter never publishes. It uses contract v2 (``triage.levels``) and asks for
no promise: ``turnaround`` is commented out, because a promise is stated only if intake
keeps it.
"""

from __future__ import annotations

from datetime import date


def starter_yaml(slug: str, location_id: str | None, today: date) -> str:
    name = slug.replace("-", " ").title()
    example = f", e.g. {location_id}" if location_id else ""
    return f"""\
# yaml-language-server: $schema=_schema/service-line.schema.json
# {name}: one service line. Every field is described in the README's YAML reference.
# Replace every TODO with facts your intake team has confirmed.
# `.venv/bin/python build.py check` lists each one that is left, and nothing publishes
# until none is. Pages and guides state only what this file says: leave out what intake
# does not publish.
name: {name}
summary: "TODO: one sentence for referring clinicians: who you see and for what"
specialty: TODO                 # a schema.org MedicalSpecialty, e.g. Cardiovascular, Dermatology
conditions: ["TODO: a condition you see"]
services: ["TODO: a service you offer"]
search_terms: []                # synonyms clinicians type into search, e.g. [afib, AF]
triage:
  days: business                # the unit of every number of days below: business or calendar
  levels:                       # most urgent first; as many as your scheme has, labelled your way
    - label: "TODO: the label of the most urgent level, e.g. Emergent"
      emergency: true           # act instead of referring; delete this level if you have none
      action: "TODO: what to do instead of referring, e.g. Send to the emergency department."
      criteria: ["TODO: a red-flag presentation"]
    - label: "TODO: the label of the next level, e.g. Urgent"
      seen_within: TODO         # a whole number of days, e.g. 5; delete if no target is published
      criteria: ["TODO: a presentation that needs a prompt visit"]
    - label: "TODO: the label of the least urgent level, e.g. Routine"
      seen_within: TODO         # e.g. 20; delete the line if no target is published
      criteria: ["TODO: a stable presentation"]
not_appropriate: []             # when NOT to refer, and what to do instead
workup: []                      # tests to do before referring
required_records:               # what intake needs; required: false shows "if available"
  - {{item: "TODO: a record intake needs with the referral", required: true}}
how_to_refer:
  fax: "TODO: the intake fax number, with its country code"
  phone: "TODO: the intake phone number, with its country code"
  # portal: https://…             an e-referral link
  # direct: intake@direct.…       a Direct secure messaging address
  # physician_line: "+1 …"        a number for clinician-to-clinician calls
  hours: "TODO: intake hours, e.g. Mon–Fri 8:00–17:00"
contacts: []                    # e.g. - {{role: Referral coordinator, name: …, phone: "+1 …"}}
# Promises are optional: state one only if intake keeps it. Each key is stated as written.
# turnaround:
#   acknowledge_within_hours: 8   # business hours until intake confirms receipt
#   scheduled_within_days: 2      # days until intake contacts the patient to schedule
#   consult_note_within_days: 3   # days from the visit until the consult note is sent back
locations: ["TODO: a location id from _organization.yaml{example}"]
providers: []                   # provider ids from _organization.yaml
review:
  last_reviewed:                # empty until a real review: then its date, e.g. {today.isoformat()}
  reviewed_by: "TODO: name, credentials and role of the clinician who reviewed this page"
"""

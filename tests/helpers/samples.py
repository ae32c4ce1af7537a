"""YAML samples more than one test module writes into a project."""

V2_LINE = """\
name: Sleep medicine
summary: Assessment of adults with suspected sleep-disordered breathing.
specialty: Pulmonary
specialty_label: Sleep medicine
eligibility:
  ages: Adults 18 and over
  area: Residents of the Harbor catchment
  who_may_refer: GPs and nurse practitioners
based_on:
  title: "Referral criteria: sleep disorders"
  publisher: Harbor Health Service
  url: http://guidance.example.org/sleep
  published: 2025-03-01
triage:
  days: calendar
  counted_from: receipt of a complete referral
  levels:
    - label: Emergency
      emergency: true
      action: Send to the emergency department.
      criteria:
        - {text: "Hypoventilation with any of:", any_of: [Hypercapnia, Somnolence]}
    - label: Category 1
      seen_within: 30
      route: Phone the on-call registrar before sending the referral.
      criteria:
        - Commercial driver with witnessed apnoeas
        - all_of:
            - Known OSA
            - none_of: [Current CPAP use, Recent sleep study]
    - label: Category 3
      seen_within: 365
      criteria: []
    - label: Advice only
must_include:
  - "Reason for request: diagnosis, management advice or second opinion"
  - {item: Current weight and BMI, when: if surgery is being considered}
required_records:
  - {item: Sleep study report, required: false, when: a study was done in the last 2 years}
how_to_refer:
  fax: "+1 608-555-0121"
advice:
  label: Advice and Guidance
  how: Request through the e-referral service
  url: https://clinic.example.org/advice
  respond_within_hours: 72
links:
  - {title: State form, url: "https://forms.example.org/sleep.pdf", kind: form, required: true}
  - {title: OSA pathway, url: "https://pathways.example.org/osa"}
definitions:
  - {term: Commercial driver, meaning: Holds a heavy-vehicle or passenger licence}
notices:
  - {text: Routine referrals currently wait about 12 weeks., from: 2026-11-01, until: 2027-01-31}
  - {text: New fax number from January.}
current_wait:
  as_of: 2026-11-20
  levels: {Category 1: 25}
  note: median of referrals seen in the last four weeks
review:
  last_reviewed: 2026-10-01
  reviewed_by: Ada Stone, MD
"""

V3_LINE = """\
name: Sleep medicine
summary: Assessment of adults with suspected sleep-disordered breathing.
specialty: Pulmonary
eligibility:
  conditions: [Only refer when the patient can attend within 14 days]
triage:
  levels:
    - label: Priority 1
      seen_within: 2
      target_phrase: Telephone assessment done
      criteria:
        - {text: Commercial driver falling asleep at the wheel, flag: Urgent}
        - text: "Known OSA and any of:"
          flag: Call first
          any_of: [{text: Hypercapnia, flag: Urgent}, Somnolence]
    - label: Priority 2
      seen_within: 30
      criteria: [Snoring with witnessed apnoeas]
clinics:
  - name: Insomnia clinic
    eligibility: Adults with insomnia for over 3 months
    lead_in: "Insomnia with one of:"
    criteria: [{text: Shift work, flag: Urgent}, Depression]
    route: Write "Insomnia clinic" on the referral.
    seen_within: 60
    target_phrase: Group session offered
must_include:
  - {group: Patient details, items: [Full name, {item: Interpreter, when: if needed}]}
  - Reason for referral
how_to_refer:
  - label: Central intake
    when: All referrals except those below
    fax: "+1 608-555-0121"
    phone: "+1 608-555-0120"
    hours: Mon–Fri 8:00–17:00
  - label: Sleep laboratory
    when: Sleep studies only
    portal_name: Regional e-referral service
    notes: Use the sleep study request.
advice:
  - how: Call the sleep physician on call
    phone: "+1 608-555-0140"
contacts:
  - {role: Dr Price's office, phone: "+1 608-555-0130", fax: "+1 608-555-0131"}
notices:
  - {text: We remind patients by SMS., audience: patients}
  - {text: Routine waits are long.}
form:
  referrer_id: {label: Provider number}
  patient_fields: [NHS number, Parent or guardian]
  referral_fields: [UBRN]
  omit: [insurance, patient_phone]
  criteria_checkboxes: true
review:
  last_reviewed: 2026-10-01
  reviewed_by: Dana Whitfield, MD
"""

"""A deterministic synthetic practice for benchmarks (same seed, same files).

Field sizes follow the demo practice: 3-6 conditions, 2-4 criteria per triage level,
4-6 required records, 2-3 providers per service line, 2 locations each.
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

SPECIALTIES = [
    "Cardiovascular",
    "Dermatology",
    "Gastroenterologic",
    "Musculoskeletal",
    "Neurologic",
    "Oncologic",
    "Pulmonary",
    "Renal",
    "Urologic",
    "Psychiatric",
    "Endocrine",
    "Rheumatologic",
    "Otolaryngologic",
    "Radiography",
]
AREAS = [
    "Heart",
    "Skin",
    "Digestive",
    "Joint",
    "Brain",
    "Cancer",
    "Lung",
    "Kidney",
    "Bladder",
    "Mind",
    "Hormone",
    "Arthritis",
    "Ear",
    "Imaging",
]
WORDS = [
    "chest",
    "pain",
    "syncope",
    "palpitations",
    "dyspnoea",
    "oedema",
    "rash",
    "lesion",
    "bleeding",
    "anaemia",
    "dysphagia",
    "reflux",
    "arthritis",
    "fracture",
    "swelling",
    "headache",
    "seizure",
    "weakness",
    "cough",
    "wheeze",
    "haematuria",
    "proteinuria",
    "fatigue",
    "weight",
    "loss",
    "fever",
    "nodule",
    "mass",
]
RECORDS = [
    "Reason for referral and clinical question",
    "Current medication list",
    "Vital signs from the last visit",
    "Recent laboratory results",
    "Relevant imaging reports",
    "Prior specialist notes",
    "Allergy list",
    "Problem list and past history",
]
FIRST = [
    "Alex",
    "Sam",
    "Jordan",
    "Taylor",
    "Morgan",
    "Casey",
    "Riley",
    "Jamie",
    "Avery",
    "Quinn",
    "Dana",
    "Robin",
    "Kai",
    "Noor",
    "Ines",
    "Tomas",
    "Mei",
    "Omar",
]
LAST = [
    "Lindqvist",
    "Okafor",
    "Nakamura",
    "Moreno",
    "Fischer",
    "Haddad",
    "Kowalski",
    "Abernathy",
    "Raman",
    "Osei",
    "Delgado",
    "Becker",
    "Shah",
    "Lee",
    "Ortiz",
    "Feld",
]


def _npi(rng: random.Random) -> str:
    while True:
        base = f"{rng.randrange(10**8, 10**9)}"
        digits = [int(d) for d in "80840" + base]
        total = 0
        for index, digit in enumerate(reversed(digits)):
            if index % 2 == 0:
                digit *= 2
                digit -= 9 if digit > 9 else 0
            total += digit
        return base + str((10 - total % 10) % 10)


def _phrase(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def _phrases(rng: random.Random, count: int, words: int) -> list[str]:
    found: list[str] = []
    while len(found) < count:
        phrase = _phrase(rng, words)
        if phrase.casefold() not in {f.casefold() for f in found}:
            found.append(phrase)
    return found


def _phone(index: int) -> str:
    return f"+1 608-555-01{index % 100:02d}"


def write_practice(
    folder: Path,
    *,
    service_lines: int,
    locations: int,
    providers: int,
    seed: int = 1,
    review_date: str = "2026-10-01",
) -> Path:
    """Write mkdocs.yml, content/ and service_lines/ for a synthetic practice."""
    rng = random.Random(seed)
    (folder / "service_lines").mkdir(parents=True, exist_ok=True)
    (folder / "content").mkdir(exist_ok=True)
    (folder / "mkdocs.yml").write_text(
        "site_name: Synthetic Health System\nsite_url: https://bench.example.org/\n"
        "docs_dir: content\ntheme:\n  name: material\n  font: false\n"
        "  features: [navigation.indexes, navigation.prune]\n"
        "plugins:\n  - search\n  - referkit\n"
    )
    (folder / "content" / "index.md").write_text(
        "# Referrals\n\nReferral criteria and contacts for every service line.\n"
    )
    location_ids = [f"site-{i:03d}" for i in range(locations)]
    org = {
        "name": "Synthetic Health System",
        "url": "https://bench.example.org/",
        "telephone": _phone(0),
        "fax": _phone(1),
        "locations": [
            {
                "id": lid,
                "name": f"Synthetic Health System — Site {i}",
                "address": {
                    "street": f"{100 + i} Main Street",
                    "city": "Lakeside",
                    "region": "WI",
                    "postal_code": f"53{i % 1000:03d}",
                    "country": "US",
                },
                "geo": {"lat": 43.0 + i / 1000, "lng": -89.4 - i / 1000},
                "telephone": _phone(10 + i),
                "fax": _phone(11 + i),
                "hours": [
                    {"days": ["Mo", "Tu", "We", "Th", "Fr"], "opens": "08:00", "closes": "17:00"}
                ],
            }
            for i, lid in enumerate(location_ids)
        ],
        "providers": [],
    }
    for i in range(providers):
        org["providers"].append(
            {
                "id": f"provider-{i:04d}",
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}",
                "credentials": rng.choice(["MD", "DO", "MD, PhD", "NP-C", "PA-C"]),
                "specialty": SPECIALTIES[i % len(SPECIALTIES)],
                "board_certifications": [f"{AREAS[i % len(AREAS)]} medicine"],
                "npi": _npi(rng),
                "locations": sorted(rng.sample(location_ids, k=min(2, locations))),
                "accepting_new_patients": rng.random() > 0.2,
                "focus": [_phrase(rng, 2), _phrase(rng, 3)],
            }
        )
    (folder / "service_lines" / "_organization.yaml").write_text(
        yaml.safe_dump(org, sort_keys=False, allow_unicode=True)
    )
    per_line = max(1, providers // max(service_lines, 1))
    for n in range(service_lines):
        area = AREAS[n % len(AREAS)]
        line_locations = sorted(rng.sample(location_ids, k=min(2, locations)))
        line_providers = [
            p["id"]
            for p in org["providers"][n * per_line : (n + 1) * per_line]
            if set(p["locations"]) & set(line_locations)
        ][:3]
        data = {
            "name": f"{area} Service {n}",
            "summary": f"Consultation for adults with {_phrase(rng, 3).lower()} and "
            f"{_phrase(rng, 2).lower()} in the {area.lower()} service {n}.",
            "specialty": SPECIALTIES[n % len(SPECIALTIES)],
            "conditions": _phrases(rng, rng.randint(3, 6), 2),
            "services": _phrases(rng, 3, 2),
            "search_terms": [rng.choice(WORDS) for _ in range(3)],
            "triage": {
                "emergent": {
                    "action": "Send to the emergency department or call 911.",
                    "criteria": [_phrase(rng, 4) for _ in range(2)],
                },
                "urgent": {
                    "seen_within_days": rng.randint(2, 5),
                    "criteria": [_phrase(rng, 4) for _ in range(rng.randint(2, 4))],
                },
                "routine": {
                    "seen_within_days": rng.randint(10, 30),
                    "criteria": [_phrase(rng, 4) for _ in range(rng.randint(2, 4))],
                },
            },
            "not_appropriate": [_phrase(rng, 6)],
            "workup": _phrases(rng, 3, 3),
            "required_records": [
                {"item": r, "required": i < 3}
                for i, r in enumerate(rng.sample(RECORDS, k=rng.randint(4, 6)))
            ],
            "how_to_refer": {
                "fax": _phone(20 + n),
                "phone": _phone(21 + n),
                "portal": "https://bench.example.org/e-referral",
                "direct": f"line{n}@direct.example.org",
                "physician_line": _phone(22 + n),
                "hours": "Mon–Fri 8:00–17:00",
            },
            "contacts": [
                {
                    "role": "Referral coordinator",
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "phone": _phone(23 + n),
                }
            ],
            "turnaround": {
                "acknowledge_within_hours": 4,
                "scheduled_within_days": 2,
                "consult_note_within_days": 3,
            },
            "locations": line_locations,
            "providers": line_providers,
            "insurance": ["Most plans require a referral on file."],
            "patient_instructions": ["Bring a list of all medicines"],
            "faq": [{"q": "Can I call first?", "a": "Yes, call the physician line."}],
            "review": {"last_reviewed": review_date, "reviewed_by": "Medical Director"},
        }
        (folder / "service_lines" / f"line-{n:04d}.yaml").write_text(
            yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        )
    return folder

"""Value types of the YAML contract: phone numbers, links, NPIs, times, ids, day counts.

Each parser turns what an editor wrote into a checked value or a validation error
with a message in the editor's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal
from urllib.parse import urlsplit

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from ... import urls
from ..languages import parse_language_tag

DEFAULT_PHONE_REGION = "US"

# schema.org MedicalSpecialty members (release 30.0); the tests check this list
# against the vocabulary so a typo here cannot reach structured data.
MEDICAL_SPECIALTIES = (
    "Anesthesia",
    "Cardiovascular",
    "CommunityHealth",
    "Dentistry",
    "Dermatology",
    "DietNutrition",
    "Emergency",
    "Endocrine",
    "Gastroenterologic",
    "Genetic",
    "Geriatric",
    "Gynecologic",
    "Hematologic",
    "Infectious",
    "LaboratoryScience",
    "Midwifery",
    "Musculoskeletal",
    "Neurologic",
    "Nursing",
    "Obstetric",
    "Oncologic",
    "Optometric",
    "Otolaryngologic",
    "Pathology",
    "Pediatric",
    "PharmacySpecialty",
    "Physiotherapy",
    "PlasticSurgery",
    "Podiatric",
    "PrimaryCare",
    "Psychiatric",
    "PublicHealth",
    "Pulmonary",
    "Radiography",
    "Renal",
    "RespiratoryTherapy",
    "Rheumatologic",
    "SpeechPathology",
    "Surgical",
    "Toxicologic",
    "Urologic",
)
Specialty = Literal[MEDICAL_SPECIALTIES]  # type: ignore[valid-type]

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DayCode = Literal["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
# NUCC Health Care Provider Taxonomy codes: three digits, six capitals or digits, then X
_NUCC = re.compile(r"^\d{3}[0-9A-Z]{6}X$")


@dataclass(frozen=True, order=True)
class Phone:
    """A checked phone number: E.164 for ``tel:`` links and one display format."""

    e164: str
    display: str

    @property
    def tel_uri(self) -> str:
        return f"tel:{self.e164}"

    def __str__(self) -> str:
        return self.display


def parse_phone(value: object) -> Phone:
    if isinstance(value, Phone):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError(
            "phone_type",
            'expected a phone number in quotes, e.g. "+1 608-555-0100", got {value}',
            {"value": repr(value)},
        )
    try:
        number = phonenumbers.parse(value, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise PydanticCustomError(
            "phone_invalid",
            'expected a valid phone number, e.g. "+1 608-555-0100", got {value}',
            {"value": repr(value)},
        )
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if number.country_code != phonenumbers.country_code_for_region(DEFAULT_PHONE_REGION):
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Phone(e164=e164, display=national)


def phone_hint(value: object) -> str:
    """What to do about a number that is not one: add the country code it lacks, or
    count the digits of the one it has (a digit dropped or doubled)."""
    text = str(value).strip()
    digits = "".join(c for c in text if c.isdigit())
    if not text.startswith("+"):
        example = 'e.g. "+1 608-555-0100"'
        if len(digits) < 10:  # too short for a number of any country but a few
            return (
                f"write the number with its country code and every digit, {example}; "
                f"this one has {len(digits)} digits"
            )
        return f"write the number with its country code, {example}"
    if digits.startswith("1"):
        national = len(digits) - 1
        if national != 10:
            return (
                f"after +1 a number has 10 digits (area code and number), this one {national}: "
                "check it against its source"
            )
        return "no number with this area code or exchange is in use: check it against its source"
    return "no number like this is in use in that country: check the digits against its source"


def parse_https_url(value: object) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "url_type", "expected an https:// link, got {value}", {"value": repr(value)}
        )
    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.netloc or " " in value.strip():
        raise PydanticCustomError(
            "url_https",
            "expected an https:// link, got {value}",
            {"value": repr(value)},
        )
    return value.strip()


def parse_web_url(value: object) -> str:
    """An absolute http:// or https:// address (a citation may point at an http site)."""
    if not isinstance(value, str):
        raise PydanticCustomError(
            "url_type", "expected a web link, got {value}", {"value": repr(value)}
        )
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or " " in value.strip():
        raise PydanticCustomError(
            "url_web",
            "expected an http:// or https:// link, got {value}",
            {"value": repr(value)},
        )
    return value.strip()


def parse_email(value: object) -> str:
    if not isinstance(value, str) or not _EMAIL.match(value.strip()):
        raise PydanticCustomError(
            "email_invalid",
            "expected an address like intake@example.org, got {value}",
            {"value": repr(value)},
        )
    return value.strip()


def npi_check_digit_ok(npi: str) -> bool:
    """The NPI check digit: Luhn over the digits with the 80840 card prefix."""
    if not re.fullmatch(r"\d{10}", npi):
        return False
    digits = [int(d) for d in "80840" + npi]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def parse_npi(value: object) -> str:
    text = str(value) if isinstance(value, int) else value
    if not isinstance(text, str) or not re.fullmatch(r"\d{10}", text):
        raise PydanticCustomError(
            "npi_format",
            "expected a 10-digit NPI in quotes, got {value}",
            {
                "value": repr(value),
                "hint": 'write the ten digits in quotes, e.g. npi: "1234567893"',
            },
        )
    if not npi_check_digit_ok(text):
        raise PydanticCustomError(
            "npi_check_digit",
            "NPI {value} fails the NPI check digit, so no clinician has it",
            {
                "value": repr(text),
                "hint": "copy the NPI from the clinician's NPPES record: a digit is wrong "
                "or two are swapped",
            },
        )
    return text


def parse_time(value: object) -> str:
    if not isinstance(value, str) or not _TIME.match(value):
        raise PydanticCustomError(
            "time_format",
            'expected a 24-hour time in quotes, e.g. "08:00", got {value}',
            {"value": repr(value)},
        )
    return value


def parse_nucc(value: object) -> str:
    """A NUCC provider taxonomy code as the code set writes it, e.g. ``207RC0000X``."""
    text = value.strip() if isinstance(value, str) else value
    if not isinstance(text, str) or not _NUCC.match(text):
        upper = text.upper() if isinstance(text, str) else ""
        raise PydanticCustomError(
            "nucc_format",
            "expected a 10-character NUCC taxonomy code such as 207RC0000X (three digits, "
            "six capital letters or digits, then X), got {value}",
            {
                "value": repr(value),
                "hint": f"write {upper}"
                if _NUCC.match(upper)
                else "copy the code from the "
                "NUCC code set or the provider's NPPES record, e.g. 207RC0000X",
            },
        )
    return text


def _one_or_many(value: object) -> object:
    """A before-validator: one value where a list is expected is read as a list of one."""
    return [value] if isinstance(value, str) else value


def _no_repeats(values: tuple[str, ...]) -> tuple[str, ...]:
    if len(set(values)) != len(values):
        repeated = next(v for v in values if values.count(v) > 1)
        raise PydanticCustomError(
            "duplicate_item", "{item} is listed twice", {"item": repr(repeated)}
        )
    return values


_STRING = {"type": "string"}
PhoneNumber = Annotated[
    Phone,
    PlainValidator(parse_phone),
    PlainSerializer(lambda phone: phone.e164, return_type=str),
    WithJsonSchema(_STRING),
]
HttpsUrl = Annotated[
    str, PlainValidator(parse_https_url), WithJsonSchema({**_STRING, "pattern": "^https://"})
]
WebUrl = Annotated[
    str, PlainValidator(parse_web_url), WithJsonSchema({**_STRING, "pattern": "^https?://"})
]
Email = Annotated[str, PlainValidator(parse_email), WithJsonSchema({**_STRING, "format": "email"})]
Npi = Annotated[str, PlainValidator(parse_npi), WithJsonSchema({**_STRING, "pattern": r"^\d{10}$"})]
Time = Annotated[
    str, PlainValidator(parse_time), WithJsonSchema({**_STRING, "pattern": "^\\d\\d:\\d\\d$"})
]
NuccCode = Annotated[
    str,
    PlainValidator(parse_nucc),
    WithJsonSchema({**_STRING, "pattern": r"^\d{3}[0-9A-Z]{6}X$", "examples": ["207RC0000X"]}),
]
NuccCodes = Annotated[
    tuple[NuccCode, ...],
    BeforeValidator(_one_or_many, json_schema_input_type=NuccCode | list[NuccCode]),
    AfterValidator(_no_repeats),
]
Text = Annotated[str, Field(min_length=1)]
# what ends a line in a text file, an editor or a vCard; a name, label or address part
# holding one would break the line it is printed on (a bare CR once ended a vCard early)
LINE_BREAKS = "\r\n\x0b\x0c\x85\u2028\u2029"


def one_line(value: str) -> str:
    """Refuse a line break inside a value that is printed on one line."""
    for char in value:
        if char in LINE_BREAKS:
            raise PydanticCustomError(
                "line_break",
                "expected one line of text, got a line break (U+{code}) in {value}",
                {
                    "code": f"{ord(char):04X}",
                    "value": repr(value if len(value) <= 60 else value[:59] + "…"),
                    "hint": "write it on one line: names, labels, titles and address parts "
                    "have no line breaks (check for a `|` block or a \\r or \\n escape)",
                },
            )
    return value


Line = Annotated[str, Field(min_length=1), AfterValidator(one_line)]  # a one-line Text
LineOrEmpty = Annotated[str, AfterValidator(one_line)]


def portable_name(value: str) -> str:
    """An id is a folder name in the site (``/locations/<id>/``, ``/for/<id>/``): one
    that every file system, zip tool and host can hold."""
    problem = urls.name_problem(value)
    if problem:
        raise PydanticCustomError(
            "portable_name", "{problem}", {"problem": problem, "hint": "choose another id"}
        )
    return value


Slug = Annotated[str, Field(pattern=SLUG_PATTERN), AfterValidator(portable_name)]
Days = Annotated[int, Field(ge=0, le=365, strict=True)]  # strict: true is not 1
LanguageTag = Annotated[
    str,
    PlainValidator(parse_language_tag),
    WithJsonSchema({**_STRING, "examples": ["es", "pt-BR"]}),
]
# v2 targets may be published in calendar days (e.g. "Category 3: 365 days");
# two years leaves room for schemes that count longer without accepting typos.
TargetDays = Annotated[int, Field(ge=0, le=730, strict=True)]
DayUnit = Literal["business", "calendar"]


class _Model(BaseModel):
    """A model of the YAML contract. A field's description is the docstring written
    under it: it is the field's hover text in editors (the JSON Schemas) and its row in
    the README's YAML reference (source/reference.py)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, use_attribute_docstrings=True
    )


def raise_item_errors(title: str, errors: list[tuple[tuple, PydanticCustomError, object]]) -> None:
    """Raise one error per (loc, error, input) below the value being validated, so a
    problem found across a list (a label missing from its second route) points at the
    item, not at the whole list; pydantic prefixes the list's own location."""
    if errors:
        raise ValidationError.from_exception_data(
            title,
            [InitErrorDetails(type=error, loc=loc, input=value) for loc, error, value in errors],
        )

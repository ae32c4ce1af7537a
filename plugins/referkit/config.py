"""The one declaration of ReferKit's options (the ``referkit`` entry in mkdocs.yml).

The command line and the MkDocs adapter both build :class:`Options` from it; nothing
here reads a file, so every wing can import it.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

MKDOCS_FILE = "mkdocs.yml"
WORK_DIR = ".referkit"


class Brand(BaseModel):
    """``brand:``: a logo (path relative to the project) and brand colours (``#rrggbb``).

    Applied to the site's header, links and buttons and handed to the PDF templates;
    colours that make text or links hard to read are refused (see branding.py).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    logo: str | None = None
    primary: str | None = None
    accent: str | None = None


class Options(BaseModel):
    """The ``referkit`` plugin options (see the README's "Plugin options")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    page_size: Literal["letter", "a4"] = "letter"
    pdf: bool = True
    max_review_age_days: int = Field(default=365, ge=1)
    review_warning_days: int = Field(default=30, ge=0)
    cache_dir: str = f"{WORK_DIR}/cache"
    compliance_phrases: tuple[str, ...] = ()
    compliance_allow: tuple[str, ...] = ()
    require_promises: bool = False  # missing turnaround promises: error instead of warning
    changes_since: str | None = None  # /changes/ lists commits after this git revision only
    max_wait_age_days: int = Field(default=31, ge=1)  # older current_wait.as_of is an error
    max_notice_age_days: int = Field(default=90, ge=1)  # older notices without until warn
    brand: Brand = Brand()
    # a service line past its review date: published with a "Review overdue since <date>"
    # notice (notice), left out of the site (withdraw), or the build fails (fail)
    overdue: Literal["notice", "withdraw", "fail"] = "notice"
    # "Report an error on this page": an e-mail address (or mailto:) or an https form URL
    feedback: str | None = None
    preview: bool = False  # noindex on every page and a robots.txt that disallows all

    @field_validator("feedback")
    @classmethod
    def _feedback_address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        address = value.removeprefix("mailto:")
        if _EMAIL.match(address) or _HTTPS_URL.match(value):
            return value
        raise ValueError(
            "feedback must be an e-mail address (referrals-web@example.org or "
            "mailto:referrals-web@example.org) or an https:// form address"
        )


_EMAIL = re.compile(r"^[^@\s/?#]+@[^@\s/?#]+\.[^@\s/?#]+$")
_HTTPS_URL = re.compile(r"^https://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$")


class UsageError(Exception):
    """The project folder itself is unusable (exit code 2), not its content."""

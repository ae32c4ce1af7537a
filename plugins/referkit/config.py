"""The one declaration of ReferKit's options (the ``referkit`` entry in mkdocs.yml).

The command line and the MkDocs adapter both build :class:`Options` from it; nothing
here reads a file, so every wing can import it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MKDOCS_FILE = "mkdocs.yml"
WORK_DIR = ".referkit"


class Brand(BaseModel):
    """``brand:``: a logo (path relative to the project) and brand colours (``#rrggbb``).

    Applied to the site's header, links and buttons and handed to the PDF templates;
    colours that make text or links hard to read are refused (see branding.py).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    logo: str | None = None
    print_logo: str | None = None  # the logo on the PDFs (white paper), when logo is light
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


class UsageError(Exception):
    """The project folder itself is unusable (exit code 2), not its content."""

"""The one declaration of ReferKit's options (the ``referkit`` entry in mkdocs.yml).

Each option is written here once, with its type, default and description (the
docstring under it). Everything else is derived: the command line and the MkDocs
adapter validate with :class:`Options`, MkDocs' config schema
(``engines/mkdocs_plugin.ReferKitConfig``) is built from it, and the README's option
table is generated from it (``python scripts/reference.py``). Nothing here reads a
file, so every wing can import it.

To add an option: add a field with its default and a docstring to :class:`Options`
(or :class:`Brand`), read it as ``project.options.<name>``, then run
``python scripts/reference.py``.
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

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    logo: str | None = None
    """An SVG, PNG, WebP or JPEG file inside the project, relative to the project folder;
    an SVG may hold drawing only (RK017)."""
    print_logo: str | None = None
    """The logo on the referral guides and forms (white paper), when `logo` is a light mark
    for the coloured header; default: `logo`."""
    primary: str | None = None
    """`#rrggbb`: header background, links, buttons and borders."""
    accent: str | None = None
    """`#rrggbb`: hovered and focused links (default: a darker primary)."""


class Options(BaseModel):
    """The ``referkit`` plugin options (see the README's "Plugin options")."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    page_size: Literal["letter", "a4"] = "letter"
    """Paper size of the referral guides and forms."""
    pdf: bool = True
    """Render each service line's referral guide and form (PDF)."""
    max_review_age_days: int = Field(default=365, ge=1)
    """A review older than this is overdue (RK401; what a build does: `overdue`)."""
    review_warning_days: int = Field(default=30, ge=0)
    """A review due this soon is a warning (RK402)."""
    cache_dir: str = f"{WORK_DIR}/cache"
    """Rendered PDFs, reused while their inputs are unchanged (relative to the project)."""
    compliance_phrases: tuple[str, ...] = ()
    """Extra phrases to refuse (RK411)."""
    compliance_allow: tuple[str, ...] = ()
    """Default phrase rules to switch off, e.g. `[leading]`."""
    require_promises: bool = False
    """`true`: a missing turnaround promise (RK432) is an error, not a warning."""
    changes_since: str | None = None
    """A git commit, tag or branch: /changes/ lists only later changes (like `build
    --since`); a value that is not a commit is an error (RK491)."""
    max_wait_age_days: int = Field(default=31, ge=1)
    """An older `current_wait.as_of` is left out of a build, an error for `check` (RK464)."""
    max_notice_age_days: int = Field(default=90, ge=1)
    """An older notice without `until` is a warning (RK462)."""
    brand: Brand = Brand()
    """The logo and colours of the site and the PDFs (see [Branding](#branding))."""
    overdue: Literal["notice", "withdraw", "fail"] = "notice"
    """A service line past its review date: `notice` publishes it marked "Review overdue
    since" the day after it was due, on its page, guide and form; `withdraw` leaves it
    out of the site; `fail` stops the build (see
    [Dated facts](#dated-facts-a-build-publishes-what-is-true-on-its-day))."""
    feedback: str | None = None
    """"Report an error on this page": an e-mail address (or `mailto:`) or an https form
    address (see [Reporting errors](#reporting-errors-feedback))."""
    preview: bool = False
    """A preview build: every page noindex, a robots.txt that disallows all (`--preview`)."""

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

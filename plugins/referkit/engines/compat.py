"""Where the MkDocs 1.x API comes from: MkDocs itself, or ProperDocs standing in for it.

ProperDocs is a continuation of MkDocs 1.x. Importing ``properdocs.replacement``
redirects every ``mkdocs.*`` import to ``properdocs.*``, so Material, the search
plugin and ReferKit's own adapter run on it unchanged. It has to happen before the
first ``mkdocs`` import in the process.
"""

from __future__ import annotations

import importlib.util
import sys

from ..config import UsageError
from ..wording import pip_install


def ensure_mkdocs_api() -> str:
    """Make ``import mkdocs`` work; return which distribution provides it."""
    loaded = sys.modules.get("mkdocs")
    if loaded is not None:
        return "properdocs" if loaded.__name__ == "properdocs" else "mkdocs"
    if importlib.util.find_spec("mkdocs") is not None:
        return "mkdocs"
    return use_properdocs()


def use_properdocs() -> str:
    """Route ``mkdocs.*`` imports to ProperDocs for the rest of this process."""
    loaded = sys.modules.get("mkdocs")
    if loaded is not None and loaded.__name__ != "properdocs":
        raise RuntimeError(
            "MkDocs was imported in this process already; run ProperDocs in a new process"
        )
    if importlib.util.find_spec("properdocs") is None:
        raise UsageError(f"neither MkDocs nor ProperDocs is installed: {pip_install('properdocs')}")
    import properdocs.replacement  # noqa: F401 - the import installs the redirection

    return "properdocs"

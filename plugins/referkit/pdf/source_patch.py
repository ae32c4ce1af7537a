"""WeasyPrint's own function with a few passages replaced (pdf/columns.py,
pdf/pseudo_styles.py).

The function's source is read from the installed WeasyPrint, each passage must be
found exactly once, and the result is compiled in the function's own module, so it
runs WeasyPrint's code but for the replaced passages. Another WeasyPrint release, whose
source differs, gets None: the caller keeps WeasyPrint's own function.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Iterable
from types import ModuleType


def original(function: Callable) -> Callable:
    """WeasyPrint's own function behind a replacement made here."""
    return getattr(function, "__wrapped_original__", function)


def patched_source(source: str, replacements: Iterable[tuple[str, str]]) -> str | None:
    """``source`` with each (old, new) passage replaced, dedented; None when an old
    passage is not found exactly once."""
    for old, new in replacements:
        if source.count(old) != 1:
            return None
        source = source.replace(old, new)
    return textwrap.dedent(source)


def patched(
    function: Callable,
    module: ModuleType,
    replacements: Iterable[tuple[str, str]],
    names: dict | None = None,
) -> Callable | None:
    """WeasyPrint's ``function`` (defined in ``module``) with the passages replaced,
    compiled among ``module``'s names and ``names``; None when its source differs."""
    own = original(function)
    source = patched_source(inspect.getsource(own), replacements)
    if source is None:
        return None
    namespace = {**vars(module), **(names or {})}
    exec(compile(source, module.__file__, "exec"), namespace)  # noqa: S102 - WeasyPrint's own code
    replacement = namespace[own.__name__]
    replacement.__wrapped_original__ = own
    return replacement

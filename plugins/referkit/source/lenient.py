"""The model as far as a file validates: what the content gate reads when a file has
errors, so that one bad value hides none of the file's other problems.

Never rendered: a project with an error publishes nothing.
"""

from __future__ import annotations

import copy
import typing

from pydantic import BaseModel, ValidationError

from .positions import Loc
from .validation import written_loc

M = typing.TypeVar("M", bound=BaseModel)


def validate_leniently(
    model: type[M], data: object, stand_ins: dict[str, object] | None = None
) -> tuple[M | None, list[Loc]]:
    """The model without the values that failed validation, and where they were.

    Only the content gate reads it, so that one bad value does not hide the gate's
    findings about the rest of the file (a file with errors never publishes). A list
    item or mapping that lacks a required field goes as a whole; a required top-level
    value that failed takes ``stand_ins[key]``, or the file is left out (None)."""
    if not isinstance(data, dict):
        return None, []
    data = copy.deepcopy(data)
    removed: list[Loc] = []
    for _ in range(8):  # each round removes at least one value; nesting is shallow
        try:
            return model.model_validate(data), removed
        except ValidationError as exc:
            doomed: set[Loc] = set()
            for error in exc.errors(include_url=False):
                loc = _existing_prefix(data, written_loc(data, tuple(error["loc"])))
                if not loc:
                    key = error["loc"][0] if error["loc"] else None
                    stand_in = (stand_ins or {}).get(key)
                    if stand_in is None or data.get(key) == stand_in:
                        return None, removed
                    data[key] = stand_in
                    removed.append((key,))
                    continue
                doomed.add(loc)
            # a value inside one that goes anyway goes with it (prefix look-ups: a file
            # with 20,000 unknown keys stays linear)
            outermost = [
                loc for loc in doomed if not any(loc[:k] in doomed for k in range(1, len(loc)))
            ]
            for loc in sorted(outermost, key=_deletion_order, reverse=True):
                _delete(data, loc)
                removed.append(loc)
    return None, removed


def _existing_prefix(data: object, loc: Loc) -> Loc:
    """The longest start of ``loc`` that names a value in ``data``."""
    found: list[str | int] = []
    for part in loc:
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not in_list and not (isinstance(data, dict) and part in data):
            break
        data = data[part]
        found.append(part)
    return tuple(found)


def _deletion_order(loc: Loc) -> tuple:
    # delete later list items first, so earlier indexes still point where they did
    return tuple((1, p) if isinstance(p, int) else (0, str(p)) for p in loc)


def _delete(data: object, loc: Loc) -> None:
    for part in loc[:-1]:
        data = data[part]  # type: ignore[index]
    del data[loc[-1]]  # type: ignore[index]

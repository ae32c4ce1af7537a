"""What builds leave next to an output folder, for tests of the atomic swap."""

from __future__ import annotations

import time
from pathlib import Path


def leftovers(out: Path, settle_s: float = 30) -> list[str]:
    """Folders builds left beside ``out`` (``.site.building-…``, ``.site.old-…``), once
    the replaced trees on their way out are gone: a detached process removes each one
    after the swap (``.site.trash-…``), off the build's critical path."""
    deadline = time.monotonic() + settle_s
    while True:
        names = sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))
        if not any(".trash-" in name for name in names) or time.monotonic() > deadline:
            return names
        time.sleep(0.1)

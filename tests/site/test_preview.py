"""The preview at the speed of a save: a real ``build.py serve`` on 127.0.0.1 (issue #23)."""

from __future__ import annotations

import re
import time
from pathlib import Path

from helpers.serving import Preview


def _set_hours(project: Path, hours: str) -> str:
    path = project / "service_lines" / "cardiology.yaml"
    text = re.sub(r"\n  hours: .*", f"\n  hours: {hours}", path.read_text(), count=1)
    path.write_text(text)
    return text


def test_two_saves_in_a_row_give_one_rebuild_each(mini: Path, tmp_path: Path) -> None:
    """An editor's save often makes several file events (here: the new bytes, then the
    same bytes again, as an editor that writes twice or a formatter on save does); each
    save is one rebuild, and a rewrite with the same bytes is none."""
    preview = Preview(mini, tmp_path / "serve.log")
    path = mini / "service_lines" / "cardiology.yaml"
    try:
        preview.wait_for("cardiology/", lambda s, b: s == 200 and "8:00–17:00" in b)
        for saves, hours in enumerate(("Mon–Fri 8:00–16:01", "Mon–Fri 8:00–16:02"), start=1):
            text = _set_hours(mini, hours)
            time.sleep(1.0)  # the first event is seen (polling every 0.5 s) and its rebuild runs
            path.write_text(text)
            preview.wait_for("cardiology/", lambda s, b, h=hours: s == 200 and h in b)
            time.sleep(2.0)  # time enough for the second event to start another rebuild
            log = preview.output()
            assert log.count("Rebuilding: ") == saves, log
            assert log.count("Building documentation") == 1 + saves, log
        assert "No watched file changed since the last rebuild" in preview.output()
    finally:
        log = preview.stop()
    assert "Traceback" not in log

"""The preview at the speed of a save: a real ``build.py serve`` on 127.0.0.1 (issue #23)."""

from __future__ import annotations

import re
import signal
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
        for saves, hours in enumerate(("8:00–16:01", "8:00–16:02"), start=1):
            text = _set_hours(mini, f"Mon–Fri {hours}")
            time.sleep(1.0)  # the first event is seen (polling every 0.1 s) and its rebuild runs
            path.write_text(text)
            # the time range as the page writes it, in one unbreakable span
            preview.wait_for("cardiology/", lambda s, b, h=hours: s == 200 and h in b)
            time.sleep(2.0)  # time enough for the second event to start another rebuild
            log = preview.output()
            assert log.count("Rebuilding: ") == saves, log
            assert log.count("Building documentation") == 1 + saves, log
        assert "No watched file changed since the last rebuild" in preview.output()
    finally:
        log = preview.stop()
    assert "Traceback" not in log


def test_the_fhir_directory_and_vcards_follow_each_save(mini: Path, tmp_path: Path) -> None:
    """A dirty preview writes the FHIR files and vCards straight into its site folder
    (MkDocs would list and copy all of them on every rebuild): each save still shows in
    them, and a file the save no longer generates is gone."""
    preview = Preview(mini, tmp_path / "serve.log")
    service = "fhir/HealthcareService/cardiology.json"
    try:
        preview.wait_for(service, lambda s, b: s == 200 and "8:00–17:00" in b)
        preview.wait_for("providers/ada-stone/contact.vcf", lambda s, b: "FN:Ada Stone" in b)
        _set_hours(mini, "Mon–Fri 8:00–16:05")
        preview.wait_for(service, lambda s, b: s == 200 and "8:00–16:05" in b)
        org = mini / "service_lines" / "_organization.yaml"
        org.write_text(org.read_text().replace("name: Ada Stone", "name: Ada Stone-Vale"))
        preview.wait_for("providers/ada-stone/contact.vcf", lambda s, b: "Stone-Vale" in b)
        line = mini / "service_lines" / "cardiology.yaml"
        line.rename(line.with_name("heart.yaml"))  # a new address: the old files must go
        preview.wait_for("fhir/HealthcareService/heart.json", lambda s, b: s == 200)
        assert preview.get(service)[0] == 404
    finally:
        log = preview.stop()
    assert "Traceback" not in log


def test_sigterm_stops_serve_as_ctrl_c_does(mini: Path, tmp_path: Path) -> None:
    """``kill`` (SIGTERM, as a service manager or a script stops a process) ends serve
    cleanly: the server shuts down and serve exits 0, instead of dying on the signal
    with its temporary site folder left behind."""
    preview = Preview(mini, tmp_path / "serve.log")
    try:
        preview.wait_for("cardiology/", lambda s, b: s == 200 and "8:00–17:00" in b)
        preview.process.send_signal(signal.SIGTERM)
        code = preview.process.wait(timeout=30)
    finally:
        log = preview.stop()
    assert code == 0, log
    assert "Shutting down" in log, log
    assert "Traceback" not in log

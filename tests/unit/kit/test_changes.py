"""What changed: a semantic diff over a scripted git history, the page and a valid Atom feed."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date
from pathlib import Path

import feedparser
import pytest
from helpers.project import REPO, build_site, git, run_build_py, soup
from pypdf import PdfReader
from referkit.source.history import load_history
from referkit.source.history_diff import diff_lines
from referkit.source.loader import load_practice

SITE = "https://clinic.example.org/"


def _edit_and_commit(repo: Path, old: str, new: str, when: str, message: str) -> None:
    path = repo / "service_lines" / "cardiology.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    git(repo, "commit", "-qam", message, when=when)


@pytest.fixture
def history_repo(mini: Path) -> Path:
    """The mini project under git with four edits: three real, one only whitespace."""
    git(mini, "init", "-q", "-b", "main")
    git(mini, "add", "-A")
    git(mini, "commit", "-qm", "Initial", when="2026-09-01T09:00:00+00:00")
    _edit_and_commit(
        mini,
        "  urgent:\n    seen_within_days: 3",
        "  urgent:\n    seen_within_days: 2",
        "2026-10-05T10:00:00+00:00",
        "Urgent target",
    )
    _edit_and_commit(
        mini,
        "  - {item: Echocardiogram report, required: false}\n",
        "  - {item: Echocardiogram report, required: false}\n"
        "  - {item: Current medication list, required: true}\n",
        "2026-10-12T10:00:00+00:00",
        "Record added",
    )
    _edit_and_commit(
        mini,
        'fax: "+1 608-555-0121"',
        'fax: "+1 608-555-0125"',
        "2026-11-02T15:30:00+00:00",
        "New fax",
    )
    # noise: reflowed list, reordered criteria keys, a comment and trailing spaces
    _edit_and_commit(
        mini,
        "conditions: [Chest pain, Atrial fibrillation]\n",
        "# conditions seen\nconditions:\n  - Chest pain   \n  - Atrial fibrillation\n",
        "2026-11-10T08:00:00+00:00",
        "Whitespace only",
    )
    _edit_and_commit(
        mini,
        "  - {item: Reason for referral and clinical question, required: true}\n"
        "  - {item: Most recent ECG tracing, required: true}\n",
        "  - {item: Most recent ECG tracing, required: true}\n"
        "  - {required: true, item: Reason for referral and clinical question}\n",
        "2026-11-11T08:00:00+00:00",
        "Reordered records",
    )
    return mini


def test_history_has_exactly_the_real_changes(history_repo: Path) -> None:
    history = load_history(history_repo)
    assert history.warning is None
    summary = [
        (cs.day.isoformat(), [(lc.slug, lc.items) for lc in cs.lines]) for cs in history.changes
    ]
    assert summary == [
        (
            "2026-11-02",
            [("cardiology", ("Referral fax: (608) 555-0121 → (608) 555-0125",))],
        ),
        (
            "2026-10-12",
            [("cardiology", ("Record added: Current medication list",))],
        ),
        (
            "2026-10-05",
            [("cardiology", ("Urgent: 3 business days → 2 business days",))],
        ),
    ]
    assert history.recent_line("cardiology", date(2026, 11, 23)) == (
        "Changed on November 2, 2026: Referral fax: (608) 555-0121 → (608) 555-0125"
    )
    assert history.recent_line("cardiology", date(2027, 3, 1)) is None  # over 90 days


def _entries(repo: Path) -> list[tuple[str, list[tuple[str, tuple[str, ...]]]]]:
    history = load_history(repo)
    assert history.warning is None
    return [
        (cs.day.isoformat(), [(lc.slug, lc.items) for lc in cs.lines]) for cs in history.changes
    ]


def test_a_merged_branch_is_one_entry_and_nothing_flip_flops(mini: Path) -> None:
    """A change made on a branch while main changed something else, the branch
    updated from main, then merged: each side's change is published once, dated
    where it reached that line of history, and no "3 → 2", "2 → 3" reversal from
    comparing commits of different branches."""
    git(mini, "init", "-q", "-b", "main")
    git(mini, "add", "-A")
    git(mini, "commit", "-qm", "Initial", when="2026-09-01T09:00:00+00:00")
    git(mini, "checkout", "-qb", "kit")
    _edit_and_commit(
        mini,
        "  urgent:\n    seen_within_days: 3",
        "  urgent:\n    seen_within_days: 2",
        "2026-10-05T10:00:00+00:00",
        "Urgent target (on the branch)",
    )
    git(mini, "checkout", "-q", "main")
    _edit_and_commit(
        mini,
        'fax: "+1 608-555-0121"',
        'fax: "+1 608-555-0125"',
        "2026-10-10T10:00:00+00:00",
        "New fax (on main)",
    )
    git(mini, "checkout", "-q", "kit")
    git(
        mini,
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge main into kit",
        "main",
        when="2026-10-15T10:00:00+00:00",
    )
    git(mini, "checkout", "-q", "main")
    git(mini, "merge", "-q", "--no-ff", "-m", "Merge kit", "kit", when="2026-10-20T10:00:00+00:00")

    urgent = ("cardiology", ("Urgent: 3 business days → 2 business days",))
    fax = ("cardiology", ("Referral fax: (608) 555-0121 → (608) 555-0125",))
    assert _entries(mini) == [("2026-10-20", [urgent]), ("2026-10-10", [fax])]

    git(mini, "checkout", "-q", "kit")  # the branch's own line: its change, then main's
    assert _entries(mini) == [("2026-10-15", [fax]), ("2026-10-05", [urgent])]


def test_since_limits_the_history(history_repo: Path) -> None:
    revision = subprocess.run(
        ["git", "-C", str(history_repo), "rev-parse", "HEAD~3"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    history = load_history(history_repo, since=revision)
    assert [cs.day.isoformat() for cs in history.changes] == ["2026-11-02"]


def test_page_feed_and_link_are_published_and_stable(history_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build_site(history_repo, out)
    assert result.returncode == 0, result.stderr
    assert "RK491" not in result.stderr
    page = soup(out / "changes" / "index.html")
    article = page.select_one("article")
    dates = [h.get_text(" ", strip=True) for h in article.select("section.rk-change-day h2")]
    assert dates == ["November 2, 2026", "October 12, 2026", "October 5, 2026"]
    items = [li.get_text(" ", strip=True) for li in article.select(".rk-change li")]
    assert items == [
        "Referral fax: (608) 555-0121 → (608) 555-0125",
        "Record added: Current medication list",
        "Urgent: 3 business days → 2 business days",
    ]
    assert article.select_one(".rk-change h3 a")["href"] == "../cardiology/"
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("Changes to")
    intro = article.select_one("p.rk-muted").get_text(" ", strip=True)
    assert "dated by the commit that changed it" in intro  # the date is the commit's
    assert "published" not in intro  # the history does not know when a change went live

    line_page = soup(out / "cardiology" / "index.html")
    changed = line_page.select_one("p.rk-changed")
    assert " ".join(changed.get_text(" ").split()) == (
        "Last changed November 2, 2026 : Referral fax: (608) 555-0121 → (608) 555-0125"
    )
    first_anchor = article.select_one(".rk-change")["id"]
    assert changed.a["href"] == f"../changes/#{first_anchor}"

    feed = feedparser.parse((out / "changes.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Harbor Test Clinic: what changed in referral requirements"
    assert feed.feed.updated == "2026-11-02T15:30:00+00:00"
    assert [e.title for e in feed.entries] == [
        "Cardiology: Referral fax: (608) 555-0121 → (608) 555-0125",
        "Cardiology: Record added: Current medication list",
        "Cardiology: Urgent: 3 business days → 2 business days",
    ]
    assert {e.link for e in feed.entries} == {f"{SITE}cardiology/"}
    assert len({e.id for e in feed.entries}) == 3
    sitemap = (out / "sitemap.xml").read_text()
    assert f"<loc>{SITE}changes/</loc><lastmod>2026-11-02</lastmod>" in sitemap

    def digest() -> str:
        files = sorted(p for p in out.rglob("*") if p.is_file() and p.suffix in {".html", ".xml"})
        return hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()

    before = digest()
    assert build_site(history_repo, out, "--no-cache").returncode == 0
    assert digest() == before


def test_outside_git_the_page_is_left_out_with_a_warning(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = build_site(mini, out)
    assert result.returncode == 0, result.stderr
    assert "RK491 warning: no git history" in result.stderr
    assert not (out / "changes").exists()
    assert not (out / "changes.xml").exists()
    assert "changes/" not in (out / "sitemap.xml").read_text()


def test_the_demo_history_has_real_entries() -> None:
    repo = REPO
    history = load_history(repo)
    if history.warning is not None:
        pytest.skip("the repository is not a git checkout with history (e.g. an export)")
    entries = {(lc.slug, item) for cs in history.changes for lc in cs.lines for item in lc.items}
    assert {
        ("dermatology", "Urgent: 5 business days → 3 business days"),
        ("orthopedics", "Referral fax: (608) 555-0143 → (608) 555-0148"),
        ("behavioral-health", "Consult note promise: 5 business days → 4 business days"),
    } <= entries


def test_build_since_a_revision_lists_only_later_changes(
    history_repo: Path, tmp_path: Path
) -> None:
    revision = subprocess.run(
        ["git", "-C", str(history_repo), "rev-parse", "HEAD~3"],  # "Record added"
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    out = tmp_path / "out"
    result = build_site(history_repo, out, "--since", revision)
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse((out / "changes.xml").read_bytes())
    assert [e.title for e in feed.entries] == [
        "Cardiology: Referral fax: (608) 555-0121 → (608) 555-0125"
    ]
    # a revision that names no commit is a usage error now (issue 24), not a warning
    bad = build_site(history_repo, tmp_path / "bad", "--since", "no-such-revision")
    assert bad.returncode == 2, bad.stderr
    assert "--since 'no-such-revision' is not a commit of this repository" in bad.stderr


def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_the_guide_prints_a_change_from_the_last_90_days(
    history_repo: Path, tmp_path: Path
) -> None:
    mkdocs = history_repo / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text().replace("pdf: false", "pdf: true"))
    changed = "Changed on November 2, 2026: Referral fax: (608) 555-0121 → (608) 555-0125"
    guide = tmp_path / "out" / "cardiology" / "referral-guide.pdf"

    def build(today: str) -> str:
        result = run_build_py(
            "build", "--project", str(history_repo), "--out", str(tmp_path / "out"),
            "--today", today,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "(2 rendered, 0 from cache)" in build("2026-11-23")
    text = _pdf_text(guide)
    assert changed in text
    assert text.count("Changed on") == 1  # the newest change only
    assert len(PdfReader(guide).pages) == 1
    # 90 days after November 2 the line goes, and the cache key sees it: only the guide
    assert "(0 rendered, 2 from cache)" in build("2027-01-31")
    assert changed in _pdf_text(guide)
    assert "(1 rendered, 1 from cache)" in build("2027-02-01")
    assert "Changed on" not in _pdf_text(guide)


CALENDAR_LINE = """\
name: Sleep clinic
summary: Sleep studies for adults.
specialty: Pulmonary
triage:
  days: calendar
  levels:
    - label: Referral
how_to_refer: {fax: "+1 608-555-0121"}
turnaround: {acknowledge_within_hours: 24}
review: {last_reviewed: 2026-10-01, reviewed_by: "Ada Stone, MD"}
"""


def test_a_promise_change_is_worded_as_the_page_words_it(mini: Path) -> None:
    """Clock hours on a calendar-day line read "48 hours", never "48 calendar hours"."""
    path = mini / "service_lines" / "sleep.yaml"
    lines = []
    for text in (CALENDAR_LINE, CALENDAR_LINE.replace(": 24}", ": 48}")):
        path.write_text(text, encoding="utf-8")
        practice = load_practice(mini).practice
        lines.append(next(s for s in practice.service_lines if s.slug == "sleep"))
    assert diff_lines(*lines) == ["Acknowledgement promise: 24 hours → 48 hours"]


def _walk_counting_loads(repo: Path, cache_dir: Path, since: str | None = None):
    """The history as a fresh process computes it, and how many commits it loaded."""
    from referkit.source import history as history_module

    history_module._history.cache_clear()  # the in-process memo, not the on-disk store
    history_module._load_at.cache_clear()
    history = load_history(repo, since=since, cache_dir=cache_dir)
    return history, history_module._load_at.cache_info().misses


def test_the_history_cache_gives_the_cold_runs_output_and_loads_only_new_commits(
    history_repo: Path, tmp_path: Path
) -> None:
    cold, cold_loads = _walk_counting_loads(history_repo, tmp_path / "cold")
    assert cold_loads == 6  # the initial commit and five edits
    assert (tmp_path / "cold" / "history" / "history.json").is_file()
    warm, warm_loads = _walk_counting_loads(history_repo, tmp_path / "cold")
    assert warm == cold  # every change set, item and date
    assert warm_loads == 0

    _edit_and_commit(
        history_repo,
        'phone: "+1 608-555-0120"',
        'phone: "+1 608-555-0126"',
        "2026-11-15T09:00:00+00:00",
        "New intake phone",
    )
    fresh, _ = _walk_counting_loads(history_repo, tmp_path / "fresh")
    incremental, loads = _walk_counting_loads(history_repo, tmp_path / "cold")
    assert incremental == fresh
    assert incremental.changes[0].lines[0].items == (
        "Intake phone: (608) 555-0120 → (608) 555-0126",
    )
    assert loads == 2  # the new commit and the one it is compared with

    # --since compares with that commit's state: cached by its id too
    first = subprocess.run(
        ["git", "-C", str(history_repo), "rev-list", "--max-parents=0", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    since_cold, _ = _walk_counting_loads(history_repo, tmp_path / "since", since=first)
    since_warm, since_loads = _walk_counting_loads(history_repo, tmp_path / "since", since=first)
    assert since_warm == since_cold and since_loads == 0
    assert len(since_cold.changes) == 4


def test_a_damaged_history_cache_is_walked_again(history_repo: Path, tmp_path: Path) -> None:
    cold, _ = _walk_counting_loads(history_repo, tmp_path)
    store = tmp_path / "history" / "history.json"
    store.write_text('{"format": 1, "diffs": ')
    again, loads = _walk_counting_loads(history_repo, tmp_path)
    assert again == cold and loads == 6
    stored = store.read_text()
    assert '"format": 1' in stored and "Urgent: 3 business days" in stored


def test_v3_changes_say_what_the_target_counts_and_name_routes_and_clinics(mini: Path) -> None:
    """A level with target_phrase is worded as the page words it (never "seen"); routes,
    clinics and their criteria and contacts' fax numbers are listed by name."""
    from helpers.contract import load_line, write_line
    from helpers.samples import V3_LINE

    edits = (
        ("      seen_within: 2\n", "      seen_within: 3\n"),
        ("  - label: Sleep laboratory\n", "  - label: Sleep lab\n"),
        ("[{text: Shift work, flag: Urgent}, Depression]", "[Depression, Night shifts]"),
        ('fax: "+1 608-555-0131"}', 'fax: "+1 608-555-0132"}'),
    )
    write_line(mini, V3_LINE)
    before = load_line(mini)
    changed = V3_LINE
    for old, new in edits:
        assert old in changed, old
        changed = changed.replace(old, new, 1)
    write_line(mini, changed)
    assert diff_lines(before, load_line(mini)) == [
        "Priority 1: telephone assessment done within 2 business days → "
        "telephone assessment done within 3 business days",
        "Route added: Sleep lab",
        "Route removed: Sleep laboratory",
        "Contact added: Dr Price's office, (608) 555-0130, fax (608) 555-0132",
        "Contact removed: Dr Price's office, (608) 555-0130, fax (608) 555-0131",
        "Insomnia clinic criterion added: Night shifts",
        "Insomnia clinic criterion removed: Shift work",
    ]


@pytest.mark.parametrize(
    ("before", "after", "items"),
    [
        # text hours made structured: printed with a leading zero, the same hours
        (
            "  hours: Mon–Fri 7:30–17:30\n",
            '  hours: [{days: [Mo, Tu, We, Th, Fr], opens: "07:30", closes: "17:30"}]\n',
            [],
        ),
        ("  hours: Mon–Fri 8:00–17:00\n", "  hours: Mon - Fri  8:00 - 17:00\n", []),
        (
            "  hours: Mon–Fri 7:30–17:30\n",
            '  hours: [{days: [Mo, Tu, We, Th, Fr], opens: "08:30", closes: "17:30"}]\n',
            ["Intake hours: Mon–Fri 7:30–17:30 → Mon–Fri 08:30–17:30"],
        ),
        (
            "  hours: Mon–Fri 8:00–17:00\n",
            "  hours: Mon–Fri 8:00–16:00\n",
            ["Intake hours: Mon–Fri 8:00–17:00 → Mon–Fri 8:00–16:00"],
        ),
    ],
)
def test_hours_written_another_way_are_not_a_change(
    mini: Path, before: str, after: str, items: list[str]
) -> None:
    path = mini / "service_lines" / "cardiology.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  hours: Mon–Fri 8:00–17:00\n" in text
    lines = []
    for hours in (before, after):
        path.write_text(text.replace("  hours: Mon–Fri 8:00–17:00\n", hours), encoding="utf-8")
        result = load_practice(mini)
        assert result.practice is not None, result.findings
        lines.append(next(s for s in result.practice.service_lines if s.slug == "cardiology"))
    assert diff_lines(*lines) == items

"""`make bench`: build speed and size at health-system scale, as figures, not assertions.

For each size (small: 50 service lines, 10 locations, 200 providers; large: 500,
50, 2,000) it generates a seeded synthetic practice and measures, as medians of
--runs runs: a cold build, a no-change rebuild and a one-service-line-changed
rebuild (wall time, PDFs re-rendered, peak RSS of the whole process tree), then
output sizes, and a plain Material for MkDocs build of the same Markdown pages
for the ratio "ReferKit pages alone / plain Material".

    python bench/run.py [--sizes small,large] [--runs 3] [--out bench/results/bench.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from synth import write_practice  # noqa: E402

SIZES = {
    "small": {"service_lines": 50, "locations": 10, "providers": 200},
    "large": {"service_lines": 500, "locations": 50, "providers": 2000},
}
TODAY = "2026-11-23"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss_bytes(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            pid, ppid = int(entry), int(fields[1])
            rss[pid] = int(fields[21]) * PAGE_SIZE
            children.setdefault(ppid, []).append(pid)
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_measured(command: list[str], cwd: Path) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run a command; return wall seconds, peak tree RSS and the result."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_bytes(process.pid))
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    done.set()
    sampler.join()
    elapsed = time.perf_counter() - started
    result = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return elapsed, peak, result


def build(project: Path, *extra: str) -> dict:
    stats_path = project / ".bench-stats.json"
    command = [
        sys.executable,
        str(REPO / "build.py"),
        "build",
        "--project",
        str(project),
        "--today",
        TODAY,
        "--quiet",
        "--stats-json",
        str(stats_path),
        *extra,
    ]
    elapsed, peak, _ = run_measured(command, project)
    stats = json.loads(stats_path.read_text())
    return {"seconds": elapsed, "peak_rss_mb": peak / 2**20, **stats}


def _median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def _set_pdf(project: Path, enabled: bool) -> None:
    config = project / "mkdocs.yml"
    text = re.sub(r"  - referkit.*\n(?:      .*\n)*", "", config.read_text())
    option = "" if enabled else ":\n      pdf: false"
    config.write_text(text + f"  - referkit{option}\n")


def output_figures(site: Path) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html" and p.name != "404.html"]
    index = site / "search" / "search_index.json"
    return {
        "output_mb": sum(p.stat().st_size for p in files) / 2**20,
        "html_pages": len(pages),
        "mean_html_kb": statistics.mean(p.stat().st_size for p in pages) / 1024,
        "search_index_kb": index.stat().st_size / 1024 if index.exists() else 0,
        "search_index_gzip_kb": len(gzip.compress(index.read_bytes(), 9)) / 1024
        if index.exists()
        else 0,
        "first_view_gzip_kb": first_view_gzip_kb(site),
    }


def first_view_gzip_kb(site: Path) -> float:
    """What a service-line page loads on first view: HTML, CSS, JS and icon.

    The search worker and index are not counted: ReferKit's theme defers them until
    someone opens search (tests/site/test_browser.py proves it in Chromium).
    """
    page = next(
        p
        for p in sorted(site.glob("*/index.html"))
        if p.parent.name not in {"locations", "providers", "search"}
    )
    html = page.read_text()
    refs = re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"]+\.(?:css|js|svg|png))"', html)
    paths = {(page.parent / ref).resolve() for ref in refs}
    total = len(gzip.compress(page.read_bytes(), 9))
    total += sum(len(gzip.compress(p.read_bytes(), 9)) for p in paths if p.is_file())
    return total / 1024


def plain_material(project: Path, runs: int) -> float:
    """Plain Material (navigation.prune, search) over the same generated Markdown pages.

    It gets the same navigation ReferKit gives MkDocs (service lines listed; location
    and provider pages reached from their index pages), so the two builds differ only
    by ReferKit's pipeline. With MkDocs' automatic navigation instead, every provider
    page would list all 2,000 providers and the plain build would be far slower.
    """
    plain = project.parent / "plain"
    shutil.rmtree(plain, ignore_errors=True)
    docs = project / ".referkit" / "docs"
    shutil.copytree(docs, plain / "docs", ignore=shutil.ignore_patterns("*.pdf", "assets"))
    lines = sorted(
        p.parent.name
        for p in docs.glob("*/index.md")
        if p.parent.name not in {"locations", "providers"}
    )
    nav = [
        "index.md",
        {"Service lines": [f"{slug}/index.md" for slug in lines]},
        "locations/index.md",
        "providers/index.md",
    ]
    config = {
        "site_name": "Plain Material",
        "site_url": "https://bench.example.org/",
        "theme": {
            "name": "material",
            "font": False,
            "features": ["navigation.indexes", "navigation.prune"],
        },
        "plugins": ["search"],
        "nav": nav,
        "not_in_nav": "/locations/*/index.md\n/providers/*/index.md\n",
    }
    (plain / "mkdocs.yml").write_text(json.dumps(config))  # JSON is valid YAML
    times = []
    for _ in range(runs):
        shutil.rmtree(plain / "site", ignore_errors=True)
        elapsed, _, _ = run_measured(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(plain / "mkdocs.yml")],
            plain,
        )
        times.append(elapsed)
    return statistics.median(times)


def bench_size(name: str, runs: int, workdir: Path, console: Console) -> dict:
    project = write_practice(workdir / name / "project", **SIZES[name])
    console.print(f"[bold]{name}[/]: {SIZES[name]}")
    cold, nochange, changed = [], [], []
    for run in range(runs):
        shutil.rmtree(project / ".referkit", ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)
        cold.append(build(project))
        console.print(f"  cold run {run + 1}: {cold[-1]['seconds']:.1f} s")
    for run in range(runs):
        nochange.append(build(project))
        console.print(f"  no-change run {run + 1}: {nochange[-1]['seconds']:.1f} s")
    target = project / "service_lines" / "line-0000.yaml"
    for run in range(runs):
        text = target.read_text()
        target.write_text(
            re.sub(r"\n  hours: .*", f"\n  hours: Mon–Fri 8:00–16:{run + 1:02d}", text, count=1)
        )
        changed.append(build(project))
        console.print(f"  one-file run {run + 1}: {changed[-1]['seconds']:.1f} s")
    figures = output_figures(project / "site")
    _set_pdf(project, enabled=False)
    pages_only = []
    for _ in range(runs):
        shutil.rmtree(project / ".referkit" / "docs", ignore_errors=True)
        pages_only.append(build(project))
    _set_pdf(project, enabled=True)
    plain = plain_material(project, runs)
    cold_s = _median(cold, "seconds")
    pdfs = cold[0]["pdfs_rendered"]
    return {
        "size": name,
        **SIZES[name],
        "runs": runs,
        "pages": cold[0]["pages"],
        "pdfs": pdfs,
        "cold_s": cold_s,
        "cold_phases_s": {
            k: statistics.median(r["phase_seconds"][k] for r in cold)
            for k in cold[0]["phase_seconds"]
        },
        "nochange_s": _median(nochange, "seconds"),
        "nochange_pct_of_cold": 100 * _median(nochange, "seconds") / cold_s,
        "nochange_pdfs_rendered": max(r["pdfs_rendered"] for r in nochange),
        "one_changed_s": _median(changed, "seconds"),
        "one_changed_pdfs_rendered": sorted({r["pdfs_rendered"] for r in changed}),
        "pages_per_s": cold[0]["pages"] / cold_s,
        "pdfs_per_s": pdfs / statistics.median(r["phase_seconds"]["pdfs"] for r in cold),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in cold + nochange + changed),
        "pages_only_s": _median(pages_only, "seconds"),
        "plain_material_s": plain,
        "ratio_pages_vs_plain": _median(pages_only, "seconds") / plain,
        **figures,
    }


def print_table(results: list[dict], console: Console) -> None:
    table = Table(title="ReferKit build benchmark (medians)", title_justify="left")
    table.add_column("figure")
    for result in results:
        table.add_column(result["size"], justify="right")
    rows = [
        (
            "service lines / locations / providers",
            lambda r: f"{r['service_lines']} / {r['locations']} / {r['providers']}",
        ),
        ("pages, PDFs", lambda r: f"{r['pages']}, {r['pdfs']}"),
        ("cold build", lambda r: f"{r['cold_s']:.1f} s"),
        (
            "  of which load+check / PDFs / generate / MkDocs",
            lambda r: " / ".join(
                f"{r['cold_phases_s'].get(k, 0):.1f}"
                for k in ("load_and_check", "pdfs", "generate", "engine")
            ),
        ),
        (
            "no-change rebuild",
            lambda r: f"{r['nochange_s']:.1f} s ({r['nochange_pct_of_cold']:.0f} %)",
        ),
        ("  PDFs re-rendered", lambda r: str(r["nochange_pdfs_rendered"])),
        ("one service line changed", lambda r: f"{r['one_changed_s']:.1f} s"),
        ("  PDFs re-rendered", lambda r: ", ".join(map(str, r["one_changed_pdfs_rendered"]))),
        ("pages per second (cold)", lambda r: f"{r['pages_per_s']:.0f}"),
        ("PDFs per second (cold)", lambda r: f"{r['pdfs_per_s']:.1f}"),
        ("peak RSS (process tree)", lambda r: f"{r['peak_rss_mb']:.0f} MB"),
        ("output total", lambda r: f"{r['output_mb']:.1f} MB"),
        ("mean HTML page", lambda r: f"{r['mean_html_kb']:.1f} KB"),
        (
            "search index (raw / gzip)",
            lambda r: f"{r['search_index_kb']:.0f} / {r['search_index_gzip_kb']:.0f} KB",
        ),
        ("first view, service line (gzip)", lambda r: f"{r['first_view_gzip_kb']:.1f} KB"),
        ("pages alone (no PDFs)", lambda r: f"{r['pages_only_s']:.1f} s"),
        ("plain Material, same pages", lambda r: f"{r['plain_material_s']:.1f} s"),
        ("ratio ReferKit / plain", lambda r: f"{r['ratio_pages_vs_plain']:.2f}"),
    ]
    for label, value in rows:
        table.add_row(label, *(value(r) for r in results))
    console.print(table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="small,large")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results" / "bench.json")
    args = parser.parse_args()
    console = Console(stderr=False)
    results = []
    with tempfile.TemporaryDirectory(prefix="referkit-bench-") as tmp:
        for name in args.sizes.split(","):
            results.append(bench_size(name.strip(), args.runs, Path(tmp), console))
    print_table(results, console)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    console.print(f"figures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: build and preview speed at health-system scale and on the demo, as
figures, not assertions.

For each practice (large: a seeded synthetic health system of 500 service lines, 50
locations, 2,000 providers; demo: this repository's own practice, cloned with its git
history; small: 50 / 10 / 200) it measures, as medians of --runs runs, wall and CPU
seconds (the whole process tree, PDF workers included) and peak memory of:

- a cold build (no docs folder, no caches, no site), with PDFs per CPU-second;
- a no-change rebuild, a one-line-edit rebuild and a criterion-edit rebuild, with the
  PDFs each re-rendered;
- the preview: seconds from saving a one-line edit until `build.py serve` shows it,
  and until the page's PDFs are ready (median of 3);
- ReferKit's pages alone (PDFs off) against plain Material for MkDocs on the same
  generated pages, interleaved run by run so the ratio holds on a shared machine.

    python bench/run.py [--practices large,demo] [--runs 3] [--cold-runs N]
                        [--no-preview] [--out bench/results/bench.json]

The machine's load average is printed with the figures: on a shared machine wall
times grow with it; CPU seconds much less. They still drift with the machine itself,
so each cold build is preceded by a fixed pure-Python workload in two processes whose
CPU seconds are printed beside it (`measure.reference_cpu_seconds`): builds measured
hours apart compare through it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import (  # noqa: E402
    REPO,
    build,
    preview_latency,
    reference_cpu_seconds,
    run_measured,
)
from synth import write_practice  # noqa: E402

SIZES = {
    "small": {"service_lines": 50, "locations": 10, "providers": 200},
    "large": {"service_lines": 500, "locations": 50, "providers": 2000},
}


def make_practice(name: str, workdir: Path) -> Path:
    if name == "demo":
        target = workdir / "demo" / "project"
        target.parent.mkdir(parents=True)
        subprocess.run(["git", "clone", "--quiet", str(REPO), str(target)], check=True)
        return target
    return write_practice(workdir / name / "project", **SIZES[name])


def first_line_file(project: Path) -> Path:
    return sorted(p for p in (project / "service_lines").glob("*.yaml") if p.name[0] != "_")[0]


class Edits:
    """The edits the benchmark makes to a practice's first service line: each one saves
    the file and returns a text the page shows afterwards."""

    def __init__(self, project: Path) -> None:
        self.path = first_line_file(project)
        self.slug = self.path.stem
        self.count = random.randrange(1000)  # an edit never writes what is there already

    def hours(self) -> str:
        """A one-line edit: the intake hours (printed on the page, guide and form); the
        time range is returned, which the page keeps whole in one unbreakable span."""
        self.count += 1
        text = self.path.read_text()
        times = f"7:{self.count % 60:02d}–16:{self.count // 60 % 60:02d}"
        new = re.sub(r"\n(\s+)hours: .*", rf"\n\1hours: Mon–Fri {times}", text, count=1)
        assert new != text, f"no hours line in {self.path}"
        self.path.write_text(new)
        return times

    def criterion(self) -> str:
        """A criterion of the second urgency level reworded (printed on the page and the
        guide; the form prints no criteria)."""
        self.count += 1
        text = self.path.read_text()
        data = yaml.safe_load(text)
        triage = data["triage"]
        level = triage["levels"][1] if "levels" in triage else triage["urgent"]
        first = level["criteria"][0]
        first = first["text"] if isinstance(first, dict) else first
        marked = f"{first} (bench {self.count})"
        self.path.write_text(text.replace(first, marked, 1))
        return marked


def _without_pdfs(project: Path) -> str:
    """Turn the plugin's PDFs off in mkdocs.yml; returns the file as it was."""
    config = project / "mkdocs.yml"
    original = config.read_text()
    text = re.sub(
        r"\n  - referkit(?::)?[ \t]*(?:\n|$)", "\n  - referkit:\n      pdf: false\n", original
    )
    if text == original:
        raise SystemExit(f"cannot find the referkit plugin in {config}")
    config.write_text(text)
    return original


def plain_material_config(project: Path) -> Path:
    """Plain Material (navigation.prune, search) over the same generated Markdown pages,
    with the navigation ReferKit gives MkDocs, so the two differ only by ReferKit."""
    plain = project.parent / "plain"
    shutil.rmtree(plain, ignore_errors=True)
    docs = project / ".referkit" / "docs"
    shutil.copytree(docs, plain / "docs", ignore=shutil.ignore_patterns("*.pdf", "assets"))
    lines = sorted(
        p.parent.name
        for p in docs.glob("*/index.md")
        if p.parent.name not in {"locations", "providers", "changes", "service-lines"}
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
        "not_in_nav": "/locations/*/index.md\n/providers/*/index.md\n/changes/*\n/for/**\n",
    }
    (plain / "mkdocs.yml").write_text(json.dumps(config))  # JSON is valid YAML
    return plain


def median(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def bench_practice(name: str, args: argparse.Namespace, workdir: Path, say) -> dict:
    project = make_practice(name, workdir)
    edits = Edits(project)
    say(f"[bold]{name}[/] ({project})")
    result: dict = {"practice": name, "load_average_start": os.getloadavg()}

    cold, reference = [], []
    for run in range(args.cold_runs):
        shutil.rmtree(project / ".referkit", ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)
        reference.append(reference_cpu_seconds())
        cold.append(build(project))
        say(
            f"  cold {run + 1}: {cold[-1]['seconds']:.1f} s, {cold[-1]['cpu_seconds']:.1f} CPU-s"
            f" (reference workload just before: {reference[-1]:.2f} CPU-s),"
            f" peak RSS {cold[-1]['peak_rss_mb']:.0f} MiB, PSS {cold[-1]['peak_pss_mb']:.0f} MiB"
        )
    nochange = [build(project) for _ in range(args.runs)]
    say(f"  no-change: {median(nochange, 'cpu_seconds'):.2f} CPU-s")
    one_edit = []
    for _ in range(args.runs):
        edits.hours()
        one_edit.append(build(project))
    say(f"  one-line edit: {median(one_edit, 'cpu_seconds'):.2f} CPU-s")
    criterion = []
    for _ in range(args.runs):
        edits.criterion()
        criterion.append(build(project))
    say(f"  criterion edit: {median(criterion, 'cpu_seconds'):.2f} CPU-s")

    preview = []
    if not args.no_preview:
        start_timeout = 3600 if name == "large" else 600
        preview = preview_latency(
            project, edits.slug, [edits.hours] * 3, workdir / f"{name}-serve.log", start_timeout
        )
        say(f"  preview: page {[round(p['page_s'], 2) for p in preview]} s")

    # pages alone against plain Material, interleaved so both see the same machine
    original_config = _without_pdfs(project)
    pages_only, plain, ratios = [], [], []
    try:
        for _ in range(args.runs):
            shutil.rmtree(project / ".referkit" / "docs", ignore_errors=True)
            shutil.rmtree(project / "site", ignore_errors=True)
            pages_only.append(build(project))
            config = plain_material_config(project)
            command = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
            plain.append(run_measured([*command, "-f", str(config / "mkdocs.yml")], config))
            ratios.append(pages_only[-1]["seconds"] / plain[-1]["seconds"])
    finally:
        (project / "mkdocs.yml").write_text(original_config)

    first = cold[0]
    pdfs_cpu = [r.get("phase_cpu_seconds", {}).get("pdfs") for r in cold]
    pdfs_cpu = [c for c in pdfs_cpu if c]
    result.update(
        {
            "pages": first["pages"],
            "pdfs": first.get("pdfs_total", first["pdfs_rendered"] + first["pdfs_cached"]),
            "cold_s": median(cold, "seconds"),
            "cold_cpu_s": median(cold, "cpu_seconds"),
            "cold_cpu_runs": [round(r["cpu_seconds"], 1) for r in cold],
            "cold_reference_cpu_s": [round(r, 2) for r in reference],
            "cold_phase_s": {
                k: statistics.median(r["phase_seconds"].get(k, 0) for r in cold)
                for k in first["phase_seconds"]
            },
            "pdfs_per_cpu_s": first["pdfs_rendered"] / statistics.median(pdfs_cpu)
            if pdfs_cpu
            else None,
            "nochange_s": median(nochange, "seconds"),
            "nochange_cpu_s": median(nochange, "cpu_seconds"),
            "nochange_pdfs_rendered": max(r["pdfs_rendered"] for r in nochange),
            "one_edit_s": median(one_edit, "seconds"),
            "one_edit_cpu_s": median(one_edit, "cpu_seconds"),
            "one_edit_pdfs_rendered": sorted({r["pdfs_rendered"] for r in one_edit}),
            "criterion_s": median(criterion, "seconds"),
            "criterion_cpu_s": median(criterion, "cpu_seconds"),
            "criterion_pdfs_rendered": sorted({r["pdfs_rendered"] for r in criterion}),
            "criterion_rendered_kinds": criterion[-1].get("pdfs_rendered_kinds"),
            "preview_page_s": statistics.median(p["page_s"] for p in preview) if preview else None,
            "preview_pdfs_s": statistics.median(p["pdfs_s"] for p in preview) if preview else None,
            "preview_runs": preview,
            "peak_rss_mb": max(r["peak_rss_mb"] for r in cold + nochange + one_edit + criterion),
            "peak_pss_mb": max(r["peak_pss_mb"] for r in cold + nochange + one_edit + criterion),
            **{
                f"peak_{kind}_runs_mb": {
                    label: [round(r[f"peak_{kind}_mb"]) for r in runs]
                    for label, runs in (
                        ("cold", cold),
                        ("nochange", nochange),
                        ("one_edit", one_edit),
                        ("criterion", criterion),
                    )
                }
                for kind in ("rss", "pss")
            },
            "pages_only_s": median(pages_only, "seconds"),
            "plain_material_s": median(plain, "seconds"),
            "ratio_pages_vs_plain": statistics.median(ratios),
            "load_average_end": os.getloadavg(),
        }
    )
    return result


def _fmt(value, pattern: str = "{:.2f}") -> str:
    return "–" if value is None else pattern.format(value)


def print_table(results: list[dict], console: Console) -> None:
    table = Table(title="ReferKit benchmark (medians)", title_justify="left")
    table.add_column("figure")
    for result in results:
        table.add_column(result["practice"], justify="right")
    rows = [
        ("pages, PDFs", lambda r: f"{r['pages']}, {r['pdfs']}"),
        ("cold build (wall / CPU)", lambda r: f"{r['cold_s']:.1f} s / {r['cold_cpu_s']:.1f} CPU-s"),
        (
            "  load+check / PDFs / generate / engine (wall)",
            lambda r: " / ".join(
                f"{r['cold_phase_s'].get(k, 0):.1f}"
                for k in ("load_and_check", "pdfs", "generate", "engine")
            ),
        ),
        (
            "  each cold build (reference workload)",
            lambda r: ", ".join(
                f"{c:.0f} ({ref:.2f})"
                for c, ref in zip(r["cold_cpu_runs"], r["cold_reference_cpu_s"], strict=True)
            ),
        ),
        ("PDFs per CPU-second (cold)", lambda r: _fmt(r["pdfs_per_cpu_s"], "{:.1f}")),
        (
            "no-change rebuild (wall / CPU)",
            lambda r: f"{r['nochange_s']:.1f} s / {r['nochange_cpu_s']:.2f} CPU-s",
        ),
        ("  PDFs re-rendered", lambda r: str(r["nochange_pdfs_rendered"])),
        (
            "one-line edit (wall / CPU)",
            lambda r: f"{r['one_edit_s']:.1f} s / {r['one_edit_cpu_s']:.2f} CPU-s",
        ),
        ("  PDFs re-rendered", lambda r: ", ".join(map(str, r["one_edit_pdfs_rendered"]))),
        (
            "criterion edit (wall / CPU)",
            lambda r: f"{r['criterion_s']:.1f} s / {r['criterion_cpu_s']:.2f} CPU-s",
        ),
        (
            "  PDFs re-rendered",
            lambda r: (
                ", ".join(map(str, r["criterion_pdfs_rendered"]))
                + (f" {r['criterion_rendered_kinds']}" if r["criterion_rendered_kinds"] else "")
            ),
        ),
        ("preview: edit visible", lambda r: _fmt(r["preview_page_s"], "{:.2f} s")),
        ("preview: PDFs ready", lambda r: _fmt(r["preview_pdfs_s"], "{:.2f} s")),
        ("peak RSS (process tree)", lambda r: f"{r['peak_rss_mb']:.0f} MiB"),
        ("peak PSS (process tree)", lambda r: f"{r['peak_pss_mb']:.0f} MiB"),
        (
            "  RSS of each cold / edit build",
            lambda r: " / ".join(
                ", ".join(map(str, r["peak_rss_runs_mb"][k])) for k in ("cold", "one_edit")
            ),
        ),
        ("pages alone (no PDFs)", lambda r: f"{r['pages_only_s']:.1f} s"),
        ("plain Material, same pages", lambda r: f"{r['plain_material_s']:.1f} s"),
        ("ratio ReferKit / plain (interleaved)", lambda r: f"{r['ratio_pages_vs_plain']:.2f}"),
        (
            "load average (start → end)",
            lambda r: f"{r['load_average_start'][0]:.1f} → {r['load_average_end'][0]:.1f}",
        ),
    ]
    for label, value in rows:
        table.add_row(label, *(value(r) for r in results))
    console.print(table)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", default="large,demo")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=None, help="default: --runs")
    parser.add_argument("--no-preview", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "bench.json")
    args = parser.parse_args()
    args.cold_runs = args.cold_runs or args.runs
    console = Console(stderr=False)
    results = []
    started = time.strftime("%Y-%m-%d %H:%M")
    with tempfile.TemporaryDirectory(prefix="referkit-bench-") as tmp:
        for name in args.practices.split(","):
            results.append(bench_practice(name.strip(), args, Path(tmp), console.print))
    print_table(results, console)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"started": started, "cpus": os.cpu_count(), "results": results}
    args.out.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n")
    console.print(f"figures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

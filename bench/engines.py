"""Build time per site engine (MkDocs, ProperDocs, Zensical) for the demo and a large practice.

Each run is a full `build.py build --engine NAME` into a fresh output folder (so the
engine always runs), with the PDF cache warm: the figures compare engines, not PDF
rendering. The large practice is bench/synth.py's "large" size with PDFs off.

    python bench/engines.py [--runs 3] [--sizes demo,large] [--out bench/results/engines.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from run import SIZES, TODAY, _set_pdf  # noqa: E402
from synth import write_practice  # noqa: E402

ENGINES = ("mkdocs", "properdocs", "zensical")


def _project(size: str, root: Path) -> Path:
    project = root / size
    if size == "demo":
        for name in ("mkdocs.yml", "service_lines", "content", "zensical.toml"):
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, project / name)
            else:
                project.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, project / name)
    else:
        write_practice(project, **SIZES[size])
        _set_pdf(project, False)
    return project


def _build(project: Path, engine: str) -> dict:
    out = project.parent / f"{project.name}-site-{engine}"
    shutil.rmtree(out, ignore_errors=True)
    stats = project.parent / "stats.json"
    command = [sys.executable, str(REPO / "build.py"), "build", "--project", str(project)]
    command += ["--out", str(out), "--engine", engine, "--today", TODAY, "--quiet"]
    command += ["--stats-json", str(stats)]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    figures = json.loads(stats.read_text())
    pages = sum(1 for p in out.rglob("*.html") if p.name != "404.html")
    return {
        "seconds": seconds,
        "engine_seconds": figures["phase_seconds"]["engine"],
        "pages": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="demo,large")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "engines.json")
    args = parser.parse_args()
    engines = [e for e in ENGINES if importlib.util.find_spec(e) is not None]
    results: dict = {"engines": {}, "sizes": {}}
    for engine in engines:
        from importlib.metadata import version

        results["engines"][engine] = version(engine)
    with tempfile.TemporaryDirectory(prefix="referkit-engines-") as tmp:
        for size in args.sizes.split(","):
            project = _project(size, Path(tmp))
            _build(project, "mkdocs")  # warm the PDF cache and the docs folder
            rows = {}
            for engine in engines:
                runs = [_build(project, engine) for _ in range(args.runs)]
                rows[engine] = {
                    "pages": runs[0]["pages"],
                    "median_build_seconds": round(statistics.median(r["seconds"] for r in runs), 2),
                    "median_engine_seconds": round(
                        statistics.median(r["engine_seconds"] for r in runs), 2
                    ),
                }
                print(size, engine, rows[engine], flush=True)
            results["sizes"][size] = rows
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    print(json.dumps(results, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()

"""`make audit`: Lighthouse (mobile defaults) on the four page types of the built site.

Serves site/ on 127.0.0.1, runs the npm `lighthouse` package against Debian's
Chromium, and prints scores plus the first-view weight of each page: every
same-origin resource it loads, gzip-compressed (the budget is 80 KB for a
service-line page). Writes the raw figures to test-artifacts/audit.json.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .browser import CHROMIUM, CHROMIUM_ARGS, serve
from .project import REPO

PAGES = {
    "home": "",
    "service line": "cardiology/",
    "location": "locations/main-campus/",
    "provider": "providers/dana-whitfield/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"


def lighthouse(url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        flags = " ".join(["--headless=new", *CHROMIUM_ARGS, f"--user-data-dir={tmp}/profile"])
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={flags}",
                "--only-categories=" + ",".join(CATEGORIES),
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            timeout=300,
        )
        return json.loads(report.read_text())


def first_view_gzip_bytes(report: dict, site: Path, base_url: str) -> int:
    """gzip size of every same-origin resource the page loaded on first view."""
    total = 0
    host = urlsplit(base_url).netloc
    for item in report["audits"]["network-requests"]["details"]["items"]:
        parts = urlsplit(item["url"])
        if parts.netloc != host:
            continue
        path = site / parts.path.lstrip("/")
        if path.is_dir() or parts.path.endswith("/"):
            path = path / "index.html"
        if path.is_file():
            total += len(gzip.compress(path.read_bytes(), compresslevel=9))
    return total


def audit(site: Path) -> list[dict]:
    rows = []
    with serve(site) as base_url:
        for name, path in PAGES.items():
            report = lighthouse(base_url + path)
            scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
            failed = [
                a
                for a, v in report["audits"].items()
                if v.get("score") is not None
                and v["score"] < 1
                and v.get("scoreDisplayMode") == "binary"
            ]
            rows.append(
                {
                    "page": name,
                    "url": path or "/",
                    **scores,
                    "first_view_gzip_kb": round(
                        first_view_gzip_bytes(report, site, base_url) / 1024, 1
                    ),
                    "failed_audits": sorted(failed),
                }
            )
    return rows


def main() -> int:
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "site"
    if not (site / "index.html").is_file():
        print(f"{site} has no built site; run make site first", file=sys.stderr)
        return 2
    rows = audit(site)
    header = f"{'page':<14}{'perf':>6}{'a11y':>6}{'bp':>6}{'seo':>6}{'first view (gzip)':>20}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['page']:<14}{row['performance']:>6}{row['accessibility']:>6}"
            f"{row['best-practices']:>6}{row['seo']:>6}{row['first_view_gzip_kb']:>17} KB"
        )
    out = REPO / "test-artifacts" / "audit.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

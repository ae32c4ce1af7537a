"""Real Chromium (Debian's, never a downloaded one) driving the built site on 127.0.0.1."""

from __future__ import annotations

import functools
import gzip
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    """A static host as sites are deployed: gzip for text, quiet logs."""

    _COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (
            wants_gzip
            and path.is_file()
            and path.suffix in self._COMPRESSIBLE
            and not self.path.split("?")[0].endswith(("/..", "/."))
        ):
            return super().do_GET()
        if (
            not self.path.split("?")[0].endswith("/")
            and path.name == "index.html"
            and not self.path.split("?")[0].endswith("index.html")
        ):
            return super().do_GET()  # let the stdlib redirect /dir to /dir/
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Measures what a phone user sees: the document's scroll width, every visible element's
# right edge, content cut off by an ancestor's overflow: hidden/clip, and captions
# squeezed narrower than their tables. Emulated phones zoom a too-wide page out (so
# innerWidth grows with it); everything is compared with the width the test set.
LAYOUT_PROBLEMS_JS = """
(width) => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > width) problems.push(`document scrollWidth ${root.scrollWidth}`);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ?
      '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const hiddenByStyle = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const s = getComputedStyle(node);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return true;
      // visually hidden for screen readers only (1px clip)
      if (s.position === 'absolute' && node.getBoundingClientRect().width <= 1) return true;
    }
    return false;
  };
  const clippers = (el) => {
    const found = [];
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const s = getComputedStyle(node);
      if (['hidden', 'clip'].includes(s.overflowX)) found.push(node);
    }
    return found;
  };
  // inside a scroll container (a wide table), an element may extend past the screen:
  // the container scrolls, the page does not; the container itself is measured
  const inScroller = (el) => {
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || hiddenByStyle(el)) continue;
    if (rect.right > width + 0.5 && !inScroller(el)) {
      problems.push(`${name(el)} right edge ${Math.round(rect.right)}`);
    }
    if (el.closest('.md-content') && el.children.length === 0) {
      for (const clip of clippers(el)) {
        if (!clip.closest('.md-content')) continue;
        const box = clip.getBoundingClientRect();
        if (rect.right > box.right + 0.5 || rect.left < box.left - 0.5) {
          problems.push(`${name(el)} cut off by ${name(clip)}`);
        }
      }
    }
  }
  for (const caption of document.querySelectorAll('.md-content caption')) {
    const table = caption.closest('table');
    const ratio = caption.getBoundingClientRect().width / table.getBoundingClientRect().width;
    if (ratio < 0.6) problems.push(`caption ${Math.round(ratio * 100)}% of its table`);
  }
  return problems;
}
"""

# Every phone-number-shaped run of text on the page (its own pattern, not nowrap.py's)
# and every .rk-nowrap and tel: link, measured as the user sees them: a number whose
# client rects lie on more than one line has been broken. Returns [problems, count].
BROKEN_NUMBERS_JS = """
(width) => {
  const number = /(?:\\+\\d{1,3}[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\d{3}[\\s.-])?\\d{3}[.-]\\d{4}/g;
  const lines = (rects) => {
    const boxes = [...rects].filter((r) => r.width > 0 && r.height > 0)
      .sort((a, b) => a.top - b.top);
    let count = 0, bottom = -Infinity;
    for (const r of boxes) {
      if (r.top >= bottom - 2) { count += 1; bottom = r.bottom; }
      else bottom = Math.max(bottom, r.bottom);
    }
    return count;
  };
  const problems = [];
  let measured = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('script, style, template, head')) continue;
    for (const match of node.data.matchAll(number)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const count = lines(range.getClientRects());
      if (count === 0) continue;  // not rendered (hidden, or another media)
      measured += 1;
      if (count > 1) problems.push(`"${match[0]}" on ${count} lines in ` +
        `${node.parentElement.tagName.toLowerCase()}.${node.parentElement.className}`);
    }
  }
  for (const el of document.querySelectorAll('.rk-nowrap, a[href^="tel:"]')) {
    const count = lines(el.getClientRects());
    const what = `${el.tagName.toLowerCase()} "${el.textContent}"`;
    if (count > 1) problems.push(`${what} on ${count} lines`);
  }
  return [problems, measured];
}
"""


def phone_page(browser, width: int = 390, height: int = 844):
    """A new page in a phone-like context (2x pixels, touch) of ``browser``."""
    context = browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    return context.new_page()

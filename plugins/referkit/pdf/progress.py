"""How far a long PDF phase is, where the user can see it (issue #24, item 6)."""

from __future__ import annotations

import sys
import time

from .jobs import POOL_THRESHOLD


class Progress:
    """How far the PDFs are: a bar on a terminal (for 20 or more); plain lines
    (done/total, rate, time left) every 10 seconds and at the end where output goes to a
    file or a CI log, so a long build is never silent there."""

    EVERY_S = 10.0

    def __init__(self, total: int) -> None:
        self.total, self.done = total, 0
        self.started = self._last = time.monotonic()
        self._bar = None
        self._lines = total >= POOL_THRESHOLD and not sys.stderr.isatty()
        if total >= 20 and sys.stderr.isatty():
            from rich.progress import Progress as Bar

            self._bar = Bar(transient=True)
            self._bar.start()
            self._task = self._bar.add_task("Rendering PDFs", total=total)

    def advance(self) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.advance(self._task)
        elif self._lines:
            now = time.monotonic()
            if now - self._last >= self.EVERY_S or self.done == self.total:
                self._last = now
                print(self.line(now - self.started), file=sys.stderr, flush=True)

    def line(self, elapsed_s: float) -> str:
        rate = self.done / elapsed_s if elapsed_s > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        percent = 100 * self.done // max(self.total, 1)
        return (
            f"PDFs: {self.done}/{self.total} ({percent} %), {rate:.1f} per second, "
            f"{_duration(left)} left"
        )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"

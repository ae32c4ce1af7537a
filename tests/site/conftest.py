"""Fixtures the browser tests share: one Chromium per test module (Debian's, never a
downloaded one) and the demo site served on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.browser import CHROMIUM, CHROMIUM_ARGS, serve


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site_url(demo_site: Path):
    with serve(demo_site) as url:
        yield url

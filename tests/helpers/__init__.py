"""Helpers shared by the tests (and `make audit`): builds, a static server, Chromium."""

"""Real Chromium (Debian's package) driven through Playwright."""

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread, and Django keeps its
    # connections per context: close them on both sides, or one stays open and the test
    # database cannot be dropped.
    connections.close_all()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture(scope="module")
def session_browser():
    """One Chromium for a whole module, for the checks that walk every page. Not for the whole
    session: while Playwright's sync API is open its event loop runs in this thread, and later
    tests that start one of their own (``browser``, the queue's worker) would fail."""
    connections.close_all()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    connections.close_all()

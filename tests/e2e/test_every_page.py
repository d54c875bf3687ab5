"""Every page the permission matrix opens, in real Chromium: accessible, fits the screen.

The page list comes from the matrix (``tests/ui/pages.py``), so new pages are checked
as soon as they are in it. One browser for the session, one context per persona.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from playwright.sync_api import Error as PlaywrightError

from tests.ui.pages import CHECKED_PERSONAS, pages_for

WIDTHS = (1366, 390)
A4_WIDTH = 794  # CSS pixels of an A4 page
SERIOUS = {"serious", "critical"}


@pytest.fixture
def contexts(session_browser, live_server, session_cookie, world):
    """``contexts(persona)`` → a page logged in as the persona (anonymous: no cookie), reused."""
    opened = {}

    def _page(persona):
        if persona not in opened:
            context = session_browser.new_context(viewport={"width": 1366, "height": 900})
            user = world.users[persona]
            if user is not None:
                context.add_cookies([session_cookie(user, live_server.url)])
            opened[persona] = context.new_page()
        return opened[persona]

    yield _page
    for page in opened.values():
        page.context.close()
    connections.close_all()


def html_pages(page, persona, world, live_server):
    """Yield each matrix page of ``persona`` loaded in ``page``; downloads and answers that are
    not HTML (the health check's text, the API's JSON through a session) are skipped."""
    for path in pages_for(persona, world):
        try:
            response = page.goto(live_server.url + path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue
            raise
        if response is not None and not response.headers.get("content-type", "").startswith("text/html"):
            continue
        yield path


@pytest.mark.browser
def test_no_matrix_page_has_a_serious_or_critical_accessibility_violation(
    transactional_db, live_server, world, contexts
):
    axe = Axe()
    found = []
    for persona in ("anonymous", *CHECKED_PERSONAS):
        page = contexts(persona)
        for path in html_pages(page, persona, world, live_server):
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in SERIOUS:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    found.append(f"{persona} {path}: {violation['id']} ({violation['impact']}) {targets}")
    assert not found, "\n".join(found)


@pytest.mark.browser
def test_header_never_wraps_no_page_is_wider_than_the_screen_and_print_has_no_menu_or_cut_table(
    transactional_db, live_server, world, contexts
):
    found = []
    for persona in ("anonymous", *CHECKED_PERSONAS):
        page = contexts(persona)
        for path in html_pages(page, persona, world, live_server):
            for width in WIDTHS:  # the same page laid out again at each width, no reload
                page.set_viewport_size({"width": width, "height": 900})
                problem = page.evaluate(LAYOUT_PROBLEM)
                if problem:
                    found.append(f"{persona} {width}px {path}: {problem}")
            page.emulate_media(media="print")
            page.set_viewport_size({"width": A4_WIDTH, "height": 1123})
            problem = page.evaluate(PRINT_PROBLEM)
            if problem:
                found.append(f"{persona} print {path}: {problem}")
            page.emulate_media(media="screen")
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    assert not found, "\n".join(found)


# The document is as wide as the viewport; the header and the menu bar each sit on one line
# (every child's box starts on the first child's row) and nothing in them sticks out.
LAYOUT_PROBLEM = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) problems.push(`document ${doc.scrollWidth}px wide`);
  for (const selector of ['.govuk-header__container', '.govuk-service-navigation__container']) {
    const bar = document.querySelector(selector);
    if (!bar) continue;
    const kids = [...bar.children].filter(k => k.offsetParent !== null && k.getBoundingClientRect().height);
    const tops = kids.map(k => Math.round(k.getBoundingClientRect().top));
    if (tops.length && Math.max(...tops) - Math.min(...tops) > 8) problems.push(`${selector} wraps`);
    if (bar.scrollWidth > bar.clientWidth + 1) problems.push(`${selector} overflows`);
    const list = bar.querySelector('.govuk-service-navigation__list');
    if (list && getComputedStyle(list).display !== 'none') {
      const shown = [...list.children].filter(li => li.offsetParent !== null);
      const items = shown.map(li => Math.round(li.getBoundingClientRect().top));
      if (items.length && Math.max(...items) - Math.min(...items) > 8 && window.innerWidth > 640)
        problems.push('menu wraps');
    }
  }
  return problems.join('; ');
}"""


# Printed: no header, menu or form shows, and no table is wider than the page.
PRINT_PROBLEM = """() => {
  const problems = [];
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  for (const selector of ['.govuk-header', '.govuk-service-navigation', 'main form', '.filters']) {
    if ([...document.querySelectorAll(selector)].some(shown)) problems.push(`${selector} printed`);
  }
  for (const table of document.querySelectorAll('main table')) {
    const right = table.getBoundingClientRect().right;
    if (right > window.innerWidth + 1 || table.scrollWidth > table.clientWidth + 1)
      problems.push('table cut');
  }
  if (document.documentElement.scrollWidth > window.innerWidth) problems.push('page wider than paper');
  return [...new Set(problems)].join('; ');
}"""

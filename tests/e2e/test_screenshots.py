"""Screenshots of the main pages at 1366 and 390 px in English and Ukrainian, for people to look at.

Written to ``var/screenshots/`` (git-ignored) by every test run, one browser for all of them.
"""

import pytest
from django.conf import settings
from django.db import connections

SHOTS = settings.BASE_DIR / "var" / "screenshots"
PAGES = {  # name: (persona, path)
    "dashboard-officer": ("officer_a", lambda w: "/"),
    "dashboard-reviewer": ("reviewer", lambda w: "/"),
    "report": ("officer_a", lambda w: f"/reports/partner/{w.report_a.pk}/"),
    "review-queue": ("reviewer", lambda w: "/reports/review/"),
    "figures": ("analyst", lambda w: "/exports/figures/"),
    "activity": ("reviewer", lambda w: "/reports/activity/"),
}


@pytest.mark.browser
def test_screenshots_of_the_main_pages_in_both_languages_and_widths(
    transactional_db, live_server, world, session_browser, session_cookie
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    written = []
    for language in ("en", "uk"):
        for persona in dict.fromkeys(persona for persona, _ in PAGES.values()):
            context = session_browser.new_context(viewport={"width": 1366, "height": 900})
            context.add_cookies(
                [
                    session_cookie(world.users[persona], live_server.url),
                    {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
                ]
            )
            page = context.new_page()
            for name, (owner, path) in PAGES.items():
                if owner != persona:
                    continue
                page.goto(live_server.url + path(world))
                for width in (1366, 390):
                    page.set_viewport_size({"width": width, "height": 900})
                    target = SHOTS / f"{name}-{width}-{language}.png"
                    page.screenshot(path=target, full_page=True)
                    written.append(target)
                page.set_viewport_size({"width": 1366, "height": 900})
            context.close()
    connections.close_all()
    assert len(written) == len(PAGES) * 4 and all(shot.stat().st_size > 10_000 for shot in written)

"""The briefing's print page in Chromium: on screen (1366 and 390 px) the page around the briefing
is in the reader's language and the briefing in the one asked for; printed, only the briefing,
the handling marking on every sheet.

Screenshots and the printed sheets go to ``var/screenshots/`` (git-ignored) to look at.
"""

import io
import re

import pypdf
import pypdfium2
import pytest
from django.conf import settings
from django.db import connections
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from coalitions.models import Capability, Coalition, Country
from tests.planning.world import planning
from tests.ventures.world import add_ventures

SHOTS = settings.BASE_DIR / "var" / "screenshots"
MARKING = "OFFICIAL – SENSITIVE"
RANGE = "period_from=2026-Q3&period_to=2027-Q1"
UKRAINIAN = {
    "Belgium": "Бельгія",
    "Sweden": "Швеція",
    "Latvia": "Латвія",
    "Artillery": "Коаліція артилерійських спроможностей",
    "Drones": "Коаліція дронів",
    "155 mm shell": "Снаряд 155 мм",
    "FPV drone": "FPV-дрон",
}
CHROME = (  # texts of the page around the briefing: header, menus, note, footer
    "Log out",
    "Skip to main content",
    "Reporting and review of the capability coalitions' commitments and deliveries to Ukraine.",
    "The same figures on the figures page",
)


def squeezed(value):
    return re.sub(r"\s+", "", value)


@pytest.mark.browser
@override_settings(BRIEFING_MARKING=MARKING)
def test_print_page_on_screen_and_on_paper(transactional_db, live_server, world, browser, session_cookie):
    add_ventures(planning(world))
    for model in (Country, Coalition, Capability):
        for row in model.objects.all():
            english = row.name_en or row.name_uk
            row.name_en, row.name_uk = english, UKRAINIAN[english]
            row.save(update_fields=["name_en", "name_uk"])
    SHOTS.mkdir(parents=True, exist_ok=True)
    for interface, asked in (("uk", "en"), ("en", "uk")):
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        context.add_cookies(
            [
                session_cookie(world.users["analyst"], live_server.url),
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": interface, "url": live_server.url},
            ]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/briefings/print/?coalition=artillery&language={asked}&{RANGE}")
        assert page.locator("html").get_attribute("lang") == interface
        assert page.locator(".briefing-page").get_attribute("lang") == asked
        with translation.override(interface):
            chrome = [gettext(text) for text in CHROME]
        on_screen = page.locator("body").inner_text()
        assert [text for text in chrome if squeezed(text) not in squeezed(on_screen)] == []
        for width in (1366, 390):
            page.set_viewport_size({"width": width, "height": 900})
            # nothing wider than the screen: wide tables scroll inside the page
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=SHOTS / f"briefing-print-{width}-{interface}-ui-{asked}.png", full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})
        printed = page.pdf(format="A4")
        sheets = [sheet.extract_text() for sheet in pypdf.PdfReader(io.BytesIO(printed)).pages]
        on_paper = squeezed("\n".join(sheets))
        assert [text for text in chrome if squeezed(text) in on_paper] == []  # the briefing only
        with translation.override(asked):
            assert squeezed(gettext("Headline figures per unit")) in on_paper
            assert squeezed(gettext("Open data checks")) in on_paper
        assert len(sheets) > 3
        assert [n for n, sheet in enumerate(sheets, 1) if MARKING not in sheet] == []
        document = pypdfium2.PdfDocument(printed)
        for number in range(len(document)):
            document[number].render(scale=1.2).to_pil().save(
                SHOTS / f"briefing-printed-{interface}-ui-{asked}-{number + 1}.png"
            )
        document.close()
        context.close()
    connections.close_all()

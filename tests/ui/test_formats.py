"""One number and one date style per language; numbers in URLs and form values stay plain digits."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coalitions.models import Unit, quantity_with_unit
from tests.ui.pages import CHECKED_PERSONAS, is_html, pages_for
from tests.ui.text import visible_text
from tests.world import log_in

GROUPED = re.compile(r"\d[,\u00a0]\d{3}")
MACHINE_ATTRIBUTES = re.compile(
    r'(?:href|action|id|for|formaction)="([^"]*)"|<input[^>]*type="(?:number|hidden)"[^>]*value="([^"]*)"'
)


@pytest.mark.parametrize("persona", CHECKED_PERSONAS)
def test_no_url_or_form_value_has_a_thousand_separator(persona, world, client):
    log_in(client, world.users[persona])
    found = []
    for language in ("en", "uk"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        for path in pages_for(persona, world):
            response = client.get(path)
            if not is_html(response):
                continue
            for match in MACHINE_ATTRIBUTES.finditer(response.content.decode()):
                value = match.group(1) or match.group(2) or ""
                if GROUPED.search(value):
                    found.append(f"{language} {path}: {match.group()}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("language", "quantity", "due"), [("en", "111,111", "15 Jan 2027"), ("uk", "111 111", "15.01.2027")]
)
def test_numbers_are_grouped_and_dates_have_one_style(language, quantity, due, world, client):
    # (visible_text collapses the Ukrainian no-break space between thousands to a space)
    log_in(client, world.users["officer_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    commitment = visible_text(
        client.get(reverse("coalitions:commitment_detail", args=[world.commitment_a.pk])).content.decode()
    )
    report = visible_text(client.get(f"/reports/partner/{world.report_a.pk}/").content.decode())

    assert any(quantity in text for text in commitment)
    assert not any("111111" in text for text in commitment + report)
    assert any(text == due for text in report)


@pytest.mark.parametrize(
    ("language", "quantity", "expected"),
    [
        ("en", 1, "1 system"),
        ("en", 1200, "1,200 systems"),
        ("uk", 1, "1 система"),
        ("uk", 3, "3 системи"),
        ("uk", 1200, "1\u00a0200 систем"),
    ],
)
def test_a_quantity_with_its_unit_has_the_plural_form_the_number_needs(language, quantity, expected):
    with translation.override(language):
        assert quantity_with_unit(quantity, Unit.SYSTEMS) == expected

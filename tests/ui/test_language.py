"""Every page of the matrix in Ukrainian: no English reference-data name, no untranslated UI string.

The UI strings are the project's own (the msgids of ``locale/uk``); a msgid that reaches a
Ukrainian page as a text node of its own (with its placeholders filled) was not translated.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from coalitions.models import Capability, Coalition, Country
from tests.ui.pages import CHECKED_PERSONAS, is_html, pages_for
from tests.ui.text import visible_text
from tests.world import log_in

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "uk" / "LC_MESSAGES" / "django.po"
# Shown in their own language on purpose (the language switch), or the same in Ukrainian.
SAME_IN_BOTH = {"English"}

UKRAINIAN = {
    "Belgium": "Бельгія",
    "Sweden": "Швеція",
    "Latvia": "Латвія",
    "Artillery": "Коаліція артилерійських спроможностей",
    "Drones": "Коаліція дронів",
    "155 mm shell": "Снаряд 155 мм",
    "FPV drone": "FPV-дрон",
}
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[sd]|\{[^}]*\}")


def ui_patterns():
    patterns = []
    for entry in polib.pofile(str(CATALOGUE)):
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            if msgid in SAME_IN_BOTH or entry.msgstr == msgid or not re.search("[A-Za-z]{2}", msgid):
                continue
            parts = [re.escape(part) for part in PLACEHOLDER.split(" ".join(msgid.split()))]
            patterns.append(re.compile(".+?".join(parts)))
    return patterns


@pytest.fixture
def ukrainian_world(world):
    for model in (Country, Coalition, Capability):
        for row in model.objects.all():
            english = row.name_en or row.name_uk  # made under whichever language was active
            row.name_en, row.name_uk = english, UKRAINIAN[english]
            row.save(update_fields=["name_en", "name_uk"])
    return world


def english_names():
    names = set()
    for model in (Country, Coalition, Capability):
        for en, uk in model.objects.values_list("name_en", "name_uk"):
            if uk and uk != en:
                names.add(en)
    return names


@pytest.mark.parametrize("persona", ("anonymous", *CHECKED_PERSONAS))
def test_every_page_in_ukrainian_has_no_english_names_or_ui_strings(persona, ukrainian_world, client):
    patterns, names = ui_patterns(), english_names()
    log_in(client, ukrainian_world.users[persona])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    found = []
    for path in pages_for(persona, ukrainian_world):
        response = client.get(path)
        if not is_html(response):
            continue
        # content marked lang="en" is English on purpose (a briefing asked for in English): the
        # page around it is still checked
        for text in visible_text(response.content.decode(), skip_lang="en"):
            english = [n for n in names if n in text] + [p.pattern for p in patterns if p.fullmatch(text)]
            if english:
                found.append(f"{path}: {text!r} ({english[0]})")
    assert not found, "\n".join(sorted(set(found)))

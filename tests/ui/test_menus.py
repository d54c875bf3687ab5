"""Nobody sees a menu item they cannot use: every link of each persona's menu opens for them."""

import re

import pytest
from django.urls import reverse

from tests.world import PERSONAS, log_in

SIGNED_IN = [p for p in PERSONAS if p not in ("anonymous", "deactivated")]


def menu_links(html):
    start = html.index('class="govuk-service-navigation')
    menu = html[start : html.index("</section>", start)]
    return sorted(set(re.findall(r'<a [^>]*href="(/[^"]*)"', menu)))


@pytest.mark.parametrize("persona", SIGNED_IN)
def test_every_menu_link_opens_for_the_user_who_sees_it(persona, world, client):
    log_in(client, world.users[persona])
    links = menu_links(client.get(reverse("dashboard")).content.decode())

    refused = {url: client.get(url, follow=True).status_code for url in links}
    assert links and {url: status for url, status in refused.items() if status != 200} == {}


def test_read_only_users_see_no_import_and_no_review_queue(world, client):
    for persona in ("viewer_a", "observer"):
        log_in(client, world.users[persona])
        links = menu_links(client.get(reverse("dashboard")).content.decode())
        assert reverse("imports:index") not in links and reverse("review_queue") not in links, persona

"""Setting up the second factor: the portal's name in the authenticator, a one-time-code field,
backup codes at the end, and nothing else of the portal until it is done."""

import re

from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from tests.world import log_in


def generator_step(client):
    client.get(reverse("two_factor:setup"))
    return client.post(reverse("two_factor:setup"), {"setup_view-current_step": "welcome"}).content.decode()


@override_settings(TWO_FACTOR_ISSUER="Coalitions Test Portal")
def test_the_authenticator_shows_the_portals_name(world, client):
    log_in(client, world.users["officer_a"])
    html = generator_step(client)

    assert "issuer=Coalitions+Test+Portal" in html.replace("&amp;", "&")
    assert "otpauth://totp/Coalitions%20Test%20Portal%3A%20officer-a" in html


def test_the_code_field_is_a_one_time_code_text_field(world, client):
    log_in(client, world.users["officer_a"])
    field = re.search(r'<input[^>]*name="generator-token"[^>]*>', generator_step(client)).group()

    assert 'type="text"' in field
    assert 'autocomplete="one-time-code"' in field and 'inputmode="numeric"' in field


def test_until_setup_is_done_the_page_shows_no_menu(world, client):
    log_in(client, world.users["officer_a"])
    html = generator_step(client)

    assert "govuk-service-navigation__list" not in html
    assert reverse("coalitions:commitment_list") not in html
    assert "Log out" in html


def test_setup_ends_by_offering_backup_codes(world, client):
    log_in(client, world.users["analyst"])  # verified, as right after setup
    html = client.get(reverse("two_factor:setup_complete")).content.decode()
    assert f'action="{reverse("two_factor:backup_tokens")}"' in html

    client.post(reverse("two_factor:backup_tokens"))

    device = StaticDevice.objects.get(user=world.users["analyst"])
    assert device.token_set.count() == 10

"""The two-step login in a real browser: password, then the TOTP code; the CSP holds."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD


@pytest.fixture
def page(browser):
    page = browser.new_page()
    errors = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and errors.append(message.text),
    )
    page.csp_violations = errors
    return page


@pytest.mark.browser
def test_analyst_logs_in_with_password_and_totp_code(live_server, transactional_db, page):
    from tests.world import build_world

    world = build_world()
    device = TOTPDevice.objects.create(user=world.users["analyst"], name="default", confirmed=True)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_auth-username", "analyst")
    page.fill("#id_auth-password", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.fill("#id_token-otp_token", f"{totp(device.bin_key):06d}")
    page.click("button[type=submit].btn-primary")

    assert page.url == f"{live_server.url}/"
    assert page.locator("nav .user").inner_text().startswith("analyst")
    assert page.csp_violations == []


@pytest.mark.browser
def test_session_cookie_fixture_logs_a_verified_reviewer_in(
    live_server, transactional_db, page, session_cookie
):
    from tests.world import build_world

    world = build_world()
    page.context.add_cookies([session_cookie(world.users["reviewer"], live_server.url)])

    page.goto(f"{live_server.url}/accounts/lockouts/")

    assert page.locator("h1").inner_text() == "Login lockouts"

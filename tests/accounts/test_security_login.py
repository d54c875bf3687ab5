"""Login throttling (django-axes) and two-factor login (django-two-factor-auth)."""

from axes.models import AccessAttempt
from django.contrib.admin import site
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from two_factor.admin import AdminSiteOTPRequired

from tests.factories import PASSWORD
from tests.world import log_in

HOME = "198.51.100.7"
ELSEWHERE = "198.51.100.8"


def auth_step(client, username, password, ip=HOME):
    return client.post(
        reverse("login"),
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
        REMOTE_ADDR=ip,
    )


def token_step(client, token, step="token"):
    return client.post(reverse("login"), {"login_view-current_step": step, f"{step}-otp_token": token})


def is_logged_in(client):
    return client.get(reverse("dashboard")).status_code == 200


# --- lockout -----------------------------------------------------------------


def fail_five_times(client, username):
    return [auth_step(client, username, "wrong-password").status_code for _ in range(5)]


def test_five_failures_lock_the_username_for_that_address(world, client):
    statuses = fail_five_times(client, "officer-a")

    sixth = auth_step(client, "officer-a", PASSWORD)

    assert statuses == [200, 200, 200, 200, 429]
    assert sixth.status_code == 429
    assert not is_logged_in(client)


def test_lockout_page_says_what_happened_and_for_how_long(world, client):
    fail_five_times(client, "officer-a")

    response = auth_step(client, "officer-a", PASSWORD)

    text = response.content.decode()
    assert "Too many failed logins" in text
    assert "After 5 failed login attempts" in text
    assert "Try again in 15 minutes" in text


def test_lockout_does_not_lock_another_address(world, client):
    fail_five_times(client, "officer-a")

    response = auth_step(client, "officer-a", PASSWORD, ip=ELSEWHERE)

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert is_logged_in(client)


def test_lockout_does_not_lock_another_username_from_that_address(world, client):
    fail_five_times(client, "officer-a")

    response = auth_step(client, "officer-b", PASSWORD)

    assert response.status_code == 302


def test_four_failures_then_the_right_password_logs_in_and_forgets_them(world, client):
    for _ in range(4):
        auth_step(client, "officer-a", "wrong-password")

    response = auth_step(client, "officer-a", PASSWORD)

    assert response.status_code == 302
    assert AccessAttempt.objects.filter(username="officer-a").count() == 0


def test_reviewer_sees_and_clears_a_lockout(world, client):
    fail_five_times(client, "officer-a")
    attempt = AccessAttempt.objects.get(username="officer-a", ip_address=HOME)
    reviewer = log_in(client.__class__(), world.users["reviewer"])

    page = reviewer.get(reverse("lockouts"))
    cleared = reviewer.post(reverse("lockout_clear", kwargs={"pk": attempt.pk}))

    assert page.status_code == 200
    assert "officer-a" in page.content.decode()
    assert cleared.status_code == 302
    assert AccessAttempt.objects.filter(username="officer-a").count() == 0
    assert auth_step(client, "officer-a", PASSWORD).status_code == 302


def test_admin_clears_a_lockout_and_has_axes_admin(world, client):
    fail_five_times(client, "officer-a")
    attempt = AccessAttempt.objects.get(username="officer-a")
    admin = log_in(client.__class__(), world.admin)

    cleared = admin.post(reverse("lockout_clear", kwargs={"pk": attempt.pk}))
    axes_admin = admin.get(reverse("admin:axes_accessattempt_changelist"))

    assert cleared.status_code == 302
    assert AccessAttempt.objects.count() == 0
    assert axes_admin.status_code == 200


def test_client_ip_behind_one_proxy_is_the_address_the_proxy_saw(rf, settings):
    from accounts.security import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5", REMOTE_ADDR="127.0.0.1")

    assert client_ip(request) == "203.0.113.5"


def test_client_ip_without_proxy_ignores_forwarded_for(rf, settings):
    from accounts.security import client_ip

    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.9.9.9", REMOTE_ADDR="203.0.113.5")

    assert client_ip(request) == "203.0.113.5"


# --- two-factor ---------------------------------------------------------------


def test_analyst_without_a_device_is_sent_to_set_one_up_first(world, client):
    client.force_login(world.users["analyst"])

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup")


def test_analyst_logging_in_without_a_device_is_sent_to_set_one_up(world, client):
    response = auth_step(client, "analyst", PASSWORD)

    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == reverse("two_factor:setup")


def test_analyst_sets_up_totp_and_is_then_verified(world, client):
    client.force_login(world.users["analyst"])
    page = client.post(reverse("two_factor:setup"), {"setup_view-current_step": "welcome"})
    key = client.session["django_two_factor-qr_secret_key"]
    qr = client.get(reverse("two_factor:qr"))

    response = client.post(
        reverse("two_factor:setup"),
        {"setup_view-current_step": "generator", "generator-token": f"{totp(bytes.fromhex(_hex(key))):06d}"},
    )

    assert f'src="{reverse("two_factor:qr")}"' in page.content.decode()
    assert qr["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup_complete")
    assert TOTPDevice.objects.filter(user=world.users["analyst"], confirmed=True).count() == 1
    assert is_logged_in(client)


def _hex(base32_key):
    import base64

    return base64.b32decode(base32_key).hex()


def make_totp(user):
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def test_analyst_with_a_device_logs_in_with_password_and_code(world, client):
    device = make_totp(world.users["analyst"])

    first = auth_step(client, "analyst", PASSWORD)
    between = client.session.get("_auth_user_id")
    second = token_step(client, f"{totp(device.bin_key):06d}")

    assert first.status_code == 200  # asks for the code
    assert 'name="token-otp_token"' in first.content.decode()
    assert between is None
    assert second.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert is_logged_in(client)


def test_wrong_code_does_not_log_in(world, client):
    make_totp(world.users["analyst"])
    auth_step(client, "analyst", PASSWORD)

    response = token_step(client, "000000")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_backup_code_logs_in(world, client):
    make_totp(world.users["analyst"])
    backup = StaticDevice.objects.create(user=world.users["analyst"], name="backup")
    backup.token_set.create(token="abcd1234")
    auth_step(client, "analyst", PASSWORD)
    client.post(reverse("login"), {"login_view-current_step": "token", "wizard_goto_step": "backup"})

    response = token_step(client, "abcd1234", step="backup")

    assert response.status_code == 302
    assert is_logged_in(client)
    assert backup.token_set.count() == 0


def test_backup_tokens_page_generates_codes(world, client):
    log_in(client, world.users["reviewer"])

    response = client.post(reverse("two_factor:backup_tokens"))

    assert response.status_code == 302
    assert StaticDevice.objects.get(user=world.users["reviewer"]).token_set.count() == 10


def test_session_of_a_user_with_a_device_but_no_code_must_log_in_again(world, client):
    make_totp(world.users["reviewer"])
    client.force_login(world.users["reviewer"])

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_partner_needs_no_second_factor_by_default(world, client):
    client.force_login(world.users["officer_a"])

    assert client.get(reverse("dashboard")).status_code == 200


def test_partner_needs_a_second_factor_when_the_setting_says_so(world, client, settings):
    settings.PARTNER_2FA_REQUIRED = True
    client.force_login(world.users["officer_a"])

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup")


def test_ministry_user_may_not_disable_the_second_factor(world, client):
    log_in(client, world.users["analyst"])

    response = client.post(reverse("two_factor:disable"), {"understand": "on"})

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=world.users["analyst"]).count() == 1


def test_the_security_page_offers_turning_the_second_factor_off_only_to_who_may(world, client):
    officer = world.users["officer_a"]
    TOTPDevice.objects.create(user=officer, name="default", confirmed=True)
    disable = reverse("two_factor:disable")

    log_in(client, world.users["analyst"])
    ministry_page = client.get(reverse("two_factor:profile")).content.decode()
    client.force_login(officer)
    partner_page = client.get(reverse("two_factor:profile")).content.decode()

    assert (disable in ministry_page, disable in partner_page) == (False, True)


def test_admin_site_requires_a_verified_second_factor(world, client):
    unverified = client.__class__()
    unverified.force_login(world.admin)
    verified = log_in(client, world.admin)

    assert isinstance(site, AdminSiteOTPRequired)
    assert unverified.get(reverse("admin:index")).status_code == 302
    assert verified.get(reverse("admin:index")).status_code == 200


def test_login_page_is_the_two_factor_wizard(db, client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert 'name="login_view-current_step"' in response.content.decode()
    assert f'href="{reverse("password_reset")}"' in response.content.decode()

"""Session lifetime, logout everywhere, password change and reset."""

import datetime
import time

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import UserSession
from accounts.sessions import LOGIN_AT_KEY
from tests.factories import PASSWORD
from tests.world import log_in

NEW_PASSWORD = "another-long-password-77"


def status(client):
    return client.get(reverse("dashboard")).status_code


def test_each_request_renews_the_idle_timeout_of_thirty_minutes(world, client):
    log_in(client, world.users["officer_a"])

    client.get(reverse("dashboard"))

    expires = Session.objects.get(session_key=client.session.session_key).expire_date
    left = expires - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)


def test_idle_session_expires(world, client):
    log_in(client, world.users["officer_a"])
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _logged_in_since(client, seconds_ago):
    session = client.session
    session[LOGIN_AT_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_session_ends_twelve_hours_after_login_however_active(world, client):
    log_in(client, world.users["analyst"])
    _logged_in_since(client, 12 * 3600 + 1)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert status(client) == 302


def test_session_lives_until_twelve_hours_after_login(world, client):
    log_in(client, world.users["analyst"])
    _logged_in_since(client, 12 * 3600 - 60)

    assert status(client) == 200


def test_login_gives_a_new_session_id(world, client):
    client.get(reverse("login"))
    before = client.cookies["sessionid"].value if "sessionid" in client.cookies else None

    client.post(
        reverse("login"),
        {"login_view-current_step": "auth", "auth-username": "officer-a", "auth-password": PASSWORD},
    )

    assert client.session.get("_auth_user_id") == str(world.users["officer_a"].pk)
    assert client.session.session_key != before
    assert UserSession.objects.filter(user=world.users["officer_a"]).count() == 1


def test_login_forgets_the_users_expired_sessions(world):
    officer = world.users["officer_a"]
    old = log_in(Client(), officer)
    Session.objects.filter(session_key=old.session.session_key).delete()  # expired and cleared

    log_in(Client(), officer)

    assert UserSession.objects.filter(user=officer).count() == 1


def test_deactivation_ends_every_session_of_that_user_at_once(world):
    officer = world.users["officer_a"]
    office, home = log_in(Client(), officer), log_in(Client(), officer)
    other = log_in(Client(), world.users["officer_b"])

    officer.is_active = False
    officer.save()

    assert (status(office), status(home), status(other)) == (302, 302, 200)
    assert UserSession.objects.filter(user=officer).count() == 0
    assert (
        Session.objects.filter(session_key__in=[office.session.session_key, home.session.session_key]).count()
        == 0
    )


def test_logout_ends_every_session_of_that_user(world):
    officer = world.users["officer_a"]
    office, home = log_in(Client(), officer), log_in(Client(), officer)

    office.post(reverse("logout"))

    assert (status(office), status(home)) == (302, 302)


def test_password_change_keeps_this_session_and_ends_the_others(world):
    officer = world.users["officer_a"]
    office, home = log_in(Client(), officer), log_in(Client(), officer)

    response = office.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert (status(office), status(home)) == (200, 302)


def test_passwords_shorter_than_twelve_characters_are_refused(world):
    try:
        validate_password("Xq7!pLm2#rT", user=world.users["officer_a"])  # 11 characters
    except ValidationError as error:
        messages = error.messages
    else:
        messages = []

    assert messages == ["This password is too short. It must contain at least 12 characters."]


def test_password_reset_does_not_reveal_whether_the_account_exists(world, client):
    known = client.post(reverse("password_reset"), {"email": world.users["officer_a"].email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    assert [m.to for m in mail.outbox] == [[world.users["officer_a"].email]]


def test_password_reset_link_sets_a_new_password(world, client):
    client.post(reverse("password_reset"), {"email": world.users["officer_a"].email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line).strip()
    path = link[link.index("/accounts/") :]

    form = client.get(path, follow=True)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert done.status_code == 302
    world.users["officer_a"].refresh_from_db()
    assert world.users["officer_a"].check_password(NEW_PASSWORD)

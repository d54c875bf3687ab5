"""The daily access review: reminders twice, then deactivation of exactly the accounts due."""

import datetime
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from accounts import access_review, people
from accounts.models import Role, User
from tests import factories as f
from tests.world import log_in

NOW = timezone.now()


def ago(days):
    return NOW - datetime.timedelta(days=days)


def aged(user, *, joined=200, login=None, confirmed=None):
    User.objects.filter(pk=user.pk).update(
        date_joined=ago(joined),
        last_login=ago(login) if login is not None else None,
        access_confirmed_at=ago(confirmed) if confirmed is not None else None,
    )
    return user


@pytest.fixture
def accounts(world):
    """Accounts of every kind; the world's own users joined today and are not due."""
    b = world.b
    return {
        "fresh": aged(f.country_user(b, username="fresh"), login=1, confirmed=10),
        "unconfirmed": aged(f.country_user(b, username="unconfirmed"), login=1, confirmed=95),
        "unused": aged(f.country_user(b, role=Role.VIEWER, username="unused"), login=95, confirmed=1),
        "never_logged_in": aged(f.country_user(world.a, username="never-logged-in"), joined=91),
        "observer": aged(
            f.observer_user([world.coalition], username="old-observer"), login=120, confirmed=120
        ),
        "focal": aged(f.country_user(world.a, role=Role.FOCAL_POINT, username="old-focal"), login=100),
        "analyst": aged(f.UserFactory(role=Role.ANALYST, username="old-analyst"), login=300),
        "admin": aged(
            f.UserFactory(role=Role.ADMIN, username="old-admin", is_staff=True, is_superuser=True), login=300
        ),
        "inactive": aged(f.country_user(b, username="old-inactive", is_active=False), login=300),
        "due_later": aged(f.country_user(b, username="due-in-30-days"), login=60, confirmed=60),
    }


DUE = {"unconfirmed", "unused", "never_logged_in", "observer", "focal"}


def active(accounts):
    return {name for name, user in accounts.items() if User.objects.get(pk=user.pk).is_active}


def test_review_deactivates_exactly_the_accounts_not_confirmed_or_not_used_after_two_reminders(accounts):
    first = access_review.review(now=NOW)
    assert {u.username for u in first.reminded} == {accounts[n].username for n in DUE}
    assert first.deactivated == []
    second = access_review.review(now=NOW + datetime.timedelta(days=1))
    assert {u.username for u in second.reminded} == {accounts[n].username for n in DUE}
    assert second.deactivated == []
    third = access_review.review(now=NOW + datetime.timedelta(days=2))
    assert {u.username for u in third.deactivated} == {accounts[n].username for n in DUE}
    assert active(accounts) == {"fresh", "analyst", "admin", "due_later"}


def test_two_reminders_are_never_sent_on_the_same_day(accounts):
    access_review.review(now=NOW)
    again = access_review.review(now=NOW + datetime.timedelta(hours=1))
    assert again.reminded == [] and again.deactivated == []
    assert active(accounts) >= DUE


def test_reminders_go_before_the_day_access_is_due(accounts):
    # due in 30 days: nothing yet; at 14 and 7 days before, the two reminders; then deactivated
    user = accounts["due_later"]
    runs = {days: access_review.review(now=NOW + datetime.timedelta(days=days)) for days in (0, 17, 24, 30)}
    reminded = [days for days, run in runs.items() if user.username in {u.username for u in run.reminded}]
    deactivated = [
        days for days, run in runs.items() if user.username in {u.username for u in run.deactivated}
    ]
    assert (reminded, deactivated) == ([17, 24], [30])


def test_confirming_after_a_reminder_starts_the_review_afresh(world, accounts):
    user = accounts["unconfirmed"]
    access_review.review(now=NOW)
    people.access_confirm(actor=world.users["focal_point_b"], people=[user])
    access_review.review(now=NOW + datetime.timedelta(days=1))
    access_review.review(now=NOW + datetime.timedelta(days=2))
    user.refresh_from_db()
    assert (user.is_active, user.access_reminders) == (True, 0)


def test_reminders_mail_the_person_and_their_reviewers(world, accounts):
    outcome = access_review.review(now=NOW)
    sent = {tuple(to): subject for subject, _body, _from, to in outcome.mails}
    assert "unconfirmed@example.org" in {to[0] for to in sent}

    # B's officers are reviewed by B's focal point; focal points and observers by the ministry
    def to_review(address):
        return next(b for s, b, _f, to in outcome.mails if to == [address] and s.startswith("Access review"))

    focal_b = to_review("focal-b@example.org")
    assert "unconfirmed" in focal_b and "unused" in focal_b and "old-focal" not in focal_b
    ministry = to_review("ministry-admin@example.org")
    assert "old-focal" in ministry and "old-observer" in ministry
    # A's officer is reviewed by A's focal point (due too, and reviewed by the ministry)
    focal_a = to_review("old-focal@example.org")
    assert "never-logged-in" in focal_a and "never-logged-in" not in ministry


@override_settings(ACCESS_REVIEW_DAYS=30)
def test_review_period_is_a_setting(accounts):
    access_review.review(now=NOW)
    access_review.review(now=NOW + datetime.timedelta(days=1))
    deactivated = access_review.review(now=NOW + datetime.timedelta(days=2)).deactivated
    assert "fresh" not in {u.username for u in deactivated}
    assert "due-in-30-days" in {u.username for u in deactivated}


def test_command_mails_reports_and_ends_the_sessions_of_deactivated_accounts(accounts, world):
    user = accounts["unused"]
    browser = log_in(Client(), User.objects.get(pk=user.pk))
    aged(user, login=95, confirmed=1)  # logging in just now moved the last login
    User.objects.filter(pk=user.pk).update(access_reminders=2, access_reminded_at=ago(1))
    out = StringIO()
    call_command("review_access", stdout=out)
    assert "Deactivated: unused" in out.getvalue()
    assert not Session.objects.filter(session_key=browser.session.session_key).exists()
    assert browser.get("/").status_code == 302
    assert mail.outbox  # the reminders of the others went out
    events = User.objects.get(pk=user.pk).events.filter(pgh_label="deactivated")
    assert events.get().pgh_context.metadata["command"] == "review_access"

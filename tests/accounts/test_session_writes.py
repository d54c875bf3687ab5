"""Sessions are written when something changes: never for anonymous visits, once a minute for idle time."""

import time

from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.sessions import SEEN_AT_KEY
from tests.factories import PASSWORD
from tests.world import log_in


def session_writes(queries):
    return [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]


def test_anonymous_visits_create_no_session_rows(db):
    for path in (
        reverse("login"),
        reverse("login"),
        reverse("dashboard"),
        reverse("password_reset"),
        "/healthz",
    ):
        Client().get(path)

    assert Session.objects.count() == 0


def test_a_visitor_logs_in_through_the_form_without_a_session_from_the_first_visit(world):
    client = Client()
    page = client.get(reverse("login"))
    assert Session.objects.count() == 0

    response = client.post(
        reverse("login"),
        {
            "login_view-current_step": "auth",
            "auth-username": world.users["officer_a"].username,
            "auth-password": PASSWORD,
            "csrfmiddlewaretoken": page.context["csrf_token"],
        },
    )

    assert (response.status_code, response.url) == (302, reverse("dashboard"))
    assert Session.objects.count() == 1


def test_a_signed_in_page_view_writes_no_session_while_the_idle_timer_is_fresh(world, client):
    log_in(client, world.users["officer_a"])
    client.get(reverse("report_list"))  # renews the timer if the login's is not fresh

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("report_list")).status_code == 200

    assert session_writes(queries) == []


def test_the_idle_timer_is_renewed_when_a_minute_old(world, client):
    log_in(client, world.users["officer_a"])
    session = client.session
    session[SEEN_AT_KEY] = int(time.time()) - 61
    session.save()
    before = Session.objects.get(pk=session.session_key).expire_date

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("report_list"))

    assert len(session_writes(queries)) == 1
    assert Session.objects.get(pk=session.session_key).expire_date > before


def test_logging_in_looks_up_only_the_user_s_own_sessions(world):
    user = world.users["officer_a"]
    log_in(Client(), user)  # an earlier session of the user
    for _ in range(3):
        Client().session.save()  # sessions of others
    with CaptureQueriesContext(connection) as queries:
        log_in(Client(), user)

    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and '"django_session"' in q["sql"]]
    assert reads and all(
        '"django_session"."session_key" IN' in sql or '"session_key" =' in sql for sql in reads
    )

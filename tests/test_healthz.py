"""/healthz: ok when this server can serve; 503 and the one word of what failed otherwise."""

import urllib.error
import urllib.request

from django.db import connection
from django.urls import reverse

from tests.servers import database_url, free_port, gunicorn


def test_healthz_answers_ok_without_login_and_reveals_nothing_else(client, db):
    response = client.get(reverse("healthz"))

    assert (response.status_code, response.content, response["Content-Type"]) == (200, b"ok", "text/plain")
    assert "Cache-Control" in response and "no-cache" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie


def test_healthz_answers_503_when_a_job_waits_for_a_worker_too_long(client, db, settings):
    settings.HEALTHZ_QUEUE_STUCK_MINUTES = 15
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status, scheduled_at) "
            "VALUES ('mail', 'outbox_send', '{}', 'todo', now() - interval '16 minutes')"
        )

    response = client.get(reverse("healthz"))

    assert (response.status_code, response.content) == (503, b"queue")


def test_healthz_answers_503_when_the_database_is_unreachable(db):
    nothing_listens = database_url(port=free_port())

    with gunicorn(database=nothing_listens) as server:
        try:
            urllib.request.urlopen(f"{server}/healthz", timeout=30)  # noqa: S310 (loopback)
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()

    assert (status, body) == (503, b"database")

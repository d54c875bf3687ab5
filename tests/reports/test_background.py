"""Background work: the outbox, prepared files, and the worker that runs both."""

import datetime
import io

import pytest
from django.contrib.admin.sites import site
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports import outbox, prepared, tasks
from reports.models import OutboxMail, PartnerReport, PreparedFile, ReportStatus
from tests.servers import run_worker
from tests.world import build_world, log_in

DOWN = "tests.reports.test_workflow.UnreachableMailServer"
B = ["focal-b@example.org", "officer-b@example.org"]  # B's officers (its focal point is one)
MAIL = ("Subject", "Body", "portal@example.org", ["someone@example.org"])


@pytest.fixture
def live_world(transactional_db, settings):
    """A committed world, with jobs queued for a worker instead of run at once from now on."""
    world = build_world()
    OutboxMail.objects.all().delete()  # the world's own mails
    mail.outbox.clear()
    settings.BACKGROUND_TASKS_EAGER = False
    yield world
    queue_clear()


def queue_clear():
    """Procrastinate's tables are not Django's: the test database's flush leaves their rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers CASCADE"
        )


# The worker ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "action", "data", "actor", "target", "to"),
    [
        ("report_a", "submit", {}, "officer_a", ReportStatus.SUBMITTED, ["reviewer@example.org"]),
        ("report_b", "return", {"comment": "Dates?"}, "reviewer", ReportStatus.RETURNED, B),
        ("report_b", "approve", {}, "reviewer", ReportStatus.APPROVED, B),
    ],
)
def test_with_the_mail_server_down_the_action_succeeds_and_the_worker_sends_the_mail_on_retry(
    live_world, client, settings, name, action, data, actor, target, to
):
    settings.EMAIL_BACKEND = DOWN
    report = getattr(live_world, name)
    log_in(client, live_world.users[actor])
    url = reverse("report_transition", kwargs={"kind": "partner", "pk": report.pk, "action": action})

    response = client.post(url, data, follow=True)
    run_worker()  # the first attempt fails

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert PartnerReport.objects.get(pk=report.pk).status == target
    (waiting,) = OutboxMail.objects.all()
    assert (waiting.status, waiting.attempts, waiting.to, mail.outbox) == ("pending", 1, to, [])

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    OutboxMail.objects.update(next_attempt_at=timezone.now())  # the back-off has passed
    tasks.outbox_flush.defer(timestamp=0)  # what the worker's every-minute schedule queues
    run_worker()

    waiting.refresh_from_db()
    assert (waiting.status, waiting.attempts) == ("sent", 2)
    assert [m.to for m in mail.outbox] == [to]


def test_a_large_export_is_prepared_by_the_worker_for_its_owner(live_world, client, settings):
    settings.EXPORT_BACKGROUND_XLSX_ROWS = 1
    log_in(client, live_world.users["analyst"])

    response = client.get(
        reverse("exports:download", kwargs={"dataset": "deliveries", "fmt": "xlsx"}), follow=True
    )

    (file,) = PreparedFile.objects.all()
    assert response.redirect_chain == [(reverse("exports:files"), 302)]
    assert "Your file is being prepared" in response.content.decode()
    assert b"data-refresh-seconds" in response.content  # the page looks again until it is ready
    assert file.status == "preparing"

    run_worker()

    file.refresh_from_db()
    assert (file.status, file.owner) == ("ready", live_world.users["analyst"])
    page = client.get(reverse("exports:files"))
    assert b"data-refresh-seconds" not in page.content
    assert client.get(reverse("exports:file", kwargs={"pk": file.pk})).status_code == 200


# The outbox ------------------------------------------------------------------------------


def test_an_outbox_mail_survives_a_failing_backend_and_is_sent_on_retry(db, settings):
    settings.EMAIL_BACKEND = DOWN
    now = timezone.now()
    (row,) = outbox.mails_queue([MAIL])  # the eager test queue tries at once: it fails
    row.refresh_from_db()
    assert (row.status, row.attempts, mail.outbox) == ("pending", 1, [])
    assert "Connection refused" in row.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.mails_send_due(now=now) == 0  # not yet: it waits its back-off
    assert outbox.mails_send_due(now=row.next_attempt_at) == 1

    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 2)
    assert [(m.subject, m.to) for m in mail.outbox] == [("Subject", ["someone@example.org"])]


def test_the_outbox_backs_off_doubling_and_gives_up_after_the_last_attempt(db, settings):
    settings.EMAIL_BACKEND = DOWN
    settings.OUTBOX_MAX_ATTEMPTS = 3
    (row,) = outbox.mails_queue([MAIL])
    row.refresh_from_db()
    first_wait = row.next_attempt_at
    outbox.mails_send_due(now=first_wait)
    row.refresh_from_db()

    assert row.next_attempt_at - first_wait == datetime.timedelta(seconds=2 * settings.OUTBOX_RETRY_SECONDS)
    outbox.mails_send_due(now=row.next_attempt_at)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 3, None)
    assert outbox.backoff(20) == datetime.timedelta(hours=1)


def test_an_administrator_resends_a_failed_mail(db, settings, admin_user):
    settings.EMAIL_BACKEND = DOWN
    settings.OUTBOX_MAX_ATTEMPTS = 1
    (row,) = outbox.mails_queue([MAIL])
    row.refresh_from_db()
    assert row.status == "failed"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    request = RequestFactory().post("/")
    request.user = admin_user
    request._messages = type("Messages", (), {"add": lambda *a, **k: None})()

    site._registry[OutboxMail].resend(request, OutboxMail.objects.all())

    row.refresh_from_db()
    assert (row.status, len(mail.outbox)) == ("sent", 1)


def test_a_rolled_back_action_leaves_no_mail_and_no_job(db, settings):
    from django.db import transaction
    from procrastinate.contrib.django.models import ProcrastinateJob

    settings.BACKGROUND_TASKS_EAGER = False
    with transaction.atomic():
        outbox.mails_queue([MAIL])
        assert (
            ProcrastinateJob.objects.filter(task_name="outbox_send").count() == 1
        )  # in the same transaction
        transaction.set_rollback(True)

    assert (OutboxMail.objects.count(), ProcrastinateJob.objects.count()) == (0, 0)


# Prepared files ---------------------------------------------------------------------------


@pytest.fixture
def world(db):
    return build_world()


def xlsx_rows(content):
    return [
        tuple(row)
        for row in load_workbook(io.BytesIO(content), read_only=True)
        .worksheets[0]
        .iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("persona", ["analyst", "reviewer"])
def test_a_prepared_export_has_the_rows_and_scope_of_a_direct_download(world, client, settings, persona):
    log_in(client, world.users[persona])
    url = reverse("exports:download", kwargs={"dataset": "deliveries", "fmt": "xlsx"})
    direct = b"".join(client.get(url).streaming_content)

    settings.EXPORT_BACKGROUND_XLSX_ROWS = 1
    response = client.get(url)
    (file,) = PreparedFile.objects.all()
    download = client.get(reverse("exports:file", kwargs={"pk": file.pk}))

    assert response.status_code == 302
    assert (file.status, file.owner, file.name.endswith(".xlsx")) == ("ready", world.users[persona], True)
    assert download["Content-Disposition"] == f'attachment; filename="{file.name}"'
    assert xlsx_rows(download.content) == xlsx_rows(direct)
    assert len(xlsx_rows(direct)) > 2  # the header and more than the threshold's one row


def test_a_prepared_file_is_refused_to_another_user_and_after_expiry(world, client, settings):
    settings.EXPORT_BACKGROUND_XLSX_ROWS = 1
    log_in(client, world.users["reviewer"])
    client.get(reverse("exports:download", kwargs={"dataset": "deliveries", "fmt": "xlsx"}))
    (file,) = PreparedFile.objects.all()
    url = reverse("exports:file", kwargs={"pk": file.pk})
    assert client.get(url).status_code == 200

    for other in ("officer_a", "analyst"):
        log_in(client, world.users[other])
        assert client.get(url).status_code == 404
        assert file.name not in client.get(reverse("exports:files")).content.decode()

    log_in(client, world.users["reviewer"])
    PreparedFile.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(url).status_code == 404
    assert prepared.files_remove_expired() == 1
    assert PreparedFile.objects.count() == 0


def test_a_prepared_file_lives_the_configured_hours(world, settings):
    settings.PREPARED_FILE_HOURS = 24
    file = prepared.file_request(
        owner=world.users["analyst"],
        kind="export",
        name="d.csv",
        content_type="text/csv",
        args={"dataset": "deliveries", "fmt": "csv", "query": ""},
    )
    file.refresh_from_db()
    assert file.status == "ready"
    assert file.expires_at - file.ready_at == datetime.timedelta(hours=24)
    assert prepared.file_content(file).startswith("\ufeffline_reference".encode())


def test_a_prepared_file_in_a_shared_storage_is_read_from_it(world, settings, tmp_path):
    settings.STORAGES = settings.STORAGES | {
        "shared": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        }
    }
    settings.PREPARED_FILES_STORAGE = "shared"
    file = prepared.file_request(
        owner=world.users["analyst"],
        kind="export",
        name="d.csv",
        content_type="text/csv",
        args={"dataset": "deliveries", "fmt": "csv", "query": ""},
    )
    file.refresh_from_db()

    assert (file.content, file.storage_name.startswith("prepared/")) == (None, True)
    assert prepared.file_content(file).startswith("\ufeff".encode())
    PreparedFile.objects.update(expires_at=timezone.now())
    prepared.files_remove_expired()
    assert list((tmp_path / "prepared").iterdir()) == []


def test_a_builder_that_fails_marks_the_file_failed_and_shows_why(world, client, settings):
    settings.EXPORT_BACKGROUND_XLSX_ROWS = 1
    log_in(client, world.users["analyst"])
    url = reverse("exports:download", kwargs={"dataset": "deliveries", "fmt": "xlsx"})
    from reports.exports import writers

    settings.EXPORT_BACKGROUND_XLSX_ROWS = 1
    original = writers.XLSX_ROWS_MAX
    writers.XLSX_ROWS_MAX = 2
    try:
        client.get(url)
    finally:
        writers.XLSX_ROWS_MAX = original

    (file,) = PreparedFile.objects.all()
    assert file.status == "failed"
    assert "more rows than an XLSX sheet holds" in client.get(reverse("exports:files")).content.decode()


def test_the_export_request_counts_no_more_rows_than_the_threshold(world, client, settings):
    from django.test.utils import CaptureQueriesContext

    settings.EXPORT_BACKGROUND_XLSX_ROWS = 1
    settings.BACKGROUND_TASKS_EAGER = False  # the request only queues the job
    log_in(client, world.users["analyst"])
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("exports:download", kwargs={"dataset": "deliveries", "fmt": "xlsx"}))

    counts = [q["sql"] for q in queries if "COUNT(*)" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 2" in counts[0] and "ORDER BY" not in counts[0]
    assert PreparedFile.objects.get().status == "preparing"

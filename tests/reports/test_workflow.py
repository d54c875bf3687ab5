import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from accounts.models import Role
from reports import services
from reports.models import DeliveryLine, OutboxMail, PartnerReport, ReportStatus, ReviewEvent, UsageReport
from tests import factories as f
from tests.world import PERSONAS, log_in

S = ReportStatus

# report in the world, kind, action, POST data, who may, status it ends in
TRANSITIONS = [
    ("report_a", "partner", "submit", {}, {"officer_a"}, S.SUBMITTED),
    ("report_b", "partner", "approve", {}, {"reviewer"}, S.APPROVED),
    ("report_b", "partner", "return", {"comment": "Dates?"}, {"reviewer"}, S.RETURNED),
    ("report_a_approved", "partner", "reopen", {"comment": "Typo"}, {"reviewer"}, S.SUPERSEDED),
    ("usage_draft", "usage", "submit", {}, {"analyst"}, S.SUBMITTED),
    ("usage_submitted", "usage", "approve", {}, {"reviewer"}, S.APPROVED),
    ("usage_submitted", "usage", "return", {"comment": "Lost?"}, {"reviewer"}, S.RETURNED),
    ("usage_report", "usage", "reopen", {"comment": "Late"}, {"reviewer"}, S.SUPERSEDED),
]


def snapshot(report):
    fresh = type(report).objects.get(pk=report.pk)
    return (
        fresh.status,
        fresh.version,
        fresh.submitted_by_id,
        fresh.decided_by_id,
        ReviewEvent.objects.count(),
    )


@pytest.mark.parametrize(("name", "kind", "action", "data", "allowed", "target"), TRANSITIONS)
def test_transition_succeeds_only_for_allowed_personas(
    world, client, name, kind, action, data, allowed, target
):
    report = getattr(world, name)
    url = reverse("report_transition", kwargs={"kind": kind, "pk": report.pk, "action": action})
    before = snapshot(report)
    refused = {}
    for persona in [p for p in PERSONAS if p not in allowed]:
        log_in(client, world.users[persona])
        refused[persona] = client.post(url, data).status_code
        assert snapshot(report) == before, persona
    assert set(refused.values()) <= {302, 403, 404}
    assert refused["anonymous"] == refused["deactivated"] == 302
    (persona,) = allowed
    log_in(client, world.users[persona])
    response = client.post(url, data)
    assert response.status_code == 302
    assert type(report).objects.get(pk=report.pk).status == target


def test_returned_report_is_submitted_again_by_its_officer(world):
    returned = services.report_return(report=world.report_b, user=world.users["reviewer"], comment="Dates?")
    again = services.report_submit(report=returned, user=world.users["officer_b"])
    assert again.status == S.SUBMITTED
    assert list(again.timeline.values_list("to_status", flat=True)) == ["submitted", "returned", "submitted"]


@pytest.mark.parametrize("action", ["return", "reopen"])
def test_return_and_reopen_without_comment_are_refused(world, client, action):
    report = world.report_b if action == "return" else world.report_a_approved
    before = snapshot(report)
    log_in(client, world.users["reviewer"])
    url = reverse("report_transition", kwargs={"kind": "partner", "pk": report.pk, "action": action})
    response = client.post(url, {"comment": "   "})
    assert response.status_code == 400
    assert "a comment is required" in response.content.decode()
    assert snapshot(report) == before
    assert PartnerReport.objects.filter(country=report.country, period=report.period).count() == 1


def test_double_submit_is_refused_with_a_message(world, client):
    log_in(client, world.users["officer_a"])
    url = reverse(
        "report_transition", kwargs={"kind": "partner", "pk": world.report_a.pk, "action": "submit"}
    )
    assert client.post(url).status_code == 302
    before = snapshot(world.report_a)
    response = client.post(url)
    assert response.status_code == 400
    assert "This report is submitted: it cannot be submitted now." in response.content.decode()
    assert snapshot(world.report_a) == before


def test_approving_a_draft_is_refused(world):
    with pytest.raises(ValidationError, match="draft"):
        services.report_approve(report=world.report_a, user=world.users["reviewer"])
    assert PartnerReport.objects.get(pk=world.report_a.pk).status == S.DRAFT


def test_author_cannot_approve_own_usage_report(world):
    author = f.UserFactory(role=Role.REVIEWER, username="reviewer-author")
    UsageReport.objects.filter(pk=world.usage_draft.pk).update(author=author)
    report = services.report_submit(
        report=UsageReport.objects.get(pk=world.usage_draft.pk), user=world.users["analyst"]
    )
    with pytest.raises(PermissionDenied):
        services.report_approve(report=report, user=author)
    assert UsageReport.objects.get(pk=report.pk).status == S.SUBMITTED
    approved = services.report_approve(report=report, user=world.users["reviewer"])
    assert (approved.status, approved.decided_by) == (S.APPROVED, world.users["reviewer"])


def test_reopen_creates_a_draft_revision_with_copied_lines(world):
    old = world.report_a_approved
    new = services.report_reopen(report=old, user=world.users["reviewer"], reason="Typo")
    old.refresh_from_db()
    assert (old.status, new.status, new.revision) == (S.SUPERSEDED, S.DRAFT, 2)
    assert list(new.deliveries.values_list("quantity", flat=True)) == [7005]
    assert list(old.deliveries.values_list("quantity", flat=True)) == [7005]
    assert DeliveryLine.objects.filter(quantity=7005).count() == 2
    assert old.timeline.last().comment == new.timeline.last().comment == "Typo"


def test_superseded_revision_stays_readable(world, client):
    services.report_reopen(report=world.report_a_approved, user=world.users["reviewer"], reason="Typo")
    log_in(client, world.users["officer_a"])
    url = reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_a_approved.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["report"].status == S.SUPERSEDED
    assert response.context["editable"] is False


def test_submit_mails_reviewers_and_return_mails_the_officers(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_submit(report=world.report_a, user=world.users["officer_a"])
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, user=world.users["reviewer"], comment="Add the notes.")
    assert mail.outbox[1].to == ["officer-a@example.org"]  # not the viewer, not the deactivated officer
    assert "Add the notes." in mail.outbox[1].body


def test_approval_of_a_usage_report_mails_its_author(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report=world.usage_submitted, user=world.users["reviewer"])
    assert [m.to for m in mail.outbox] == [["analyst@example.org"]]


class UnreachableMailServer(BaseEmailBackend):
    """What the SMTP backend does with nothing listening on its port."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.mark.parametrize(
    ("name", "action", "data", "actor", "target"),
    [
        ("report_a", "submit", {}, "officer_a", S.SUBMITTED),
        ("report_b", "return", {"comment": "Dates?"}, "reviewer", S.RETURNED),
        ("report_b", "approve", {}, "reviewer", S.APPROVED),
        ("report_a_approved", "reopen", {"comment": "Typo"}, "reviewer", S.SUPERSEDED),
    ],
)
def test_an_unreachable_mail_server_never_turns_a_done_action_into_an_error(
    world, client, settings, caplog, django_capture_on_commit_callbacks, name, action, data, actor, target
):
    settings.EMAIL_BACKEND = "tests.reports.test_workflow.UnreachableMailServer"
    report = getattr(world, name)
    log_in(client, world.users[actor])
    url = reverse("report_transition", kwargs={"kind": "partner", "pk": report.pk, "action": action})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert PartnerReport.objects.get(pk=report.pk).status == target
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    waiting = OutboxMail.objects.filter(status=OutboxMail.Status.PENDING, attempts=1)
    assert waiting.count() == (0 if action == "reopen" else 1)  # kept for the next attempt


def test_reminders_with_an_unreachable_mail_server_wait_in_the_outbox(world, settings):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    settings.EMAIL_BACKEND = "tests.reports.test_workflow.UnreachableMailServer"
    world.report_a.period.due_on = timezone.localdate()
    world.report_a.period.save()
    out = StringIO()

    call_command("send_reminders", "--days", "0", stdout=out)

    assert "2 reminders queued for sending." in out.getvalue()
    waiting = OutboxMail.objects.exclude(status=OutboxMail.Status.SENT)  # the world's own mails went
    assert list(waiting.values_list("status", "attempts")) == [("pending", 1)] * 2

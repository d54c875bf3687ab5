"""Offer to cover: a commitment created or extended with plan lines naming the need, through
the report's line rules; refused against a withdrawn need; answers open calls."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from procrastinate.contrib.django.models import ProcrastinateJob

from coalitions.models import Commitment, NeedStatus
from coalitions.planning import selectors, services
from reports import tasks
from reports.models import OutboxMail
from tests.world import log_in

NEXT_QUARTER = datetime.date(2027, 1, 1)


def test_offer_creates_a_commitment_with_plan_lines_that_name_the_need(world):
    before = selectors.need_cell(world.users["analyst"], world.need).gap
    commitment = services.need_offer(
        user=world.users["officer_a"], need=world.need, country=world.a, schedule=[(NEXT_QUARTER, 30)]
    )
    assert commitment.quantity == 30 and commitment.capability == world.capability
    line = world.report_a.plans.get(need=world.need)
    assert (line.commitment, line.quantity, line.period.label) == (commitment, 30, "2027-Q1")
    assert selectors.need_cell(world.users["analyst"], world.need).gap == before  # planned for 2027-Q1


def test_offer_extends_an_existing_commitment(world):
    services.need_offer(
        user=world.users["officer_a"],
        need=world.need,
        country=world.a,
        schedule=[(NEXT_QUARTER, 9)],
        commitment=world.commitment_a,
    )
    assert Commitment.objects.get(pk=world.commitment_a.pk).quantity == 111111 + 9


def test_offer_against_a_withdrawn_need_is_refused_and_nothing_saved(world, client):
    world.need.status = NeedStatus.WITHDRAWN
    world.need.save()
    count = Commitment.objects.count()
    with pytest.raises(ValidationError, match="withdrawn"):
        services.need_offer(
            user=world.users["officer_a"], need=world.need, country=world.a, schedule=[(NEXT_QUARTER, 5)]
        )
    log_in(client, world.users["officer_a"])
    url = reverse("planning:need_offer", kwargs={"pk": world.need.pk})
    response = client.post(url, {"country": world.a.pk, "period_1": "2027-01-01", "quantity_1": 5})
    assert "withdrawn" in response.content.decode()
    assert Commitment.objects.count() == count
    assert not world.report_a.plans.filter(need=world.need).exists()


def test_offer_follows_the_line_rules_and_saves_nothing_on_a_bad_line(world):
    count = Commitment.objects.count()
    with pytest.raises(ValidationError):
        services.need_offer(
            user=world.users["officer_a"],
            need=world.need,
            country=world.a,
            schedule=[(NEXT_QUARTER, 5), (datetime.date(2026, 10, 1), 5)],  # not after the report's period
        )
    assert Commitment.objects.count() == count


def test_call_mails_the_members_and_records_responses(world, client):
    call = services.call_send(user=world.users["lead_officer"], need=world.need, message="Help")
    log_in(client, world.users["officer_a"])
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Calls for contributions" in dashboard and "gap 900,001 rounds" in dashboard
    services.need_offer(
        user=world.users["officer_a"], need=world.need, country=world.a, schedule=[(NEXT_QUARTER, 5)]
    )
    assert list(call.responses.values_list("country__code", flat=True)) == ["BE"]


def test_call_is_mailed_after_commit(world, settings):
    """The call's mails are written to the outbox with the call; the worker sends them (after
    the commit, when their jobs become visible to it)."""
    OutboxMail.objects.all().delete()  # the world's own mails
    mail.outbox.clear()
    settings.BACKGROUND_TASKS_EAGER = False  # the call only queues its mails
    with transaction.atomic():
        services.call_send(user=world.users["analyst"], need=world.need)
        queued = list(OutboxMail.objects.all())
        jobs = ProcrastinateJob.objects.filter(task_name="outbox_send").count()
    assert (mail.outbox, jobs) == ([], len(queued))  # written and queued in the call's transaction
    # one message per officer of every member country (A, B with its focal point, L)
    officers = {
        "officer-a@example.org",
        "officer-b@example.org",
        "focal-b@example.org",
        "officer-lead@example.org",
    }
    assert [len(row.to) for row in queued] == [1] * len(officers)  # no one sees another's address
    assert {row.to[0] for row in queued} == officers
    for row in queued:
        tasks.outbox_send(mail_id=row.pk)  # what the worker runs for each queued job
    assert {m.to[0] for m in mail.outbox} == officers
    assert "gap of 900,001 rounds" in mail.outbox[0].body  # numbers as pages write them

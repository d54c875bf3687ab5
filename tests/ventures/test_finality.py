"""Venture output and training lines of an approved report never change, whatever the path."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from coalitions.ventures.models import TrainingThroughput, VentureOutput
from reports import services
from tests.world import log_in

from .world import add_ventures


def refused(action):
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        action()


def raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_output_lines_of_an_approved_report_cannot_change_by_orm_or_sql(world):
    add_ventures(world)
    line = world.output_a_approved
    refused(lambda: VentureOutput.objects.filter(pk=line.pk).update(quantity=1))
    line.quantity = 1
    refused(line.save)
    refused(lambda: raw("UPDATE ventures_ventureoutput SET quantity = 1 WHERE id = %s", line.pk))
    refused(lambda: raw("DELETE FROM ventures_ventureoutput WHERE id = %s", line.pk))
    refused(
        lambda: VentureOutput.objects.create(
            report=world.report_a_old, venture=world.venture_a, capability=world.drone, quantity=3
        )
    )
    assert VentureOutput.objects.get(pk=line.pk).quantity == 8102


def test_training_lines_of_an_approved_report_cannot_change_by_orm_or_sql(world):
    add_ventures(world)
    line = world.training_a_approved
    refused(lambda: TrainingThroughput.objects.filter(pk=line.pk).update(started=1))
    refused(lambda: raw("UPDATE ventures_trainingthroughput SET completed = 1 WHERE id = %s", line.pk))
    refused(lambda: TrainingThroughput.objects.filter(pk=line.pk).delete())
    assert TrainingThroughput.objects.get(pk=line.pk).started == 8120


def test_views_refuse_to_change_an_approved_output_line(world, client):
    add_ventures(world)
    log_in(client, world.users["officer_a"])
    line = world.output_a_approved
    kwargs = {"pk": world.report_a_old.pk, "line_kind": "outputs", "line_pk": line.pk}
    data = {"venture": world.venture_a.pk, "capability": world.capability.pk, "quantity": 1, "version": 1}
    client.post(reverse("line_edit", kwargs=kwargs), data)
    client.post(reverse("line_delete", kwargs=kwargs), {"version": 1})
    response = client.post(
        reverse("line_add", kwargs={"pk": world.report_a_old.pk, "line_kind": "outputs"}), data
    )
    assert response.status_code == 400  # "This report is approved: its lines can no longer be changed."
    assert list(
        VentureOutput.objects.filter(report=world.report_a_old).values_list("quantity", flat=True)
    ) == [8102]


def test_draft_output_lines_still_change(world):
    add_ventures(world)
    VentureOutput.objects.filter(pk=world.output_a.pk).update(quantity=5)
    assert VentureOutput.objects.get(pk=world.output_a.pk).quantity == 5


def test_reopening_copies_output_and_training_lines_into_the_new_revision(world):
    add_ventures(world)
    new = services.report_reopen(report=world.report_a_old, user=world.users["reviewer"], reason="Typo")
    assert list(new.venture_outputs.values_list("quantity", flat=True)) == [8102]
    assert list(new.training_lines.values_list("started", "completed")) == [(8120, 8114)]

"""Approved reports and their lines never change, whatever the path: the database refuses."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from reports import services
from reports.models import DeliveryLine, PartnerReport, PlanLine, ReportStatus, UsageLine, UsageReport
from tests.world import log_in


def refused(action):
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        action()


def raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_approved_report_cannot_be_updated_saved_or_deleted(world):
    report = world.report_a_approved
    refused(lambda: PartnerReport.objects.filter(pk=report.pk).update(revision=9))
    refused(lambda: PartnerReport.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT))
    report.decided_at = None
    refused(report.save)
    refused(lambda: PartnerReport.objects.bulk_update([report], ["decided_at"]))
    refused(lambda: raw("UPDATE reports_partnerreport SET revision = 9 WHERE id = %s", report.pk))
    refused(lambda: raw("DELETE FROM reports_partnerreport WHERE id = %s", report.pk))
    assert PartnerReport.objects.get(pk=report.pk).revision == 1


def test_superseding_may_change_the_status_and_nothing_else(world):
    report = world.report_a_approved
    refused(lambda: PartnerReport.objects.filter(pk=report.pk).update(status="superseded", revision=5))
    PartnerReport.objects.filter(pk=report.pk).update(status="superseded")
    refused(lambda: PartnerReport.objects.filter(pk=report.pk).update(status="approved"))
    refused(lambda: PartnerReport.objects.filter(pk=report.pk).update(status="draft"))
    assert PartnerReport.objects.get(pk=report.pk).status == "superseded"


def test_status_moves_only_along_the_life_cycle(world):
    refused(lambda: PartnerReport.objects.filter(pk=world.report_a.pk).update(status="approved"))
    refused(lambda: UsageReport.objects.filter(pk=world.usage_draft.pk).update(status="approved"))


def test_lines_of_an_approved_report_cannot_change_by_any_path(world):
    line = world.delivery_a_approved
    refused(lambda: DeliveryLine.objects.filter(pk=line.pk).update(quantity=1))
    line.quantity = 1
    refused(line.save)
    refused(lambda: DeliveryLine.objects.bulk_update([line], ["quantity"]))
    refused(lambda: raw("UPDATE reports_deliveryline SET quantity = 1 WHERE id = %s", line.pk))
    refused(lambda: raw("DELETE FROM reports_deliveryline WHERE id = %s", line.pk))
    refused(lambda: DeliveryLine.objects.filter(pk=line.pk).delete())
    refused(
        lambda: DeliveryLine.objects.create(
            report=world.report_a_approved,
            commitment=line.commitment,
            delivered_on=line.delivered_on,
            quantity=3,
        )
    )
    # moving a draft line into the approved report is refused too
    refused(
        lambda: DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(report=world.report_a_approved)
    )
    assert list(world.report_a_approved.deliveries.values_list("quantity", flat=True)) == [7005]


def test_plan_and_usage_lines_of_approved_reports_are_locked(world):
    services.report_approve(report=world.report_b, user=world.users["reviewer"])
    refused(lambda: PlanLine.objects.filter(pk=world.plan_b.pk).update(quantity=1))
    refused(lambda: raw("DELETE FROM reports_planline WHERE id = %s", world.plan_b.pk))
    usage_line = world.usage_report.lines.get()
    refused(lambda: UsageLine.objects.filter(pk=usage_line.pk).update(lost=1))
    refused(lambda: raw("UPDATE reports_usageline SET lost = 1 WHERE id = %s", usage_line.pk))


def test_superseded_revision_is_locked_as_well(world):
    services.report_reopen(report=world.report_a_approved, user=world.users["reviewer"], reason="Typo")
    refused(lambda: DeliveryLine.objects.filter(pk=world.delivery_a_approved.pk).update(quantity=1))
    refused(lambda: PartnerReport.objects.filter(pk=world.report_a_approved.pk).update(revision=7))


def test_draft_lines_still_change(world):
    assert DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(quantity=8) == 1


def test_views_refuse_to_change_an_approved_report(world, client):
    log_in(client, world.users["officer_a"])
    line = world.delivery_a_approved
    edit = reverse("line_edit", kwargs={"pk": line.report_id, "line_kind": "deliveries", "line_pk": line.pk})
    data = {
        "commitment": line.commitment_id,
        "delivered_on": "2026-08-02",
        "quantity": 1,
        "version": line.version,
    }
    response = client.post(edit, data, follow=True)
    assert "This report can no longer be changed." in response.content.decode()
    add = reverse("line_add", kwargs={"pk": line.report_id, "line_kind": "deliveries"})
    response = client.post(add, data)
    assert response.status_code == 400
    assert "its lines can no longer be changed" in response.content.decode()
    delete = reverse(
        "line_delete", kwargs={"pk": line.report_id, "line_kind": "deliveries", "line_pk": line.pk}
    )
    client.post(delete, {"version": line.version})
    assert list(world.report_a_approved.deliveries.values_list("quantity", flat=True)) == [7005]


def test_admin_refuses_to_change_an_approved_report(world, client):
    log_in(client, world.admin)
    report = world.report_a_approved
    change = reverse("admin:reports_partnerreport_change", args=[report.pk])
    response = client.post(change, {"country": report.country_id, "coalition": report.coalition_id})
    assert response.status_code == 403
    delete = reverse("admin:reports_partnerreport_delete", args=[report.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(change).status_code == 200  # still readable
    assert client.get(reverse("admin:reports_partnerreport_add")).status_code == 200
    assert PartnerReport.objects.filter(pk=report.pk, status="approved").exists()

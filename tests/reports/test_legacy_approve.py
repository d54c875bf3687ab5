"""report_legacy_approve: the history import approves its legacy reports through a service."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reports import services
from reports.models import DeliveryLine, PartnerReport, ReportStatus, ReportTotal

S = ReportStatus


@pytest.fixture
def legacy(world):
    """A legacy draft report (revision 0) of country A with one delivery line."""
    report = PartnerReport.objects.create(
        country=world.a, coalition=world.coalition, period=world.period, revision=services.LEGACY_REVISION
    )
    DeliveryLine.objects.create(
        report=report, commitment=world.commitment_a, delivered_on=datetime.date(2026, 11, 3), quantity=12
    )
    return report


def test_legacy_approve_approves_and_writes_both_steps_in_the_timeline(world, legacy):
    analyst = world.users["analyst"]

    services.report_legacy_approve(reports=[legacy], user=analyst)

    legacy.refresh_from_db()
    assert (legacy.status, legacy.submitted_by, legacy.decided_by) == (S.APPROVED, analyst, analyst)
    assert list(legacy.timeline.values_list("actor", "from_status", "to_status", "comment")) == [
        (analyst.pk, S.DRAFT, S.SUBMITTED, "Legacy history imported from a spreadsheet."),
        (analyst.pk, S.SUBMITTED, S.APPROVED, "Legacy history imported from a spreadsheet."),
    ]
    assert list(ReportTotal.objects.filter(report=legacy).values_list("quantity", flat=True)) == [12]


@pytest.mark.parametrize("persona", ["reviewer", "officer_a"])
def test_legacy_approve_refuses_who_may_not_import_history(world, legacy, persona):
    with pytest.raises(PermissionDenied):
        services.report_legacy_approve(reports=[legacy], user=world.users[persona])

    legacy.refresh_from_db()
    assert (legacy.status, legacy.timeline.count()) == (S.DRAFT, 0)


def test_legacy_approve_refuses_a_report_that_is_not_legacy(world):
    with pytest.raises(PermissionDenied):
        services.report_legacy_approve(reports=[world.report_a], user=world.users["analyst"])

    world.report_a.refresh_from_db()
    assert world.report_a.status == S.DRAFT


def test_legacy_approve_refuses_an_approved_report(world, legacy):
    services.report_legacy_approve(reports=[legacy], user=world.users["analyst"])

    with pytest.raises(ValidationError, match="This report is approved: it cannot be submitted now."):
        services.report_legacy_approve(reports=[legacy], user=world.users["analyst"])

    assert legacy.timeline.count() == 2

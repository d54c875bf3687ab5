"""ReportTotal: the database writes a report's delivered totals when it becomes approved, by any path.

The consolidated figures read delivered quantities from these totals; they must equal the
sums of the counted lines, computed here independently.
"""

import datetime

import pytest
from django.db import connection
from django.db.models import Sum

from reports import services, totals
from reports.figures import consolidated
from reports.filters import FigureFilters
from reports.models import DeliveryLine, PartnerReport, ReportTotal
from tests import factories as f
from tests.exports.sample import bring_to, build_data


def totals_of(report):
    return dict(ReportTotal.objects.filter(report=report).values_list("capability_id", "quantity"))


@pytest.fixture
def gun(world):
    """A second artillery capability with a commitment of country A, so a report spans two."""
    capability = f.CapabilityFactory(coalition=world.coalition, code="gun-122", name="122 mm gun")
    return f.CommitmentFactory(country=world.a, capability=capability, quantity=50)


def draft(world, gun, period):
    report = PartnerReport.objects.create(country=world.a, coalition=world.coalition, period=period)
    day = period.start + datetime.timedelta(days=3)
    for commitment, quantity in ((world.commitment_a, 10), (world.commitment_a, 20), (gun, 45)):
        DeliveryLine.objects.create(report=report, commitment=commitment, delivered_on=day, quantity=quantity)
    return report


def test_approving_through_the_service_writes_one_total_per_capability(world, gun):
    users = world.users
    report = draft(world, gun, world.next_period)
    report = services.report_submit(report=report, user=users["officer_a"])
    assert totals_of(report) == {}
    services.report_approve(report=report, user=users["reviewer"])
    assert totals_of(report) == {world.capability.pk: 30, gun.capability_id: 45}


def test_approving_with_update_writes_the_totals(world, gun):
    report = draft(world, gun, world.next_period)
    PartnerReport.objects.filter(pk=report.pk).update(status="submitted")
    PartnerReport.objects.filter(pk=report.pk).update(status="approved")
    assert totals_of(report) == {world.capability.pk: 30, gun.capability_id: 45}


def test_approving_with_raw_sql_writes_the_totals(world, gun):
    report = draft(world, gun, world.next_period)
    with connection.cursor() as cursor:
        for status in ("submitted", "approved"):
            cursor.execute("UPDATE reports_partnerreport SET status = %s WHERE id = %s", [status, report.pk])
    assert totals_of(report) == {world.capability.pk: 30, gun.capability_id: 45}


def test_returned_and_draft_reports_have_no_totals(world, gun):
    report = draft(world, gun, world.next_period)
    bring_to(PartnerReport, report.pk, "returned")
    assert totals_of(report) == {}
    assert totals_of(world.report_a) == {}
    assert totals_of(world.report_b) == {}  # submitted


def test_reopening_keeps_the_superseded_totals_and_the_new_revision_gets_its_own(world, gun):
    users = world.users
    first = services.report_submit(report=draft(world, gun, world.next_period), user=users["officer_a"])
    first = services.report_approve(report=first, user=users["reviewer"])
    second = services.report_reopen(report=first, user=users["reviewer"], reason="One line is wrong.")
    DeliveryLine.objects.filter(report=second, commitment=gun).update(quantity=44)
    assert totals_of(second) == {}
    second = services.report_submit(report=second, user=users["officer_a"])
    services.report_approve(report=second, user=users["reviewer"])
    assert totals_of(first) == {world.capability.pk: 30, gun.capability_id: 45}
    assert totals_of(second) == {world.capability.pk: 30, gun.capability_id: 44}


def test_totals_are_read_through_the_line_scope(world):
    build_data(world)
    assert ReportTotal.objects.filter(report__country=world.b).exists()
    own = ReportTotal.objects.for_user(world.users["officer_a"])
    assert set(own.values_list("report__country", flat=True)) == {world.a.pk}


def counted_report_ids():
    """The latest approved revision per country, coalition and period (approved or superseded)."""
    latest = {}
    for report in PartnerReport.objects.filter(status__in=("approved", "superseded")):
        key = (report.country_id, report.coalition_id, report.period_id)
        if key not in latest or report.revision > latest[key].revision:
            latest[key] = report
    return {report.pk for report in latest.values()}


def line_sums(group, **filters):
    rows = DeliveryLine.objects.filter(**filters).values(group).annotate(total=Sum("quantity"))
    return {row[group]: row["total"] for row in rows}


def nonzero(rows, measure):
    return {row.key: getattr(row, measure) for row in rows if getattr(row, measure)}


def test_figures_from_totals_equal_the_sums_of_the_counted_lines(world):
    data = build_data(world)
    assert data.a_old.status == "superseded" and data.a.status == "approved"
    analyst, reviewer = world.users["analyst"], world.users["reviewer"]
    # a superseded revision counts while its successor is a draft
    services.report_reopen(report=world.report_a_approved, user=reviewer, reason="Recount.")
    assert world.report_a_approved.pk in counted_report_ids()
    figures = consolidated(analyst, FigureFilters(analyst, {}))
    counted, submitted = {"report__in": counted_report_ids()}, {"report__status": "submitted"}
    groups = {"commitment__capability_id": figures.capabilities, "report__country_id": figures.countries}
    for group, rows in groups.items():
        assert nonzero(rows, "delivered") == line_sums(group, **counted)
        assert nonzero(rows, "provisional") == line_sums(group, **submitted)
    (total,) = figures.totals  # the world's capabilities all count rounds
    assert total.delivered == sum(line_sums("report__country_id", **counted).values())


def test_fill_missing_writes_the_totals_of_approved_and_superseded_reports_once(world):
    build_data(world)
    written = set(ReportTotal.objects.values_list("report_id", "capability_id", "quantity"))
    assert {report for report, _capability, _quantity in written} == set(
        PartnerReport.objects.filter(status__in=("approved", "superseded"), deliveries__isnull=False)
        .distinct()
        .values_list("pk", flat=True)
    )
    ReportTotal.objects.all().delete()
    assert totals.fill_missing() == len(written)
    assert set(ReportTotal.objects.values_list("report_id", "capability_id", "quantity")) == written
    assert totals.fill_missing() == 0

"""The delivered and provisional totals kept per commitment (``coalitions.totals``) equal the sums
of the lines, counted independently here, after every step of the report life cycle — through
the services, bulk updates and raw SQL alike."""

import datetime
import re

from django.db import connection

from coalitions import totals
from coalitions.models import Commitment, CommitmentTotal
from reports import services
from reports.models import DeliveryLine, PartnerReport
from reports.services import report_legacy_approve
from tests import factories as f


def independent_sums() -> dict[int, tuple[int, int]]:
    """(delivered, provisional) per commitment, from every line and report, in Python."""
    reports = {r.pk: r for r in PartnerReport.objects.all()}
    counted = {}  # (country, coalition, period) → the latest approved or superseded revision
    for r in reports.values():
        if r.status in ("approved", "superseded"):
            key = (r.country_id, r.coalition_id, r.period_id)
            if key not in counted or counted[key].revision < r.revision:
                counted[key] = r
    counted_ids = {r.pk for r in counted.values()}
    result = {pk: [0, 0] for pk in Commitment.objects.values_list("pk", flat=True)}
    for line in DeliveryLine.objects.all():
        if line.report_id in counted_ids:
            result[line.commitment_id][0] += line.quantity
        elif reports[line.report_id].status == "submitted":
            result[line.commitment_id][1] += line.quantity
    return {pk: tuple(sums) for pk, sums in result.items()}


def kept() -> dict[int, tuple[int, int]]:
    rows = {t.commitment_id: (t.delivered, t.provisional) for t in CommitmentTotal.objects.all()}
    return {pk: rows.get(pk, (0, 0)) for pk in Commitment.objects.values_list("pk", flat=True)}


def assert_kept_right():
    assert kept() == independent_sums()


def test_totals_follow_every_step_of_the_life_cycle(world):
    officer_a, officer_b, reviewer = (world.users[n] for n in ("officer_a", "officer_b", "reviewer"))
    a, b = world.commitment_a.pk, world.commitment_b.pk
    assert kept()[a] == (7005, 0) and kept()[b] == (0, 7003)  # the world's approved and submitted
    assert_kept_right()

    report_a = services.report_submit(report=world.report_a, user=officer_a)
    assert kept()[a] == (7005, 7001)
    assert_kept_right()

    report_b = services.report_return(report=world.report_b, user=reviewer, comment="Dates?")
    assert kept()[b] == (0, 0)
    assert_kept_right()
    data = {"commitment": world.commitment_b, "delivered_on": world.delivery_b.delivered_on, "quantity": 10}
    services.delivery_line_save(report=report_b, user=officer_b, data=data)
    line = report_b.deliveries.get(quantity=7003)
    services.line_delete(line=line, user=officer_b, version=line.version)
    report_b = services.report_submit(report=report_b, user=officer_b)
    assert kept()[b] == (0, 10)
    assert_kept_right()

    services.report_approve(report=report_a, user=reviewer)
    assert kept()[a] == (7005 + 7001, 0)
    assert_kept_right()

    draft = services.report_reopen(report=world.report_a_approved, user=reviewer, reason="Typo")
    assert kept()[a] == (7005 + 7001, 0)  # the superseded revision counts until the new one is approved
    assert_kept_right()
    line = draft.deliveries.get()
    data = {"commitment": world.commitment_a, "delivered_on": line.delivered_on, "quantity": 7000}
    services.delivery_line_save(report=draft, user=officer_a, data=data, line=line, version=line.version)
    draft = services.report_submit(report=draft, user=officer_a)
    assert kept()[a] == (7005 + 7001, 7000)
    assert_kept_right()
    services.report_approve(report=draft, user=reviewer)
    assert kept()[a] == (7000 + 7001, 0)
    assert_kept_right()


def test_totals_follow_raw_sql_and_bulk_updates(world):
    b = world.commitment_b.pk
    report_b = world.report_b  # submitted
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reports_deliveryline SET quantity = 5 WHERE id = %s", [world.delivery_b.pk])
        assert kept()[b] == (0, 5)
        cursor.execute(
            "INSERT INTO reports_deliveryline (report_id, commitment_id, delivered_on, quantity, notes, "
            "line_reference, version) VALUES (%s, %s, %s, 20, '', '', 1)",
            [report_b.pk, b, world.delivery_b.delivered_on],
        )
        assert kept()[b] == (0, 25)
        # a line moved to another commitment leaves the first one's totals
        other = f.CommitmentFactory(country=world.b, capability=world.capability, quantity=9)
        cursor.execute(
            "UPDATE reports_deliveryline SET commitment_id = %s WHERE id = %s",
            [other.pk, world.delivery_b.pk],
        )
        assert (kept()[b], kept()[other.pk]) == ((0, 20), (0, 5))
        assert_kept_right()
        cursor.execute("UPDATE reports_partnerreport SET status = 'approved' WHERE id = %s", [report_b.pk])
        assert (kept()[b], kept()[other.pk]) == ((20, 0), (5, 0))
        assert_kept_right()
    PartnerReport.objects.filter(pk=world.report_a.pk).update(status="submitted")
    assert kept()[world.commitment_a.pk] == (7005, 7001)
    assert_kept_right()


def test_a_report_removed_with_its_lines_leaves_no_totals(world):
    report = world.report_a
    with connection.cursor() as cursor:  # foreign keys are checked at commit: report first, lines after
        cursor.execute("UPDATE reports_partnerreport SET status = 'submitted' WHERE id = %s", [report.pk])
        assert kept()[world.commitment_a.pk] == (7005, 7001)
        cursor.execute("DELETE FROM reports_partnerreport WHERE id = %s", [report.pk])
        assert kept()[world.commitment_a.pk] == (7005, 0)
        cursor.execute("DELETE FROM reports_deliveryline WHERE report_id = %s", [report.pk])
        cursor.execute("DELETE FROM reports_planline WHERE report_id = %s", [report.pk])
    assert kept()[world.commitment_a.pk] == (7005, 0)
    assert_kept_right()


def test_legacy_approval_in_bulk_counts_the_lines(world):
    analyst = world.users["analyst"]
    period = world.past_period
    legacy = PartnerReport.objects.create(
        country=world.b, coalition=world.coalition, period=period, revision=0
    )
    DeliveryLine.objects.create(
        report=legacy, commitment=world.commitment_b, delivered_on=datetime.date(2026, 7, 3), quantity=300
    )
    report_legacy_approve(reports=[legacy], user=analyst)
    assert kept()[world.commitment_b.pk] == (300, 7003)
    assert_kept_right()


def test_refill_gives_the_same_totals(world):
    services.report_submit(report=world.report_a, user=world.users["officer_a"])
    before = kept()
    CommitmentTotal.objects.all().delete()
    totals.refill()
    assert kept() == before == independent_sums()


def _bodies(sql: str) -> list[str]:
    return [body.strip() for body in re.findall(r"AS \$\$(.*?)\$\$", sql, re.S)]


def test_the_database_runs_the_functions_of_the_live_module(db):
    """The migration froze its copy of ``coalitions.totals``: the two must not drift apart."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT prosrc FROM pg_proc WHERE proname LIKE 'coalitions_commitment_totals_%%' ORDER BY proname"
        )
        installed = sorted(row[0].strip() for row in cursor.fetchall())
    assert installed == sorted(_bodies(totals.FUNCTION))

"""The needs board: totals for every member, the breakdown only where the viewer may see it."""

import datetime

from django.urls import reverse

from coalitions.planning import selectors
from reports.models import PartnerReport, PlanLine, ReportingPeriod
from tests import factories as f
from tests.world import log_in

MARKER_A, MARKER_B = 61_111, 62_222  # planted plan quantities nobody else has


def forms(number):
    """A number as it may reach a page: grouped as pages write it (61,111) and ungrouped."""
    return (f"{number:,}", str(number))


def plant(world):
    """Plans of A and B for the need's quarter (2026-Q4), each with a marker quantity."""
    previous = ReportingPeriod.objects.create(
        start=datetime.date(2026, 4, 1), end=datetime.date(2026, 6, 30), due_on=datetime.date(2026, 7, 15)
    )
    for country, commitment, quantity in (
        (world.a, world.commitment_a, MARKER_A),
        (world.b, world.commitment_b, MARKER_B),
    ):
        report = PartnerReport.objects.create(country=country, coalition=world.coalition, period=previous)
        PlanLine.objects.create(
            report=report, commitment=commitment, period=world.period, quantity=quantity, need=world.need
        )


def test_a_non_lead_partner_sees_totals_but_only_its_own_breakdown(world, client):
    plant(world)
    cell = selectors.needs_board(world.users["officer_a"], world.coalition)[0]
    assert cell.planned == MARKER_A + MARKER_B
    assert [(s.country, s.planned) for s in cell.shares] == [("Belgium", MARKER_A)]
    assert cell.hidden_shares == 1
    log_in(client, world.users["officer_a"])
    page = client.get(
        reverse("planning:board", kwargs={"slug": "artillery"}), {"first": "2026-Q1"}
    ).content.decode()
    assert f"{MARKER_A:,}" in page and "Sweden" not in page
    assert not [form for form in forms(MARKER_B) if form in page]
    detail = client.get(reverse("planning:need_detail", kwargs={"pk": world.need.pk})).content.decode()
    assert not [form for form in forms(MARKER_B) if form in detail]


def test_the_export_holds_only_the_breakdown_the_user_sees(world, client):
    plant(world)
    log_in(client, world.users["officer_b"])
    response = client.get(reverse("exports:download", kwargs={"dataset": "needs_board", "fmt": "csv"}))
    body = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert str(MARKER_B) in body and str(MARKER_A) not in body and "Belgium" not in body


def test_lead_and_ministry_see_every_country(world):
    plant(world)
    for persona in ("lead_officer", "analyst"):
        cell = selectors.needs_board(world.users[persona], world.coalition)[0]
        assert sorted(s.planned for s in cell.shares) == [MARKER_A, MARKER_B]
        assert cell.hidden_shares == 0


def test_gap_closes_as_members_plan_and_uncovered_high_priority_comes_first(world):
    low = f.NeedFactory(capability=world.capability, quantity=10, year=2027, quarter=1, priority="low")
    cells = selectors.needs_board(world.users["analyst"], world.coalition)
    assert [c.need for c in cells] == [world.need, low]
    assert cells[0].gap == world.need.quantity
    plant(world)
    cell = selectors.needs_board(world.users["analyst"], world.coalition)
    assert cell[0].need == world.need
    assert cell[0].gap == world.need.quantity - MARKER_A - MARKER_B


def test_an_invalid_filter_shows_its_error_and_no_rows(world, client):
    log_in(client, world.users["analyst"])
    page = client.get(reverse("planning:board", kwargs={"slug": "artillery"}), {"first": "2400-Q1"})
    assert page.status_code == 200
    assert "Correct the filters" in page.content.decode()


def test_delivered_per_need_is_the_approved_lines_in_its_period_counted_once(world):
    """Quarterly and monthly reports' approved lines count towards the quarter's need; a monthly
    need counts the lines delivered in its month, whether a monthly or a quarterly report holds
    them; lines of reports not approved count nowhere."""
    from reports import services
    from reports.models import DeliveryLine

    october = ReportingPeriod.objects.create(
        kind="month",
        start=datetime.date(2026, 10, 1),
        end=datetime.date(2026, 10, 31),
        due_on=datetime.date(2026, 11, 10),
    )
    monthly = PartnerReport.objects.create(country=world.b, coalition=world.coalition, period=october)
    for day, quantity in ((3, 11), (20, 13)):
        DeliveryLine.objects.create(
            report=monthly,
            commitment=world.commitment_b,
            delivered_on=datetime.date(2026, 10, day),
            quantity=quantity,
        )
    # A's quarterly report of 2026-Q4: its world line (10 October, 7001) and one in November
    DeliveryLine.objects.create(
        report=world.report_a,
        commitment=world.commitment_a,
        delivered_on=datetime.date(2026, 11, 5),
        quantity=17,
    )
    october_need = f.NeedFactory(capability=world.capability, quantity=900_000, month=10)
    november_need = f.NeedFactory(capability=world.capability, quantity=900_000, month=11)

    def delivered():
        cells = selectors.needs_board(world.users["analyst"], world.coalition)
        return {cell.need.pk: cell.delivered for cell in cells}

    assert delivered()[world.need.pk] == 0  # nothing approved yet
    for report in (monthly, world.report_a):
        services.report_submit(
            report=report, user=world.users[{monthly: "officer_b"}.get(report, "officer_a")]
        )
        services.report_approve(report=report, user=world.users["reviewer"])
    assert delivered() == {
        world.need.pk: 11 + 13 + 7001 + 17,
        october_need.pk: 11 + 13 + 7001,
        november_need.pk: 17,
    }


def test_the_dashboards_most_urgent_needs_are_the_first_uncovered_ones(world):
    """``most_urgent_needs`` measures gaps on plain rows and reads only the needs it shows: the
    same cells, in the same order, as the first of ``uncovered_needs`` (the board's cells)."""
    from coalitions.models import Priority

    plant(world)  # plans of A and B for 2026-Q4, naming ``world.need``
    other = f.CapabilityFactory(coalition=world.coalition, code="other", name="Other")
    made = [
        # (capability, quantity, year, quarter, month, priority)
        (world.capability, 7006, 2026, 3, None, Priority.CRITICAL),  # A delivered 7005: gap 1
        (world.capability, 50, 2026, 3, 7, Priority.HIGH),  # covered by A's delivery of 2026-07-10
        (world.capability, 9000, 2026, 3, 8, Priority.HIGH),  # August: nothing delivered
        (other, 10, 2026, 4, None, Priority.HIGH),  # same start as ``world.need``: by gap
        (other, 10, 2027, 1, None, Priority.CRITICAL),
        (other, 10, 2027, 1, 2, Priority.MEDIUM),  # not high: never urgent
        (other, 10, 2027, 2, None, Priority.HIGH),
    ]
    for capability, quantity, year, quarter, month, priority in made:
        f.NeedFactory(
            capability=capability,
            quantity=quantity,
            year=year,
            quarter=quarter,
            month=month,
            priority=priority,
        )
    for persona in ("officer_a", "lead_officer", "analyst", "observer"):
        user = world.users[persona]
        full = selectors.uncovered_needs(user, priorities=selectors.HIGH_PRIORITIES)
        for limit in (1, 3, 8, 100):
            cells = selectors.most_urgent_needs(user, limit)
            expected = [(c.need.pk, c.needed, c.planned, c.delivered, c.gap) for c in full[:limit]]
            assert [(c.need.pk, c.needed, c.planned, c.delivered, c.gap) for c in cells] == expected
            assert all(c.is_urgent and c.need.capability.name for c in cells)
    analyst = selectors.most_urgent_needs(world.users["analyst"], 100)
    assert len(analyst) == 6 and analyst[0].gap == 1  # critical first, then by start and gap

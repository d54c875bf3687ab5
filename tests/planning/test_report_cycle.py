"""Obligations in the report cycle: the partner report's needs, the compliance board's
"no obligation declared", withdrawn needs out of the figures."""

import datetime

from django.urls import reverse

from coalitions.models import NeedStatus
from coalitions.planning import selectors, services
from reports.figures import counting
from reports.filters import FigureFilters
from tests import factories as f
from tests.world import log_in


def test_partner_report_shows_planned_and_delivered_per_need(world, client):
    services.need_offer(
        user=world.users["officer_a"],
        need=f.NeedFactory(capability=world.capability, quantity=500, year=2027, quarter=1),
        country=world.a,
        schedule=[(datetime.date(2027, 1, 1), 77)],
    )
    rows = {row.need.period_label: row for row in selectors.report_needs(world.report_a)}
    assert rows["2027-Q1"].planned == 7002 + 77  # A's earlier plan for that quarter and the offer
    assert rows["2026-Q4"].delivered == 7001  # the report's delivery in the need's quarter
    log_in(client, world.users["officer_a"])
    page = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_a.pk}))
    assert 'id="report-needs"' in page.content.decode()


def test_compliance_board_marks_members_without_an_obligation(world, client):
    services.need_offer(
        user=world.users["officer_a"],
        need=world.need,
        country=world.a,
        schedule=[(datetime.date(2027, 1, 1), 5)],
    )
    log_in(client, world.users["analyst"])
    response = client.get(reverse("compliance"), {"period": world.period.pk, "obligations": "on"})
    marks = {str(row["membership"].country.code): row["no_obligation"] for row in response.context["page"]}
    assert marks == {"BE": False, "SE": True, "LV": True}
    assert "No obligation declared" in response.content.decode()


def test_withdrawn_needs_leave_the_needed_figure(world):
    analyst = world.users["analyst"]
    filters = FigureFilters(analyst, {})
    assert filters.is_valid()
    assert list(counting.need_rows(analyst, filters)) == [world.need]
    world.need.status = NeedStatus.WITHDRAWN
    world.need.save()
    assert list(counting.need_rows(analyst, filters)) == []


def test_report_page_gives_the_needs_the_report_touches_as_read_on_their_own(world, client):
    """The page passes the lines it read to ``report_needs``: the same rows as reading them anew."""
    touched = f.NeedFactory(capability=world.capability, quantity=500, year=2027, quarter=1)
    services.need_offer(
        user=world.users["officer_a"],
        need=touched,
        country=world.a,
        schedule=[(datetime.date(2027, 1, 1), 77)],
    )
    f.NeedFactory(
        capability=world.capability, quantity=9, year=2028, quarter=2
    )  # neither named nor of the period
    log_in(client, world.users["officer_a"])
    page = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_a.pk}))
    shown = [(row.need.pk, row.planned, row.delivered) for row in page.context["report_needs"]]
    expected = [(row.need.pk, row.planned, row.delivered) for row in selectors.report_needs(world.report_a)]
    assert shown == expected
    assert {row.need.period_label for row in page.context["report_needs"]} == {"2026-Q4", "2027-Q1"}

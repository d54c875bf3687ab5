"""Needs, a call and an offer to cover through a real browser: the board's gap closes."""

import datetime

import pytest
from playwright.sync_api import expect

from coalitions.models import Cadence, Membership, Need
from reports import services
from tests import factories as f
from tests.world import build_world


@pytest.fixture
def world(transactional_db):
    w = build_world()
    # A plans month by month: its open report is the monthly one
    Membership.objects.filter(coalition=w.coalition, country=w.a).update(cadence=Cadence.MONTHLY)
    services.period_open(user=w.users["analyst"], kind=Cadence.MONTHLY, start=datetime.date(2026, 12, 1))
    f.CapabilityFactory(coalition=w.coalition, code="mlrs-rocket", name="MLRS rocket", unit="rounds")
    return w


def as_user(browser, live_server, session_cookie, user):
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies([session_cookie(user, live_server.url)])
    return context.new_page()


def board_row(page):
    page.goto("/planning/coalitions/artillery/needs/?first=2026-Q1")
    return page.locator("tbody tr", has_text="2027-Q1")


@pytest.mark.browser
def test_need_published_called_for_and_covered_month_by_month(world, browser, live_server, session_cookie):
    analyst = as_user(browser, live_server, session_cookie, world.users["analyst"])
    analyst.goto("/planning/needs/new/")
    analyst.get_by_label("Coalition").select_option(label="Artillery")
    analyst.get_by_label("Capability").select_option(label="Artillery: MLRS rocket (rounds)")
    analyst.get_by_label("Quantity").fill("300")
    analyst.get_by_label("Year").fill("2027")
    analyst.get_by_label("Quarter").select_option(label="Q1")
    analyst.get_by_label("Justification").fill("Spring offensive")
    analyst.get_by_role("button", name="Publish").click()
    expect(analyst.get_by_text("The need was published.")).to_be_visible()
    need = Need.objects.get(year=2027, quarter=1)

    lead = as_user(browser, live_server, session_cookie, world.users["lead_officer"])
    row = board_row(lead)
    expect(row.locator(".board-cell-gap")).to_have_text("300")
    row.get_by_role("link", name="Send a call").click()
    lead.get_by_label("Message to the members").fill("Who can help in January and February?")
    lead.get_by_role("button", name="Send the call").click()
    expect(lead.get_by_text("The call was sent to the coalition's members.")).to_be_visible()

    member = as_user(browser, live_server, session_cookie, world.users["officer_a"])
    member.goto("/")
    member.locator(".govuk-notification-banner").get_by_role(
        "link", name="Artillery: MLRS rocket 2027-Q1"
    ).click()
    member.get_by_role("link", name="Offer to cover").first.click()
    member.get_by_label("Period 1").select_option(label="2027-01")
    member.locator("#id_quantity_1").fill("120")
    member.get_by_label("Period 2").select_option(label="2027-02")
    member.locator("#id_quantity_2").fill("80")
    member.get_by_role("button", name="Offer").click()
    expect(member.get_by_text("Your offer was recorded")).to_be_visible()

    expect(board_row(lead).locator(".board-cell-gap")).to_have_text("100")
    assert sorted(need.plan_lines.values_list("period__start", "quantity")) == [
        (datetime.date(2027, 1, 1), 120),
        (datetime.date(2027, 2, 1), 80),
    ]
    assert list(need.calls.get().responses.values_list("country__code", flat=True)) == ["BE"]

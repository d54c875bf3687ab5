"""An officer enters an over-delivery, sees the warning, explains it and submits; the reviewer
sees the flag and its explanation at the top of the report."""

import pytest
from playwright.sync_api import expect

from coalitions.models import CommitmentStatus
from reports.models import PartnerReport
from tests import factories as f


@pytest.fixture
def session_for(browser, live_server, session_cookie):
    def _page(user):
        context = browser.new_context()
        context.add_cookies([session_cookie(user, live_server.url)])
        return context.new_page()

    return _page


@pytest.mark.browser
def test_officer_explains_an_over_delivery_and_the_reviewer_sees_it_first(
    transactional_db, live_server, world, session_for
):
    boats = f.CommitmentFactory(
        country=world.a, capability=world.capability, quantity=8, status=CommitmentStatus.IN_DELIVERY
    )
    report_url = f"{live_server.url}/reports/partner/{world.report_a.pk}/"
    officer = session_for(world.users["officer_a"])
    reviewer = session_for(world.users["reviewer"])

    officer.goto(report_url)
    form = officer.locator("#delivery-form")
    form.get_by_label("Commitment").select_option(str(boats.pk))
    form.get_by_label("Delivered on").fill("2026-11-03")
    form.get_by_label("Quantity").fill("50")
    form.get_by_role("button", name="Add delivery").click()
    expect(officer.locator(".messages")).to_contain_text("past its committed quantity")
    expect(officer.locator("#data-checks")).to_contain_text("50 reported delivered against 8 committed")

    officer.get_by_role("button", name="Submit").click()
    officer.get_by_role("button", name="Yes, submit the report").click()
    expect(officer.locator(".messages")).to_contain_text("has no explanation")
    officer.locator("#flag-form textarea").fill("Extra boats donated from stocks; commitment to be raised.")
    officer.get_by_role("button", name="Save explanations").click()
    expect(officer.locator("#data-checks")).to_contain_text("Extra boats donated from stocks")
    officer.get_by_role("button", name="Submit").click()
    officer.get_by_role("button", name="Yes, submit the report").click()
    expect(officer.locator(".messages")).to_contain_text("Submit done")

    reviewer.goto(f"{live_server.url}/reports/review/")
    reviewer.locator("#review-queue").get_by_role("link", name="Belgium").click()
    flags = reviewer.locator("#data-checks")
    expect(flags).to_contain_text("past its committed quantity")
    expect(flags).to_contain_text("Extra boats donated from stocks")
    first = reviewer.evaluate("() => [...document.querySelectorAll('main h2, body h2')][0]?.id")
    assert first == "data-checks-title"
    assert PartnerReport.objects.get(pk=world.report_a.pk).status == "submitted"

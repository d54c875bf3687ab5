"""An officer reports, a reviewer returns, the officer corrects, the reviewer approves."""

import pytest
from playwright.sync_api import expect

from reports.models import PartnerReport


@pytest.fixture
def session_for(browser, live_server, session_cookie):
    """A browser page logged in as ``user`` through the tests' one log-in helper."""

    def _page(user):
        context = browser.new_context()
        context.add_cookies([session_cookie(user, live_server.url)])
        return context.new_page()

    return _page


@pytest.mark.browser
def test_officer_reports_reviewer_returns_officer_corrects_reviewer_approves(
    transactional_db, live_server, world, session_for
):
    report_url = f"{live_server.url}/reports/partner/{world.report_a.pk}/"
    officer = session_for(world.users["officer_a"])
    reviewer = session_for(world.users["reviewer"])

    officer.goto(report_url)
    form = officer.locator("#delivery-form")
    form.get_by_label("Commitment").select_option(str(world.commitment_a.pk))
    form.get_by_label("Delivered on").fill("2026-11-03")
    form.get_by_label("Quantity").fill("250")
    form.get_by_role("button", name="Add delivery").click()
    expect(officer.locator("#deliveries")).to_contain_text("250")
    officer.get_by_role("button", name="Submit").click()
    expect(officer.locator("#consequences")).to_contain_text("nobody can change the report's lines")
    officer.get_by_role("button", name="Yes, submit the report").click()
    expect(officer.locator(".messages")).to_contain_text("Submit done")
    expect(officer.locator("#delivery-form")).to_have_count(0)

    reviewer.goto(f"{live_server.url}/reports/review/")
    reviewer.locator("#review-queue").get_by_role("link", name="Belgium").click()
    reviewer.get_by_role("button", name="Return").click()
    reviewer.get_by_label("Comment").fill("The second delivery was 200, not 250.")
    reviewer.get_by_role("button", name="Yes, return the report").click()
    expect(reviewer.locator(".timeline")).to_contain_text("The second delivery was 200, not 250.")

    officer.goto(report_url)
    expect(officer.locator(".timeline")).to_contain_text("The second delivery was 200, not 250.")
    expect(officer.locator("#returned")).to_contain_text("The second delivery was 200, not 250.")
    officer.locator("#deliveries tr", has_text="250").get_by_role("link", name="Edit").click()
    officer.get_by_label("Quantity").fill("200")
    officer.get_by_role("button", name="Save").click()
    expect(officer.locator("#deliveries")).to_contain_text("200")
    officer.get_by_role("button", name="Submit").click()
    officer.get_by_role("button", name="Yes, submit the report").click()
    expect(officer.locator(".messages")).to_contain_text("Submit done")

    reviewer.goto(report_url)
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.locator("#consequences")).to_contain_text("reopens it as revision 2")
    reviewer.get_by_role("button", name="Yes, approve the report").click()
    expect(reviewer.locator(".messages")).to_contain_text("Approve done")

    officer.goto(report_url)
    expect(officer.locator("#deliveries")).to_contain_text("200")
    expect(officer.locator("#delivery-form")).to_have_count(0)
    expect(officer.locator("#deliveries").get_by_role("link", name="Edit")).to_have_count(0)
    expect(officer.get_by_role("button", name="Submit")).to_have_count(0)
    report = PartnerReport.objects.get(pk=world.report_a.pk)
    assert (report.status, sorted(report.deliveries.values_list("quantity", flat=True))) == (
        "approved",
        [200, 7001],
    )

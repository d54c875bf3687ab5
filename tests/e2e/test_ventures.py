"""An officer registers a joint venture, reports its output, a reviewer approves, and the
coalition page shows it."""

import pytest
from playwright.sync_api import expect

from coalitions.ventures.models import JointVenture


@pytest.fixture
def session_for(browser, live_server, session_cookie):
    def _page(user):
        context = browser.new_context()
        context.add_cookies([session_cookie(user, live_server.url)])
        return context.new_page()

    return _page


@pytest.mark.browser
def test_officer_registers_a_venture_reports_output_reviewer_approves_coalition_page_shows_it(
    transactional_db, live_server, world, session_for
):
    officer = session_for(world.users["officer_a"])
    reviewer = session_for(world.users["reviewer"])
    member = session_for(world.users["officer_b"])

    officer.goto(f"{live_server.url}/ventures/")
    officer.get_by_role("link", name="Register a joint venture").click()
    form = officer.locator("#register-form")
    form.get_by_label("Partner country:", exact=True).select_option(str(world.a.pk))
    form.get_by_label("Coalition:", exact=True).select_option(str(world.coalition.pk))
    form.get_by_label("Name:", exact=True).fill("Shell works 12 Main Street")
    form.get_by_label("Partner company:", exact=True).fill("Belgian Munitions")
    form.get_by_label("Kind:", exact=True).select_option("production")
    form.get_by_label("Region (oblast):", exact=True).select_option("UA-46")
    form.get_by_label("Stage:", exact=True).select_option("operating")
    form.get_by_label("Date the stage began:", exact=True).fill("2026-10-01")
    form.get_by_role("button", name="Save").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("street address")
    officer.locator("#register-form").get_by_label("Name:", exact=True).fill("Shell works Lviv")
    officer.locator("#register-form").get_by_role("button", name="Save").click()
    expect(officer.locator("h1")).to_have_text("Shell works Lviv")

    capacity = officer.locator("#capacity-form")
    capacity.get_by_label("Capability").select_option(str(world.capability.pk))
    capacity.get_by_label("Monthly capacity").fill("500")
    capacity.get_by_role("button", name="Save capacity").click()
    expect(officer.locator("#capacities")).to_contain_text("500")

    venture = JointVenture.objects.get(name="Shell works Lviv")
    officer.goto(f"{live_server.url}/reports/partner/{world.report_a.pk}/")
    output = officer.locator("#output-form")
    output.get_by_label("Joint venture").select_option(str(venture.pk))
    output.get_by_label("Capability").select_option(str(world.capability.pk))
    output.get_by_label("Quantity").fill("777")
    output.get_by_role("button", name="Add output").click()
    expect(officer.locator("#venture-outputs")).to_contain_text("777")
    officer.get_by_role("button", name="Submit").click()
    officer.get_by_role("button", name="Yes, submit the report").click()
    expect(officer.locator(".messages")).to_contain_text("Submit done")

    reviewer.goto(f"{live_server.url}/reports/partner/{world.report_a.pk}/")
    expect(reviewer.locator("#venture-outputs")).to_contain_text("777")
    reviewer.get_by_role("button", name="Approve").click()
    reviewer.get_by_role("button", name="Yes, approve the report").click()
    expect(reviewer.locator(".messages")).to_contain_text("Approve done")

    member.goto(f"{live_server.url}/coalitions/artillery/")
    expect(member.locator("#coalition-ventures")).to_contain_text("Shell works Lviv")
    expect(member.locator("#coalition-ventures")).to_contain_text("777")
    expect(member.locator("#capacity-output")).to_contain_text("777")
    expect(member.locator("body")).not_to_contain_text("Lviv Oblast")

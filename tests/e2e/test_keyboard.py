"""A partner officer adds a delivery and submits the report with the keyboard alone."""

import pytest
from django.db import connections

from reports.models import PartnerReport


def tab_to(page, selector, limit=150, text=""):
    """Press Tab until the focused element matches ``selector`` (and its text starts with ``text``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "([s, t]) => { const e = document.activeElement;"
            " return !!e && e.matches(s) && e.textContent.trim().startsWith(t); }",
            [selector, text],
        ):
            return
    raise AssertionError(f"Tab never reached {selector} {text}")


@pytest.mark.browser
def test_an_officer_submits_a_report_without_the_mouse(
    transactional_db, live_server, world, session_browser, session_cookie
):
    context = session_browser.new_context()
    context.add_cookies([session_cookie(world.users["officer_a"], live_server.url)])
    page = context.new_page()
    page.goto(f"{live_server.url}/reports/partner/{world.report_a.pk}/")

    tab_to(page, "#delivery-form select[name=commitment]")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#delivery-form input[name=delivered_on]")
    page.keyboard.type("11112026")  # 11 November in either day-month order
    tab_to(page, "#delivery-form input[name=quantity]")
    page.keyboard.type("250")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "a.govuk-button", text="Submit")  # the report page links to the confirmation step
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "button", text="Yes, submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    context.close()
    connections.close_all()

    report = PartnerReport.objects.get(pk=world.report_a.pk)
    assert report.status == "submitted"
    assert sorted(report.deliveries.values_list("quantity", flat=True)) == [250, 7001]

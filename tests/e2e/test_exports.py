"""An analyst filters the figures page to one coalition, sees the chart and downloads its XLSX."""

import pytest
from openpyxl import load_workbook

from tests.exports.sample import build_data
from tests.world import build_world


@pytest.fixture
def world(transactional_db):
    """The shared world without its reports: the test makes the reports it exports."""
    return build_world(reports=False)


@pytest.fixture
def data(transactional_db, world):
    return build_data(world)


@pytest.mark.browser
def test_analyst_filters_figures_and_downloads_the_xlsx_of_that_view(
    transactional_db, data, live_server, browser, session_cookie
):
    context = browser.new_context(accept_downloads=True)
    context.add_cookies([session_cookie(data.world.users["analyst"], live_server.url)])
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Figures and exports").click()
    page.get_by_label("Coalition").select_option("artillery")
    page.get_by_role("button", name="Apply filters").click()

    assert "coalition=artillery" in page.url
    chart = page.locator("svg[role=img]").first
    assert chart.is_visible()
    assert chart.get_attribute("aria-labelledby") == "capability-chart-title capability-chart-desc"
    assert page.get_by_role("row", name="155 mm shell").first.is_visible()

    with page.expect_download() as info:
        page.get_by_role("row", name="Summary").get_by_role("link", name="XLSX").click()
    download = info.value
    assert download.suggested_filename.startswith("summary_artillery_")
    with open(download.path(), "rb") as file:
        rows = list(load_workbook(file).active.iter_rows(values_only=True))
    assert {row[0] for row in rows[1:]} == {"artillery"}
    assert rows[1][6] == 777777
    context.close()

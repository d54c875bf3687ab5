"""An officer fills the downloaded template, fixes a bad row after the preview, and imports."""

import datetime

import pytest
from openpyxl import load_workbook

from reports.models import DeliveryLine, PartnerReport, ReportingPeriod
from tests.world import build_world, log_in


@pytest.fixture
def page(transactional_db, live_server, client, settings, tmp_path, browser):
    world = build_world(reports=False)  # the test makes the report it imports into
    log_in(client, world.users["officer_a"])
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(accept_downloads=True)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.world = world
    return page


def fill(path, rows):
    book = load_workbook(path)
    sheet = book["Lines"]
    for row in rows:
        sheet.append(row)
    book.save(path)


@pytest.mark.browser
def test_officer_fixes_a_bad_row_and_imports(page, live_server, tmp_path):
    world = page.world
    period = ReportingPeriod.objects.create(
        kind="quarter",
        start=datetime.date(2026, 10, 1),
        end=datetime.date(2026, 12, 31),
        due_on=datetime.date(2027, 1, 31),
    )
    report = PartnerReport.objects.create(country=world.a, coalition=world.coalition, period=period)
    page.goto(f"{live_server.url}/imports/reports/{report.pk}/deliveries/")
    with page.expect_download() as download:
        page.click("#template-link")
    path = tmp_path / "filled.xlsx"
    download.value.save_as(path)
    pk = world.commitment_a.pk
    good = ["DL-1", pk, "", "", "", "", datetime.date(2026, 11, 5), 40, "first", ""]
    bad = ["DL-2", pk, "", "", "", "", datetime.date(2026, 11, 6), -5, "second", ""]
    fill(path, [good, bad])

    page.set_input_files("input[type=file]", str(path))
    page.click("#upload")
    problem = page.locator("#problems tbody tr")
    assert problem.count() == 1
    assert problem.first.inner_text().split("\t") == ["3", "quantity", "cannot be negative"]
    assert page.locator("#confirm").count() == 0

    download.value.save_as(path)
    fill(path, [good, [*bad[:7], 5, *bad[8:]]])
    page.set_input_files("input[type=file]", str(path))
    page.click("#upload")
    assert page.locator("#counts").inner_text() == "2 to add, 0 to update, 0 unchanged, 0 with problems."
    page.click("#confirm")

    assert page.locator(".message.success").inner_text() == "Imported: 2 lines added, 0 updated, 0 unchanged."
    assert sorted(DeliveryLine.objects.values_list("line_reference", "quantity")) == [
        ("DL-1", 40),
        ("DL-2", 5),
    ]

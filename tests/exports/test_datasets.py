"""Every dataset × format × persona holds exactly the rows that persona may see."""

import datetime
import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from reports.exports.datasets import DATASETS, DELIVERIES_HEADER
from reports.models import DeliveryLine
from tests.exports.helpers import body, download, parse
from tests.exports.sample import A_LINES
from tests.world import log_in

FORMATS = ("csv", "xlsx")
READERS = ("officer_a", "viewer_a", "officer_b", "lead_officer", "analyst", "reviewer", "observer")
A_REFS = {"'" + ref if ref[0] in "+-@" else ref for ref, _q, _n in A_LINES}
B_REFS = {"B-1", "B-sub"}
EVERY_REF = A_REFS | B_REFS | {"B-drones", "L-1"}
DELIVERY_REFS = {
    "officer_a": A_REFS,
    "viewer_a": A_REFS,
    "officer_b": B_REFS | {"B-drones"},
    "lead_officer": A_REFS | B_REFS | {"L-1"},
    "analyst": EVERY_REF,
    "reviewer": EVERY_REF,
    "observer": {"B-drones"},
}
ART = [  # committed is as at the end of each quarter (the commitments date from 2026-Q1)
    ["artillery", "shell-155", "2026-Q1", "0", "777777", "11017", "0", "601"],
    ["artillery", "shell-155", "2026-Q2", "0", "777777", "0", "2002", "0"],
    ["artillery", "shell-155", "2026-Q4", "900001", "777777", "0", "0", "0"],
]
DRONES = [["drones", "fpv", "2026-Q1", "0", "333333", "3001", "0", "0"]]
SUMMARY = {
    "officer_a": ART,
    "viewer_a": ART,
    "officer_b": ART + DRONES,
    "lead_officer": ART,
    "analyst": ART + DRONES,
    "reviewer": ART + DRONES,
    "observer": DRONES,
}
A_REPORTS = {("2026-Q1", "BE", "artillery"), ("2026-Q2", "BE", "artillery")}
B_ART = {("2026-Q1", "SE", "artillery"), ("2026-Q2", "SE", "artillery")}
B_DRONES = {("2026-Q1", "SE", "drones")}
LEAD = {("2026-Q1", "LV", "artillery")}
MISSING_B_DRONES = {("2026-Q2", "SE", "drones")}
MISSING_LEAD = {("2026-Q2", "LV", "artillery")}
EVERY_REPORT = A_REPORTS | B_ART | B_DRONES | LEAD | MISSING_B_DRONES | MISSING_LEAD
COMPLIANCE = {  # reports, and the missing ones of the memberships the persona follows
    "officer_a": A_REPORTS,
    "viewer_a": A_REPORTS,
    "officer_b": B_ART | B_DRONES | MISSING_B_DRONES,
    "lead_officer": A_REPORTS | B_ART | LEAD | MISSING_LEAD,
    "analyst": EVERY_REPORT,
    "reviewer": EVERY_REPORT,
    "observer": B_DRONES,
}
ART_USAGE = {("artillery", "2026-Q1", "shell-155")}
USAGE = {
    "officer_a": ART_USAGE,
    "viewer_a": ART_USAGE,
    "officer_b": ART_USAGE,
    "lead_officer": ART_USAGE,
    "analyst": ART_USAGE | {("drones", "2026-Q1", "fpv")},
    "reviewer": ART_USAGE | {("drones", "2026-Q1", "fpv")},
    "observer": set(),
}


def commitment_ids(w, persona):
    ids = {
        "officer_a": [w.commitment_a],
        "viewer_a": [w.commitment_a],
        "officer_b": [w.commitment_b, w.commitment_b_drones],
        "lead_officer": [w.commitment_a, w.commitment_b, w.commitment_lead],
        "observer": [w.commitment_b_drones],
    }.get(persona, [w.commitment_a, w.commitment_b, w.commitment_b_drones, w.commitment_lead])
    return sorted(str(c.id) for c in ids)


def delivery_row(line):
    """The row the contract promises for ``line`` (formula-like text carries an apostrophe)."""
    report = line.report

    def text(value):
        return "'" + value if value[:1] in ("=", "+", "-", "@", "\t") else value

    return [
        text(line.line_reference),
        str(line.commitment_id),
        report.country.name,
        report.coalition.name,
        line.commitment.capability.name,
        report.period.label,
        line.delivered_on.isoformat(),
        str(line.quantity),
        text(line.notes),
        report.get_status_display(),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("persona", READERS)
def test_deliveries_hold_exactly_the_lines_the_persona_may_see(data, client, persona, fmt):
    header, rows = parse(download(client, data.world.users[persona], "deliveries", fmt), fmt)
    references = [r.lstrip("'") for r in DELIVERY_REFS[persona]]
    expected_lines = DeliveryLine.objects.filter(line_reference__in=references)
    assert header == list(DELIVERIES_HEADER)
    assert sorted(rows) == sorted(delivery_row(line) for line in expected_lines)
    assert {row[0] for row in rows} == DELIVERY_REFS[persona]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("persona", READERS)
def test_commitments_hold_exactly_the_persona_s_commitments(data, client, persona, fmt):
    header, rows = parse(download(client, data.world.users[persona], "commitments", fmt), fmt)
    assert header == list(DATASETS["commitments"].header)
    assert sorted(row[0] for row in rows) == commitment_ids(data.world, persona)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("persona", READERS)
def test_summary_sums_what_the_persona_may_see(data, client, persona, fmt):
    header, rows = parse(download(client, data.world.users[persona], "summary", fmt), fmt)
    assert header == list(DATASETS["summary"].header)
    assert [[row[i] for i in (0, 1, 4, 5, 6, 8, 9, 10)] for row in rows] == SUMMARY[persona]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("persona", READERS)
def test_compliance_lists_the_persona_s_reports(data, client, persona, fmt):
    header, rows = parse(download(client, data.world.users[persona], "compliance", fmt), fmt)
    assert header == list(DATASETS["compliance"].header)
    assert sorted(tuple(row[i] for i in (0, 1, 3)) for row in rows) == sorted(COMPLIANCE[persona])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("persona", READERS)
def test_usage_lists_the_persona_s_usage_lines(data, client, persona, fmt):
    header, rows = parse(download(client, data.world.users[persona], "usage", fmt), fmt)
    assert header == list(DATASETS["usage"].header)
    assert sorted(tuple(row[:3]) for row in rows) == sorted(USAGE[persona])


@pytest.mark.parametrize("fmt", FORMATS)
def test_commitment_row_carries_delivered_remaining_and_fulfilment(data, client, fmt):
    _header, rows = parse(download(client, data.world.users["officer_a"], "commitments", fmt), fmt)
    (row,) = rows
    assert row[7:12] == ["Ammunition", "rounds", "Committed", "From stocks", "111111"]
    assert row[11:13] == ["111111", "0"]
    assert row[17:] == ["5015", "106096", "0.0451"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_compliance_row_says_state_and_dates(data, client, fmt):
    _header, rows = parse(download(client, data.world.users["officer_a"], "compliance", fmt), fmt)
    first = ["2026-Q1", "BE", "Belgium", "artillery", "Artillery", "2", "Approved", "2026-04-30"]
    assert rows[0][:8] == first
    assert rows[1][6:8] == ["Draft", "2026-07-30"]
    assert rows[1][10] == "1"  # the draft of 2026-Q2 is past its due date


@pytest.mark.parametrize("fmt", FORMATS)
def test_compliance_names_missing_reports(data, client, fmt):
    _header, rows = parse(download(client, data.world.users["officer_b"], "compliance", fmt), fmt)
    missing = ["2026-Q2", "SE", "Sweden", "drones", "Drones", "", "Missing", "2026-07-30", "", "", "1"]
    assert rows[-1] == missing


@pytest.mark.parametrize("fmt", FORMATS)
def test_deliveries_of_one_report_include_its_draft_lines(data, client, fmt):
    query = f"report={data.a_draft.pk}"
    _header, rows = parse(download(client, data.world.users["officer_a"], "deliveries", fmt, query), fmt)
    assert [(row[0], row[7], row[9]) for row in rows] == [("A-draft", "5001", "Draft")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_deliveries_of_another_country_s_report_are_not_found(data, client, fmt):
    response = download(client, data.world.users["officer_a"], "deliveries", fmt, f"report={data.b.pk}")
    assert response.status_code == 404


@pytest.mark.parametrize("report", ["abc", "²", "-1"])
def test_a_report_that_is_not_a_number_is_not_found(data, client, report):
    response = download(client, data.world.users["officer_a"], "deliveries", "csv", f"report={report}")
    assert response.status_code == 404


def test_only_the_deliveries_file_is_named_after_a_report(data, client):
    response = download(
        client, data.world.users["officer_a"], "commitments", "csv", f"report={data.a_draft.pk}"
    )
    assert "report-" not in response["Content-Disposition"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_filters_narrow_the_file(data, client, fmt):
    query = "coalition=artillery&country=SE&period_from=2026-Q2&period_to=2026-Q2"
    _header, rows = parse(download(client, data.world.users["analyst"], "deliveries", fmt, query), fmt)
    assert [row[0] for row in rows] == ["B-sub"]


def test_file_name_says_dataset_scope_and_date(data, client):
    today = datetime.date.today().isoformat()
    response = download(client, data.world.users["officer_a"], "summary", "xlsx", "coalition=artillery")
    body(response)
    assert response["Content-Disposition"] == f'attachment; filename="summary_artillery_{today}.xlsx"'
    response = download(client, data.world.users["officer_b"], "deliveries", "csv")
    assert response["Content-Disposition"] == f'attachment; filename="deliveries_se_{today}.csv"'
    body(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_bad_filter_answers_400_with_the_message(data, client):
    response = download(client, data.world.users["officer_a"], "deliveries", "csv", "coalition=drones")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_unknown_dataset_is_not_found(data, client):
    assert download(client, data.world.users["analyst"], "secrets", "csv").status_code == 404


def test_xlsx_has_a_bold_frozen_header_with_a_filter_and_sized_columns(data, client):
    response = download(client, data.world.users["analyst"], "commitments", "xlsx")
    sheet = load_workbook(io.BytesIO(body(response))).active

    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    assert sheet.column_dimensions["C"].width >= len("country_name")


@pytest.mark.parametrize("fmt", FORMATS)
def test_exports_carry_names_and_labels_in_the_users_language(data, client, fmt):
    commitment = data.world.commitment_a
    log_in(client, data.world.users["officer_a"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    url = reverse("exports:download", kwargs={"dataset": "commitments", "fmt": fmt})
    _header, (row,) = parse(client.get(url), fmt)

    with translation.override("uk"):
        expected = [
            str(commitment.capability.get_category_display()),
            str(commitment.capability.get_unit_display()),
            str(commitment.get_status_display()),
            str(commitment.get_source_display()),
        ]
    assert row[7:11] == expected and expected[2] != "Committed"
    assert row[3:5] == ["artillery", commitment.coalition.name_uk or commitment.coalition.name_en]

"""Importing delivery and plan lines into one report: preview, confirm, re-import."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from reports.imports import services
from reports.imports.lines import DELIVERIES, PLAN_HEADER, PLANS
from reports.models import DeliveryLine, PartnerReport, PlanLine
from tests import factories as f
from tests.world import log_in

from .conftest import confirm, csv_bytes, delivery, quarter, rows_of, upload, xlsx_bytes


def preview_of(world, report, data, user=None, kind=DELIVERIES, **kwargs):
    user = user or world.users["officer_a"]
    return services.report_lines_import(user=user, report=report, kind=kind, data=data, **kwargs)


def problems(preview):
    return [(line, column) for line, column, _message in preview.problems]


def test_clean_file_previews_rows_to_add_and_writes_nothing(world, report):
    data = csv_bytes(rows_of(delivery(world.commitment_a), delivery(world.commitment_a, day="2026-12-01")))

    preview = preview_of(world, report, data)

    assert preview.counts == {"add": 2, "update": 0, "unchanged": 0, "error": 0}
    assert DeliveryLine.objects.count() == 0


def test_confirm_writes_every_row_and_reimport_is_unchanged(world, report, client):
    log_in(client, world.users["officer_a"])
    data = csv_bytes(rows_of(delivery(world.commitment_a, reference="R1"), delivery(world.commitment_a)))

    response = upload(client, report, data)
    token = response.context["token"]
    confirmed = confirm(client, report, token)
    again = upload(client, report, data)

    assert confirmed.status_code == 302
    assert sorted(DeliveryLine.objects.values_list("line_reference", "quantity")) == [("", 10), ("R1", 10)]
    assert again.context["preview"].counts == {"add": 0, "update": 0, "unchanged": 2, "error": 0}


def test_reimport_with_changed_quantity_updates_instead_of_duplicating(world, report):
    preview_of(world, report, csv_bytes(rows_of(delivery(world.commitment_a, reference="R1"))), dry_run=False)
    changed = csv_bytes(rows_of(delivery(world.commitment_a, reference="R1", quantity=25, day="2026-12-02")))

    preview = preview_of(world, report, changed, dry_run=False)

    assert preview.counts["update"] == 1
    line = DeliveryLine.objects.get()
    assert (line.quantity, line.delivered_on, line.version) == (25, datetime.date(2026, 12, 2), 2)


def test_without_reference_commitment_and_date_are_the_key(world, report):
    preview_of(world, report, csv_bytes(rows_of(delivery(world.commitment_a))), dry_run=False)

    preview_of(world, report, csv_bytes(rows_of(delivery(world.commitment_a, quantity=30))), dry_run=False)

    assert list(DeliveryLine.objects.values_list("quantity", flat=True)) == [30]


def test_row_problems_are_named_by_row_and_column(world, report):
    other_coalition_commitment = f.CommitmentFactory(country=world.a, capability=world.drone, quantity=5)
    data = csv_bytes(
        rows_of(
            delivery(world.commitment_a),
            delivery(world.commitment_a, day="2025-01-01"),
            delivery(world.commitment_a, quantity="ten"),
            delivery(world.commitment_a, quantity="-4"),
            delivery(world.commitment_a, quantity="2,5"),
            {**delivery(world.commitment_a), "commitment_id": 999999},
            delivery(world.commitment_b),
            delivery(other_coalition_commitment),
            delivery(world.commitment_a, day="31/31/2026"),
            delivery(world.commitment_a, quantity=""),
        )
    )

    preview = preview_of(world, report, data)

    assert problems(preview) == [
        (3, "delivered_on"),
        (4, "quantity"),
        (5, "quantity"),
        (6, "quantity"),
        (7, "commitment_id"),
        (8, "commitment_id"),
        (9, "commitment_id"),
        (10, "delivered_on"),
        (11, "quantity"),
    ]
    messages = [message for _line, _column, message in preview.problems]
    assert "outside the report's period" in messages[0]
    assert messages[1] == "“ten” is not a number"
    assert messages[2] == "cannot be negative"
    assert messages[3] == "must be a whole number"
    assert messages[4] == "unknown commitment 999999: not one of Belgium's commitments"
    assert messages[5] == f"unknown commitment {world.commitment_b.pk}: not one of Belgium's commitments"
    assert messages[6].startswith(
        f"commitment {other_coalition_commitment.pk} belongs to the Drones coalition"
    )
    assert messages[7] == "“31/31/2026” is not a date; write it as YYYY-MM-DD"
    assert messages[8] == "is missing"


def test_file_with_a_bad_row_cannot_be_confirmed(world, report):
    data = csv_bytes(rows_of(delivery(world.commitment_a), delivery(world.commitment_b)))

    preview = preview_of(world, report, data, dry_run=False)

    assert not preview.is_clean
    assert DeliveryLine.objects.count() == 0


def test_missing_unknown_and_duplicated_columns_are_file_errors(world, report):
    data = b"commitment_id,quantity,quantity,colour\n1,2,3,red\n"

    preview = preview_of(world, report, data)

    assert preview.file_errors[0] == "The column “quantity” appears twice."
    assert preview.file_errors[1].startswith("Unknown column “colour”. Expected columns: line_reference,")
    assert preview.file_errors[2].startswith("The column “delivered_on” is missing.")


def test_informational_columns_may_be_left_out(world, report):
    data = csv_bytes(
        [[world.commitment_a.pk, "2026-11-05", 5]], header=["commitment_id", "delivered_on", "quantity"]
    )

    assert preview_of(world, report, data).counts["add"] == 1


@pytest.mark.parametrize(
    ("encoding", "note"),
    [
        ("utf-8-sig", ""),
        ("utf-8", ""),
        ("utf-16", ""),
        ("windows-1251", "windows-1251"),
        ("cp1252", "windows-1252"),
    ],
)
def test_text_encodings_are_decoded(world, report, encoding, note):
    notes = "Снаряди партія" if encoding in ("windows-1251", "utf-8", "utf-16") else "Livraison été"
    data = csv_bytes(rows_of(delivery(world.commitment_a, notes=notes)), encoding=encoding)

    preview = preview_of(world, report, data, dry_run=False)

    assert preview.is_clean
    assert (note in preview.note) and (bool(note) == bool(preview.note))
    assert DeliveryLine.objects.get().notes == notes


def test_chosen_encoding_that_does_not_fit_is_a_file_error(world, report):
    data = csv_bytes(rows_of(delivery(world.commitment_a, notes="Снаряди")), encoding="windows-1251")

    preview = preview_of(world, report, data, encoding="utf-8")

    assert preview.file_errors == ["The file is not valid utf-8 text."]


def test_semicolon_delimiter_and_decimal_comma(world, report):
    data = csv_bytes(rows_of(delivery(world.commitment_a, quantity="1 200,0")), delimiter=";")

    preview = preview_of(world, report, data)

    assert [row.values["quantity"] for row in preview.rows] == [1200]


def test_blank_rows_are_ignored(world, report):
    data = csv_bytes(
        rows_of(delivery(world.commitment_a))
        + [[], ["", "", ""]]
        + rows_of(delivery(world.commitment_a, day="2026-11-06"))
    )

    assert preview_of(world, report, data).counts["add"] == 2


def test_repeated_line_in_one_file_is_a_row_error(world, report):
    data = csv_bytes(
        rows_of(delivery(world.commitment_a, reference="X"), delivery(world.commitment_a, reference="X"))
    )

    assert [m for _l, _c, m in preview_of(world, report, data).problems] == ["repeats the line of row 2"]


def test_too_long_text_is_a_row_error(world, report):
    data = csv_bytes(rows_of(delivery(world.commitment_a, notes="x" * 5000)))

    assert [m for _l, _c, m in preview_of(world, report, data).problems] == [
        "is too long (5000 characters; at most 2000)"
    ]


def test_xlsx_dates_serials_and_formulas(world, report):
    rows = rows_of(
        delivery(world.commitment_a, day=datetime.date(2026, 11, 5)),
        delivery(world.commitment_a, day=46335),  # Excel serial of 2026-11-09
        delivery(world.commitment_a, day="2026-11-10", quantity="=2*5"),
    )

    preview = preview_of(world, report, xlsx_bytes(rows))

    assert [row.values.get("delivered_on") for row in preview.rows[:2]] == [
        datetime.date(2026, 11, 5),
        datetime.date(2026, 11, 9),
    ]
    assert preview.problems == [
        (4, "quantity", "is a formula; type the value itself (formulas are not accepted)")
    ]


def test_xlsx_merged_cells_leave_the_hidden_cells_empty(world, report):
    rows = rows_of(delivery(world.commitment_a), delivery(world.commitment_a, day="2026-11-06"))

    preview = preview_of(world, report, xlsx_bytes(rows, build=lambda sheet: sheet.merge_cells("H2:H3")))

    assert preview.problems == [(3, "quantity", "is missing")]


def test_submitted_report_cannot_be_imported_into(world, report, client):
    report.status = "submitted"
    report.save()
    log_in(client, world.users["officer_a"])

    response = upload(client, report, csv_bytes(rows_of(delivery(world.commitment_a))))

    assert response.status_code == 403
    assert DeliveryLine.objects.count() == 0


def test_another_countrys_commitment_posted_straight_to_confirm_is_not_imported(world, report, client):
    log_in(client, world.users["officer_a"])
    data = csv_bytes(rows_of(delivery(world.commitment_b)))

    forged = confirm(client, report, "A" * 32)
    direct = client.post(
        f"/imports/reports/{report.pk}/deliveries/confirm/", {"file": SimpleUploadedFile("lines.csv", data)}
    )

    assert (forged.status_code, direct.status_code) == (400, 400)
    assert DeliveryLine.objects.count() == 0


def test_confirm_rechecks_the_stored_file(world, report, client):
    """A clean preview does not carry over: rights are checked again at confirm."""
    log_in(client, world.users["officer_a"])
    token = upload(client, report, csv_bytes(rows_of(delivery(world.commitment_a)))).context["token"]
    world.commitment_a.country = world.b  # the commitment moved to another country meanwhile
    world.commitment_a.save()

    response = confirm(client, report, token)

    assert response.status_code == 400
    assert "not one of Belgium&#x27;s commitments" in response.content.decode()
    assert DeliveryLine.objects.count() == 0


def test_lead_officer_sees_another_countrys_commitment_as_such(world, report):
    """The lead country reads every member's commitments, yet reports only its own."""
    lead_report = PartnerReport.objects.create(
        country=world.lead, coalition=world.coalition, period=report.period
    )
    data = csv_bytes(rows_of(delivery(world.commitment_a)))

    preview = preview_of(world, lead_report, data, user=world.users["lead_officer"])

    assert [m for _l, _c, m in preview.problems] == [
        f"commitment {world.commitment_a.pk} is another country's commitment; report only your own"
    ]


def test_another_users_token_is_refused(world, report, client):
    log_in(client, world.users["officer_a"])
    token = upload(client, report, csv_bytes(rows_of(delivery(world.commitment_a)))).context["token"]
    other = f.country_user(world.a, username="officer-a2")
    log_in(client, other)

    response = confirm(client, report, token)

    assert response.status_code == 400
    assert DeliveryLine.objects.count() == 0


def test_failure_mid_write_leaves_the_database_as_before(world, report, monkeypatch):
    preview_of(world, report, csv_bytes(rows_of(delivery(world.commitment_a, reference="R1"))), dry_run=False)
    data = csv_bytes(
        rows_of(delivery(world.commitment_a, reference="R1", quantity=99), delivery(world.commitment_a))
    )

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(DeliveryLine.objects, "bulk_update", explode)
    with pytest.raises(RuntimeError):
        preview_of(world, report, data, dry_run=False)

    assert list(DeliveryLine.objects.values_list("line_reference", "quantity")) == [("R1", 10)]


def test_import_locks_the_report_row(world, report):
    with CaptureQueriesContext(connection) as queries:
        preview_of(world, report, csv_bytes(rows_of(delivery(world.commitment_a))))

    assert [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]][0].startswith(
        'SELECT "reports_partnerreport"'
    )


def test_plan_lines_import_by_commitment_and_period(world, report):
    quarter(datetime.date(2027, 1, 1), datetime.date(2027, 3, 31))
    header = PLAN_HEADER
    line = {"commitment_id": world.commitment_a.pk, "planned_period": "2027-Q1", "quantity": 40}
    past = {**line, "planned_period": "2026-Q4"}
    missing = {**line, "planned_period": "2031-Q2"}

    bad = preview_of(
        world, report, csv_bytes(rows_of(line, past, missing, header=header), header=header), kind=PLANS
    )
    preview_of(
        world, report, csv_bytes(rows_of(line, header=header), header=header), kind=PLANS, dry_run=False
    )
    again = preview_of(
        world,
        report,
        csv_bytes(rows_of({**line, "quantity": 50}, header=header), header=header),
        kind=PLANS,
        dry_run=False,
    )

    assert problems(bad) == [(3, "planned_period"), (4, "planned_period")]
    assert again.counts["update"] == 1
    assert list(PlanLine.objects.values_list("quantity", "period__start")) == [
        (50, datetime.date(2027, 1, 1))
    ]


def test_template_lists_the_countrys_commitments(world, report, client):

    log_in(client, world.users["officer_a"])

    response = client.get(f"/imports/reports/{report.pk}/deliveries/template.xlsx")

    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["Lines"][1]] == DELIVERIES.header
    assert [row[0] for row in book["Commitments"].iter_rows(min_row=2, values_only=True)] == [
        world.commitment_a.pk
    ]
    assert book["Example"]["B2"].value == world.commitment_a.pk


def test_template_leaves_out_cancelled_commitments(world, report, client):
    f.CommitmentFactory(
        country=world.a, capability=world.commitment_a.capability, status="cancelled", cancel_reason="x"
    )
    log_in(client, world.users["officer_a"])

    response = client.get(f"/imports/reports/{report.pk}/deliveries/template.xlsx")

    book = load_workbook(io.BytesIO(response.content))
    listed = [row[0] for row in book["Commitments"].iter_rows(min_row=2, values_only=True)]
    assert listed == [world.commitment_a.pk]


def test_index_lists_open_reports_with_constant_queries(world, client):
    log_in(client, world.users["officer_a"])
    client.get("/imports/")  # warm the session and permission caches
    PartnerReport.objects.create(country=world.a, coalition=world.coalition, period=quarter())
    with CaptureQueriesContext(connection) as one:
        client.get("/imports/")
    for month in range(1, 20):
        start = datetime.date(2020 + month, 1, 1)
        PartnerReport.objects.create(
            country=world.a, coalition=world.coalition, period=quarter(start, start.replace(month=3, day=31))
        )
    with CaptureQueriesContext(connection) as twenty:
        response = client.get("/imports/")

    assert len(response.context["reports"]) == 20
    assert len(one.captured_queries) == len(twenty.captured_queries)


def test_a_session_keeps_only_its_last_uploads(world, report, client):
    from reports.models import PendingUpload

    log_in(client, world.users["officer_a"])
    data = csv_bytes(rows_of(delivery(world.commitment_a)))

    tokens = [upload(client, report, data).context["token"] for _ in range(7)]

    assert sorted(PendingUpload.objects.values_list("token", flat=True)) == sorted(tokens[-5:])
    assert confirm(client, report, tokens[0]).status_code == 400
    assert confirm(client, report, tokens[-1]).status_code == 302


def test_sweep_forgets_uploads_older_than_a_day_and_keeps_newer_ones(world, report, client):
    import datetime

    from django.utils import timezone

    from reports.imports import uploads
    from reports.models import PendingUpload

    log_in(client, world.users["officer_a"])
    data = csv_bytes(rows_of(delivery(world.commitment_a)))
    old, new = (upload(client, report, data).context["token"] for _ in range(2))
    PendingUpload.objects.filter(token=old).update(created_at=timezone.now() - datetime.timedelta(hours=25))

    assert uploads.sweep() == 1

    assert list(PendingUpload.objects.values_list("token", flat=True)) == [new]
    assert confirm(client, report, old).status_code == 400
    assert confirm(client, report, new).status_code == 302


def test_a_date_the_calendar_cannot_place_is_a_row_problem(world, report):
    rows = rows_of(
        delivery(world.commitment_a, day="9999-12-31"), delivery(world.commitment_a, day=2_958_465)
    )

    preview = preview_of(world, report, xlsx_bytes(rows))

    assert preview.problems == [
        (2, "delivered_on", "9999-12-31 is outside the years the portal can place in a period (2000–2099)"),
        (3, "delivered_on", "9999-12-31 is outside the years the portal can place in a period (2000–2099)"),
    ]

"""Venture output and training throughput sheets: the same reading path, the same line rules,
the same hostile files refused with a message and nothing written."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coalitions.ventures.models import JointVenture, StageChange, TrainingThroughput, VentureOutput
from reports.imports.ventures import OUTPUT_HEADER, TRAINING_HEADER
from tests.ventures.world import programme, venture
from tests.world import log_in

from .conftest import confirm, csv_bytes, upload, xlsx_bytes
from .test_hostile_files import CORPUS, limits  # noqa: F401  (the fixture)


@pytest.fixture
def ventures(world):
    own = venture(world.a, world.coalition, "Belgian Shell Works", "UA-07")
    own.capacities.create(capability=world.capability, monthly_capacity=500)
    other = venture(world.b, world.coalition, "Swedish Barrel Line", "UA-21")
    other.capacities.create(capability=world.capability, monthly_capacity=500)
    return {"own": own, "other": other}


@pytest.fixture
def programmes(world):
    return {
        "own": programme(world.a, world.coalition, "Gunnery"),
        "other": programme(world.b, world.coalition, "Barrels"),
    }


def output_row(v, code="shell-155", quantity=120, notes=""):
    return [v.pk, v.name, code, "", quantity, notes]


def training_row(p, started=20, completed=18):
    return [p.pk, p.course, started, completed, ""]


def problems(response):
    return [(column, message) for _row, column, message in response.context["preview"].problems]


@pytest.mark.parametrize("kind", ["outputs", "training"])
@pytest.mark.parametrize("name", CORPUS)
def test_hostile_files_are_refused_for_the_new_sheets(name, kind, world, report, client, limits):  # noqa: F811
    build, file_name, message = CORPUS[name]
    if name == "over the size limit":
        limits.IMPORT_MAX_BYTES = 1000
    log_in(client, world.users["officer_a"])

    response = upload(client, report, build(world), name=file_name, kind=kind)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert VentureOutput.objects.count() == TrainingThroughput.objects.count() == 0


def test_output_sheet_previews_confirms_and_reimports_unchanged(world, report, client, ventures):
    log_in(client, world.users["officer_a"])
    data = csv_bytes([output_row(ventures["own"])], header=OUTPUT_HEADER)

    preview = upload(client, report, data, kind="outputs")
    assert preview.status_code == 200
    assert preview.context["preview"].counts["add"] == 1
    confirm(client, report, preview.context["token"], kind="outputs")
    assert list(VentureOutput.objects.values_list("venture", "quantity")) == [(ventures["own"].pk, 120)]

    again = upload(client, report, data, kind="outputs")
    assert again.context["preview"].counts["unchanged"] == 1


def test_output_rows_follow_the_line_rules(world, report, client, ventures):
    log_in(client, world.users["officer_a"])
    rows = [
        output_row(ventures["other"]),  # B's venture: not readable by A (no approved output)
        output_row(ventures["own"], code="fpv"),  # a capability the venture does not serve
        output_row(ventures["own"], quantity=-3),
        output_row(ventures["own"], quantity="=1+1"),
        output_row(ventures["own"], code="nope"),
    ]

    response = upload(client, report, xlsx_bytes(rows, header=OUTPUT_HEADER), name="o.xlsx", kind="outputs")

    found = problems(response)
    assert ("venture_id", f"unknown joint venture {ventures['other'].pk}: not one of Belgium's") in found
    assert ("capability_code", "the venture does not serve “fpv”") in found
    assert ("quantity", "cannot be negative") in found
    assert any(column == "quantity" and "formula" in message for column, message in found)
    assert ("capability_code", "“nope” is not a capability code") in found
    assert VentureOutput.objects.count() == 0


def test_output_of_a_venture_begun_after_the_period_is_refused(world, report, client, ventures):
    future = JointVenture.objects.create(
        country=world.a,
        coalition=world.coalition,
        name="Q1 Works",
        partner_company="X",
        kind="repair",
        oblast="UA-07",
        stage="proposed",
        stage_since=datetime.date(2027, 1, 10),
    )
    StageChange.objects.create(venture=future, stage="proposed", on=datetime.date(2027, 1, 10))
    future.capacities.create(capability=world.capability, monthly_capacity=5)
    log_in(client, world.users["officer_a"])

    response = upload(client, report, csv_bytes([output_row(future)], header=OUTPUT_HEADER), kind="outputs")

    assert problems(response) == [
        ("venture_id", "began on 2027-01-10, after the report's period ended (2026-12-31)")
    ]


def test_training_sheet_imports_and_checks_rows(world, report, client, programmes):
    log_in(client, world.users["officer_a"])
    bad = upload(
        client,
        report,
        csv_bytes(
            [training_row(programmes["own"], 0, 0), training_row(programmes["other"])], header=TRAINING_HEADER
        ),
        kind="training",
    )
    assert ("started", "must be greater than zero") in problems(bad)
    assert any(column == "programme_id" and "unknown training programme" in m for column, m in problems(bad))
    assert TrainingThroughput.objects.count() == 0

    good = upload(
        client, report, csv_bytes([training_row(programmes["own"])], header=TRAINING_HEADER), kind="training"
    )
    confirm(client, report, good.context["token"], kind="training")
    assert list(TrainingThroughput.objects.values_list("started", "completed")) == [(20, 18)]


def test_templates_carry_the_reports_ventures_and_programmes(world, report, client, ventures, programmes):
    log_in(client, world.users["officer_a"])
    for kind, sheet, expected in (("outputs", 1, "Belgian Shell Works"), ("training", 1, "Gunnery")):
        response = client.get(reverse("imports:report_template", kwargs={"pk": report.pk, "kind": kind}))
        book = load_workbook(io.BytesIO(response.content))
        cells = [c for row in book.worksheets[sheet].iter_rows(values_only=True) for c in row]
        assert expected in cells
        assert "Swedish Barrel Line" not in cells and "Barrels" not in cells

"""Formula-like text is neutralised once, the same way in SQL and in Python, in CSV and XLSX."""

import glob
import os
import tempfile

import openpyxl
import pytest
from django.db.models import Value

from coalitions.models import Country
from reports.exports import writers
from reports.exports.writers import FORMULA_PREFIXES, XLSX_TEXT_MAX, neutralise, neutralised, xlsx_file
from tests.exports.helpers import download, parse, xlsx_cells
from tests.exports.sample import A_LINES

SAMPLES = ["=1+2", "==1", "+1", "-1", "@SUM(A1)", "\tTAB", "\rCR", "plain", "", "Партія", "a=b", "'=x"]


def test_prefixes_are_the_dangerous_ones():
    assert FORMULA_PREFIXES == ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.django_db
def test_sql_and_python_neutralise_alike():
    Country.objects.create(code="PL", name="Poland")
    in_sql = [
        Country.objects.annotate(out=neutralised(Value(sample))).values_list("out", flat=True).get()
        for sample in SAMPLES
    ]
    assert in_sql == [neutralise(sample) for sample in SAMPLES]
    assert in_sql[:7] == ["'=1+2", "'==1", "'+1", "'-1", "'@SUM(A1)", "'\tTAB", "'\rCR"]
    assert in_sql[7:] == ["plain", "", "Партія", "a=b", "'=x"]


def test_neutralise_leaves_numbers_alone():
    assert neutralise(-1) == -1
    assert neutralise(None) is None


EXPECTED_NOTES = {
    "A-1": "'=1+2",
    "'+1": "'==1",
    "'-1": "Партія снарядів",
    "'@SUM(A1)": "'\tleading tab",
    "A-5": "'-5 rounds",
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_like_text_round_trips_as_text(data, client, fmt):
    _header, rows = parse(download(client, data.world.users["officer_a"], "deliveries", fmt), fmt)
    assert {row[0]: row[8] for row in rows} == EXPECTED_NOTES
    assert len(A_LINES) == len(rows)


def test_xlsx_writes_text_as_strings_and_numbers_as_numbers(data, client):
    rows = xlsx_cells(download(client, data.world.users["officer_a"], "deliveries", "xlsx"))
    texts = [cell for row in rows for cell in (row[0], row[8])]
    assert {cell.data_type for cell in texts} == {"s"}
    assert {type(row[7].value) for row in rows} == {int}
    assert {type(row[1].value) for row in rows} == {int}
    assert {row[6].is_date for row in rows} == {True}


def test_xlsx_keeps_decimals_as_numbers(data, client):
    (row,) = xlsx_cells(download(client, data.world.users["officer_a"], "commitments", "xlsx"))
    assert row[11].value == 111111
    assert float(row[19].value) == 0.0451
    assert row[19].data_type == "n"


def test_xlsx_cuts_text_to_excels_limit_and_keeps_the_rest_of_the_row(db):
    path = xlsx_file(["notes", "quantity", "country"], [("x" * 40_000, 5, "BE")], "t")
    try:
        sheet = openpyxl.load_workbook(path).active
        notes, quantity, country = (cell.value for cell in sheet[2])
    finally:
        os.unlink(path)
    assert (len(notes), quantity, country) == (XLSX_TEXT_MAX, 5, "BE")


@pytest.mark.parametrize("dataset", ["deliveries", "summary"])  # rows from a queryset, rows from Python
def test_xlsx_of_more_rows_than_a_sheet_holds_is_refused_with_a_message(data, client, dataset, monkeypatch):
    monkeypatch.setattr(writers, "XLSX_ROWS_MAX", 2)
    left_before = set(tempfile_names())
    response = download(client, data.world.users["analyst"], dataset, "xlsx")
    assert response.status_code == 400
    assert "more rows than an XLSX sheet holds (1)" in response.content.decode()
    assert set(tempfile_names()) == left_before  # the half-written file is gone


def tempfile_names():
    return glob.glob(os.path.join(tempfile.gettempdir(), "portal-export-*"))

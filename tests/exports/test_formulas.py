"""Formula-like text is neutralised once, the same way in SQL and in Python, in CSV and XLSX."""

import pytest
from django.db.models import Value

from coalitions.models import Country
from reports.exports.writers import FORMULA_PREFIXES, neutralise, neutralised
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
    assert row[10].value == 111111
    assert float(row[18].value) == 0.0451
    assert row[18].data_type == "n"

import datetime
from decimal import Decimal

import pytest

from reports.imports import values
from reports.imports.values import Problem


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("1 200", 1200),
        ("1,200", 1200),
        ("35,000,000", 35000000),
        ("12,5", Decimal("12.5")),
        ("1.000,5", Decimal("1000.5")),
        ("1,000.5", Decimal("1000.5")),
        ("\u00a07\u202f000 ", 7000),
        (42, 42),
        (2.5, Decimal("2.5")),
    ],
)
def test_numbers_in_the_usual_spellings(raw, number):
    assert values.decimal(raw) == number


@pytest.mark.parametrize("raw", ["ten", "1,2,3.4.5", "", float("inf"), float("nan"), "NaN", True])
def test_what_is_not_a_number(raw):
    with pytest.raises(Problem):
        values.decimal(raw)


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2026-11-05", datetime.date(2026, 11, 5)),
        ("05.11.2026", datetime.date(2026, 11, 5)),
        ("46331", datetime.date(2026, 11, 5)),
        (46331, datetime.date(2026, 11, 5)),
        (46331.0, datetime.date(2026, 11, 5)),
        (datetime.datetime(2026, 11, 5, 0, 0), datetime.date(2026, 11, 5)),
    ],
)
def test_dates_as_text_and_excel_serials(raw, day):
    assert values.date(raw) == day


@pytest.mark.parametrize("raw", ["11/05/2026", "2026-02-30", -3, 10**9, "tomorrow"])
def test_what_is_not_a_date(raw):
    with pytest.raises(Problem):
        values.date(raw)

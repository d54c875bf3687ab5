"""The calendar (``reports.periods``): labels, parsing, quarter indexes, and its SQL twins."""

import datetime

import pytest
from django.apps import apps
from django.db import connection

from accounts.access import Scope
from coalitions.models import NEED_PATHS, Cadence, Need
from reports import periods
from reports.models import ReportingPeriod
from tests import factories as f

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "start", "label"),
    [
        ("quarter", D(2026, 10, 1), "2026-Q4"),
        ("quarter", D(2026, 1, 1), "2026-Q1"),
        ("quarter", D(2026, 5, 20), "2026-Q2"),  # any day of the quarter
        ("month", D(2026, 11, 1), "2026-11"),
        ("month", D(2026, 1, 1), "2026-01"),
    ],
)
def test_label_names_the_period_of_a_kind_and_start(kind, start, label):
    assert periods.label(kind, start) == label


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2026-Q4", ("quarter", D(2026, 10, 1))),
        ("2026-Q1", ("quarter", D(2026, 1, 1))),
        (" 2026-q2 ", ("quarter", D(2026, 4, 1))),
        ("2026-11", ("month", D(2026, 11, 1))),
        ("2026-01", ("month", D(2026, 1, 1))),
    ],
)
def test_parse_label_gives_kind_and_start(text, parsed):
    assert periods.parse_label(text) == parsed


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026",
        "2026-Q0",
        "2026-Q5",
        "2026-00",
        "2026-13",
        "2026-1",
        "26-Q1",
        "2026Q1",
        "2026-Q1x",
        "Q1-2026",
    ],
)
def test_parse_label_refuses_what_is_not_a_label(text):
    assert periods.parse_label(text) is None


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1999-Q4", None),
        ("2000-Q1", ("quarter", D(2000, 1, 1))),
        ("2099-12", ("month", D(2099, 12, 1))),
        ("2100-01", None),
        ("0000-Q1", None),  # no year 0: this raised ValueError
        ("9999-12", None),
    ],
)
def test_parse_label_keeps_to_the_years_of_the_calendar(text, parsed):
    assert periods.parse_label(text) == parsed


def test_every_label_parses_back_to_its_period():
    for kind in (periods.QUARTERLY, periods.MONTHLY):
        start = D(2025, 1, 1)
        for _step in range(30):
            assert periods.parse_label(periods.label(kind, start)) == (kind, start)
            start = periods.shift(kind, start, 1)


def test_quarter_index_orders_quarters_and_gives_back_their_start():
    assert periods.quarter_index("2026-Q3") == 2026 * 4 + 2
    assert periods.quarter_index("2026-Q4") + 1 == periods.quarter_index("2027-Q1")
    assert periods.quarter_start(periods.quarter_index("2026-Q3")) == D(2026, 7, 1)
    assert periods.quarter_start(periods.quarter_index("2026-Q4") + 1) == D(2027, 1, 1)
    assert periods.index_of(D(2026, 8, 31)) == periods.quarter_index("2026-Q3")


@pytest.mark.parametrize("text", ["2026-11", "2026-Q5", "", "1999-Q1"])
def test_quarter_index_of_anything_but_a_quarter_is_an_error(text):
    with pytest.raises(ValueError):
        periods.quarter_index(text)


def test_quarter_labels_run_from_the_first_to_the_last_year():
    labels = periods.quarter_labels(2025, 2026)
    assert labels[:2] == ["2025-Q1", "2025-Q2"]
    assert labels[-1] == "2026-Q4"
    assert len(labels) == 8


@pytest.mark.parametrize(
    ("kind", "start", "steps", "shifted", "end", "due"),
    [
        ("quarter", D(2026, 10, 1), 1, D(2027, 1, 1), D(2026, 12, 31), D(2027, 1, 15)),
        ("quarter", D(2026, 1, 1), -1, D(2025, 10, 1), D(2026, 3, 31), D(2026, 4, 15)),
        ("month", D(2026, 12, 1), 2, D(2027, 2, 1), D(2026, 12, 31), D(2027, 1, 15)),
        ("month", D(2028, 2, 1), -13, D(2027, 1, 1), D(2028, 2, 29), D(2028, 3, 15)),
    ],
)
def test_shift_end_and_due_date_cross_years(kind, start, steps, shifted, end, due):
    assert periods.shift(kind, start, steps) == shifted
    assert periods.end_of(kind, start) == end
    assert periods.default_due(kind, start) == due


def test_the_calendar_s_kinds_are_the_cadences():
    assert (periods.QUARTERLY, periods.MONTHLY) == (Cadence.QUARTERLY, Cadence.MONTHLY)


def test_models_name_their_periods_through_the_calendar(db):
    period = ReportingPeriod(kind=Cadence.MONTHLY, start=D(2026, 3, 1))
    assert str(period) == "2026-03"
    assert Need(year=2026, quarter=4).period_label == "2026-Q4"


@pytest.fixture
def every_kind_of_period(db):
    """Quarters and months in several years, the last ones of the calendar included."""
    days = [D(2025, 1, 1), D(2026, 4, 1), D(2026, 8, 1), D(2026, 11, 1), D(2099, 12, 1)]
    for kind in (periods.QUARTERLY, periods.MONTHLY):
        for day in days:
            start = periods.start_of(kind, day)
            end = periods.end_of(kind, start)
            ReportingPeriod.objects.get_or_create(
                kind=kind, start=start, defaults={"end": end, "due_on": end}
            )
    return ReportingPeriod.objects.all()


def test_sql_labels_equal_the_python_labels(every_kind_of_period):
    rows = every_kind_of_period.annotate(sql=periods.label_sql()).values_list("kind", "start", "sql")
    assert len(rows) == 10
    assert [sql for _kind, _start, sql in rows] == [periods.label(kind, start) for kind, start, _sql in rows]


def test_sql_quarter_start_equals_the_python_one(every_kind_of_period):
    rows = every_kind_of_period.annotate(sql=periods.quarter_start_sql("start")).values_list("start", "sql")
    assert [sql for _start, sql in rows] == [
        periods.start_of(periods.QUARTERLY, start) for start, _sql in rows
    ]


@pytest.mark.parametrize(
    "day", [D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 1), D(2026, 12, 31), D(2000, 7, 15)]
)
def test_sql_year_and_quarter_equal_the_python_ones(db, day):
    year, quarter = periods.year_quarter_sql("%s::date")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {year}, {quarter}", [day, day])
        assert cursor.fetchone() == (day.year, periods.quarter_of(day))


def test_sql_quarter_index_of_needs_equals_the_python_one(db):
    need = f.NeedFactory(year=2026, quarter=3)
    index = Need.objects.annotate(i=periods.quarter_index_sql("year", "quarter")).values_list("i", flat=True)
    assert list(index.filter(pk=need.pk)) == [periods.quarter_index(need.period_label)]


def test_every_declared_filter_path_is_a_lookup_of_its_model(db):
    """The scoped models (those with ``for_user``) and needs declare paths their rows have."""
    models = apps.get_models()
    scoped = [(model, model.scope) for model in models if isinstance(getattr(model, "scope", None), Scope)]
    assert all(hasattr(model.objects, "for_user") for model, _scope in scoped)
    for model, scope in [*scoped, (Need, NEED_PATHS)]:
        if scope.category:
            model.objects.filter(**{scope.category: "ammunition"}).exists()
        if scope.day:
            model.objects.filter(**{f"{scope.day}__gte": D(2026, 1, 1)}).exists()
        if scope.quarter:
            model.objects.filter(**dict.fromkeys(scope.quarter, 1)).exists()
    assert {model.__name__ for model, scope in scoped if scope.category and scope.day} == {
        "Commitment",
        "DeliveryLine",
        "PlanLine",
        "ReportTotal",
        "UsageLine",
        "VentureOutput",
    }

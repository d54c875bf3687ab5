"""The calendar of reporting periods: the one home of quarter and month arithmetic.

A period is a quarter or a month, named by its ``kind`` (a plain string, the values of
``coalitions.models.Cadence``, which reads them from here: this module imports no app,
so every app may use it) and its first day. Labels are ``2026-Q4`` and ``2026-11``.
Quarters are also numbered by an *index* (``year * 4 + quarter - 1``) that orders them.

Where SQL needs the same calendar (labels built in a ``COPY`` export, the quarter of a
date in the figures engine, the index of a need's quarter), the expression is written
here too, beside its Python twin; tests check that both agree.
"""

import datetime
import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Case, CharField, F, Func, Value, When
from django.db.models.expressions import Combinable
from django.db.models.functions import TruncQuarter

QUARTERLY = "quarter"
MONTHLY = "month"
QUARTERS = range(1, 5)
QUARTER_CHOICES = [(q, f"Q{q}") for q in QUARTERS]  # the quarter of a need
DUE_AFTER_DAYS = 15
FIRST_DAY = datetime.date(2000, 1, 1)  # the days the calendar places in periods: any date a user
LAST_DAY = datetime.date(2099, 12, 31)  # enters or imports must lie here (9999-12-31 overflows `shift`)
PLACEABLE = [MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)]  # for form fields
LABEL = re.compile(r"^(\d{4})-(?:Q([1-4])|(\d{2}))$")


def placeable(day: datetime.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def quarter_of(day: datetime.date) -> int:
    """The quarter (1–4) of the year that ``day`` lies in."""
    return (day.month - 1) // 3 + 1


def start_of(kind: str, day: datetime.date) -> datetime.date:
    """The first day of the period of ``kind`` that ``day`` lies in."""
    month = day.month if kind == MONTHLY else (quarter_of(day) - 1) * 3 + 1
    return datetime.date(day.year, month, 1)


def months_in(kind: str) -> int:
    """How many months a period of ``kind`` lasts (monthly capacities times this give a period's)."""
    return 3 if kind == QUARTERLY else 1


def shift(kind: str, start: datetime.date, steps: int) -> datetime.date:
    """The start of the period ``steps`` periods after the one starting on ``start``."""
    months = start.year * 12 + start.month - 1 + steps * (1 if kind == MONTHLY else 3)
    return datetime.date(months // 12, months % 12 + 1, 1)


def end_of(kind: str, start: datetime.date) -> datetime.date:
    return shift(kind, start, 1) - datetime.timedelta(days=1)


def default_due(kind: str, start: datetime.date) -> datetime.date:
    return end_of(kind, start) + datetime.timedelta(days=DUE_AFTER_DAYS)


# Labels


def quarter_label(year: int, quarter: int) -> str:
    """``2026-Q4``."""
    return f"{year}-Q{quarter}"


def label(kind: str, start: datetime.date) -> str:
    """The label of the period of ``kind`` starting on ``start``: ``2026-Q4`` or ``2026-11``."""
    if kind == MONTHLY:
        return f"{start.year}-{start.month:02d}"
    return quarter_label(start.year, quarter_of(start))


def parse_label(text: str) -> tuple[str, datetime.date] | None:
    """(kind, start) of a label such as ``2026-Q4`` or ``2026-11``, or None.

    Case and surrounding spaces do not matter; months outside 1–12 and years outside the
    calendar (``FIRST_DAY``–``LAST_DAY``) are not labels.
    """
    match = LABEL.match(text.strip().upper())
    if not match:
        return None
    year, quarter, month = (int(part) if part else None for part in match.groups())
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        return None
    if quarter:
        return QUARTERLY, datetime.date(year, 3 * quarter - 2, 1)
    if not 1 <= month <= 12:
        return None
    return MONTHLY, datetime.date(year, month, 1)


def quarter_labels(first_year: int, last_year: int) -> list[str]:
    """Every quarter's label from ``first_year`` to ``last_year`` (both included), in order."""
    return [quarter_label(year, quarter) for year in range(first_year, last_year + 1) for quarter in QUARTERS]


# Quarter indexes


def quarter_index(text: str) -> int:
    """``2026-Q3`` → 2026 * 4 + 2, a number that orders quarters (ValueError for other labels)."""
    parsed = parse_label(text)
    if parsed is None or parsed[0] != QUARTERLY:
        raise ValueError(f"not a quarter: {text!r}")
    return index_of(parsed[1])


def index_of(day: datetime.date) -> int:
    """The index of the quarter that ``day`` lies in."""
    return day.year * 4 + quarter_of(day) - 1


def quarter_start(index: int) -> datetime.date:
    """The first day of the quarter numbered ``index``."""
    return datetime.date(index // 4, index % 4 * 3 + 1, 1)


# The same calendar in SQL


def label_sql(path: str = "") -> Case:
    """The label of the period at ``path`` (a lookup to a ``ReportingPeriod``; empty on the
    period itself), as an SQL expression."""
    prefix = f"{path}__" if path else ""
    start = F(f"{prefix}start")
    return Case(
        When(**{f"{prefix}kind": MONTHLY}, then=_to_char(start, "YYYY-MM")),
        default=_to_char(start, 'YYYY-"Q"Q'),
        output_field=CharField(),
    )


def _to_char(expression: Combinable, pattern: str) -> Func:
    return Func(expression, Value(pattern), function="to_char", output_field=CharField())


def quarter_start_sql(path: str) -> TruncQuarter:
    """The first day of the quarter of the date at ``path`` (``start_of(QUARTERLY, …)`` in SQL)."""
    return TruncQuarter(path)


def year_quarter_sql(day: str) -> tuple[str, str]:
    """Raw SQL of the year and the quarter (1–4) of the date expression ``day``."""
    return f"EXTRACT(YEAR FROM {day})::int", f"EXTRACT(QUARTER FROM {day})::int"


def quarter_index_sql(year: str, quarter: str) -> Combinable:
    """The quarter index of rows carrying a year and a quarter number (fields ``year``, ``quarter``)."""
    return F(year) * 4 + F(quarter) - 1

"""Calendar arithmetic of reporting periods."""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator

from coalitions.models import Cadence

DUE_AFTER_DAYS = 15
FIRST_DAY = datetime.date(2000, 1, 1)  # the days the calendar places in periods: any date a user
LAST_DAY = datetime.date(2099, 12, 31)  # enters or imports must lie here (9999-12-31 overflows `shift`)
PLACEABLE = [MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)]  # for form fields


def placeable(day):
    return FIRST_DAY <= day <= LAST_DAY


def start_of(kind, day):
    month = day.month if kind == Cadence.MONTHLY else (day.month - 1) // 3 * 3 + 1
    return datetime.date(day.year, month, 1)


def shift(kind, start, steps):
    """The start of the period ``steps`` periods after the one starting on ``start``."""
    months = start.year * 12 + start.month - 1 + steps * (1 if kind == Cadence.MONTHLY else 3)
    return datetime.date(months // 12, months % 12 + 1, 1)


def end_of(kind, start):
    return shift(kind, start, 1) - datetime.timedelta(days=1)


def default_due(kind, start):
    return end_of(kind, start) + datetime.timedelta(days=DUE_AFTER_DAYS)

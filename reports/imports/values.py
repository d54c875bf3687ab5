"""Cell values → Python values, or a plain-words problem (``Problem``)."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from reports import periods

from .readers import FORMULA, is_blank

EXCEL_EPOCH = datetime.date(1899, 12, 30)
SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+$")
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")


class Problem(Exception):
    """A cell that cannot be used; the message is shown next to its row and column."""


def check_cell(value):
    if value is FORMULA:
        raise Problem(_("is a formula; type the value itself (formulas are not accepted)"))
    if isinstance(value, str) and len(value) > settings.IMPORT_MAX_CELL_CHARS:
        raise Problem(
            _("is too long (%(length)d characters; at most %(limit)d)")
            % {"length": len(value), "limit": settings.IMPORT_MAX_CELL_CHARS}
        )
    return value


def text(value, max_length=None):
    check_cell(value)
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value).strip()
    if max_length and len(result) > max_length:
        raise Problem(
            _("is too long (%(length)d characters; at most %(limit)d)")
            % {"length": len(result), "limit": max_length}
        )
    return result


def decimal(value):
    """A number from a cell: accepts ``1 000``, ``1,000``, ``12,5`` and ``1.000,5``."""
    check_cell(value)
    if isinstance(value, bool):
        raise Problem(_("is not a number"))
    raw = str(value) if isinstance(value, int | float | Decimal) else _normalised(str(value))
    try:
        number = Decimal(raw)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise Problem(_("“%(value)s” is not a number") % {"value": str(value)[:40]})
    return number


def _normalised(raw):
    """``1 000,5`` / ``1.000,5`` / ``1,000.5`` → ``1000.5``; ``12,5`` → ``12.5``."""
    raw = SPACES.sub("", raw)
    if THOUSANDS.match(raw):
        return raw.replace(",", "")
    if "," in raw and "." in raw:
        if raw.rfind(",") > raw.rfind("."):
            return raw.replace(".", "").replace(",", ".")
        return raw.replace(",", "")
    return raw.replace(",", ".")


def count(value):
    """A whole number of zero or more (trainees); blank is zero."""
    if is_blank(value):
        return 0
    if decimal(value) == 0:
        return 0
    return positive_int(value)


def positive_int(value):
    if is_blank(value):
        raise Problem(_("is missing"))
    number = decimal(value)
    if number < 0:
        raise Problem(_("cannot be negative"))
    if number != number.to_integral_value():
        raise Problem(_("must be a whole number"))
    if number == 0:
        raise Problem(_("must be greater than zero"))
    if number > 2_000_000_000:
        raise Problem(_("is too large"))
    return int(number)


def date(value):
    """A date the calendar can place in a period (``periods.placeable``)."""
    day = parse_date(value)
    if not periods.placeable(day):
        raise Problem(outside_calendar(day))
    return day


def outside_calendar(day):
    return _("%(date)s is outside the years the portal can place in a period (%(first)d–%(last)d)") % {
        "date": day.isoformat(),
        "first": periods.FIRST_DAY.year,
        "last": periods.LAST_DAY.year,
    }


def parse_date(value):
    """A date from a cell, whatever its year."""
    check_cell(value)
    if is_blank(value):
        raise Problem(_("is missing"))
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value <= 2_958_465:  # Excel serial day numbers up to 9999-12-31
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise Problem(_("is not a date"))
    raw = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise Problem(_("“%(value)s” is not a date; write it as YYYY-MM-DD") % {"value": raw[:40]})

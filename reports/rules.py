"""Line rules: what a delivery or plan line of a partner report must satisfy, written once.

The report form (``reports.services``) and the spreadsheet import (``reports.imports.lines``)
both ask these functions for each line's verdict. Each rule returns the problem in plain
words, or None when the line passes. The two callers word a problem differently (the form
speaks in sentences next to a field; the import in short phrases after "row n, column c"),
so a rule takes the caller's ``wording`` (``FORM`` or ``IMPORT``); the condition itself is
written only here.

- ``commitment`` — the line reports on a commitment of the report's own country and
  coalition, and not on a cancelled one: a country reports only what it committed, in the
  coalition whose report it is, and a cancelled commitment has nothing left to deliver.
- ``delivery_date`` — a delivery is dated inside the report's period: the report states
  what arrived in that period, and approved figures are counted per period.
- ``plan_period`` — a plan points at a period after the report's: what is already past is
  a delivery, not a plan.
- ``delivery_not_future`` — a delivery is not dated after today: a report states what has
  arrived (data check ``future_delivery``, ``reports.checks``).
- ``plan_need`` — a plan that names the need it covers plans the need's capability in the
  need's coalition, for a need that is not withdrawn: an offer covers what Ukraine asked for.
- ``own_item`` — a venture output or training line reports on a venture or programme of
  the report's own country and coalition (``coalitions.ventures``).
- ``started_by`` — a venture or programme reports for a period only once it exists: it was
  registered (ventures) or its first course began (programmes) by the period's end.
- ``quantity`` — a quantity is more than zero: a line of nothing says nothing (the
  database refuses it as well, ``delivery_quantity_positive`` and ``plan_quantity_positive``).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from coalitions.models import Commitment, names_itself

from .checks import FUTURE_DELIVERY
from .models import PartnerReport, ReportingPeriod


@dataclass(frozen=True)
class Wording:
    """How a caller words each problem; every entry is called only when its rule fails."""

    other_country: Callable[[Commitment], str]
    other_coalition: Callable[[Commitment], str]
    cancelled: Callable[[Commitment], str]
    outside_period: Callable[[ReportingPeriod, datetime.date], str]
    not_after: Callable[[ReportingPeriod], str]
    not_positive: Callable[[int | Decimal | None], str]
    future: Callable[[datetime.date], str]
    other_item: Callable[[object], str]
    not_started: Callable[[ReportingPeriod, datetime.date], str]


def _form_other(commitment: Commitment) -> str:
    return _("This commitment belongs to another country or coalition.")


# The report form: a sentence beside the field.
FORM = Wording(
    other_country=_form_other,
    other_coalition=_form_other,
    cancelled=lambda commitment: _("This commitment is cancelled."),
    outside_period=lambda period, day: (
        _("The delivery date must be inside the period %(label)s (%(start)s – %(end)s).")
        % {"label": period.label, "start": period.start, "end": period.end}
    ),
    not_after=lambda period: _("Plans are for a period after %(label)s.") % {"label": period.label},
    not_positive=lambda quantity: _("The quantity must be more than zero."),
    future=lambda day: str(FUTURE_DELIVERY.message) % {"day": day.isoformat()},
    other_item=lambda item: _("This belongs to another country or coalition."),
    not_started=lambda period, day: (
        _("It began on %(day)s, after the period %(label)s ended: report it from that period on.")
        % {"day": day.isoformat(), "label": period.label}
    ),
)

# The spreadsheet import: a phrase after "row n, column c", naming the commitment by its id.
IMPORT = Wording(
    other_country=lambda commitment: (
        _("commitment %(pk)d is another country's commitment; report only your own") % {"pk": commitment.pk}
    ),
    other_coalition=lambda commitment: (
        (
            _("commitment %(pk)d belongs to the %(coalition)s, not this report's")
            if names_itself(commitment.coalition.name)
            else _("commitment %(pk)d belongs to the %(coalition)s coalition, not this report's")
        )
        % {"pk": commitment.pk, "coalition": commitment.coalition}
    ),
    cancelled=lambda commitment: _("commitment %(pk)d is cancelled") % {"pk": commitment.pk},
    outside_period=lambda period, day: (
        _("%(day)s is outside the report's period (%(start)s to %(end)s)")
        % {"day": day.isoformat(), "start": period.start.isoformat(), "end": period.end.isoformat()}
    ),
    not_after=lambda period: _("must be a period after the report's (%(period)s)") % {"period": period},
    not_positive=lambda quantity: (
        _("cannot be negative") if quantity is not None and quantity < 0 else _("must be greater than zero")
    ),
    future=lambda day: (
        _("%(day)s is in the future; record a delivery once it has arrived") % {"day": day.isoformat()}
    ),
    other_item=lambda item: (
        _("%(pk)d is another country's or another coalition's; report only your own") % {"pk": item.pk}
    ),
    not_started=lambda period, day: (
        _("began on %(day)s, after the report's period ended (%(end)s)")
        % {"day": day.isoformat(), "end": period.end.isoformat()}
    ),
)


def commitment(report: PartnerReport, commitment: Commitment, *, wording: Wording = FORM) -> str | None:
    """The line's commitment is the report country's, in the report's coalition, and not cancelled."""
    if commitment.country_id != report.country_id:
        return wording.other_country(commitment)
    if commitment.coalition_id != report.coalition_id:
        return wording.other_coalition(commitment)
    if commitment.is_cancelled:
        return wording.cancelled(commitment)
    return None


def delivery_date(report: PartnerReport, day: datetime.date, *, wording: Wording = FORM) -> str | None:
    """A delivery line is dated inside its report's period (both ends included)."""
    period = report.period
    if period.start <= day <= period.end:
        return None
    return wording.outside_period(period, day)


def plan_period(report: PartnerReport, start: datetime.date, *, wording: Wording = FORM) -> str | None:
    """A plan line's period (given by its first day) begins after its report's period ends."""
    if start > report.period.end:
        return None
    return wording.not_after(report.period)


def quantity(quantity: int | Decimal | None, *, wording: Wording = FORM) -> str | None:
    """A line's quantity is more than zero."""
    if quantity is not None and quantity > 0:
        return None
    return wording.not_positive(quantity)


def delivery_not_future(day: datetime.date, *, wording: Wording = FORM) -> str | None:
    """A delivery is not dated after today (data check ``future_delivery``)."""
    if day <= timezone.localdate():
        return None
    return wording.future(day)


def plan_need(commitment: Commitment, need) -> str | None:
    """A plan line naming ``need`` plans its capability in its coalition; the need is not withdrawn."""
    if need is None:
        return None
    if need.is_withdrawn:
        return _("This need has been withdrawn: it can no longer be covered.")
    if need.capability_id != commitment.capability_id or need.coalition_id != commitment.coalition_id:
        return _("This need is for another capability or coalition than the commitment.")
    return None


def own_item(report: PartnerReport, item, *, wording: Wording = FORM) -> str | None:
    """A joint venture or training programme of the report's own country and coalition."""
    if item.country_id == report.country_id and item.coalition_id == report.coalition_id:
        return None
    return wording.other_item(item)


def started_by(report: PartnerReport, day: datetime.date, *, wording: Wording = FORM) -> str | None:
    """What began on ``day`` reports for the report's period only if it began by the period's end."""
    if day <= report.period.end:
        return None
    return wording.not_started(report.period, day)

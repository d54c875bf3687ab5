"""Who has reported what for a period: the states of the compliance matrix, and "overdue".

"Overdue" is defined here once: a report not submitted by its period's due date (still a
draft, or returned and not submitted again) once that date has passed; a membership with no
report at all is overdue from the same day. A legacy period (``ReportingPeriod.legacy``) holds
imported history that nobody owes, so nothing in it is ever due, missing or overdue. The queue
of submitted reports uses "past due" (its period's due date has passed), which is not the same
thing. The rows of the matrix are read in ``reports.selectors``.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import periods
from .models import ReportingPeriod, ReportStatus
from .workflow import EDITABLE

MISSING, OVERDUE = "missing", "overdue"
STATE_LABELS = {MISSING: _("Missing"), OVERDUE: _("Overdue")}


def current_period(today=None):
    """The quarter containing today, else the latest period that is not history only (None when
    there is none)."""
    today = today or timezone.localdate()
    start = periods.start_of("quarter", today)
    return (
        ReportingPeriod.objects.filter(kind="quarter", start=start).first()
        or ReportingPeriod.objects.filter(legacy=False).first()
        or ReportingPeriod.objects.first()
    )


def is_past_due(period, today=None):
    """Whether ``period``'s due date has passed (never for a legacy period)."""
    return not period.legacy and period.due_on < (today or timezone.localdate())


def is_overdue(report, today=None):
    """Whether ``report`` was not submitted by its period's due date (draft or returned after it)."""
    return report.status in EDITABLE and is_past_due(report.period, today)


def owed(reports):
    """The reports (partner or usage) somebody still owes: open ones outside legacy periods."""
    return reports.filter(status__in=EDITABLE, period__legacy=False)


def overdue(reports, today=None):
    """The overdue reports of the queryset ``reports``: ``is_overdue`` in SQL."""
    return owed(reports).filter(period__due_on__lt=today or timezone.localdate())


def state(report, period, today=None):
    """A membership's state for ``period``: missing, overdue or its report's status."""
    if report is None:
        return OVERDUE if is_past_due(period, today) else MISSING
    return OVERDUE if is_overdue(report, today) else report.status


def label(state_name):
    return STATE_LABELS.get(state_name) or ReportStatus(state_name).label

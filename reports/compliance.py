"""Who has reported what for a period: the compliance matrix."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalitions.models import Membership

from . import periods
from .models import PartnerReport, ReportingPeriod, ReportStatus, ReviewEvent
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


# "Is this overdue", written once: a report still open after its period's due date, in a
# period that is not history only. Legacy periods (``ReportingPeriod.legacy``) hold imported
# history that nobody owes, so nothing in them is ever overdue or missing. The same rule as a
# filter for querysets of reports (reminders): ``overdue_reports``.


def past_due(period, today=None):
    """Whether a report for ``period`` is late when not yet submitted."""
    today = today or timezone.localdate()
    return not period.legacy and period.due_on < today


def owed(reports):
    """The reports (partner or usage) somebody still owes: open ones outside legacy periods."""
    return reports.filter(status__in=EDITABLE, period__legacy=False)


def overdue_reports(reports, today=None):
    """``reports`` narrowed to the overdue ones (``is_overdue`` as a filter)."""
    today = today or timezone.localdate()
    return owed(reports).filter(period__due_on__lt=today)


def is_overdue(report, today=None):
    return report.status in EDITABLE and past_due(report.period, today)


def state(report, period, today):
    if report is None:
        return OVERDUE if past_due(period, today) else MISSING
    return OVERDUE if is_overdue(report, today) else report.status


def _last(field):
    events = ReviewEvent.objects.filter(partner_report=OuterRef("pk")).order_by("-created_at", "-id")
    return Subquery(events.values(field)[:1])


def rows(period, today=None):
    """One row per membership that owes a report for the period or holds one: country, coalition,
    report, state, last action."""
    today = today or timezone.localdate()
    reports = {}
    latest = (
        PartnerReport.objects.filter(period=period)
        .select_related("period")
        .annotate(
            last_status=_last("to_status"), last_actor=_last("actor__username"), last_at=_last("created_at")
        )
    )
    for report in latest.order_by("revision"):
        reports[(report.country_id, report.coalition_id)] = report
    memberships = Membership.objects.select_related("country", "coalition").order_by(
        "coalition__name", "country__name"
    )
    result = []
    for m in memberships:
        report = reports.get((m.country_id, m.coalition_id))
        if report is None and not m.reports_in(period):
            continue  # owes nothing and holds nothing (legacy periods show their history only)
        last = ReportStatus(report.last_status).label if report and report.last_status else ""
        result.append(
            {"membership": m, "report": report, "state": state(report, period, today), "last": last}
        )
    return result


def summary(period, today=None):
    """How many memberships are in each state."""
    counts = {}
    for row in rows(period, today):
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    return counts


def label(state_name):
    return STATE_LABELS.get(state_name) or ReportStatus(state_name).label

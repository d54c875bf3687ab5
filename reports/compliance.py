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
    """The quarter containing today, else the latest period (None when there is none)."""
    today = today or timezone.localdate()
    start = periods.start_of("quarter", today)
    return (
        ReportingPeriod.objects.filter(kind="quarter", start=start).first() or ReportingPeriod.objects.first()
    )


def is_overdue(report, today=None):
    today = today or timezone.localdate()
    return report.status in EDITABLE and report.period.due_on < today


def state(report, period, today):
    if report is None:
        return OVERDUE if period.due_on < today else MISSING
    return OVERDUE if is_overdue(report, today) else report.status


def _last(field):
    events = ReviewEvent.objects.filter(partner_report=OuterRef("pk")).order_by("-created_at", "-id")
    return Subquery(events.values(field)[:1])


def rows(period, today=None):
    """One row per membership on the period's cadence: country, coalition, report, state, last action."""
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
        if not m.reports_in(period):
            continue
        report = reports.get((m.country_id, m.coalition_id))
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

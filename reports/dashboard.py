"""What the dashboard shows of the reporting cycle (templates/reports/includes/dashboard_*.html).

The integrator adds ``dashboard_context(request.user)`` to the dashboard's context and
includes ``reports/includes/dashboard_partner.html`` or ``dashboard_ministry.html``.
"""

from accounts import access

from . import compliance
from .models import PartnerReport
from .views_ministry import review_queue_items
from .workflow import EDITABLE

QUEUE_PREVIEW = 5


def dashboard_context(user):
    if access.is_ministry(user):
        period = compliance.current_period()
        queue = review_queue_items(user)
        return {
            "review_queue": queue[:QUEUE_PREVIEW],
            "review_queue_count": len(queue),
            "review_overdue_count": sum(1 for item in queue if item["overdue"]),
            "compliance_period": period,
            "compliance_summary": [
                {"state": state, "label": compliance.label(state), "count": count}
                for state, count in sorted(compliance.summary(period).items())
            ]
            if period
            else [],
        }
    open_reports = (
        access.own(PartnerReport.objects.for_user(user), user)
        .filter(status__in=EDITABLE)
        .select_related("period", "coalition", "country")
        .order_by("period__due_on", "coalition__name")
    )
    reports = list(open_reports)
    for report in reports:
        report.overdue = compliance.is_overdue(report)
    return {"open_reports": reports}

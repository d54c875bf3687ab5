"""Read queries of the reporting cycle: what its pages show, every row through ``accounts.access``."""

import datetime

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts import access
from accounts.models import User
from coalitions.models import Commitment, CommitmentStatus, Country, Membership

from . import compliance
from .models import PartnerReport, ReportingPeriod, ReportStatus, ReviewEvent, UsageReport
from .workflow import EDITABLE, is_partner_report

Report = PartnerReport | UsageReport

REPORT_MODELS = {"partner": PartnerReport, "usage": UsageReport}
REPORT_RELATED = {"partner": ("period", "coalition", "country"), "usage": ("period", "coalition", "author")}
QUEUE_PREVIEW = 5


def reports(user: User, kind: str) -> QuerySet:
    """The reports of ``kind`` ("partner" or "usage") that ``user`` may see."""
    return REPORT_MODELS[kind].objects.for_user(user).select_related(*REPORT_RELATED[kind])


def get_report(user: User, kind: str, pk: int) -> Report:
    """The report ``pk`` of ``kind`` if ``user`` may see it; 404 otherwise."""
    return get_object_or_404(reports(user, kind), pk=pk)


def report_lists(user: User, status: str | None = None) -> tuple[QuerySet, QuerySet]:
    """The partner and the usage reports of the report list, of one status if given."""
    partner = PartnerReport.objects.for_user(user).select_related("period", "country", "coalition")
    usage = UsageReport.objects.for_user(user).select_related("period", "coalition")
    if status:
        partner, usage = partner.filter(status=status), usage.filter(status=status)
    return partner, usage


def report_revisions(user: User, report: Report) -> QuerySet:
    """Every revision of ``report`` that ``user`` may see, first to last."""
    keys = ("coalition_id", "period_id") + (("country_id",) if is_partner_report(report) else ())
    same = {key: getattr(report, key) for key in keys}
    return type(report).objects.for_user(user).filter(**same).order_by("revision")


def report_commitments(report: PartnerReport, user: User) -> QuerySet[Commitment]:
    """Commitments a line of ``report`` may point at: the report's own, not cancelled."""
    return (
        Commitment.objects.for_user(user)
        .filter(country_id=report.country_id, coalition_id=report.coalition_id)
        .exclude(status=CommitmentStatus.CANCELLED)
        .select_related("capability")
    )


def importable_reports(user: User) -> QuerySet[PartnerReport]:
    """Reports whose lines ``user`` may import now: their own country's, draft or returned."""
    return (
        PartnerReport.objects.for_user(user)
        .editable_by(user)
        .filter(status__in=EDITABLE)
        .select_related("country", "coalition", "period")
    )


def review_queue_items(user: User, today: datetime.date | None = None) -> list[dict]:
    """Submitted partner and usage reports, oldest submission first, each marked ``past_due``
    when its period's due date has passed (it may still have been submitted in time)."""
    submitted = {"status": ReportStatus.SUBMITTED}
    flags = Count("flags")  # the data check warnings a reviewer will find at the top
    partner = reports(user, "partner").filter(**submitted).annotate(flag_count=flags)
    usage = reports(user, "usage").filter(**submitted).annotate(flag_count=flags)
    items = [("partner", r) for r in partner] + [("usage", r) for r in usage]
    # reports put in "submitted" outside the workflow (history imports, load data) have no time
    items.sort(key=lambda item: item[1].submitted_at or item[1].created_at)
    return [
        {"kind": kind, "report": r, "past_due": compliance.is_past_due(r.period, today)} for kind, r in items
    ]


def open_reports(user: User, today: datetime.date | None = None) -> list[PartnerReport]:
    """The user's own countries' reports still to be written (draft or returned), each with ``overdue``."""
    rows = list(
        access.own(PartnerReport.objects.for_user(user), user)
        .filter(status__in=EDITABLE)
        .select_related("period", "coalition", "country")
        .order_by("period__due_on", "coalition__name")
    )
    for report in rows:
        report.overdue = compliance.is_overdue(report, today)
    return rows


def _last(field):
    events = ReviewEvent.objects.filter(partner_report=OuterRef("pk")).order_by("-created_at", "-id")
    return Subquery(events.values(field)[:1])


def compliance_rows(user: User, period: ReportingPeriod, today: datetime.date | None = None) -> list[dict]:
    """One row per followed membership that owes a report for the period or holds one: country,
    coalition, report, state, last action."""
    latest = (
        PartnerReport.objects.for_user(user)
        .filter(period=period)
        .select_related("period")
        .annotate(
            last_status=_last("to_status"), last_actor=_last("actor__username"), last_at=_last("created_at")
        )
    )
    found = {(r.country_id, r.coalition_id): r for r in latest.order_by("revision")}
    memberships: QuerySet[Membership] = access.memberships_for(user).select_related("country", "coalition")
    result = []
    for m in memberships.order_by("coalition__name", "country__name"):
        report = found.get((m.country_id, m.coalition_id))
        if report is None and not m.reports_in(period):
            continue  # owes nothing and holds nothing (a legacy period shows its history only)
        last = ReportStatus(report.last_status).label if report and report.last_status else ""
        state = compliance.state(report, period, today)
        result.append({"membership": m, "report": report, "state": state, "last": last})
    return result


def compliance_summary(
    user: User, period: ReportingPeriod, today: datetime.date | None = None
) -> dict[str, int]:
    """How many memberships are in each state."""
    counts: dict[str, int] = {}
    for row in compliance_rows(user, period, today):
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    return counts


def dashboard_reports(user: User) -> dict:
    """The reporting cycle's part of the dashboard: the ministry's review queue and compliance
    summary of the current period, or a partner's open reports."""
    if not access.is_ministry(user):
        return {"open_reports": open_reports(user)}
    period = compliance.current_period()
    queue = review_queue_items(user)
    summary = sorted(compliance_summary(user, period).items()) if period else []
    return {
        "review_queue": queue[:QUEUE_PREVIEW],
        "review_queue_count": len(queue),
        "review_past_due_count": sum(1 for item in queue if item["past_due"]),
        "compliance_period": period,
        "compliance_summary": [
            {"state": state, "label": compliance.label(state), "count": count} for state, count in summary
        ],
    }


def own_country_codes(user: User) -> list[str]:
    """ISO codes of the user's own countries (their country group), sorted, lower case."""
    codes = Country.objects.filter(id__in=access.country_ids(user)).values_list("code", flat=True)
    return sorted(str(code).lower() for code in codes)


def prepared_files(user):
    """The user's prepared files not yet expired, newest first (only ever their own)."""
    from django.utils import timezone

    from .models import PreparedFile

    return PreparedFile.objects.filter(owner=user, expires_at__gt=timezone.now()).defer("content")


def prepared_file(user, pk):
    """The user's ready file ``pk``: 404 for another user's, a missing, unready or expired one."""
    from .models import PreparedFile

    return get_object_or_404(prepared_files(user).filter(status=PreparedFile.Status.READY).defer(None), pk=pk)

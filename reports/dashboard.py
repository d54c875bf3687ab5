"""Read queries of the dashboard: each role's first question, in a bounded number of rows.

- partner officer (and focal point): what is due from me and when — open reports by due
  date (overdue and returned marked, the reviewer's comment on a returned one), then the
  country's status this period and a compact progress summary;
- partner viewer: the country's status this period, then the progress summary;
- reviewer: what waits for me — the review queue's size, its oldest reports first
  (resubmissions marked), then the compliance summary;
- analyst: where coverage is lowest (``reports.figures``), then the compliance summary;
- ministry administrator: the queue and the compliance summary;
- observer: the approved figures of the observed coalitions (``reports.figures``, through
  ``access.coalitions_totals``).

Every list shows at most ``ROWS`` rows and links to the full page; the number of queries
does not grow with the data (``tests/reports/test_dashboards.py``). Every row comes through
``accounts.access``.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import access
from accounts.models import User
from coalitions.models import Commitment, CommitmentStatus, Unit

from . import compliance, figures, selectors
from .filters import FigureFilters
from .models import PartnerReport, ReportStatus, ReviewEvent, UsageReport
from .workflow import EDITABLE

ROWS = 8  # rows of each dashboard list; the full lists are one link away


def _today(today):
    return today or timezone.localdate()


def role(user: User) -> str:
    """Which dashboard ``user`` gets."""
    if access.is_reviewer(user):
        return "reviewer"
    if access.is_analyst(user):
        return "analyst"
    if access.is_ministry(user):
        return "ministry"
    if access.is_observer(user):
        return "observer"
    if access.is_partner(user):
        return "officer" if access.editable_country_ids(user) else "viewer"
    return "none"


# Partners ------------------------------------------------------------------------------


def _last_return(field_name):
    events = ReviewEvent.objects.filter(partner_report=OuterRef("pk"), to_status=ReportStatus.RETURNED)
    return Subquery(events.order_by("-created_at", "-id").values(field_name)[:1])


def due_reports(user: User, today: datetime.date | None = None) -> dict:
    """The user's own countries' open reports (draft or returned), earliest due first: at most
    ``ROWS`` of them, each with ``overdue`` and, when returned, the reviewer's comment; and how
    many are open, overdue and returned in all. Two queries."""
    today = _today(today)
    open_reports = access.own(PartnerReport.objects.for_user(user), user).filter(status__in=EDITABLE)
    counts = open_reports.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Q(period__due_on__lt=today, period__legacy=False)),
        returned=Count("pk", filter=Q(status=ReportStatus.RETURNED)),
    )
    rows = list(
        open_reports.select_related("period", "coalition", "country")
        .annotate(return_comment=_last_return("comment"), returned_by=_last_return("actor__username"))
        .order_by("period__due_on", "coalition__name", "pk")[:ROWS]
    )
    for report in rows:
        report.overdue = compliance.is_overdue(report, today)
        report.days_left = (report.period.due_on - today).days
    many = len(access.country_ids(user)) > 1
    return {"rows": rows, **counts, "more": counts["total"] > len(rows), "many_countries": many}


def country_status(user: User, today: datetime.date | None = None) -> dict:
    """The own countries' state in the current period, one row per membership that owes a
    report or holds one (missing, draft, submitted, returned, approved, overdue). Two queries."""
    period = compliance.current_period(today)
    if period is None:
        return {"period": None, "rows": []}
    own_ids = access.country_ids(user)
    reports = access.own(PartnerReport.objects.for_user(user), user).filter(period=period)
    latest = {
        (r.country_id, r.coalition_id): r for r in reports.select_related("period").order_by("revision")
    }
    memberships = (
        access.memberships_for(user)
        .filter(country_id__in=own_ids)
        .select_related("country", "coalition")
        .order_by("coalition__name", "country__name")
    )
    rows = []
    for membership in memberships:
        report = latest.get((membership.country_id, membership.coalition_id))
        if report is None and not membership.reports_in(period):
            continue
        state = compliance.state(report, period, today)
        rows.append(
            {"membership": membership, "report": report, "state": state, "label": compliance.label(state)}
        )
    return {"period": period, "rows": rows, "many_countries": len(own_ids) > 1}


@dataclass
class Progress:
    """How far the commitments of one coalition are delivered (counts, never quantities of
    different units added together)."""

    coalition: object
    commitments: int = 0
    delivered: int = 0  # fully delivered (approved deliveries reach the quantity)
    under_way: int = 0  # some approved deliveries, not all
    not_started: int = 0  # no approved delivery yet
    undisclosed: int = 0  # no quantity to measure against
    awaiting: int = 0  # with deliveries in submitted reports, not yet approved
    percent: dict = field(default_factory=dict)


def progress_summary(user: User) -> list[Progress]:
    """Per coalition, the own countries' commitments (not cancelled) by delivery progress,
    from the totals kept per commitment (``coalitions.totals``). Two queries."""
    delivered = Coalesce("totals__delivered", Value(0))
    rows = (
        access.own(Commitment.objects.for_user(user), user)
        .exclude(status=CommitmentStatus.CANCELLED)
        .order_by()
        .values("coalition_id")
        .annotate(
            commitments=Count("pk"),
            undisclosed=Count("pk", filter=Q(quantity__isnull=True)),
            done=Count("pk", filter=Q(quantity__isnull=False, quantity__lte=delivered)),
            started=Count("pk", filter=Q(quantity__gt=delivered, totals__delivered__gt=0)),
            awaiting=Count("pk", filter=Q(totals__provisional__gt=0)),
        )
    )
    rows = list(rows)
    coalitions = {
        c.pk: c for c in access.coalitions_for(user).filter(pk__in=[r["coalition_id"] for r in rows])
    }
    result = []
    for row in rows:
        measured = row["commitments"] - row["undisclosed"]
        item = Progress(
            coalition=coalitions.get(row["coalition_id"]),
            commitments=row["commitments"],
            delivered=row["done"],
            under_way=row["started"],
            not_started=measured - row["done"] - row["started"],
            undisclosed=row["undisclosed"],
            awaiting=row["awaiting"],
        )
        if item.coalition is not None:
            result.append(item)
    return sorted(result, key=lambda p: str(p.coalition.name))


# Ministry ------------------------------------------------------------------------------


def _returned_before(kind):
    """Whether a report was returned before (so it waits again, resubmitted)."""
    returned = ReviewEvent.objects.filter(
        **{f"{kind}_report": OuterRef("pk")}, to_status=ReportStatus.RETURNED
    )
    return Exists(returned)


def waiting_for_review(user: User, today: datetime.date | None = None) -> dict:
    """The review queue on the dashboard: how many reports wait (and how many of them are past
    their due date or resubmitted after a return), and the oldest ``ROWS``. Four queries."""
    today = _today(today)
    items, total, past_due, resubmitted = [], 0, 0, 0
    for kind, model in (("partner", PartnerReport), ("usage", UsageReport)):
        submitted = model.objects.for_user(user).filter(status=ReportStatus.SUBMITTED)
        counts = submitted.aggregate(
            total=Count("pk"),
            past_due=Count("pk", filter=Q(period__due_on__lt=today, period__legacy=False)),
            resubmitted=Count("pk", filter=Q(_returned_before(kind))),
        )
        oldest = (
            submitted.select_related(*selectors.REPORT_RELATED[kind])
            .annotate(resubmitted=_returned_before(kind))
            .order_by(Coalesce("submitted_at", "created_at"), "pk")[:ROWS]
        )
        total += counts["total"]
        past_due += counts["past_due"]
        resubmitted += counts["resubmitted"]
        items += [
            {"kind": kind, "report": r, "past_due": compliance.is_past_due(r.period, today)} for r in oldest
        ]
    items.sort(key=lambda item: (item["report"].submitted_at or item["report"].created_at, item["report"].pk))
    return {
        "rows": items[:ROWS],
        "total": total,
        "past_due": past_due,
        "resubmitted": resubmitted,
        "more": total > ROWS,
    }


def compliance_summary(user: User, today: datetime.date | None = None) -> dict:
    """How many memberships are in each state in the current period (the compliance matrix, summed)."""
    period = compliance.current_period(today)
    if period is None:
        return {"period": None, "rows": []}
    counts = selectors.compliance_summary(user, period, today)
    return {
        "period": period,
        "rows": [
            {"state": state, "label": compliance.label(state), "count": count}
            for state, count in sorted(counts.items())
        ],
    }


def lowest_coverage(user: User) -> list[figures.Row]:
    """The capabilities with the lowest coverage (committed ÷ needed, all time), lowest first: at
    most ``ROWS``, of those with a need. One query, the figures engine's."""
    rows = [row for row in figures.capability_rows(user, FigureFilters(user, {})) if row.needed]
    rows.sort(key=lambda r: (r.coverage_percent, r.coalition, r.label))
    return rows[:ROWS]


# Observers -----------------------------------------------------------------------------


def coalition_figures(user: User) -> list[figures.Row]:
    """Per observed coalition and unit: needed, committed, delivered (approved) and fulfilment,
    summed from the figures engine's capability rows (through ``access.coalitions_totals``:
    approved figures only). One query."""
    totals: dict[tuple[str, str], figures.Row] = {}
    for row in figures.capability_rows(user, FigureFilters(user, {})):
        key = (row.coalition, row.unit_code)
        total = totals.setdefault(
            key,
            figures.Row(
                key=key,
                label=row.coalition,
                unit=row.unit,
                unit_code=row.unit_code,
                coalition=row.coalition,
                coalition_slug=row.coalition_slug,
            ),
        )
        for name in ("needed", "committed", "delivered", "delivered_to_date", "used", "undisclosed"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    units = list(Unit.values)
    return sorted(
        totals.values(),
        key=lambda r: (r.coalition, units.index(r.unit_code) if r.unit_code in units else len(units)),
    )


def context(user: User, today: datetime.date | None = None) -> dict:
    """The dashboard's template context for ``user``'s role."""
    kind = role(user)
    result = {"role": kind, "rows_shown": ROWS}
    if kind in ("officer", "viewer"):
        result["status"] = country_status(user, today)
        result["progress"] = progress_summary(user)
        if kind == "officer":
            result["due"] = due_reports(user, today)
    elif kind in ("reviewer", "analyst", "ministry"):
        result["compliance"] = compliance_summary(user, today)
        if kind == "analyst":
            result["coverage"] = lowest_coverage(user)
        else:
            result["queue"] = waiting_for_review(user, today)
    elif kind == "observer":
        result["coalition_figures"] = coalition_figures(user)
    return result

"""Counting rules: which reports, lines, commitments, needs and usage lines each measure counts.

- delivered: the delivery lines (read as ``ReportTotal`` rows, one per approved report and
  capability) of the latest revision of each report that was approved — the approved one,
  or, while a reopened report's new revision is not yet approved, the superseded one it
  replaces (``counted_reports``);
- provisional: the delivery lines of submitted, not yet approved reports;
- planned: the plan lines of counted reports, the latest report's plan for each
  commitment and period (an earlier report's plan for the same period is replaced);
- committed: commitments that are not cancelled (undisclosed quantities counted apart);
- needed: Ukraine's needs of the coalitions the user may see (not withdrawn ones);
- used: the usage lines of approved usage reports.

Needed, planned, delivered, provisional and used are per period and additive over
periods: a period range keeps the rows of the quarters in it (a line by its report's
period, a plan line by the period it plans for, a need by its quarter; the paths are the
models' ``scope``). Committed and delivered to date are counted as at the end of the
range: every commitment announced on or before its end (or undated), every delivery up
to its end. The definitions people read are ``presentation.DEFINITIONS``.

Rows come through ``accounts.access``: coalition-wide totals via
``access.coalitions_totals`` (partners see totals of their coalitions, observers
approved figures), the per-country breakdown via ``for_user`` (partners their own
country, lead countries their coalitions, the ministry everything). With a country
filter every figure comes from ``for_user`` rows, so no filter reveals another
country's numbers.
"""

import dataclasses
from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts import access
from accounts.models import User
from coalitions.models import NEED_PATHS, Commitment, CommitmentStatus, Need, NeedStatus
from reports.filters import FigureFilters
from reports.models import DeliveryLine, PartnerReport, PlanLine, ReportStatus, ReportTotal, UsageLine
from reports.workflow import COUNTED

UNDATED = dataclasses.replace(Commitment.scope, day=None)  # the date range is applied apart
Scoping = Callable[[QuerySet], QuerySet]  # the rows of a queryset that a figure may be summed from

APPROVED = Q(report__status=ReportStatus.APPROVED)  # usage reports
SUBMITTED = Q(report__status=ReportStatus.SUBMITTED)


def counted_reports() -> QuerySet:
    """For each country × coalition × period, the latest revision that was approved.

    That is the approved revision, or — while a reopened report's new revision is not yet
    approved — the superseded one it replaces.
    """
    newer = PartnerReport.objects.filter(
        country=OuterRef("country"),
        coalition=OuterRef("coalition"),
        period=OuterRef("period"),
        revision__gt=OuterRef("revision"),
        status__in=COUNTED,
    )
    return PartnerReport.objects.filter(status__in=COUNTED).filter(~Exists(newer))


def counted_lines_q() -> Q:
    """Q over delivery lines or report totals: those of counted revisions.

    One small query for the superseded revisions that still count.
    """
    superseded = counted_reports().filter(status=ReportStatus.SUPERSEDED).order_by()
    superseded = superseded.values_list("id", flat=True)
    return Q(report__status=ReportStatus.APPROVED) | Q(report_id__in=list(superseded))


def counted_deliveries(lines: QuerySet | None = None) -> QuerySet:
    """The delivery lines (of ``lines``, default all) that count in the figures."""
    lines = DeliveryLine.objects.all() if lines is None else lines
    return lines.filter(report__in=counted_reports())


def totals_scope(user: User, filters: FigureFilters) -> Scoping:
    """The rows a figure may be summed from: coalition totals, or the user's own rows by country."""
    if "country" in filters.values:
        return lambda queryset: queryset.for_user(user)
    return lambda queryset: access.coalitions_totals(queryset, user)


def readable_scope(user: User) -> Scoping:
    """The rows the user may read (the per-country breakdown)."""
    return lambda queryset: queryset.for_user(user)


def delivered_rows(scope: Scoping, filters: FigureFilters, counted: Q) -> QuerySet:
    """Report totals of counted reports (``counted``: ``counted_lines_q()``), through ``scope``,
    up to the end of the period range (the engine tells those before its start apart)."""
    return filters.apply(scope(ReportTotal.objects.filter(counted)), since_start=False)


def planned_rows(scope: Scoping, filters: FigureFilters, counted: Q) -> QuerySet:
    """Plan lines of counted reports, through ``scope``: for each commitment and planned
    period, those of the latest counted report that plans it."""
    later = PlanLine.objects.filter(
        counted,
        commitment=OuterRef("commitment"),
        period=OuterRef("period"),
        report__period__start__gt=OuterRef("report__period__start"),
    )
    return filters.apply(scope(PlanLine.objects.filter(counted).filter(~Exists(later))))


def provisional_rows(scope: Scoping, filters: FigureFilters) -> QuerySet:
    """Delivery lines of submitted reports, through ``scope``."""
    return filters.apply(scope(DeliveryLine.objects.filter(SUBMITTED)))


def commitment_rows(scope: Scoping, filters: FigureFilters) -> QuerySet:
    """Commitments that are not cancelled, through ``scope``, as at the end of the period
    range: announced on or before its end, or undated."""
    commitments = filters.apply(scope(Commitment.objects.all()), UNDATED)
    announced = filters.date_range(Commitment.scope.day, since_start=False)
    if announced:  # (an empty Q would keep the undated ones only)
        commitments = commitments.filter(announced | Q(**{f"{Commitment.scope.day}__isnull": True}))
    return commitments.exclude(status=CommitmentStatus.CANCELLED)


def need_rows(user: User, filters: FigureFilters) -> QuerySet:
    """Needs of the coalitions the user may see, withdrawn needs left out."""
    needs = Need.objects.filter(coalition__in=access.coalitions_for(user)).exclude(
        status=NeedStatus.WITHDRAWN
    )
    return filters.apply(needs, NEED_PATHS)


def usage_rows(user: User, filters: FigureFilters) -> QuerySet:
    """Usage lines of approved usage reports, coalition-wide."""
    return filters.apply(access.coalitions_totals(UsageLine.objects.filter(APPROVED), user))

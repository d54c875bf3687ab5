"""The export datasets: a header and the rows the user may see, under the shared filters.

Most datasets are a ``values_list`` queryset from ``for_user()`` (CSV streams it with COPY,
XLSX iterates it); ``summary`` is built from the consolidated figures in Python. Text columns
of querysets are neutralised in SQL (``writers.neutralised``).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Round, TruncDate
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from coalitions.models import Cadence, Commitment
from reports import figures
from reports.models import DeliveryLine, PartnerReport, ReportStatus, UsageLine

from .writers import neutralised

DELIVERIES_HEADER = (
    "line_reference",
    "commitment_id",
    "country",
    "coalition",
    "capability",
    "period",
    "delivered_on",
    "quantity",
    "notes",
    "report_status",
)


@dataclass(frozen=True)
class Dataset:
    name: str
    label: object
    header: tuple
    source: Callable  # (user, filters, params) -> values_list queryset or iterable of rows


def text(path):
    return neutralised(Cast(F(path), CharField()))


def period_label(path):
    start = F(f"{path}__start")
    return Case(
        When(**{f"{path}__kind": Cadence.MONTHLY}, then=_to_char(start, "YYYY-MM")),
        default=_to_char(start, 'YYYY-"Q"Q'),
        output_field=CharField(),
    )


def _to_char(expression, pattern):
    return Func(expression, Value(pattern), function="to_char", output_field=CharField())


def columns(queryset, *expressions):
    """``values_list`` of expressions in order (aliases avoid clashes with field names)."""
    named = {f"col{i}": e if hasattr(e, "resolve_expression") else F(e) for i, e in enumerate(expressions)}
    return queryset.annotate(**named).values_list(*named)


def deliveries(user, filters, params):
    lines = DeliveryLine.objects.for_user(user)
    if params.get("report"):
        report_id = params["report"]
        report_pk = int(report_id) if report_id.isdigit() else 0
        lines = lines.filter(report=get_object_or_404(PartnerReport.objects.for_user(user), pk=report_pk))
    else:
        lines = lines.filter(report__status__in=[ReportStatus.APPROVED, ReportStatus.SUBMITTED])
    lines = filters.apply(
        lines,
        coalition="report__coalition",
        country="report__country",
        category="commitment__capability__category",
        date="report__period__start",
    ).order_by("id")
    return columns(
        lines,
        text("line_reference"),
        "commitment_id",
        text("report__country__code"),
        text("report__coalition__slug"),
        text("commitment__capability__code"),
        period_label("report__period"),
        "delivered_on",
        "quantity",
        text("notes"),
        "report__status",
    )


def commitments(user, filters, params):
    delivered = (
        DeliveryLine.objects.for_user(user)
        .filter(commitment=OuterRef("pk"), report__status=ReportStatus.APPROVED)
        .order_by()
        .values("commitment")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    rows = filters.apply(
        Commitment.objects.for_user(user), category="capability__category", date="announced_on"
    ).annotate(delivered=Coalesce(Subquery(delivered), 0))
    ratio = Cast("delivered", DecimalField(max_digits=20, decimal_places=6)) / NullIf(F("quantity"), 0)
    return columns(
        rows.order_by("id"),
        "id",
        text("country__code"),
        text("country__name"),
        text("coalition__slug"),
        text("capability__code"),
        text("capability__name"),
        "capability__category",
        "capability__unit",
        "status",
        "source",
        "quantity",
        Case(When(quantity__isnull=True, then=1), default=0, output_field=IntegerField()),
        "value_eur",
        "announced_on",
        text("partner_reference"),
        text("notes"),
        "delivered",
        F("quantity") - F("delivered"),
        Round(ratio, 4, output_field=DecimalField()),
    )


def compliance(user, filters, params):
    reports = filters.apply(
        PartnerReport.objects.for_user(user).exclude(status=ReportStatus.SUPERSEDED), date="period__start"
    ).order_by("period__start", "country__code", "coalition__slug")
    late = Q(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED], period__due_on__lt=datetime.date.today())
    return columns(
        reports,
        period_label("period"),
        text("country__code"),
        text("country__name"),
        text("coalition__slug"),
        "revision",
        "status",
        "period__due_on",
        TruncDate("submitted_at"),
        TruncDate("decided_at"),
        Case(When(late, then=1), default=0, output_field=IntegerField()),
    )


def usage(user, filters, params):
    lines = filters.apply(
        UsageLine.objects.for_user(user),
        coalition="report__coalition",
        country=None,
        category="capability__category",
        date="report__period__start",
    ).order_by("report__period__start", "report__coalition__slug", "capability__code")
    return columns(
        lines,
        text("report__coalition__slug"),
        period_label("report__period"),
        text("capability__code"),
        text("capability__name"),
        "received",
        "expended",
        "lost",
        "under_repair",
        "serviceable",
        text("notes"),
        "report__status",
    )


def summary(user, filters, params):
    for cell in figures.cells(user, filters):
        yield (
            cell.coalition_slug,
            cell.capability_code,
            cell.label,
            cell.unit,
            cell.period,
            cell.needed,
            cell.committed,
            cell.undisclosed,
            cell.delivered,
            cell.provisional,
            cell.used,
        )


DATASETS = {
    d.name: d
    for d in (
        Dataset("deliveries", _("Deliveries (approved and submitted lines)"), DELIVERIES_HEADER, deliveries),
        Dataset(
            "commitments",
            _("Commitments with delivered to date, remaining and fulfilment"),
            (
                "commitment_id",
                "country",
                "country_name",
                "coalition",
                "capability",
                "capability_name",
                "category",
                "unit",
                "status",
                "source",
                "quantity",
                "undisclosed",
                "value_eur",
                "announced_on",
                "partner_reference",
                "notes",
                "delivered_to_date",
                "remaining",
                "fulfilment",
            ),
            commitments,
        ),
        Dataset(
            "summary",
            _("Summary: coalition × capability × period"),
            (
                "coalition",
                "capability",
                "capability_name",
                "unit",
                "period",
                "needed",
                "committed",
                "undisclosed_commitments",
                "delivered",
                "provisional",
                "used",
            ),
            summary,
        ),
        Dataset(
            "compliance",
            _("Reporting compliance: period × country × coalition"),
            (
                "period",
                "country",
                "country_name",
                "coalition",
                "revision",
                "status",
                "due_on",
                "submitted_on",
                "decided_on",
                "overdue",
            ),
            compliance,
        ),
        Dataset(
            "usage",
            _("Usage of delivered equipment"),
            (
                "coalition",
                "period",
                "capability",
                "capability_name",
                "received",
                "expended",
                "lost",
                "under_repair",
                "serviceable",
                "notes",
                "report_status",
            ),
            usage,
        ),
    )
}

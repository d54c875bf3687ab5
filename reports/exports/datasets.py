"""The export datasets: a header and the rows the user may see, under the shared filters.

Most datasets are a ``values_list`` queryset from ``for_user()`` (CSV streams it with COPY,
XLSX iterates it); ``summary`` (from the figures engine of the pages) and ``compliance``
(which adds the missing reports) are small and built in Python. Text columns of querysets
are neutralised in SQL (``writers.neutralised``). The filters read each model's ``scope``.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, NullIf, Round
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import User
from coalitions.models import Category, Commitment, CommitmentStatus, Source, Unit
from coalitions.names import localized_f
from coalitions.ventures.models import TrainingThroughput, VentureCapacity, VentureOutput
from reports import checks, figures, periods
from reports.compliance import MISSING, OVERDUE, STATE_LABELS, state
from reports.filters import FigureFilters
from reports.models import DeliveryLine, PartnerReport, ReportingPeriod, ReportStatus, UsageLine

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
    allowed: Callable | None = None  # (user) -> whether the user may download it; None: everyone
    notes: Callable | None = None  # () -> texts for the XLSX's second sheet (what the columns count)


def text(path):
    return neutralised(Cast(F(path), CharField()))


def name_text(path):
    """A reference-data name (``capability__name``) in the user's language."""
    return neutralised(Cast(localized_f(path), CharField()))


def label(path, choices):
    """The label of a choice (``in_delivery`` → "In delivery") in the user's language, as SQL."""
    whens = [When(**{path: value}, then=Value(str(text))) for value, text in choices.choices]
    return Case(*whens, default=F(path), output_field=CharField())


def choice_label(value, choices):
    """The same in Python, for rows built in Python."""
    return str(STATE_LABELS.get(value) or choices(value).label) if value else ""


def columns(queryset, *expressions):
    """``values_list`` of expressions in order (aliases avoid clashes with field names)."""
    named = {f"col{i}": e if hasattr(e, "resolve_expression") else F(e) for i, e in enumerate(expressions)}
    return queryset.annotate(**named).values_list(*named)


def report_id(params):
    """The ``report`` parameter of a deliveries download: an id (0 when it is not a number), or None."""
    raw = params.get("report")
    if not raw:
        return None
    return int(raw) if raw.isdecimal() else 0


def deliveries(user: User, filters: FigureFilters, params: Mapping[str, str]) -> QuerySet:
    lines = DeliveryLine.objects.for_user(user)
    if (report_pk := report_id(params)) is not None:
        lines = lines.filter(report=get_object_or_404(PartnerReport.objects.for_user(user), pk=report_pk))
    else:
        lines = lines.filter(report__status__in=[ReportStatus.APPROVED, ReportStatus.SUBMITTED])
    lines = filters.apply(lines).order_by("id")
    return columns(
        lines,
        text("line_reference"),
        "commitment_id",
        name_text("report__country__name"),
        name_text("report__coalition__name"),
        name_text("commitment__capability__name"),
        periods.label_sql("report__period"),
        "delivered_on",
        "quantity",
        text("notes"),
        label("report__status", ReportStatus),
    )


def commitments(user: User, filters: FigureFilters, params: Mapping[str, str]) -> QuerySet:
    delivered = (
        DeliveryLine.objects.for_user(user)
        .filter(figures.counted_lines_q(), commitment=OuterRef("pk"))
        .order_by()
        .values("commitment")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    rows = filters.apply(Commitment.objects.for_user(user)).annotate(
        delivered=Coalesce(Subquery(delivered), 0)
    )
    ratio = Cast("delivered", DecimalField(max_digits=20, decimal_places=6)) / NullIf(F("quantity"), 0)
    return columns(
        rows.order_by("id"),
        "id",
        text("country__code"),
        name_text("country__name"),
        text("coalition__slug"),
        name_text("coalition__name"),
        text("capability__code"),
        name_text("capability__name"),
        label("capability__category", Category),
        label("capability__unit", Unit),
        label("status", CommitmentStatus),
        label("source", Source),
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


def compliance(user: User, filters: FigureFilters, params: Mapping[str, str]) -> list[tuple]:
    """Each followed membership × reporting period: its report's state and dates, or ``missing``."""
    reports = filters.apply(
        PartnerReport.objects.for_user(user).exclude(status=ReportStatus.SUPERSEDED)
    ).select_related("period", "country", "coalition")
    latest = {(r.period_id, r.country_id, r.coalition_id): r for r in reports.order_by("revision")}
    in_range = ReportingPeriod.objects.filter(filters.date_range("start"))
    memberships = filters.apply(access.memberships_for(user)).select_related("country", "coalition")
    found = []
    for period in in_range:
        for m in memberships:
            if m.reports_in(period):
                report = latest.pop((period.id, m.country_id, m.coalition_id), None)
                found.append((period, m.country, m.coalition, report))
    found += [(r.period, r.country, r.coalition, r) for r in latest.values()]
    found.sort(key=lambda item: (item[0].start, str(item[1].code), item[2].slug))
    today = timezone.localdate()
    return [_compliance_row(*item, today) for item in found]


def _compliance_row(period, country, coalition, report, today):
    return (
        period.label,
        str(country.code),
        country.name,
        coalition.slug,
        coalition.name,
        report.revision if report else None,
        choice_label(report.status if report else MISSING, ReportStatus),
        period.due_on,
        _local_date(report and report.submitted_at),
        _local_date(report and report.decided_at),
        int(state(report, period, today) == OVERDUE),
    )


def _local_date(moment):
    return timezone.localdate(moment) if moment else None


def usage(user: User, filters: FigureFilters, params: Mapping[str, str]) -> QuerySet:
    lines = filters.apply(UsageLine.objects.for_user(user))
    lines = lines.order_by("report__period__start", "report__coalition__slug", "capability__code")
    return columns(
        lines,
        text("report__coalition__slug"),
        periods.label_sql("report__period"),
        text("capability__code"),
        name_text("capability__name"),
        "received",
        "expended",
        "lost",
        "under_repair",
        "serviceable",
        text("notes"),
        label("report__status", ReportStatus),
        name_text("report__coalition__name"),
    )


def summary(user: User, filters: FigureFilters, params: Mapping[str, str]) -> Iterator[tuple]:
    """Coalition × capability × quarter: the figures engine of the pages, summed per cell
    (always of one unit). Committed, undisclosed and delivered to date are as at the end of
    the quarter; the other measures are those of the quarter (``figures.DEFINITIONS``)."""
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
            cell.planned,
            cell.delivered_to_date,
        )


def flags(user: User, filters: FigureFilters, params: Mapping[str, str]) -> Iterator[tuple]:
    """Open data check flags (``reports.checks``): those of the data checks page, same filters."""
    for flag in checks.open_flags(user, filters, params.get("rule", "")).order_by("id").iterator():
        report = flag.report
        yield (
            "partner" if flag.partner_report_id else "usage",
            report.pk,
            report.revision,
            choice_label(report.status, ReportStatus),
            flag.period.label,
            str(flag.country.code) if flag.country else "",
            flag.coalition.slug,
            flag.code,
            flag.message,
            flag.delivery_line_id,
            flag.commitment_id,
            flag.explanation,
            flag.explained_by.get_username() if flag.explained_by else "",
            flag.explained_at,
        )


NEEDS_BOARD_HEADER = (
    "coalition",
    "capability",
    "capability_name",
    "unit",
    "period",
    "priority",
    "need_status",
    "country",
    "needed",
    "planned",
    "delivered",
    "gap",
)


def needs_board(user: User, filters: FigureFilters, params: Mapping[str, str]) -> Iterator[tuple]:
    """The needs boards (``coalitions.planning.selectors.needs_board``): one row per need with
    the coalition's totals (country empty), then one row per country whose share the user may
    see. The filters' coalition, category and quarter range apply."""
    from coalitions.planning import selectors as planning  # planning builds on reports

    values = filters.cleaned_data
    coalitions = access.coalitions_for(user).order_by("name")
    if values.get("coalition"):
        coalitions = coalitions.filter(pk=values["coalition"].pk)
    board_filters = {
        "category": values.get("category") or "",
        "first": values.get("period_from") or "",
        "last": values.get("period_to") or "",
        "sort": "period",
    }
    for coalition in coalitions:
        for cell in planning.needs_board(user, coalition, board_filters):
            need, capability = cell.need, cell.need.capability
            common = (coalition.slug, capability.code, capability.name, capability.unit, need.period_label)
            yield (
                *common,
                need.priority,
                need.status,
                "",
                cell.needed,
                cell.planned,
                cell.delivered,
                cell.gap,
            )
            for share in cell.shares:
                yield (
                    *common,
                    need.priority,
                    need.status,
                    share.country,
                    "",
                    share.planned,
                    share.delivered,
                    "",
                )


def _region(user, path, country_path):
    """The venture's oblast where ``user`` may see it (``access.region_visible_q``), else empty."""
    visible = access.region_visible_q(user, country_path)
    if not visible:  # every row (the ministry)
        return F(path)
    return Case(When(visible, then=F(path)), default=Value(""), output_field=CharField())


def ventures(user: User, filters: FigureFilters, params: Mapping[str, str]) -> QuerySet:
    """Venture output lines the user may read (own in every state, others' approved), with the
    venture's register entry; the region only for the ministry and the owning country."""
    capacity = VentureCapacity.objects.filter(venture=OuterRef("venture"), capability=OuterRef("capability"))
    lines = filters.apply(VentureOutput.objects.for_user(user)).order_by("id")
    return columns(
        lines,
        "venture_id",
        text("venture__name"),
        text("report__country__code"),
        text("report__coalition__slug"),
        "venture__kind",
        "venture__stage",
        _region(user, "venture__oblast", "venture__country"),
        text("capability__code"),
        "capability__unit",
        Subquery(capacity.values("monthly_capacity")[:1]),
        periods.label_sql("report__period"),
        "quantity",
        "report__status",
    )


def training(user: User, filters: FigureFilters, params: Mapping[str, str]) -> QuerySet:
    """Training throughput lines the user may read, with the programme's register entry."""
    lines = filters.apply(TrainingThroughput.objects.for_user(user)).order_by("id")
    return columns(
        lines,
        "programme_id",
        text("programme__course"),
        text("report__country__code"),
        text("report__coalition__slug"),
        text("programme__host_country__code"),
        text("programme__site"),
        "programme__status",
        periods.label_sql("report__period"),
        "programme__planned_per_period",
        "started",
        "completed",
        "report__status",
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
                "coalition_name",
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
                "planned",
                "delivered_to_date",
            ),
            summary,
            notes=figures.definitions,
        ),
        Dataset(
            "needs_board",
            _("Needs board: needed, planned by members, delivered and gap per need"),
            NEEDS_BOARD_HEADER,
            needs_board,
            allowed=access.may_read_needs_board,
        ),
        Dataset(
            "compliance",
            _("Reporting compliance: period × country × coalition"),
            (
                "period",
                "country",
                "country_name",
                "coalition",
                "coalition_name",
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
                "coalition_name",
            ),
            usage,
        ),
        Dataset(
            "flags",
            _("Data checks: open warnings and their explanations"),
            (
                "report_kind",
                "report_id",
                "revision",
                "report_status",
                "period",
                "country",
                "coalition",
                "rule",
                "message",
                "delivery_line_id",
                "commitment_id",
                "explanation",
                "explained_by",
                "explained_at",
            ),
            flags,
            allowed=access.is_analyst,
        ),
        Dataset(
            "ventures",
            _("Joint ventures: output per period"),
            (
                "venture_id",
                "venture",
                "country",
                "coalition",
                "kind",
                "stage",
                "region",
                "capability",
                "unit",
                "monthly_capacity",
                "period",
                "quantity",
                "report_status",
            ),
            ventures,
        ),
        Dataset(
            "training",
            _("Training: trainees per period"),
            (
                "programme_id",
                "programme",
                "country",
                "coalition",
                "host_country",
                "site",
                "status",
                "period",
                "planned_per_period",
                "started",
                "completed",
                "report_status",
            ),
            training,
        ),
    )
}

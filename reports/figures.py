"""Figures: delivered to date per commitment, and the consolidated views.

Delivered counts the latest approved revision of each report: the approved one, or —
while a reopened report's new revision is not yet approved — the superseded one it
replaces. Provisional figures (submitted, not yet approved) are shown apart.

Consolidated figures (needed, committed, delivered, provisional, used): each measure is
aggregated on its own (one GROUP BY per table, never a join of commitments with delivery
lines, which would multiply commitment quantities). The per-cell sums (``cells``) are
joined in Python on (capability, quarter); the dashboard (``consolidated``) lets
PostgreSQL add them up by capability, by quarter and by country in one query. Delivered
sums come from ``ReportTotal`` (one row per approved report and capability, written by
the database at approval; see ``reports.totals``), provisional sums from the lines of
submitted reports.

Rows come through ``accounts.access``: coalition-wide totals via
``access.coalitions_totals`` (partners see totals of their coalitions, observers
approved figures), the per-country breakdown via ``for_user`` (partners their own
country, lead countries their coalitions, the ministry everything). With a country
filter every figure comes from ``for_user`` rows, so no filter reveals another
country's numbers.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import TruncQuarter
from django.utils.translation import gettext as _

from accounts import access
from coalitions.models import Capability, Coalition, Commitment, CommitmentStatus, Country, Need, Unit
from reports.models import (
    DeliveryLine,
    PartnerReport,
    ReportingPeriod,
    ReportStatus,
    ReportTotal,
    UsageLine,
)

from . import charts, tables
from .filters import FigureFilters
from .workflow import COUNTED


def counted_reports():
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


def counted_lines_q():
    """Q over delivery lines or report totals: those of counted revisions.

    One small query for the superseded revisions that still count.
    """
    superseded = counted_reports().filter(status=ReportStatus.SUPERSEDED).order_by()
    superseded = superseded.values_list("id", flat=True)
    return Q(report__status=ReportStatus.APPROVED) | Q(report_id__in=list(superseded))


def counted_deliveries(lines=None):
    """The delivery lines (of ``lines``, default all) that count in the figures."""
    lines = DeliveryLine.objects.all() if lines is None else lines
    return lines.filter(report__in=counted_reports())


def _sum_by_commitment(lines, commitments):
    rows = lines.filter(commitment__in=commitments).values("commitment").annotate(total=Sum("quantity"))
    return {row["commitment"]: row["total"] for row in rows}


def delivered_to_date(commitments):
    """Approved delivered quantity per commitment id (commitments: ids or a queryset)."""
    return _sum_by_commitment(counted_deliveries(), commitments)


def provisional(commitments):
    """Quantity in submitted, not yet approved reports, per commitment id."""
    lines = DeliveryLine.objects.filter(report__status=ReportStatus.SUBMITTED)
    return _sum_by_commitment(lines, commitments)


def attach_progress(commitments, *, with_provisional=True):
    """Set delivered, provisional, remaining and fulfilment on each commitment (two queries).

    Observers read approved figures only: pass ``with_provisional=False`` for them.
    """
    commitments = list(commitments)
    ids = [c.pk for c in commitments]
    delivered = delivered_to_date(ids)
    pending = provisional(ids) if with_provisional else {}
    for commitment in commitments:
        commitment.delivered = delivered.get(commitment.pk, 0)
        commitment.provisional = pending.get(commitment.pk, 0)
        quantity = commitment.quantity
        commitment.remaining = None if quantity is None else max(quantity - commitment.delivered, 0)
        commitment.fulfilment = commitment.delivered / quantity if quantity else None
    return commitments


def progress(commitments):
    """Rows of (commitment, committed, delivered to date, remaining) for a report page."""
    return [
        {"commitment": c, "delivered": c.delivered, "remaining": c.remaining}
        for c in attach_progress(commitments, with_provisional=False)
    ]


APPROVED = Q(report__status=ReportStatus.APPROVED)  # usage reports
SUBMITTED = Q(report__status=ReportStatus.SUBMITTED)


@dataclass
class Row:
    """Sums of one group (a capability, a quarter or a country)."""

    key: object
    label: str = ""
    unit: str = ""
    coalition: str = ""
    coalition_slug: str = ""
    capability_code: str = ""
    period: str = ""
    needed: int = 0
    committed: int = 0
    delivered: int = 0
    provisional: int = 0
    used: int = 0
    undisclosed: int = 0

    def add(self, other):
        self.needed += other.needed
        self.committed += other.committed
        self.delivered += other.delivered
        self.provisional += other.provisional
        self.used += other.used
        self.undisclosed += other.undisclosed

    @property
    def coverage_percent(self):
        return _percent(self.committed, self.needed)

    @property
    def fulfilment_percent(self):
        return _percent(self.delivered, self.committed)


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Figures:
    capabilities: list = field(default_factory=list)
    trend: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row(key="total", label=_("All capabilities")))


def _rows(queryset, user, filters):
    """The rows a figure may be summed from: coalition totals, or the user's own rows by country."""
    if "country" in filters.values:
        return queryset.for_user(user)
    return access.coalitions_totals(queryset, user)


LINE_PATHS = {
    "coalition": "report__coalition",
    "country": "report__country",
    "category": "commitment__capability__category",
    "date": "report__period__start",
}
TOTAL_PATHS = LINE_PATHS | {"category": "capability__category"}


def _delivered_rows(scope, filters, counted):
    """Report totals of counted reports, through ``scope`` (a function of a queryset)."""
    return filters.apply(scope(ReportTotal.objects.filter(counted)), **TOTAL_PATHS)


def _provisional_rows(scope, filters):
    """Delivery lines of submitted reports, through ``scope``."""
    return filters.apply(scope(DeliveryLine.objects.filter(SUBMITTED)), **LINE_PATHS)


def _commitment_rows(scope, filters):
    """Commitments that are not cancelled, through ``scope``."""
    commitments = filters.apply(
        scope(Commitment.objects.all()), category="capability__category", date="announced_on"
    )
    return commitments.exclude(status=CommitmentStatus.CANCELLED)


def _totals_scope(user, filters):
    return lambda queryset: _rows(queryset, user, filters)


COMMITTED = {"committed": Sum("quantity"), "undisclosed": Count("id", filter=Q(quantity__isnull=True))}


def delivered_sums(user, filters):
    """Delivered per capability and period: the totals of counted reports (``ReportTotal``)."""
    totals = _delivered_rows(_totals_scope(user, filters), filters, counted_lines_q())
    return (
        totals.values("capability", period=F("report__period_id"))
        .annotate(delivered=Sum("quantity"))
        .order_by()
    )


def provisional_sums(user, filters):
    """Provisional per capability and period: the lines of submitted reports."""
    lines = _provisional_rows(_totals_scope(user, filters), filters)
    return (
        lines.values(capability=F("commitment__capability_id"), period=F("report__period_id"))
        .annotate(provisional=Sum("quantity"))
        .order_by()
    )


def commitment_sums(user, filters):
    commitments = _commitment_rows(_totals_scope(user, filters), filters)
    return commitments.values("capability", day=TruncQuarter("announced_on")).annotate(**COMMITTED).order_by()


def _need_rows(user, filters):
    needs = Need.objects.filter(coalition__in=access.coalitions_for(user))
    return filters.apply_quarters(filters.apply(needs, country=None, category="capability__category"))


def _usage_rows(user, filters):
    return filters.apply(
        access.coalitions_totals(UsageLine.objects.filter(APPROVED), user),
        coalition="report__coalition",
        country=None,
        category="capability__category",
        date="report__period__start",
    )


def need_sums(user, filters):
    needs = _need_rows(user, filters)
    return needs.values("capability", "year", "quarter").annotate(needed=Sum("quantity")).order_by()


def usage_sums(user, filters):
    lines = _usage_rows(user, filters)
    return lines.values("capability", period=F("report__period_id")).annotate(used=Sum("expended")).order_by()


def _quarter(values):
    """(year, quarter) of grouped ``values``: by the first ``day`` of a quarter, or by year and quarter."""
    if "day" in values:
        day = values.pop("day")
        return (day.year, (day.month - 1) // 3 + 1) if day else None
    year, quarter = values.pop("year"), values.pop("quarter")
    return (year, quarter) if year else None


def _add(row, values):
    """Add the sums in ``values`` (a dict of measures, None for no rows) to ``row``."""
    for name, value in values.items():
        if value:
            setattr(row, name, getattr(row, name) + value)


def cells(user, filters):
    """Sums per (capability id, (year, quarter)); commitments without a date have quarter None."""
    result = defaultdict(lambda: Row(key=None))
    quarters = {p.id: (p.start.year, (p.start.month - 1) // 3 + 1) for p in ReportingPeriod.objects.all()}
    for query in (need_sums, commitment_sums, delivered_sums, provisional_sums, usage_sums):
        for values in query(user, filters):
            capability = values.pop("capability")
            quarter = quarters[values.pop("period")] if "period" in values else _quarter(values)
            _add(result[(capability, quarter)], values)
    capabilities = _capabilities({key[0] for key in result})
    for (capability_id, quarter), row in result.items():
        capability = capabilities[capability_id]
        row.key, row.label = (capability_id, quarter), capability["name"]
        row.unit, row.coalition = capability["unit"], capability["coalition_name"]
        row.period = quarter_label(quarter)
        row.capability_code = capability["code"]
        row.coalition_slug = capability["coalition_slug"]
    return sorted(result.values(), key=lambda r: (r.coalition, r.label, r.key[1] or (0, 0)))


def _capabilities(ids):
    """Name, code, unit label and coalition name and slug of the capabilities ``ids``, by id."""
    labels = dict(Unit.choices)
    rows = Capability.objects.filter(id__in=ids).values(
        "id", "name", "code", "unit", coalition_name=F("coalition__name"), coalition_slug=F("coalition__slug")
    )
    return {row["id"]: row | {"unit": str(labels.get(row["unit"], row["unit"]))} for row in rows}


def quarter_label(quarter):
    return f"{quarter[0]}-Q{quarter[1]}" if quarter else ""


SUMS = ("needed", "committed", "delivered", "provisional", "used", "undisclosed")
AGGREGATES = {name: f"SUM(r.{name})" for name in SUMS} | {
    "undisclosed": "COUNT(*) FILTER (WHERE r.committed IS NULL)"  # commitments without a quantity
}
SUMMED = {"undisclosed": "committed"}  # the column each sum reads, where it is not its own name
KEYS = {"capability": "bigint", "period": "bigint", "day": "date", "year": "int", "quarter": "int"}
# Parts: measure rows summed by capability and time (cells) and/or by country:
# (for_cells, for_countries, capability, period, day, year, quarter, country, *SUMS). The
# time is a reporting period, the first day of a quarter, or a year and quarter. Cells are
# summed by capability and by quarter, countries by country; HAVING drops the groups of
# the other kind of row. Names are joined to the ~140 sums.
CONSOLIDATED = """
    SELECT sums.*, capability.name, capability.unit, coalition.name, country.name FROM (
        SELECT GROUPING(capability) = 0, GROUPING(year) = 0, capability, year, quarter, country, {sums}
        FROM (
            SELECT parts.*,
                COALESCE(part_year, EXTRACT(YEAR FROM COALESCE(p.start, day))::int) AS year,
                COALESCE(part_quarter, EXTRACT(QUARTER FROM COALESCE(p.start, day))::int) AS quarter
            FROM ({parts}) AS parts (
                for_cells, for_countries, capability, period, day, part_year, part_quarter, country, {names}
            )
            LEFT JOIN {periods} p ON p.id = parts.period
        ) AS cells
        GROUP BY GROUPING SETS ((for_cells, capability), (for_cells, year, quarter), (for_countries, country))
        HAVING COALESCE(for_cells, for_countries)
    ) AS sums
    LEFT JOIN {capabilities} capability ON capability.id = sums.capability
    LEFT JOIN {coalitions} coalition ON coalition.id = capability.coalition_id
    LEFT JOIN {countries} country ON country.id = sums.country
"""
TABLES = {
    "periods": ReportingPeriod,
    "capabilities": Capability,
    "coalitions": Coalition,
    "countries": Country,
}


def _part_sql(rows, *, cells, countries):
    """SQL and parameters of a part of ``CONSOLIDATED``: ``rows`` (a ``values()`` queryset of
    one measure, ungrouped) summed by capability and time, by country, or both at once."""
    sql, params = rows.order_by().query.sql_with_params()
    columns = set(rows.query.values_select) | set(rows.query.annotation_select)
    keys = [f"r.{name}" for name in KEYS if name in columns]
    sets = ([f"({', '.join(keys)})"] if cells else []) + (["(r.country)"] if countries else [])
    if cells and countries:
        flags = "GROUPING(r.country) = 1, GROUPING(r.capability) = 1"
    else:
        flags = f"{cells}, {countries}".upper()
    selected = [f"r.{name}" if cells and name in columns else f"NULL::{kind}" for name, kind in KEYS.items()]
    selected.append("r.country" if countries else "NULL::bigint")
    sums = [AGGREGATES[name] if SUMMED.get(name, name) in columns else "0" for name in SUMS]
    grouping = f"GROUP BY GROUPING SETS ({', '.join(sets)})"
    return f"SELECT {flags}, {', '.join(selected + sums)} FROM ({sql}) r {grouping}", params


def _same_rows(one, other):
    """Whether two querysets are the same query (so one scan can serve both)."""
    try:
        return one.query.sql_with_params() == other.query.sql_with_params()
    except EmptyResultSet:
        return False


def _measure_rows(scope, filters, counted):
    """Ungrouped rows of the measures with a per-country breakdown, through ``scope``."""
    country = F("report__country_id")
    return (
        _commitment_rows(scope, filters).values(
            "capability", "country", day=TruncQuarter("announced_on"), committed=F("quantity")
        ),
        _delivered_rows(scope, filters, counted).values(
            "capability", period=F("report__period_id"), country=country, delivered=F("quantity")
        ),
        _provisional_rows(scope, filters).values(
            capability=F("commitment__capability_id"),
            period=F("report__period_id"),
            country=country,
            provisional=F("quantity"),
        ),
    )


def _parts(user, filters, counted):
    """(rows, summed by cell, summed by country) of every measure.

    Cells come from the coalition-wide rows (``_rows``), countries from the rows the user
    may read (``for_user``). Where both are the same query (the ministry, a country
    filter), one scan of the rows gives both.
    """
    parts = [
        (
            _need_rows(user, filters).values("capability", "year", "quarter", needed=F("quantity")),
            True,
            False,
        ),
        (
            _usage_rows(user, filters).values(
                "capability", period=F("report__period_id"), used=F("expended")
            ),
            True,
            False,
        ),
    ]
    totals = _measure_rows(_totals_scope(user, filters), filters, counted)
    readable = _measure_rows(lambda queryset: queryset.for_user(user), filters, counted)
    for cells, countries in zip(totals, readable, strict=True):
        if _same_rows(cells, countries):
            parts.append((cells, True, True))
        else:
            parts += [(cells, True, False), (countries, False, True)]
    return parts


def consolidated_sums(user, filters):
    """Rows (by capability, by quarter, capability id, year, quarter, country id, *SUMS,
    capability name, unit, coalition name, country name): the sums per capability, per
    quarter and per country, in one query. Each measure is summed on its own; PostgreSQL
    adds them up."""
    sql_parts, params = [], []
    for rows, cells, countries in _parts(user, filters, counted_lines_q()):
        try:
            sql, part_params = _part_sql(rows, cells=cells, countries=countries)
        except EmptyResultSet:  # the user may read none of these rows
            continue
        sql_parts.append(sql)
        params.extend(part_params)
    if not sql_parts:
        return []
    sql = CONSOLIDATED.format(
        sums=", ".join(f"COALESCE(SUM({name}), 0)::bigint" for name in SUMS),
        parts=" UNION ALL ".join(sql_parts),
        names=", ".join(SUMS),
        **{name: connection.ops.quote_name(model._meta.db_table) for name, model in TABLES.items()},
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def consolidated(user, filters):
    """Per capability, per quarter and per country figures for ``user`` under ``filters``."""
    figures, units = Figures(), {value: str(label) for value, label in Unit.choices}
    for by_capability, by_quarter, capability_id, year, quarter, country_id, *rest in consolidated_sums(
        user, filters
    ):
        sums = dict(zip(SUMS, rest[: len(SUMS)], strict=True))
        name, unit, coalition, country = rest[len(SUMS) :]
        if by_capability:
            row = Row(key=capability_id, label=name, unit=units.get(unit, unit), coalition=coalition, **sums)
            figures.capabilities.append(row)
            figures.total.add(row)
        elif by_quarter:
            key = (year, quarter) if year else None
            figures.trend.append(Row(key=key, label=quarter_label(key) or "—", **sums))
        else:
            figures.countries.append(Row(key=country_id, label=country, **sums))
    figures.capabilities.sort(key=lambda r: (r.coalition, r.label, r.key))
    figures.trend.sort(key=lambda r: r.key or (0, 0))
    figures.countries.sort(key=lambda r: r.label)
    return figures


def display(figures, prefix=""):
    """Charts and tables of ``figures`` for a template; ``prefix`` keeps the chart ids unique."""
    return {
        "figures": figures,
        "capability_chart": charts.bar_chart(
            _("Figures by capability"), figures.capabilities, f"{prefix}capability-chart"
        ),
        "trend_chart": charts.bar_chart(_("Figures by quarter"), figures.trend, f"{prefix}trend-chart"),
        "capability_table": tables.capability_table(figures.capabilities, _("Per capability")),
        "trend_table": tables.trend_table(figures.trend),
        "country_table": tables.country_table(figures.countries),
    }


def coalition_figures_context(user, coalition, params):
    """Template context of ``reports/figures/coalition_figures.html`` for one coalition's page."""
    data = {key: params.get(key, "") for key in params} | {"coalition": coalition.slug}
    filters = FigureFilters(user, data)
    # with bad filters, keep the coalition and drop the rest (the form says why)
    used = filters if filters.is_valid() else FigureFilters(user, {"coalition": coalition.slug})
    visible = access.coalitions_for(user).filter(pk=coalition.pk).exists()
    figures = consolidated(user, used) if visible else Figures()
    return {"filters": filters, **display(figures, prefix="coalition-")}

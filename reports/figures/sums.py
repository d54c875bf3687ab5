"""The figures engine: the sums of every measure, in one SQL query, for pages and exports.

Each measure (``counting``) is aggregated on its own — one GROUP BY per table, never a
join of commitments with delivery lines, which would multiply commitment quantities —
and PostgreSQL adds the sums up by the groupings asked for: per capability, per quarter
and per country (the figures pages), or per capability × quarter (the summary export).
Delivered sums come from ``ReportTotal`` (one row per approved report and capability,
written by the database at approval; see ``reports.totals``), provisional sums from the
lines of submitted reports.

The quarter of a row is its reporting period's (a line), that of its date (a commitment)
or its year and quarter (a need); ``reports.periods`` writes that calendar in SQL.
"""

from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q, QuerySet, Sum

from accounts.models import User
from coalitions.models import Capability, Coalition, CommitmentTotal, Country
from coalitions.names import localized_sql
from reports import periods
from reports.filters import FigureFilters
from reports.models import DeliveryLine, ReportingPeriod

from . import counting

SUMS = (
    "needed",
    "committed",
    "planned",
    "delivered",
    "delivered_to_date",
    "provisional",
    "used",
    "undisclosed",
)
# Measures counted as at the end of a period (or range): summed over the quarters up to it
STOCKS = ("committed", "delivered_to_date", "undisclosed")
AGGREGATES = {name: f"SUM(r.{name})" for name in SUMS} | {
    "undisclosed": "COUNT(*) FILTER (WHERE r.committed IS NULL)",  # commitments without a quantity
    "delivered_to_date": "SUM(r.delivered)",
}
SUMMED = {"undisclosed": "committed", "delivered_to_date": "delivered"}  # the column a sum reads
KEYS = {"capability": "bigint", "period": "bigint", "day": "date", "year": "int", "quarter": "int"}
# The groupings a caller may ask for: the GROUPING SETS of CONSOLIDATED (cells are summed
# from the coalition-wide rows, countries from the rows the user may read). Every grouping
# holds the unit: quantities in different units are never added together.
GROUPINGS = {
    "unit": ("for_cells", "unit"),
    "capability": ("for_cells", "unit", "capability"),
    "quarter": ("for_cells", "unit", "year", "quarter"),
    "cell": ("for_cells", "unit", "capability", "year", "quarter"),
    "country": ("for_countries", "unit", "country"),
}
GROUPED = {"capability": "bigint", "year": "int", "quarter": "int", "country": "bigint"}
PAGE = ("unit", "capability", "quarter", "country")  # the figures pages
SUMMARY = ("cell",)  # the summary export
# Parts: measure rows summed by capability and time (cells) and/or by country:
# (for_cells, for_countries, capability, period, day, year, quarter, unit, country, *SUMS).
# The time is a reporting period, the first day of a quarter, or a year and quarter. Rows
# before the start of the period range (commitments and deliveries, counted as at its end)
# are placed in its first quarter and count only in the STOCKS; undated commitments too.
# Cells are summed by the groupings asked for, countries by country; HAVING drops the
# groups of the other kind of row; the STOCKS of a quarter add up the quarters before it.
# Names are joined to the ~140 sums.
CONSOLIDATED = """
    SELECT sums.*, {capability_name}, capability.code, {coalition_name}, coalition.slug, {country_name}
    FROM (
        SELECT {by_capability}, {by_quarter}, {by_country}, unit, {grouped}, {sums}
        FROM (
            SELECT parts.*, COALESCE(part_year, {year}) AS year, COALESCE(part_quarter, {quarter}) AS quarter,
                {early} AS early
            FROM ({parts}) AS parts (
                for_cells, for_countries, capability, period, day, part_year, part_quarter, unit, country,
                {names}
            )
            LEFT JOIN {periods} p ON p.id = parts.period
        ) AS cells
        GROUP BY GROUPING SETS ({groupings})
        HAVING COALESCE({kinds})
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


class Sums(NamedTuple):
    """One row of ``consolidated_sums``: a group's keys, its sums and the names of its keys."""

    by_capability: bool
    by_quarter: bool
    by_country: bool
    unit: str
    capability: int | None
    year: int | None
    quarter: int | None
    country: int | None
    needed: int
    committed: int
    planned: int
    delivered: int
    delivered_to_date: int
    provisional: int
    used: int
    undisclosed: int
    capability_name: str | None
    capability_code: str | None
    coalition: str | None
    coalition_slug: str | None
    country_name: str | None

    @property
    def sums(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in SUMS}


def _part_sql(rows: QuerySet, *, cells: bool, countries: bool) -> tuple[str, tuple]:
    """SQL and parameters of a part of ``CONSOLIDATED``: ``rows`` (a ``values()`` queryset of
    one measure, ungrouped) summed by capability and time, by country, or both at once."""
    sql, params = rows.order_by().query.sql_with_params()
    columns = set(rows.query.values_select) | set(rows.query.annotation_select)
    # countries keep the time too: rows before the range's start count in the STOCKS only
    times = [f"r.{name}" for name in KEYS if name in columns and name != "capability"]
    sets = [f"({', '.join(['r.capability', *times, 'r.unit'])})"] if cells else []
    sets += [f"({', '.join(['r.country', *times, 'r.unit'])})"] if countries else []
    if cells and countries:
        flags = "GROUPING(r.country) = 1, GROUPING(r.capability) = 1"
    else:
        flags = f"{cells}, {countries}".upper()
    selected = [
        f"r.{name}" if name in columns and (cells or name != "capability") else f"NULL::{kind}"
        for name, kind in KEYS.items()
    ]
    selected += ["r.unit", "r.country" if countries else "NULL::bigint"]
    sums = [AGGREGATES[name] if SUMMED.get(name, name) in columns else "0" for name in SUMS]
    grouping = f"GROUP BY GROUPING SETS ({', '.join(sets)})"
    return f"SELECT {flags}, {', '.join(selected + sums)} FROM ({sql}) r {grouping}", params


def _same_rows(one: QuerySet, other: QuerySet) -> bool:
    """Whether two querysets are the same query (so one scan can serve both)."""
    try:
        return one.query.sql_with_params() == other.query.sql_with_params()
    except EmptyResultSet:
        return False


def _measure_rows(scope: counting.Scoping, filters: FigureFilters, counted: Q) -> tuple[QuerySet, ...]:
    """Ungrouped rows of the measures with a per-country breakdown, through ``scope``."""
    country, unit = F("report__country_id"), F("capability__unit")
    line_unit = F("commitment__capability__unit")
    return (
        counting.commitment_rows(scope, filters).values(
            "capability",
            "country",
            day=periods.quarter_start_sql("announced_on"),
            unit=unit,
            committed=F("quantity"),
        ),
        counting.delivered_rows(scope, filters, counted).values(
            "capability", period=F("report__period_id"), country=country, unit=unit, delivered=F("quantity")
        ),
        counting.planned_rows(scope, filters, counted).values(
            "period",
            capability=F("commitment__capability_id"),
            country=country,
            unit=line_unit,
            planned=F("quantity"),
        ),
        counting.provisional_rows(scope, filters).values(
            capability=F("commitment__capability_id"),
            period=F("report__period_id"),
            country=country,
            unit=line_unit,
            provisional=F("quantity"),
        ),
    )


def _parts(
    user: User, filters: FigureFilters, counted: Q, *, countries: bool
) -> list[tuple[QuerySet, bool, bool]]:
    """(rows, summed by cell, summed by country) of every measure.

    Cells come from the coalition-wide rows (``counting.totals_scope``), countries (when
    asked for) from the rows the user may read (``for_user``). Where both are the same
    query (the ministry, a country filter), one scan of the rows gives both.
    """
    unit = F("capability__unit")
    needs = counting.need_rows(user, filters).values(
        "capability", "year", "quarter", unit=unit, needed=F("quantity")
    )
    usage = counting.usage_rows(user, filters).values(
        "capability", period=F("report__period_id"), unit=unit, used=F("expended")
    )
    parts = [(needs, True, False), (usage, True, False)]
    totals = _measure_rows(counting.totals_scope(user, filters), filters, counted)
    if not countries:
        return parts + [(cells, True, False) for cells in totals]
    readable = _measure_rows(counting.readable_scope(user), filters, counted)
    for cells, by_country in zip(totals, readable, strict=True):
        if _same_rows(cells, by_country):
            parts.append((cells, True, True))
        else:
            parts += [(cells, True, False), (by_country, False, True)]
    return parts


def _grouped_columns(groupings: tuple[str, ...]) -> dict[str, str]:
    """CONSOLIDATED's keys under ``groupings``: whether a row is summed by capability and by
    quarter, the keys (NULL where no grouping set holds one) and the kinds of rows kept."""
    used = {column for name in groupings for column in GROUPINGS[name]}
    return {
        "by_capability": "GROUPING(capability) = 0" if "capability" in used else "FALSE",
        "by_quarter": "GROUPING(year) = 0" if "year" in used else "FALSE",
        "by_country": "GROUPING(country) = 0" if "country" in used else "FALSE",
        "grouped": ", ".join(
            name if name in used else f"NULL::{kind} AS {name}" for name, kind in GROUPED.items()
        ),
        "kinds": ", ".join(kind for kind in ("for_cells", "for_countries") if kind in used),
    }


def _sum_sql(name: str, *, by_quarter: bool, grouped: set[str]) -> str:
    """The sum of one measure in a group. Rows before the range's start count in the STOCKS
    only; the STOCKS of a quarter are those up to its end (a running sum over the quarters)."""
    if name in STOCKS:
        summed = f"COALESCE(SUM({name}), 0)"
    else:
        summed = f"COALESCE(SUM({name}) FILTER (WHERE NOT early), 0)"
    if name in STOCKS and by_quarter:
        kinds = ", ".join(f"GROUPING({key})" for key in ("capability", "year", "country") if key in grouped)
        partition = f"{kinds}, for_cells, unit, capability"
        order = "year NULLS FIRST, quarter NULLS FIRST"
        running = f"SUM({summed}) OVER (PARTITION BY {partition} ORDER BY {order})"
        summed = f"CASE WHEN GROUPING(year) = 0 THEN {running} ELSE {summed} END"
    return f"{summed}::bigint"


def consolidated_sums(user: User, filters: FigureFilters, groupings: tuple[str, ...] = PAGE) -> list[Sums]:
    """The sums of every measure by each of ``groupings`` (names of ``GROUPINGS``), in one
    query. Each measure is summed on its own; PostgreSQL adds them up.

    Invalid filters give no sums at all (never the figures without filters)."""
    if not filters.is_valid():
        return []
    sql_parts, params = [], []
    parts = _parts(user, filters, counting.counted_lines_q(), countries="country" in groupings)
    for rows, cells, countries in parts:
        try:
            sql, part_params = _part_sql(rows, cells=cells, countries=countries)
        except EmptyResultSet:  # the user may read none of these rows
            continue
        sql_parts.append(sql)
        params.extend(part_params)
    if not sql_parts:
        return []
    start = filters.range_start()
    day, early = "COALESCE(p.start, day)", "FALSE"
    if start:  # a date of the calendar (not user text): written into the SQL
        since = f"DATE '{start.isoformat()}'"
        day = f"GREATEST(COALESCE(p.start, day, {since}), {since})"
        early = f"COALESCE(p.start < {since}, day < {since}, FALSE)"
    year, quarter = periods.year_quarter_sql(day)
    by_quarter = bool({"quarter", "cell"} & set(groupings))
    used = {column for name in groupings for column in GROUPINGS[name]}
    sql = CONSOLIDATED.format(
        sums=", ".join(_sum_sql(name, by_quarter=by_quarter, grouped=used) for name in SUMS),
        early=early,
        parts=" UNION ALL ".join(sql_parts),
        names=", ".join(SUMS),
        year=year,
        quarter=quarter,
        groupings=", ".join(f"({', '.join(GROUPINGS[name])})" for name in groupings),
        **_grouped_columns(groupings),
        **{f"{table}_name": localized_sql(table) for table in ("capability", "coalition", "country")},
        **{name: connection.ops.quote_name(model._meta.db_table) for name, model in TABLES.items()},
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Sums(*row) for row in cursor.fetchall()]


Commitments = Iterable[int] | QuerySet  # commitment ids, or a queryset of commitments


def _sum_by_commitment(lines: QuerySet, commitments: Commitments) -> dict[int, int]:
    rows = lines.filter(commitment__in=commitments).values("commitment").annotate(total=Sum("quantity"))
    return {row["commitment"]: row["total"] for row in rows}


def delivered_to_date(commitments: Commitments) -> dict[int, int]:
    """Approved delivered quantity per commitment id (commitments: ids or a queryset)."""
    return _sum_by_commitment(counting.counted_deliveries(), commitments)


def provisional(commitments: Commitments) -> dict[int, int]:
    """Quantity in submitted, not yet approved reports, per commitment id."""
    return _sum_by_commitment(DeliveryLine.objects.filter(counting.SUBMITTED), commitments)


def commitment_totals(ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(delivered, provisional) per commitment id, as the database keeps them (``CommitmentTotal``,
    the same counting as ``delivered_to_date`` and ``provisional``, without summing lines).
    Commitments with no counted line have no row: (0, 0)."""
    ids = list(ids)
    if not ids:
        return {}
    rows = CommitmentTotal.objects.filter(commitment_id__in=ids)
    return {
        pk: (delivered, pending)
        for pk, delivered, pending in rows.values_list("commitment_id", "delivered", "provisional")
    }

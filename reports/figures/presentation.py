"""Figures for people: rows with names and percentages, charts and tables, the coalition page.

Everything here is built from the sums of the one engine (``sums.consolidated_sums``):
the figures pages and the coalition page (per capability, per quarter, per country) and
the summary export (per capability × quarter) show the same numbers.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from coalitions.models import Coalition, Commitment, Unit
from reports import charts, periods, tables
from reports.filters import FigureFilters

from . import sums


@dataclass
class Row:
    """Sums of one group (a capability, a quarter, a capability × quarter or a country)."""

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

    def add(self, other: "Row") -> None:
        self.needed += other.needed
        self.committed += other.committed
        self.delivered += other.delivered
        self.provisional += other.provisional
        self.used += other.used
        self.undisclosed += other.undisclosed

    @property
    def coverage_percent(self) -> float | None:
        return _percent(self.committed, self.needed)

    @property
    def fulfilment_percent(self) -> float | None:
        return _percent(self.delivered, self.committed)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Figures:
    capabilities: list = field(default_factory=list)
    trend: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    total: Row = field(default_factory=lambda: Row(key="total", label=_("All capabilities")))


def _quarter(row: sums.Sums) -> tuple[int, int] | None:
    return (row.year, row.quarter) if row.year else None


def _quarter_label(quarter: tuple[int, int] | None) -> str:
    return periods.quarter_label(*quarter) if quarter else ""


def _units() -> dict[str, str]:
    return {value: str(label) for value, label in Unit.choices}


def _capability_row(row: sums.Sums, key: object, units: Mapping[str, str]) -> Row:
    return Row(
        key=key,
        label=row.capability_name,
        unit=units.get(row.unit, row.unit),
        coalition=row.coalition,
        coalition_slug=row.coalition_slug,
        capability_code=row.capability_code,
        **row.sums,
    )


def consolidated(user: User, filters: FigureFilters) -> Figures:
    """Per capability, per quarter and per country figures for ``user`` under ``filters``."""
    figures, units = Figures(), _units()
    for row in sums.consolidated_sums(user, filters, sums.PAGE):
        if row.by_capability:
            capability = _capability_row(row, row.capability, units)
            figures.capabilities.append(capability)
            figures.total.add(capability)
        elif row.by_quarter:
            quarter = _quarter(row)
            figures.trend.append(Row(key=quarter, label=_quarter_label(quarter) or "—", **row.sums))
        else:
            figures.countries.append(Row(key=row.country, label=row.country_name, **row.sums))
    figures.capabilities.sort(key=lambda r: (r.coalition, r.label, r.key))
    figures.trend.sort(key=lambda r: r.key or (0, 0))
    figures.countries.sort(key=lambda r: r.label)
    return figures


def cells(user: User, filters: FigureFilters) -> list[Row]:
    """Figures per capability × quarter (the summary export), from the same engine as the
    pages; commitments without a date are in the cell of no quarter (``period`` empty)."""
    units, rows = _units(), []
    for row in sums.consolidated_sums(user, filters, sums.SUMMARY):
        quarter = _quarter(row)
        cell = _capability_row(row, (row.capability, quarter), units)
        cell.period = _quarter_label(quarter)
        rows.append(cell)
    return sorted(rows, key=lambda r: (r.coalition, r.label, r.key[1] or (0, 0), r.key[0]))


def display(figures: Figures, prefix: str = "") -> dict:
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


def coalition_figures_context(user: User, coalition: Coalition, params: Mapping[str, str]) -> dict:
    """Template context of ``reports/figures/coalition_figures.html`` for one coalition's page."""
    data = {key: params.get(key, "") for key in params} | {"coalition": coalition.slug}
    filters = FigureFilters(user, data)
    # with bad filters, keep the coalition and drop the rest (the form says why)
    used = filters if filters.is_valid() else FigureFilters(user, {"coalition": coalition.slug})
    visible = access.coalitions_for(user).filter(pk=coalition.pk).exists()
    figures = consolidated(user, used) if visible else Figures()
    return {"filters": filters, **display(figures, prefix="coalition-")}


def attach_progress(commitments: Iterable[Commitment], *, with_provisional: bool = True) -> list[Commitment]:
    """Set delivered, provisional, remaining and fulfilment on each commitment (two queries).

    Observers read approved figures only: pass ``with_provisional=False`` for them.
    """
    commitments = list(commitments)
    ids = [c.pk for c in commitments]
    delivered = sums.delivered_to_date(ids)
    pending = sums.provisional(ids) if with_provisional else {}
    for commitment in commitments:
        commitment.delivered = delivered.get(commitment.pk, 0)
        commitment.provisional = pending.get(commitment.pk, 0)
        quantity = commitment.quantity
        commitment.remaining = None if quantity is None else max(quantity - commitment.delivered, 0)
        commitment.fulfilment = commitment.delivered / quantity if quantity else None
    return commitments


def progress(commitments: Iterable[Commitment]) -> list[dict[str, Model | int | None]]:
    """Rows of (commitment, committed, delivered to date, remaining) for a report page."""
    return [
        {"commitment": c, "delivered": c.delivered, "remaining": c.remaining}
        for c in attach_progress(commitments, with_provisional=False)
    ]

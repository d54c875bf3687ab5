"""Figures for people: rows with names and percentages, charts and tables, the coalition page.

Everything here is built from the sums of the one engine (``sums.consolidated_sums``):
the figures pages and the coalition page (per capability, per quarter, per country) and
the summary export (per capability × quarter) show the same numbers.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from accounts.models import User
from coalitions.models import Coalition, Commitment, Unit
from reports import charts, periods, tables
from reports.filters import FigureFilters

from . import sums

# What each measure counts, for a period range (a single quarter is a range of one). The
# engine (``counting``, ``sums``) implements exactly this; the pages, the export and the
# README say the same.
DEFINITIONS = {
    "needed": gettext_lazy(
        "Needed: Ukraine's needs for the quarters within the range (withdrawn needs left out)."
    ),
    "committed": gettext_lazy(
        "Committed: commitments that are not cancelled as at the end of the range — announced on "
        "or before its last day, or undated. Undisclosed quantities count as 0 and are counted apart."
    ),
    "planned": gettext_lazy(
        "Planned: quantities planned for the periods within the range in approved reports "
        "(the latest report's plan for each commitment and period)."
    ),
    "delivered": gettext_lazy(
        "Delivered: delivery lines of approved reports for the periods within the range."
    ),
    "provisional": gettext_lazy(
        "Provisional: delivery lines of submitted, not yet approved reports for the periods within the range."
    ),
    "used": gettext_lazy(
        "Used: quantities expended in approved usage reports for the periods within the range."
    ),
    "coverage": gettext_lazy("Coverage: committed ÷ needed."),
    "fulfilment": gettext_lazy(
        "Fulfilment: delivered up to the end of the range (approved, also before its start) ÷ committed."
    ),
    "units": gettext_lazy(
        "Quantities in different units are never added together: every total is per unit. "
        "Needed, planned, delivered, provisional and used add up over quarters; committed and "
        "delivered to date are levels at the end of each quarter."
    ),
}


def definitions() -> list[str]:
    """The definitions, in the active language, in the order they are shown."""
    return [str(text) for text in DEFINITIONS.values()]


@dataclass
class Row:
    """Sums of one group (a capability, a quarter, a capability × quarter, a country or a unit),
    always of one unit."""

    key: object
    label: str = ""
    unit: str = ""  # its name, in the active language
    unit_code: str = ""
    coalition: str = ""
    coalition_slug: str = ""
    capability_code: str = ""
    period: str = ""
    needed: int = 0
    committed: int = 0
    planned: int = 0
    delivered: int = 0
    delivered_to_date: int | None = None  # None: the same as delivered (no range before it)
    provisional: int = 0
    used: int = 0
    undisclosed: int = 0

    @property
    def coverage_percent(self) -> float | None:
        return _percent(self.committed, self.needed)

    def __post_init__(self):
        if self.delivered_to_date is None:
            self.delivered_to_date = self.delivered

    @property
    def fulfilment_percent(self) -> float | None:
        return _percent(self.delivered_to_date, self.committed)


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Figures:
    capabilities: list = field(default_factory=list)
    trend: list = field(default_factory=list)  # per unit × quarter
    countries: list = field(default_factory=list)  # per unit × country
    totals: list = field(default_factory=list)  # "All capabilities — <unit>", one per unit


def _quarter(row: sums.Sums) -> tuple[int, int] | None:
    return (row.year, row.quarter) if row.year else None


def _quarter_label(quarter: tuple[int, int] | None) -> str:
    return periods.quarter_label(*quarter) if quarter else ""


def _units() -> dict[str, str]:
    return {value: str(label) for value, label in Unit.choices}


def _unit_order(unit: str) -> int:
    values = list(Unit.values)
    return values.index(unit) if unit in values else len(values)


def _capability_row(row: sums.Sums, key: object, units: Mapping[str, str]) -> Row:
    return Row(
        key=key,
        label=row.capability_name,
        unit=units.get(row.unit, row.unit),
        unit_code=row.unit,
        coalition=row.coalition,
        coalition_slug=row.coalition_slug,
        capability_code=row.capability_code,
        **row.sums,
    )


def consolidated(user: User, filters: FigureFilters) -> Figures:
    """Per unit, per capability, per unit × quarter and per unit × country figures for
    ``user`` under ``filters`` (none when the filters are invalid)."""
    figures, units = Figures(), _units()
    for row in sums.consolidated_sums(user, filters, sums.PAGE):
        unit = {"unit": units.get(row.unit, row.unit), "unit_code": row.unit}
        if row.by_capability:
            figures.capabilities.append(_capability_row(row, row.capability, units))
        elif row.by_quarter:
            quarter = _quarter(row)
            label = _quarter_label(quarter) or "—"
            figures.trend.append(Row(key=quarter, label=label, **unit, **row.sums))
        elif row.by_country:
            figures.countries.append(Row(key=row.country, label=row.country_name, **unit, **row.sums))
        else:
            label = _("All capabilities — %(unit)s") % {"unit": unit["unit"]}
            figures.totals.append(Row(key=row.unit, label=label, **unit, **row.sums))
    figures.capabilities.sort(key=lambda r: (r.coalition, r.label, r.key))
    figures.trend.sort(key=lambda r: (_unit_order(r.unit_code), r.key or (0, 0)))
    figures.countries.sort(key=lambda r: (r.label, _unit_order(r.unit_code)))
    figures.totals.sort(key=lambda r: _unit_order(r.unit_code))
    return figures


def capability_rows(user: User, filters: FigureFilters) -> list[Row]:
    """Figures per capability only (one grouping of the engine: cheaper than ``consolidated``),
    for the dashboards."""
    units = _units()
    rows = sums.consolidated_sums(user, filters, ("capability",))
    return [_capability_row(row, row.capability, units) for row in rows if row.by_capability]


def cells(user: User, filters: FigureFilters) -> list[Row]:
    """Figures per capability × quarter (the summary export), from the same engine as the
    pages; with no period range, commitments without a date are in the cell of no quarter
    (``period`` empty). Committed and delivered to date are as at the end of each quarter."""
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
        "definitions": definitions(),
        "capability_chart": charts.capability_chart(
            _("Figures by capability, as a share of each capability's largest figure"),
            figures.capabilities,
            f"{prefix}capability-chart",
        ),
        "trend_chart": charts.trend_chart(
            _("Figures by quarter, one scale per unit"), figures.trend, f"{prefix}trend-chart"
        ),
        "total_table": tables.total_table(figures.totals),
        "capability_table": tables.capability_table(figures.capabilities, _("Per capability")),
        "trend_table": tables.trend_table(figures.trend),
        "country_table": tables.country_table(figures.countries),
    }


def coalition_figures_context(user: User, coalition: Coalition, params: Mapping[str, str]) -> dict:
    """Template context of ``reports/figures/coalition_figures.html`` for one coalition's page.

    Invalid filters show the form's errors and no figures (never the unfiltered ones)."""
    data = {key: params.get(key, "") for key in params} | {"coalition": coalition.slug}
    filters = FigureFilters(user, data)
    visible = access.coalitions_for(user).filter(pk=coalition.pk).exists()
    figures = consolidated(user, filters) if visible else Figures()
    return {"filters": filters, **display(figures, prefix="coalition-")}


def remaining(quantity: int | None, delivered: int) -> int | None:
    """What a commitment still has to deliver: never below 0; None when its quantity is undisclosed."""
    return None if quantity is None else max(quantity - delivered, 0)


def attach_progress(commitments: Iterable[Commitment], *, with_provisional: bool = True) -> list[Commitment]:
    """Set delivered, provisional, remaining and fulfilment on each commitment (one query, of
    the totals the database keeps per commitment: ``coalitions.totals``; none when the rows
    were read with them, ``coalitions.selectors.commitment_list_shown``).

    Observers read approved figures only: pass ``with_provisional=False`` for them.
    """
    commitments = list(commitments)
    if all(hasattr(c, "kept_delivered") for c in commitments):  # read with the rows (no totals row: 0)
        kept = {c.pk: (c.kept_delivered or 0, c.kept_provisional or 0) for c in commitments}
    else:
        kept = sums.commitment_totals([c.pk for c in commitments])
    for commitment in commitments:
        commitment.delivered, provisional = kept.get(commitment.pk, (0, 0))
        commitment.provisional = provisional if with_provisional else 0
        quantity = commitment.quantity
        commitment.remaining = remaining(quantity, commitment.delivered)
        commitment.fulfilment = commitment.delivered / quantity if quantity else None
    return commitments


class Progress(NamedTuple):
    """One commitment of a report page's progress table."""

    pk: int
    capability: str  # the capability's name
    reference: str  # the partner's reference
    committed: int | None  # None when undisclosed
    delivered: int  # delivered to date (approved)
    remaining: int | None  # None when undisclosed


def progress(commitments: Iterable[tuple]) -> list[Progress]:
    """Rows of (commitment, committed, delivered to date, remaining) for a report page, from
    ``reports.selectors.report_commitment_rows`` (the totals kept per commitment, as
    ``attach_progress`` reads them)."""
    rows = []
    for pk, _capability, name, quantity, reference, delivered in commitments:
        rows.append(Progress(pk, name, reference, quantity, delivered, remaining(quantity, delivered)))
    return rows

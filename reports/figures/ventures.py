"""Figures of joint ventures and training, by the counting rules of the other figures.

- Output: venture output lines of counted reports (``counting.counted_reports``: the
  approved revision, or the superseded one while its successor is not approved), by the
  quarter of their report's period (a monthly report's line counts in its quarter).
- Capacity: each venture's monthly capacity of a capability, for each month of the
  quarter it was operating on the month's first day (its stage history).
- Planned trainees: a programme's planned trainees per period, for each of its country's
  reporting periods from the one its first course starts in up to the current one.
- Started and completed trainees: training lines of counted reports, by report period.

Quantities are never added across units: capacity and output are per venture kind and
capability (one unit each), trainees are persons. Rows come through ``accounts.access``:
coalition-wide totals by ``coalitions_totals`` (observers: approved only); per-programme rows
by ``for_user`` (own, lead, approved of others), and observers get per-period totals only.
"""

import datetime
from collections import defaultdict

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import access
from accounts.models import User
from coalitions.models import Unit
from coalitions.names import localized_f
from coalitions.ventures.models import (
    JointVenture,
    StageChange,
    TrainingProgramme,
    TrainingThroughput,
    VentureKind,
    VentureOutput,
)
from reports import periods
from reports.models import PartnerReport

from .counting import counted_reports

OPERATING = "operating"
DEFINITIONS = [
    (
        _("Capacity"),
        _(
            "Monthly capacity of each venture operating on the first day of a month, summed over the "
            "months of the quarter."
        ),
    ),
    (_("Output"), _("Quantities produced, maintained or repaired in approved reports for the quarter.")),
    (
        _("Planned trainees"),
        _("A programme's planned trainees for each reporting period from its first course on."),
    ),
    (_("Started, completed"), _("Trainees who started and completed, in approved reports for the period.")),
]


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return (day.year, periods.quarter_of(day))


def quarter_label(key: tuple[int, int]) -> str:
    return periods.quarter_label(*key)


def stage_on(changes: list, day: datetime.date) -> str | None:
    """The stage a venture was in on ``day`` (``changes``: its (on, stage) sorted), or None before any."""
    stage = None
    for on, changed_to in changes:
        if on > day:
            break
        stage = changed_to
    return stage


def operating_months(changes: list, key: tuple[int, int]) -> int:
    """Months of the quarter ``key`` on whose first day the venture was operating."""
    year, quarter = key
    firsts = [datetime.date(year, 3 * (quarter - 1) + m, 1) for m in (1, 2, 3)]
    return sum(1 for day in firsts if stage_on(changes, day) == OPERATING)


def _in_range(filters, key) -> bool:
    if filters is None:
        return True
    start = datetime.date(key[0], 3 * (key[1] - 1) + 1, 1)
    values = filters.values
    if "period_from" in values and start < periods.quarter_start(
        periods.quarter_index(values["period_from"])
    ):
        return False
    return not (
        "period_to" in values
        and start >= periods.quarter_start(periods.quarter_index(values["period_to"]) + 1)
    )


def _scoped(queryset, user, filters, *, country: str, coalition: str):
    """Coalition-wide totals (``access.coalitions_totals``); with a country filter the user's
    readable rows of that country (``for_user``), like the other figures."""
    values = filters.values if filters is not None else {}
    if "country" in values:
        rows = queryset.for_user(user).filter(**{country: values["country"]})
    else:
        rows = access.coalitions_totals(queryset, user)
    if "coalition" in values:
        rows = rows.filter(**{coalition: values["coalition"]})
    return rows


def capacity_vs_output(user: User, *, coalition=None, filters=None) -> list[dict]:
    """Rows per quarter × venture kind × capability: capacity, output and unit, in quarter order.

    Coalition-wide totals of the coalitions ``user`` may see (observers: approved only)."""
    if filters is not None and not filters.is_valid():
        return []
    ventures = _scoped(JointVenture.objects.all(), user, filters, country="country", coalition="coalition")
    lines = _scoped(
        VentureOutput.objects.filter(report__in=counted_reports()),
        user,
        filters,
        country="report__country",
        coalition="report__coalition",
    )
    if coalition is not None:
        ventures, lines = ventures.filter(coalition=coalition), lines.filter(report__coalition=coalition)
    if filters is not None and filters.values.get("category"):
        lines = lines.filter(capability__category=filters.values["category"])
    output = defaultdict(int)
    names = {}
    for start, kind, cap_id, cap_name, unit, quantity in lines.values_list(
        "report__period__start",
        "venture__kind",
        "capability_id",
        localized_f("capability__name"),
        "capability__unit",
        "quantity",
    ):
        output[(quarter_of(start), kind, cap_id)] += quantity
        names[cap_id] = (cap_name, unit)
    changes = defaultdict(list)
    for venture_id, on, stage in StageChange.objects.filter(venture__in=ventures).values_list(
        "venture", "on", "stage"
    ):
        changes[venture_id].append((on, stage))
    for history in changes.values():
        history.sort()
    today = timezone.localdate()
    capacity = defaultdict(int)
    capacities = ventures.values_list(
        "pk",
        "kind",
        "capacities__capability",
        localized_f("capacities__capability__name"),
        "capacities__capability__unit",
        "capacities__capability__category",
        "capacities__monthly_capacity",
    )
    category = filters.values.get("category") if filters is not None else None
    for pk, kind, cap_id, cap_name, unit, cap_category, monthly in capacities:
        if cap_id is None or not changes[pk] or (category and cap_category != category):
            continue
        names[cap_id] = (cap_name, unit)
        key = quarter_of(changes[pk][0][0])
        while key <= quarter_of(today):
            months = operating_months(changes[pk], key)
            if months:
                capacity[(key, kind, cap_id)] += monthly * months
            key = (key[0] + 1, 1) if key[1] == 4 else (key[0], key[1] + 1)
    rows = []
    for key in sorted(set(output) | set(capacity), key=lambda k: (k[0], k[1], names[k[2]][0])):
        if not _in_range(filters, key[0]):
            continue
        (quarter, kind, cap_id), (cap_name, unit) = key, names[key[2]]
        rows.append(
            {
                "period": quarter_label(quarter),
                "kind": kind,
                "kind_label": VentureKind(kind).label,
                "capability": cap_name,
                "unit": unit,
                "unit_label": Unit(unit).label,
                "capacity": capacity.get(key, 0),
                "output": output.get(key, 0),
            }
        )
    return rows


def training_figures(user: User, *, coalition=None, filters=None) -> list[dict]:
    """Rows per period × programme: planned, started, completed (observers: per period, all
    programmes together, approved only)."""
    if filters is not None and not filters.is_valid():
        return []
    observer = access.is_observer(user)
    programmes = (
        _scoped(TrainingProgramme.objects.all(), user, filters, country="country", coalition="coalition")
        if observer
        else TrainingProgramme.objects.for_user(user)
    )
    values = filters.values if filters is not None else {}
    if not observer and "coalition" in values:
        programmes = programmes.filter(coalition=values["coalition"])
    if not observer and "country" in values:
        programmes = programmes.filter(country=values["country"])
    if coalition is not None:
        programmes = programmes.filter(coalition=coalition)
    programmes = list(programmes.select_related("country", "coalition"))
    ids = [p.pk for p in programmes]
    done = {
        (row["programme"], row["report__period"]): row
        for row in TrainingThroughput.objects.filter(report__in=counted_reports(), programme__in=ids)
        .order_by()
        .values("programme", "report__period")
        .annotate(started=Sum("started"), completed=Sum("completed"))
    }
    today = timezone.localdate()
    report_periods = defaultdict(list)
    for country, coalition_id, period_id, start, end, kind in (
        PartnerReport.objects.filter(country__in={p.country_id for p in programmes}, period__start__lte=today)
        .order_by()
        .values_list("country", "coalition", "period", "period__start", "period__end", "period__kind")
        .distinct()
    ):
        report_periods[(country, coalition_id)].append((start, period_id, end, kind))
    rows = []
    for programme in programmes:
        for start, period_id, end, kind in sorted(
            report_periods[(programme.country_id, programme.coalition_id)]
        ):
            line = done.get((programme.pk, period_id), {})
            if end < programme.starts_on and not line:
                continue
            if not _in_range(filters, quarter_of(start)):
                continue
            rows.append(
                {
                    "period": periods.label(kind, start),
                    "start": start,
                    "programme": programme.course,
                    "country": programme.country.name,
                    "planned": programme.planned_per_period if end >= programme.starts_on else 0,
                    "started": line.get("started", 0),
                    "completed": line.get("completed", 0),
                }
            )
    rows.sort(key=lambda r: (r["start"], r["programme"]))
    if observer:
        return _per_period(rows)
    return rows


def _per_period(rows: list[dict]) -> list[dict]:
    totals = {}
    for row in rows:
        total = totals.setdefault(
            row["period"],
            {
                "period": row["period"],
                "start": row["start"],
                "programme": _("All programmes"),
                "country": "",
                "planned": 0,
                "started": 0,
                "completed": 0,
            },
        )
        for name in ("planned", "started", "completed"):
            total[name] += row[name]
    return list(totals.values())


def context(user: User, *, coalition=None, filters=None) -> dict:
    """Template context of ``ventures/includes/figures.html``."""
    return {
        "capacity_rows": capacity_vs_output(user, coalition=coalition, filters=filters),
        "training_rows": training_figures(user, coalition=coalition, filters=filters),
        "venture_definitions": DEFINITIONS,
    }

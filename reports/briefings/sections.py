"""The data of each section of a briefing, built only from the portal's engines.

- figures (sections 1–3): ``reports.figures`` under the same ``FigureFilters`` as the figures
  page (``figure_filters``), so a briefing shows exactly the figures page's numbers;
- reporting (6): ``reports.selectors.compliance_rows`` and ``reports.compliance``;
- changes (7): the commitments' pghistory events and the reports' decisions;
- data checks (8): ``reports.checks.open_flags``;
- needs (2) and roadmap (4): ``coalitions.planning.selectors`` (the needs board, the calls,
  the current approved roadmap version and its milestones with planning's overdue rule);
- ventures and training (5): ``coalitions.ventures.selectors`` (regions masked there).

Every row comes through ``accounts.access``: a partner's briefing holds what the partner may
read (their country; a coalition their country leads), the ministry's everything.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import F, Min, Q, QuerySet
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import access
from accounts.models import User
from coalitions.models import (
    Coalition,
    Commitment,
    CommitmentStatus,
    Country,
    quantity_with_unit,
)
from coalitions.planning import selectors as planning
from coalitions.planning.models import MilestoneStatus
from coalitions.ventures import selectors as venture_selectors
from reports import charts, checks, compliance, figures, periods, selectors, tables
from reports.filters import FigureFilters
from reports.models import PartnerReport, ReportingPeriod, ReportStatus

ROWS_MAX = 200  # rows of one list in a briefing; the rest is counted ("and N more")
CHART_ROWS = 12  # capabilities per chart: an SVG never breaks across pages, so charts are cut
SHOWN_REPORTS = (ReportStatus.APPROVED, ReportStatus.SUBMITTED)  # ventures' and training lines
REPORTED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.SUPERSEDED)
PLAN_SERIES = (
    ("planned", gettext_lazy("Planned"), "#6b7280"),
    ("delivered", gettext_lazy("Delivered (approved)"), "#15803d"),
    ("provisional", gettext_lazy("Provisional (submitted)"), "#a3e635"),
)


@dataclass
class BriefingScope:
    """What a briefing covers and for whom: the user's rights decide every row."""

    user: User
    coalition: Coalition | None
    country: Country | None
    period_from: str
    period_to: str
    as_of: datetime.datetime
    since: datetime.datetime | None = None

    @cached_property
    def filters(self) -> FigureFilters:
        """The figures page's filters for this scope (its URL: ``query_string``)."""
        data = {"period_from": self.period_from, "period_to": self.period_to}
        if self.coalition:
            data["coalition"] = self.coalition.slug
        if self.country:
            data["country"] = str(self.country.code)
        return FigureFilters(self.user, data)

    @cached_property
    def coalitions(self) -> QuerySet[Coalition]:
        coalitions = access.coalitions_for(self.user)
        return coalitions.filter(pk=self.coalition.pk) if self.coalition else coalitions

    @cached_property
    def periods(self) -> list[ReportingPeriod]:
        """The reporting periods (quarters and months) within the range, not history only."""
        rows = ReportingPeriod.objects.filter(self.filters.date_range("start"), legacy=False)
        return list(rows.order_by("start", "kind"))

    def scoped(self, queryset: QuerySet, *, coalition: str = "coalition", country: str | None = "country"):
        """``queryset`` narrowed to the briefing's coalition and country (rows already scoped)."""
        if self.coalition:
            queryset = queryset.filter(**{coalition: self.coalition})
        if self.country and country:
            queryset = queryset.filter(**{country: self.country})
        return queryset


@dataclass
class Listed:
    """At most ``ROWS_MAX`` rows of a list, and how many there are."""

    rows: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def listed(queryset) -> Listed:
    rows = list(queryset[: ROWS_MAX + 1])
    if len(rows) <= ROWS_MAX:
        return Listed(rows, len(rows))
    return Listed(rows[:ROWS_MAX], queryset.count())


# --- 1 and 3: figures -----------------------------------------------------------------------------


def consolidated(scope: BriefingScope) -> figures.Figures:
    """The figures page's figures for the scope (one query)."""
    return figures.consolidated(scope.user, scope.filters)


def headline(result: figures.Figures) -> dict:
    """1. Per unit: needed, committed, planned, delivered, provisional, used, coverage, fulfilment."""
    return {"totals": result.totals, "total_table": tables.total_table(result.totals)}


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _of_plan(row, texts) -> str:
    return "—" if row.of_plan_percent is None else f"{number_format(row.of_plan_percent)} %"


def deliveries(result: figures.Figures) -> dict:
    """3. Deliveries in the range against plan, per capability: charts (cut so each fits a
    page) and a table; the trend by quarter."""
    rows = [r for r in result.capabilities if r.planned or r.delivered or r.provisional]
    for row in rows:
        row.of_plan_percent = _percent(row.delivered, row.planned)
    chart_list = [
        charts.bar_chart(
            _("Delivered against planned, per capability"),
            rows[start : start + CHART_ROWS],
            f"plan-chart-{start // CHART_ROWS}",
            section=lambda row: row.coalition,
            scale="row",
            label=lambda row: f"{row.label} ({row.unit})" if row.unit else row.label,
            series=PLAN_SERIES,
        )
        for start in range(0, len(rows), CHART_ROWS)
    ]
    columns = (
        tables.Column(_("Coalition"), lambda row, texts: escape(row.coalition)),
        tables.Column(_("Capability"), lambda row, texts: escape(row.label), row_header=True),
        tables.UNIT,
        tables.PLANNED,
        tables.DELIVERED,
        tables.PROVISIONAL,
        tables.Column(_("Delivered ÷ planned"), _of_plan, numeric=True),
    )
    caption = _("Delivered and provisional against planned, per capability")
    return {
        "charts": chart_list,
        "plan_table": tables.table(caption, columns, rows, _("No deliveries or plans in this range.")),
        "trend_table": tables.trend_table(result.trend),
    }


# --- 2: needs ---------------------------------------------------------------------------------------


def needs(scope: BriefingScope) -> dict:
    """2. The uncovered needs of the range, highest priority first, with the gap: the planning
    app's needs board (``needs_board``, the board's numbers: needed − the larger of planned and
    delivered), and the calls for contributions on needs of the range (or still open) with the
    responses the user may read."""
    board_filters = {"first": scope.period_from, "last": scope.period_to, "gaps_only": True}
    uncovered, calls = [], []
    first = periods.quarter_index(scope.period_from)
    last = periods.quarter_index(scope.period_to)
    for coalition in scope.coalitions.order_by("name"):
        uncovered += planning.needs_board(scope.user, coalition, board_filters)
        for call in planning.calls(scope.user, coalition).order_by("-sent_at"):
            quarter = periods.quarter_index(periods.quarter_label(call.need.year, call.need.quarter))
            if call.closed_at is not None and not first <= quarter <= last:
                continue
            call.responses_shown = [
                response
                for response in call.visible_responses
                if not scope.country or response.country_id == scope.country.pk
            ]
            calls.append(call)
    uncovered.sort(key=planning.SORTS["gaps"])
    return {
        "uncovered": Listed(uncovered[:ROWS_MAX], len(uncovered)),
        "calls": Listed(calls[:ROWS_MAX], len(calls)),
    }


# --- 4: roadmap -------------------------------------------------------------------------------------


def roadmap(scope: BriefingScope) -> dict:
    """4. The milestones of each coalition's current approved roadmap version that the user may
    read (``planning.current_version`` and ``planning.milestones``, whose overdue and at-risk
    marks are the roadmap page's): done, overdue, at risk and the others, each with its latest
    update. A briefing narrowed to a country lists the milestones that country owns."""
    today = scope.as_of.date()
    groups = {"done": [], "overdue": [], "at_risk": [], "open": []}
    without = []  # coalitions with no approved roadmap version (said so, not left blank)
    for coalition in scope.coalitions.order_by("name"):
        version = planning.current_version(scope.user, coalition)
        if version is None:
            without.append(coalition)
            continue
        for milestone in planning.milestones(version, today):
            if scope.country and milestone.owner_id != scope.country.pk:
                continue
            milestone.coalition = coalition
            milestone.version_number = version.number
            if milestone.current_status == MilestoneStatus.DONE:
                groups["done"].append(milestone)
            elif milestone.is_overdue:
                groups["overdue"].append(milestone)
            elif milestone.is_at_risk:
                groups["at_risk"].append(milestone)
            else:
                groups["open"].append(milestone)
    labels = {
        "done": _("Done"),
        "overdue": _("Overdue"),
        "at_risk": _("At risk"),
        "open": _("Planned, in progress or dropped"),
    }
    return {
        "milestone_groups": [(labels[key], key, rows) for key, rows in groups.items()],
        "without_roadmap": without,
    }


# --- 5: ventures and training -----------------------------------------------------------------------


def _range_dates(scope: BriefingScope) -> tuple[datetime.date, datetime.date]:
    """The first and the last day of the briefing's quarters."""
    first = periods.quarter_start(periods.quarter_index(scope.period_from))
    after = periods.quarter_start(periods.quarter_index(scope.period_to) + 1)
    return first, after - datetime.timedelta(days=1)


def _current(row: dict, first: datetime.date, last: datetime.date) -> bool:
    """A per-period row of the range from an approved or a submitted (provisional) report, as in
    the headline figures: not drafts or returned reports, nor superseded revisions (a later
    revision restates their lines)."""
    return row["report__status"] in SHOWN_REPORTS and first <= row["report__period__start"] <= last


def ventures(scope: BriefingScope) -> dict:
    """5. From the ventures app's selectors (``ventures_for``, ``stage_history``,
    ``venture_output_per_period``, ``programmes_for``, ``training_per_period``): the ventures of
    the scope, their stage changes in the range, their output and the training throughput per
    period of the range. A venture's region comes only where ``access.may_see_region`` allows
    (the selectors blank it otherwise); the region column is left out entirely when the user may
    see no region of the section."""
    first, last = _range_dates(scope)
    coalition_ids = set(scope.coalitions.values_list("pk", flat=True))
    joint = [
        venture
        for venture in venture_selectors.ventures_for(scope.user, coalition=scope.coalition)
        if venture.coalition_id in coalition_ids
        and (not scope.country or venture.country_id == scope.country.pk)
    ]
    joint.sort(key=lambda venture: (venture.coalition.name, venture.name))
    names = {venture.pk: venture for venture in joint}
    stage_changes = []
    for venture in joint:
        for span in venture_selectors.stage_history(venture, last):
            if first <= span["start"] <= last:
                stage_changes.append(span | {"venture": venture})
    stage_changes.sort(key=lambda row: (row["start"], row["venture"].name))
    output = []
    for row in venture_selectors.venture_output_per_period(scope.user):
        if row["venture"] in names and _current(row, first, last):
            output.append(row | {"venture": names[row["venture"]]})
    output.sort(key=lambda row: (row["report__period__start"], row["venture"].name, row["capability_name"]))
    programmes = venture_selectors.programmes_for(scope.user, coalition=scope.coalition).filter(
        coalition__in=scope.coalitions
    )
    if scope.country:
        programmes = programmes.filter(country=scope.country)
    courses = {programme.pk: programme for programme in programmes.order_by("coalition__name", "course")}
    training = []
    for row in venture_selectors.training_per_period(scope.user):
        if row["programme"] in courses and _current(row, first, last):
            training.append(row | {"programme": courses[row["programme"]]})
    return {
        "show_region": any(venture.region_shown for venture in joint),
        "joint_ventures": Listed(joint[:ROWS_MAX], len(joint)),
        "stage_changes": Listed(stage_changes[:ROWS_MAX], len(stage_changes)),
        "output": Listed(output[:ROWS_MAX], len(output)),
        "programmes": Listed(list(courses.values())[:ROWS_MAX], len(courses)),
        "training": Listed(training[:ROWS_MAX], len(training)),
    }


# --- 6: reporting ---------------------------------------------------------------------------------


def reporting(scope: BriefingScope) -> dict:
    """6. Per period of the range: who has reported, who is overdue, returned reports
    (``compliance`` states of the memberships the user follows, in the scope)."""
    today = scope.as_of.date()
    summary, overdue, returned = [], [], []
    for period in scope.periods:
        rows = [
            row
            for row in selectors.compliance_rows(scope.user, period, today)
            if (not scope.coalition or row["membership"].coalition_id == scope.coalition.pk)
            and (not scope.country or row["membership"].country_id == scope.country.pk)
        ]
        if not rows:
            continue
        states = [row["state"] for row in rows]
        summary.append(
            {
                "period": period,
                "owed": len(rows),
                "reported": sum(state in REPORTED for state in states),
                "approved": states.count(ReportStatus.APPROVED),
                "overdue": states.count(compliance.OVERDUE),
                "returned": states.count(ReportStatus.RETURNED),
                "missing": states.count(compliance.MISSING) + states.count(ReportStatus.DRAFT),
            }
        )
        for row in rows:
            row["period"], row["label"] = period, compliance.label(row["state"])
        overdue += [row for row in rows if row["state"] == compliance.OVERDUE]
        returned += [row for row in rows if row["report"] and row["report"].status == ReportStatus.RETURNED]
    return {
        "reporting": summary,
        "overdue": Listed(overdue[:ROWS_MAX], len(overdue)),
        "returned": Listed(returned[:ROWS_MAX], len(returned)),
    }


# --- 7: changes since the previous briefing ---------------------------------------------------------


def _commitment_label(event) -> str:
    """ "155 mm shell: 1,200 rounds" (grouped, with its unit, as everywhere in the portal)."""
    if event.quantity is None:
        return f"{event.capability.name}: {_('undisclosed')}"
    return f"{event.capability.name}: {quantity_with_unit(event.quantity, event.capability.unit)}"


def changes(scope: BriefingScope) -> dict:
    """7. Since ``scope.since``: new, changed and cancelled commitments (their pghistory
    events, one row per commitment: its latest state) and newly approved reports."""
    if scope.since is None:
        return {"since": None}
    visible = scope.scoped(Commitment.objects.for_user(scope.user))
    Event = Commitment.events.field.model
    events = (
        Event.objects.filter(
            pgh_obj__in=visible, pgh_created_at__gt=scope.since, pgh_created_at__lte=scope.as_of
        )
        .select_related("country", "coalition", "capability")
        .order_by("pgh_obj_id", "pgh_id")
    )
    latest: dict[int, object] = {}
    inserted: set[int] = set()
    for event in events.iterator(chunk_size=2000):
        latest[event.pgh_obj_id] = event
        if event.pgh_label == "insert":
            inserted.add(event.pgh_obj_id)
    new, changed, cancelled = [], [], []
    for pk, event in sorted(latest.items(), key=lambda item: (item[1].coalition.name, item[1].country.name)):
        event.label = _commitment_label(event)
        if event.status == CommitmentStatus.CANCELLED:
            cancelled.append(event)
        elif pk in inserted:
            new.append(event)
        else:
            changed.append(event)
    reports = scope.scoped(PartnerReport.objects.for_user(scope.user)).filter(
        Q(status=ReportStatus.APPROVED) | Q(status=ReportStatus.SUPERSEDED),
        decided_at__gt=scope.since,
        decided_at__lte=scope.as_of,
    )
    reports = reports.select_related("country", "coalition", "period").order_by("-decided_at")
    return {
        "since": scope.since,
        "new": Listed(new[:ROWS_MAX], len(new)),
        "changed": Listed(changed[:ROWS_MAX], len(changed)),
        "cancelled": Listed(cancelled[:ROWS_MAX], len(cancelled)),
        "approved": listed(reports),
    }


# --- 8: data checks -------------------------------------------------------------------------------


def data_checks(scope: BriefingScope) -> dict:
    """8. Data check flags of the range's current reports, unexplained first."""
    flags = checks.open_flags(scope.user, scope.filters).order_by(
        F("explained_at").asc(nulls_first=True),
        "period__start",
        "coalition__name",
        "country__name",
        "code",
        "id",
    )
    flags = listed(
        flags.select_related("capability", "commitment__capability", "delivery_line__commitment__capability")
    )
    for flag in flags.rows:  # names in the briefing's language, not the one the flag was raised in
        flag.shown_message = checks.current_message(flag)
    return {"flags": flags}


# --- all of it ------------------------------------------------------------------------------------


def first_period_label(user: User) -> str:
    """The first quarter with figures the user may see (the default start of a range)."""
    first = ReportingPeriod.objects.filter(legacy=False).aggregate(first=Min("start"))["first"]
    return periods.label("quarter", first) if first else ""


def build(scope: BriefingScope) -> dict:
    """Every section's data: the template context of a briefing."""
    result = consolidated(scope)
    return {
        "scope": scope,
        "figures_query": scope.filters.query_string(),
        "definitions": figures.definitions(),
        "headline": headline(result),
        "needs": needs(scope),
        "deliveries": deliveries(result),
        "roadmap": roadmap(scope),
        "ventures": ventures(scope),
        "reporting": reporting(scope),
        "changes": changes(scope),
        "data_checks": data_checks(scope),
    }

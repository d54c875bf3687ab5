"""Read queries of planning: the needs board, roadmaps with their progress, calls.

Every row comes through ``accounts.access``. These are the functions other parts of the
portal (dashboards, the API, briefings) call:

- ``needs_board(user, coalition, filters)`` — one ``Cell`` per need: needed, planned by
  members, delivered, gap, and the per-country breakdown the user may see;
- ``roadmap_milestones(user, coalition)`` — the current approved version's milestones
  with their latest update, current status, overdue and at-risk marks;
- ``calls(user, coalition=None)`` / ``open_calls(user)`` — calls for contributions.
"""

import dataclasses
import datetime
from bisect import bisect_left, bisect_right
from collections import defaultdict

from django.db.models import F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts import access
from accounts.models import User
from coalitions.models import Coalition, CommitmentStatus, Need, NeedStatus, Priority
from reports import figures, periods
from reports.models import DeliveryLine, PlanLine, ReportStatus, ReportTotal

from .models import (
    CLOSED,
    CallForContributions,
    CallResponse,
    Milestone,
    MilestoneStatus,
    MilestoneUpdate,
    RoadmapVersion,
    VersionStatus,
)

PRIORITY_RANK = {value: rank for rank, value in enumerate(Priority.values)}
HIGH_PRIORITIES = (Priority.CRITICAL, Priority.HIGH)


# Needs --------------------------------------------------------------------------------


def needs(user: User) -> QuerySet[Need]:
    """The needs ``user`` may read (of the coalitions they see), with what a list shows."""
    return Need.objects.for_user(user).select_related("coalition", "capability")


@dataclasses.dataclass
class Share:
    """One country's part of a cell."""

    country: str
    planned: int = 0
    delivered: int = 0


@dataclasses.dataclass
class Cell:
    """One need on the board: capability × period."""

    need: Need
    needed: int
    planned: int = 0
    delivered: int = 0
    shares: list[Share] = dataclasses.field(default_factory=list)
    hidden_shares: int = 0  # countries that plan or deliver whose breakdown the viewer may not see
    open_call: CallForContributions | None = None

    @property
    def gap(self) -> int:
        """What is neither planned nor delivered: needed − the larger of the two, never below 0."""
        return max(0, self.needed - max(self.planned, self.delivered))

    @property
    def unit(self):
        return self.need.capability.get_unit_display()

    @property
    def is_uncovered(self) -> bool:
        return self.gap > 0 and self.need.status == NeedStatus.OPEN

    @property
    def is_urgent(self) -> bool:
        return self.is_uncovered and self.need.priority in HIGH_PRIORITIES


def _latest_plans(coalition_ids, country_id=None) -> list[dict]:
    """Plan lines of the coalitions as the members last stated them: for each commitment and
    planned period, the line of the latest report (period, then revision) that plans it, drafts
    included (an obligation counts once offered); superseded revisions and cancelled
    commitments left out. Only the reports of ``country_id`` when given."""
    rows = PlanLine.objects.filter(report__coalition_id__in=coalition_ids)
    if country_id is not None:
        rows = rows.filter(report__country_id=country_id)
    rows = (
        rows.exclude(report__status=ReportStatus.SUPERSEDED)
        .exclude(commitment__status=CommitmentStatus.CANCELLED)
        .order_by("report__period__start", "report__revision", "id")
        .values(
            "commitment_id",
            "period__kind",
            "period__start",
            "quantity",
            "report__country_id",
            "report__country__name",
            "commitment__capability_id",
        )
    )
    latest = {}
    for row in rows:
        latest[(row["commitment_id"], row["period__kind"], row["period__start"])] = row
    return list(latest.values())


def _deliveries(
    coalition_ids, capability_ids, since: datetime.date, until: datetime.date, months, by_country=True
) -> list[dict]:
    """Approved deliveries of the coalitions for the capabilities from ``since`` to ``until``
    (the figures engine's counting), summed per capability, country and span of time (not per
    country with ``by_country`` False: the rows then have no country).

    A delivery date lies inside its report's period (``rules``), so a report period's sum
    is its report totals (``ReportTotal``: one row per counted report and capability) with
    ``start``/``end`` the report's period. Only a monthly need (``months``: the first days of
    the monthly needs' months) needs a quarterly report's lines by month: those rows come
    from the lines, with ``monthly_only`` set, so that a quarterly need does not count them
    twice.
    """
    counted = figures.counted_lines_q()
    country = ("report__country_id", "report__country__name") if by_country else ()
    totals = (
        ReportTotal.objects.filter(counted)
        .filter(
            report__coalition_id__in=coalition_ids,
            capability_id__in=capability_ids,
            report__period__start__gte=since,
            report__period__end__lte=until,
        )
        .values(
            "capability_id",
            *country,
            start=F("report__period__start"),
            end=F("report__period__end"),
        )
        .annotate(quantity=Sum("quantity"))
        .order_by()
    )
    rows = [{**row, "monthly_only": False} for row in totals]
    if months:
        lines = (
            DeliveryLine.objects.filter(counted)
            .filter(
                report__coalition_id__in=coalition_ids,
                report__period__kind=periods.QUARTERLY,
                commitment__capability_id__in=capability_ids,
                delivered_on__range=(min(months), periods.end_of(periods.MONTHLY, max(months))),
            )
            .annotate(start=TruncMonth("delivered_on"))
            .values(
                "start",
                *country,
                capability_id=F("commitment__capability_id"),
            )
            .annotate(quantity=Sum("quantity"))
            .order_by()
        )
        for row in lines:
            row["end"] = periods.end_of(periods.MONTHLY, row["start"])
            rows.append({**row, "monthly_only": True})
    return rows


def _plan_counts(need_start, need_end, monthly: bool, kind: str, plan_start) -> bool:
    """A latest plan (for the period ``kind`` from ``plan_start``) counts towards a need (from
    ``need_start`` to ``need_end``; ``monthly``: a need of one month) when it plans a period
    starting inside the need's; a monthly need counts monthly plans only."""
    return need_start <= plan_start <= need_end and (not monthly or kind == periods.MONTHLY)


def _delivery_counts(need_start, need_end, monthly: bool, row_start, row_end, monthly_only: bool) -> bool:
    """A row of ``_deliveries`` counts towards a need when its span lies inside the need's; a
    quarterly report's month (``monthly_only``) counts for monthly needs only (a quarterly need
    counts that report's total)."""
    return need_start <= row_start and row_end <= need_end and (monthly or not monthly_only)


def needs_board(user: User, coalition: Coalition, filters: dict | None = None) -> list[Cell]:
    """The needs board of ``coalition`` for ``user``: one cell per need, uncovered
    high-priority needs first (or as ``filters["sort"]`` says).

    Totals are coalition-wide (every member sees them); the per-country breakdown holds only
    the countries ``access.breakdown_country_ids`` allows (the ministry and lead countries
    all, other partners their own). ``filters``: ``priority``, ``status``, ``category``,
    ``first``/``last`` (quarter labels), ``gaps_only``, ``sort`` (``gaps``, ``period``,
    ``capability``).
    """
    filters = filters or {}
    rows = needs(user).filter(coalition=coalition)
    for field in ("priority", "status"):
        if filters.get(field):
            rows = rows.filter(**{field: filters[field]})
    if filters.get("category"):
        rows = rows.filter(capability__category=filters["category"])
    if filters.get("first") or filters.get("last"):
        rows = rows.annotate(quarter_index=periods.quarter_index_sql("year", "quarter"))
    if filters.get("first"):
        rows = rows.filter(quarter_index__gte=periods.quarter_index(filters["first"]))
    if filters.get("last"):
        rows = rows.filter(quarter_index__lte=periods.quarter_index(filters["last"]))
    cells = _cells(user, rows)
    if filters.get("gaps_only"):
        cells = [cell for cell in cells if cell.is_uncovered]
    return sorted(cells, key=SORTS.get(filters.get("sort") or "gaps", SORTS["gaps"]))


def _cells(user: User, rows) -> list[Cell]:
    """The board cells of the needs ``rows`` (already scoped; of one coalition or several), in a
    fixed number of queries whatever the number of needs and coalitions; plans and deliveries
    are grouped by capability first, so each need looks only at its own capability's rows."""
    rows = list(rows)
    if not rows:
        return []
    coalition_ids = {need.coalition_id for need in rows}
    capability_ids = {need.capability_id for need in rows}
    spans = {need.pk: (need.start, need.end) for need in rows}
    since, until = min(s for s, _e in spans.values()), max(e for _s, e in spans.values())
    plans, deliveries = defaultdict(list), defaultdict(list)
    for plan in _latest_plans(coalition_ids):
        plans[plan["commitment__capability_id"]].append(plan)
    months = {need.start for need in rows if need.month}
    for row in _deliveries(coalition_ids, capability_ids, since, until, months):
        deliveries[row["capability_id"]].append(row)
    open_calls = {
        c.need_id: c
        for c in CallForContributions.objects.filter(coalition_id__in=coalition_ids, closed_at=None)
    }
    breakdowns = {}
    cells = []
    for need in rows:
        if need.coalition_id not in breakdowns:
            breakdowns[need.coalition_id] = access.breakdown_country_ids(user, need.coalition)
        allowed = breakdowns[need.coalition_id]
        start, end = spans[need.pk]
        cell = Cell(need=need, needed=need.quantity, open_call=open_calls.get(need.pk))
        shares = defaultdict(lambda: [None, 0, 0])
        for plan in plans[need.capability_id]:
            if _plan_counts(start, end, bool(need.month), plan["period__kind"], plan["period__start"]):
                cell.planned += plan["quantity"]
                share = shares[plan["report__country_id"]]
                share[0], share[1] = plan["report__country__name"], share[1] + plan["quantity"]
        for row in deliveries[need.capability_id]:
            if _delivery_counts(start, end, bool(need.month), row["start"], row["end"], row["monthly_only"]):
                cell.delivered += row["quantity"]
                share = shares[row["report__country_id"]]
                share[0], share[2] = row["report__country__name"], share[2] + row["quantity"]
        for country_id, (name, planned, delivered) in sorted(shares.items(), key=lambda s: s[1][0]):
            if allowed is None or country_id in allowed:
                cell.shares.append(Share(country=name, planned=planned, delivered=delivered))
            else:
                cell.hidden_shares += 1
        cells.append(cell)
    return cells


SORTS = {
    "gaps": lambda c: (not c.is_uncovered, PRIORITY_RANK[c.need.priority], c.need.start, -c.gap),
    "period": lambda c: (c.need.start, c.need.capability.name),
    "capability": lambda c: (c.need.capability.name, c.need.start),
    "gap": lambda c: (-c.gap, c.need.start),
}


def need_cell(user: User, need: Need) -> Cell:
    """The board cell of one need (what a call states as the gap)."""
    return next(cell for cell in needs_board(user, need.coalition) if cell.need.pk == need.pk)


def need_plan_lines(user: User, need: Need) -> QuerySet[PlanLine]:
    """Plan lines naming ``need`` that ``user`` may read (own country's; leads and ministry all)."""
    return (
        PlanLine.objects.for_user(user)
        .filter(need=need)
        .exclude(report__status=ReportStatus.SUPERSEDED)
        .select_related("report__country", "period", "commitment")
    )


def uncovered_needs(user: User, coalition_ids=None, priorities=None) -> list[Cell]:
    """Open needs with a gap, of every coalition the user sees (dashboards), of ``priorities``
    only when given."""
    coalitions = access.coalitions_for(user)
    if coalition_ids is not None:
        coalitions = coalitions.filter(pk__in=coalition_ids)
    rows = needs(user).filter(coalition__in=coalitions.values("pk"), status=NeedStatus.OPEN)
    if priorities is not None:
        rows = rows.filter(priority__in=priorities)
    return sorted((cell for cell in _cells(user, rows) if cell.is_uncovered), key=SORTS["gaps"])


def most_urgent_needs(user: User, limit: int, priorities=HIGH_PRIORITIES) -> list[Cell]:
    """The first ``limit`` of ``uncovered_needs(user, priorities=priorities)`` (the same cells, in
    the same order), for the dashboards: the gaps are measured on plain rows of the needs (no
    model instances; plans and deliveries found by date in lists sorted per capability), and
    only the needs shown are read whole. These cells carry no per-country breakdown and no
    open call (the dashboard shows neither). A fixed number of queries."""
    coalitions = access.coalitions_for(user)
    rows = needs(user).filter(coalition__in=coalitions.values("pk"), status=NeedStatus.OPEN)
    if priorities is not None:
        rows = rows.filter(priority__in=priorities)
    plain = []
    fields = ("pk", "coalition_id", "capability_id", "quantity", "priority", "year", "quarter", "month")
    for pk, coalition, capability, quantity, priority, year, quarter, month in rows.values_list(*fields):
        start, end = Need.span(year, quarter, month)
        plain.append((pk, coalition, capability, quantity, priority, start, end, month))
    if not plain:
        return []
    coalition_ids, capability_ids = {row[1] for row in plain}, {row[2] for row in plain}
    since, until = min(row[5] for row in plain), max(row[6] for row in plain)
    plans, deliveries = _ByStart(), _ByStart()
    for plan in _latest_plans(coalition_ids):
        capability = plan["commitment__capability_id"]
        plans.add(capability, plan["period__start"], plan["period__kind"], plan["quantity"])
    months = {row[5] for row in plain if row[7]}
    for row in _deliveries(coalition_ids, capability_ids, since, until, months, by_country=False):
        deliveries.add(row["capability_id"], row["start"], row["end"], row["monthly_only"], row["quantity"])
    uncovered = []
    for pk, _coalition, capability, quantity, priority, start, end, month in plain:
        planned = sum(
            amount
            for plan_start, kind, amount in plans.between(capability, start, end)
            if _plan_counts(start, end, bool(month), kind, plan_start)
        )
        delivered = sum(
            amount
            for row_start, row_end, monthly_only, amount in deliveries.between(capability, start, end)
            if _delivery_counts(start, end, bool(month), row_start, row_end, monthly_only)
        )
        gap = max(0, quantity - max(planned, delivered))
        if gap > 0:
            uncovered.append((PRIORITY_RANK[priority], start, -gap, pk, quantity, planned, delivered))
    uncovered.sort(key=lambda row: row[:3])  # SORTS["gaps"] of uncovered cells, stable as there
    shown = uncovered[:limit]
    whole = needs(user).in_bulk([row[3] for row in shown])
    return [
        Cell(need=whole[pk], needed=quantity, planned=planned, delivered=delivered)
        for _rank, _start, _gap, pk, quantity, planned, delivered in shown
    ]


class _ByStart:
    """Rows per capability, found by their start date."""

    def __init__(self):
        self.rows, self.starts = defaultdict(list), {}

    def add(self, capability, start, *values):
        self.rows[capability].append((start, *values))
        self.starts.pop(capability, None)

    def between(self, capability, first, last):
        """The rows of ``capability`` starting from ``first`` to ``last`` (both included)."""
        rows = self.rows.get(capability)
        if not rows:
            return ()
        if capability not in self.starts:
            rows.sort(key=lambda row: row[0])
            self.starts[capability] = [row[0] for row in rows]
        starts = self.starts[capability]
        return rows[bisect_left(starts, first) : bisect_right(starts, last)]


# Roadmaps ------------------------------------------------------------------------------


def roadmap_versions(user: User, coalition: Coalition) -> QuerySet[RoadmapVersion]:
    """The versions of ``coalition``'s roadmap ``user`` may read, newest first."""
    return (
        RoadmapVersion.objects.for_user(user)
        .filter(roadmap__coalition=coalition)
        .select_related("created_by", "approved_by", "roadmap__coalition")
        .order_by("-number")
    )


def current_version(user: User, coalition: Coalition) -> RoadmapVersion | None:
    """The latest approved version of the roadmap (what members and observers read)."""
    return roadmap_versions(user, coalition).filter(status=VersionStatus.APPROVED).first()


def draft_version(user: User, coalition: Coalition) -> RoadmapVersion | None:
    return roadmap_versions(user, coalition).filter(status=VersionStatus.DRAFT).first()


def current_versions(user: User, coalitions) -> dict[int, RoadmapVersion]:
    """``current_version`` of each of ``coalitions``, by coalition id (those with one), in one query."""
    rows = (
        RoadmapVersion.objects.for_user(user)
        .filter(
            roadmap__coalition__in=[coalition.pk for coalition in coalitions], status=VersionStatus.APPROVED
        )
        .select_related("created_by", "approved_by", "roadmap__coalition")
        .order_by("roadmap_id", "-number")
        .distinct("roadmap_id")
    )
    return {version.roadmap.coalition_id: version for version in rows}


def milestones(version: RoadmapVersion, today: datetime.date | None = None) -> list[Milestone]:
    """The milestones of ``version`` (already read through ``roadmap_versions``) with progress:

    ``updates`` (every update posted on the same milestone in any version, newest first),
    ``latest_update``, ``current_status`` (the latest update's, else the version's),
    ``is_overdue`` (due date passed and not done or dropped), ``is_at_risk``.
    """
    return milestones_of([version], today)[version.pk]


def milestones_of(
    versions: list[RoadmapVersion], today: datetime.date | None = None
) -> dict[int, list[Milestone]]:
    """``milestones`` of each of ``versions`` (of different roadmaps), by version id, in two queries."""
    today = today or timezone.localdate()
    if not versions:
        return {}
    rows = list(
        Milestone.objects.filter(version__in=[version.pk for version in versions])
        .select_related("owner")
        .order_by("due_on", "key")
    )
    of_version = {version.pk: version for version in versions}
    keys = defaultdict(set)  # roadmap id: the keys of its version's milestones
    for milestone in rows:
        keys[of_version[milestone.version_id].roadmap_id].add(milestone.key)
    updates = defaultdict(list)  # (roadmap id, key): updates, newest first
    found = (
        MilestoneUpdate.objects.filter(
            milestone__version__roadmap_id__in=list(keys),
            milestone__key__in={key for roadmap_keys in keys.values() for key in roadmap_keys},
        )
        .select_related("author", "milestone__version")
        .order_by("-on", "-id")
    )
    numbers = {version.roadmap_id: version.number for version in versions}
    for update in found if rows else ():
        version = update.milestone.version
        if update.milestone.key in keys[version.roadmap_id] and version.number <= numbers[version.roadmap_id]:
            updates[(version.roadmap_id, update.milestone.key)].append(update)
    result = {version.pk: [] for version in versions}
    for milestone in rows:
        roadmap = of_version[milestone.version_id].roadmap_id
        milestone.updates_list = updates[(roadmap, milestone.key)]
        milestone.latest_update = milestone.updates_list[0] if milestone.updates_list else None
        latest = milestone.latest_update
        milestone.current_status = latest.status if latest else milestone.status
        milestone.current_status_display = MilestoneStatus(milestone.current_status).label
        milestone.is_overdue = milestone.due_on < today and milestone.current_status not in CLOSED
        milestone.is_at_risk = milestone.current_status == MilestoneStatus.AT_RISK
        result[milestone.version_id].append(milestone)
    return result


def roadmap_milestones(user: User, coalition: Coalition) -> list[Milestone]:
    """The current approved roadmap's milestones with progress, or [] (dashboards, API, briefings)."""
    version = current_version(user, coalition)
    return milestones(version) if version else []


def milestone_for_update(user: User, pk: int) -> Milestone:
    """A milestone of an approved version the user may read (404 otherwise, by the caller)."""
    return (
        Milestone.objects.for_user(user)
        .select_related("owner", "version__roadmap__coalition")
        .get(pk=pk, version__status=VersionStatus.APPROVED)
    )


@dataclasses.dataclass
class Change:
    key: int
    title: str
    kind: str  # added / removed / changed
    fields: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)


def version_diff(version: RoadmapVersion) -> tuple[RoadmapVersion | None, list[Change], bool]:
    """What changed from the previous version: (previous, milestone changes, objectives changed)."""
    previous = (
        RoadmapVersion.objects.filter(roadmap_id=version.roadmap_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    if previous is None:
        return None, [], False
    before = {m.key: m for m in previous.milestones.select_related("owner")}
    after = {m.key: m for m in version.milestones.select_related("owner")}
    changes = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is None:
            changes.append(Change(key, new.title, "added"))
        elif new is None:
            changes.append(Change(key, old.title, "removed"))
        else:
            fields = [
                (
                    str(Milestone._meta.get_field(f.removesuffix("_id")).verbose_name),
                    _show(old, f),
                    _show(new, f),
                )
                for f in Milestone.COMPARED
                if getattr(old, f) != getattr(new, f)
            ]
            if fields:
                changes.append(Change(key, new.title, "changed", fields))
    return previous, changes, previous.objectives != version.objectives


def _show(milestone: Milestone, field: str) -> str:
    if field == "owner_id":
        return str(milestone.owner)
    if field == "status":
        return milestone.get_status_display()
    if field in ("due_on", "due_is_quarter"):
        return milestone.due_label
    return str(getattr(milestone, field))


# Calls for contributions ---------------------------------------------------------------


def calls(user: User, coalition: Coalition | None = None) -> QuerySet[CallForContributions]:
    """Calls ``user`` may read (those of their coalitions), with the responses they may see."""
    rows = CallForContributions.objects.for_user(user).select_related(
        "need__capability", "coalition", "sent_by"
    )
    if coalition is not None:
        rows = rows.filter(coalition=coalition)
    responses = CallResponse.objects.for_user(user).select_related("country")
    return rows.prefetch_related(Prefetch("responses", queryset=responses, to_attr="visible_responses"))


def open_calls(user: User) -> QuerySet[CallForContributions]:
    """Open calls on the dashboard: for partners those of their countries' coalitions."""
    rows = calls(user).filter(closed_at=None, need__status=NeedStatus.OPEN)
    if access.is_partner(user):
        rows = rows.filter(coalition_id__in=access.member_coalition_ids(user))
    return rows


# Dashboards ----------------------------------------------------------------------------

DASHBOARD_ROWS = 8


def dashboard(user: User) -> dict:
    """What planning adds to each role's dashboard: open calls (partners: of their
    coalitions), the most urgent uncovered needs, roadmap drafts awaiting a reviewer, and the
    milestones a partner's country owns that are overdue or at risk."""
    if not (access.is_partner(user) or access.is_ministry(user)):
        return {}
    # the dashboard shows no responses: no read of them
    context = {"open_calls": list(open_calls(user).prefetch_related(None)[:DASHBOARD_ROWS])}
    context["urgent_needs"] = most_urgent_needs(user, DASHBOARD_ROWS, priorities=HIGH_PRIORITIES)
    if access.is_reviewer(user):
        context["drafts"] = list(
            RoadmapVersion.objects.for_user(user)
            .filter(status=VersionStatus.DRAFT)
            .exclude(created_by=user)
            .select_related("roadmap__coalition")
        )
    if access.is_partner(user):
        own = set(access.country_ids(user))
        coalitions = list(access.coalitions_for(user))
        versions = current_versions(user, coalitions)  # each coalition's ``roadmap_milestones``
        of_version = milestones_of(list(versions.values()))
        flagged = []
        for coalition in coalitions:
            version = versions.get(coalition.pk)
            flagged += [
                m
                for m in (of_version[version.pk] if version else [])
                if m.owner_id in own and (m.is_overdue or m.is_at_risk)
            ]
        context["my_milestones"] = flagged[:DASHBOARD_ROWS]
    return context


# The report cycle ----------------------------------------------------------------------


def obligation_pairs() -> set[tuple[int, int]]:
    """(country id, coalition id) of every member that declared an obligation: a plan line
    (in a report that is not superseded) naming a need that is not withdrawn. The caller's
    rows are already scoped (the compliance board)."""
    lines = (
        PlanLine.objects.filter(need__isnull=False)
        .exclude(report__status=ReportStatus.SUPERSEDED)
        .exclude(need__status=NeedStatus.WITHDRAWN)
    )
    return set(lines.values_list("report__country_id", "report__coalition_id").distinct())


@dataclasses.dataclass
class ReportNeed:
    need: Need
    planned: int
    delivered: int


def report_needs(report, deliveries=None, named=None) -> list[ReportNeed]:
    """Per need a partner report touches (needs its plan lines name, and needs of its period for
    capabilities it delivers or plans): the country's planned quantity for the need's period (its
    latest plans) and what this report delivers inside that period. ``report`` is already scoped.

    The report page has read the report's deliveries already and passes them: ``deliveries`` as
    (capability id, delivered on, quantity) of each delivery line (or their sums by day),
    ``named`` the ids of the needs its plan lines name; read here when not given. When the page
    found that the country has no plan line in the coalition at all
    (``report.has_country_plans`` False), its latest plans are not asked for.
    """
    if deliveries is None:
        deliveries = report.deliveries.values_list("commitment__capability_id", "delivered_on", "quantity")
    if named is None:
        named = report.plans.exclude(need=None).values_list("need_id", flat=True)
    named = set(named)
    plans, delivered_by_capability = defaultdict(list), defaultdict(list)
    if getattr(report, "has_country_plans", True):
        for plan in _latest_plans([report.coalition_id], country_id=report.country_id):
            plans[plan["commitment__capability_id"]].append(plan)
    for capability_id, delivered_on, quantity in deliveries:
        delivered_by_capability[capability_id].append((delivered_on, quantity))
    capabilities = delivered_by_capability.keys() | plans.keys()
    start, end = report.period.start, report.period.end
    # a need's period (a quarter, or a month of one) overlaps the report's only in a quarter the
    # report's period touches
    quarters = Q()
    day = start
    while day <= end:
        quarters |= Q(year=day.year, quarter=periods.quarter_of(day))
        day = periods.shift(periods.QUARTERLY, periods.start_of(periods.QUARTERLY, day), 1)
    touched = Q(capability_id__in=capabilities) & quarters
    if named:
        touched |= Q(pk__in=named)
    elif not capabilities:
        return []
    needs_touched = (
        Need.objects.filter(touched, coalition_id=report.coalition_id)
        .exclude(status=NeedStatus.WITHDRAWN)
        .select_related("capability")
        .order_by("year", "quarter", "month", "capability__name")
    )
    rows = []
    for need in needs_touched:
        need_start, need_end = need.start, need.end
        overlaps = need_start <= end and need_end >= start
        if need.pk not in named and not (overlaps and need.capability_id in capabilities):
            continue
        planned = sum(
            p["quantity"]
            for p in plans[need.capability_id]
            if _plan_counts(need_start, need_end, bool(need.month), p["period__kind"], p["period__start"])
        )
        delivered = sum(
            quantity
            for delivered_on, quantity in delivered_by_capability[need.capability_id]
            if need_start <= delivered_on <= need_end
        )
        rows.append(ReportNeed(need, planned, delivered))
    return rows

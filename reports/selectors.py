"""Read queries of the reporting cycle: what its pages show, every row through ``accounts.access``."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.fields import BLANK_CHOICE_DASH
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts import access
from accounts.models import User
from coalitions.models import Commitment, CommitmentStatus, Country, Membership
from coalitions.names import localized_f

from . import compliance, history, lists
from .models import (
    DeliveryLine,
    PartnerReport,
    PlanLine,
    ReportingPeriod,
    ReportStatus,
    ReviewEvent,
    UsageReport,
)
from .workflow import EDITABLE, is_partner_report

Report = PartnerReport | UsageReport

REPORT_MODELS = {"partner": PartnerReport, "usage": UsageReport}
REPORT_RELATED = {"partner": ("period", "coalition", "country"), "usage": ("period", "coalition", "author")}


def reports(user: User, kind: str) -> QuerySet:
    """The reports of ``kind`` ("partner" or "usage") that ``user`` may see."""
    return REPORT_MODELS[kind].objects.for_user(user).select_related(*REPORT_RELATED[kind])


def get_report(user: User, kind: str, pk: int) -> Report:
    """The report ``pk`` of ``kind`` if ``user`` may see it; 404 otherwise."""
    return get_object_or_404(reports(user, kind), pk=pk)


# What the report page reads only when the report has any: (the report page's flag, the
# related name of the rows, per kind)
PAGE_PARTS = {
    "partner": ("timeline", "flags", "plans", "venture_outputs", "training_lines"),
    "usage": ("timeline", "flags"),
}


# The newest changes the report page shows (an import of 500 lines is 500 changes); every change
# is on the activity page, and in the API.
REPORT_HISTORY = 50


def report_for_page(user: User, kind: str, pk: int) -> Report:
    """``get_report`` with what its page asks first, in the same query: ``has_<part>`` for each
    of ``PAGE_PARTS`` (whether the report has any such rows), ``has_other_revisions`` (whether
    another revision of the report exists, visible to the user or not) and, for a partner
    report, ``has_country_plans`` (whether any report of its country in its coalition has a plan
    line): the page reads none of those rows when there are none. And ``history_slugs``, the
    newest ``REPORT_HISTORY`` events of its history (``history.for_object``'s first query)."""
    model = REPORT_MODELS[kind]
    names, sql = _page_parts(model, kind)
    parts = RawSQL(sql, [], output_field=ArrayField(BooleanField()))
    table_id = f"{connection.ops.quote_name(model._meta.db_table)}.id"
    events, params = history.newest_slugs_sql(model, table_id, REPORT_HISTORY)
    slugs = RawSQL(f"ARRAY({events})", params, output_field=ArrayField(CharField()))
    report = get_object_or_404(reports(user, kind).annotate(page_parts=parts, history_slugs=slugs), pk=pk)
    for name, value in zip(names, report.page_parts, strict=True):
        setattr(report, name, value)
    return report


def _page_parts(model, kind) -> tuple[list[str], str]:
    """The names and the SQL (an array of EXISTS) of ``report_for_page``'s flags: written as SQL,
    since through the ORM's expressions they took ~5 ms a request to build."""
    quote = connection.ops.quote_name
    report, pk = quote(model._meta.db_table), quote("id")
    names, tests = [], []
    for name in PAGE_PARTS[kind]:
        field = model._meta.get_field(name).field
        rows, column = quote(field.model._meta.db_table), quote(field.column)
        names.append(f"has_{name}")
        tests.append(f"EXISTS (SELECT 1 FROM {rows} WHERE {column} = {report}.{pk})")
    keys = ("coalition_id", "period_id") + (("country_id",) if kind == "partner" else ())
    same = " AND ".join(f"other.{quote(key)} = {report}.{quote(key)}" for key in keys)
    names.append("has_other_revisions")
    tests.append(f"EXISTS (SELECT 1 FROM {report} other WHERE {same} AND other.{pk} <> {report}.{pk})")
    if kind == "partner":  # a plan line in any report of the country in the coalition
        plans, plan_report = quote(PlanLine._meta.db_table), quote(PlanLine._meta.get_field("report").column)
        country, coalition = quote("country_id"), quote("coalition_id")
        names.append("has_country_plans")
        tests.append(
            f"EXISTS (SELECT 1 FROM {plans} line JOIN {report} other ON other.{pk} = line.{plan_report} "
            f"WHERE other.{country} = {report}.{country} AND other.{coalition} = {report}.{coalition})"
        )
    return names, f"ARRAY[{', '.join(tests)}]"


def _was_returned(kind: str):
    """Whether a reviewer returned the report before (then a submitted one is resubmitted)."""
    field = "partner_report" if kind == "partner" else "usage_report"
    return Exists(ReviewEvent.objects.filter(**{field: OuterRef("pk")}, to_status=ReportStatus.RETURNED))


def report_rows(user: User, kind: str) -> QuerySet:
    """The reports of ``kind`` of a report list: each with ``was_returned``."""
    return reports(user, kind).annotate(was_returned=_was_returned(kind))


def mark_overdue(rows, today: datetime.date | None = None):
    """Set ``overdue`` (``compliance.is_overdue``) on each report of a page; no query."""
    for report in rows:
        report.overdue = compliance.is_overdue(report, today)
    return rows


def queue_rows(user: User, kind: str) -> QuerySet:
    """The submitted reports of ``kind`` waiting for review, with their warning count."""
    return report_rows(user, kind).filter(status=ReportStatus.SUBMITTED).annotate(flag_count=Count("flags"))


def mark_past_due(rows, today: datetime.date | None = None):
    """Set ``past_due`` (``compliance.is_past_due`` of the period) on each report of a page."""
    for report in rows:
        report.past_due = compliance.is_past_due(report.period, today)
    return rows


QUEUE_ORDER = ("submitted_at", "created_at", "pk")


def _queue_order(descending=False):
    """The queue's default order (``lists.review_queue``): no submission time first."""
    if descending:
        return [F(name).desc(nulls_last=True) for name in QUEUE_ORDER]
    return [F(name).asc(nulls_first=True) for name in QUEUE_ORDER]


def queue_neighbours(user: User, report: Report) -> tuple[Report | None, Report | None]:
    """The submitted reports of the same kind before and after ``report`` in the review queue's
    default order (oldest submission first); (None, None) when ``report`` is not in the queue."""
    if report.status != ReportStatus.SUBMITTED:
        return None, None
    kind = "partner" if is_partner_report(report) else "usage"
    queue = reports(user, kind).filter(status=ReportStatus.SUBMITTED).exclude(pk=report.pk)
    at, made, pk = report.submitted_at, report.created_at, report.pk
    # reports submitted outside the workflow have no time; they sort first, as in the queue
    if at is None:
        before = Q(submitted_at__isnull=True) & (Q(created_at__lt=made) | Q(created_at=made, pk__lt=pk))
        after = Q(submitted_at__isnull=False) | (Q(created_at__gt=made) | Q(created_at=made, pk__gt=pk))
    else:
        same = Q(submitted_at=at) & (Q(created_at__lt=made) | Q(created_at=made, pk__lt=pk))
        before = Q(submitted_at__isnull=True) | Q(submitted_at__lt=at) | same
        after = Q(submitted_at__gt=at) | (Q(submitted_at=at) & ~same)
    previous = queue.filter(before).order_by(*_queue_order(descending=True)).first()
    following = queue.filter(after).order_by(*_queue_order()).first()
    return previous, following


def last_return(report: Report, timeline: list[ReviewEvent] | None = None) -> ReviewEvent | None:
    """The reviewer's return (comment, who, when) that a returned report answers; None otherwise.
    From ``timeline`` (every event of the report, with their actor) when given."""
    if report.status != ReportStatus.RETURNED:
        return None
    if timeline is not None:
        returns = [event for event in timeline if event.to_status == ReportStatus.RETURNED]
        return max(returns, key=lambda event: (event.created_at, event.id), default=None)
    returns = report.timeline.filter(to_status=ReportStatus.RETURNED).select_related("actor")
    return returns.order_by("-created_at", "-id").first()


def report_lists(user: User, status: str | None = None) -> tuple[QuerySet, QuerySet]:
    """The partner and the usage reports of the report list, of one status if given."""
    partner = PartnerReport.objects.for_user(user).select_related("period", "country", "coalition")
    usage = UsageReport.objects.for_user(user).select_related("period", "coalition")
    if status:
        partner, usage = partner.filter(status=status), usage.filter(status=status)
    return partner, usage


def report_revisions(user: User, report: Report) -> QuerySet | list:
    """Every revision of ``report`` that ``user`` may see, first to last (without a query when
    ``report_for_page`` found no other revision)."""
    if not getattr(report, "has_other_revisions", True):
        return [report]
    keys = ("coalition_id", "period_id") + (("country_id",) if is_partner_report(report) else ())
    same = {key: getattr(report, key) for key in keys}
    return type(report).objects.for_user(user).filter(**same).order_by("revision")


def report_commitments(report: PartnerReport, user: User) -> QuerySet[Commitment]:
    """Commitments a line of ``report`` may point at: the report's own, not cancelled."""
    return (
        Commitment.objects.for_user(user)
        .filter(country_id=report.country_id, coalition_id=report.coalition_id)
        .exclude(status=CommitmentStatus.CANCELLED)
        .select_related("capability", "country")  # the choices name both
    )


def report_commitment_choices(report: PartnerReport, user: User) -> list[tuple]:
    """``report_commitments`` as the line forms' choices, (pk, ``Commitment.label``), from one
    query of plain values rather than a model instance and a name per commitment; read once per
    report and user (a report page offers the same commitments, often a hundred, in its delivery
    and plan forms)."""
    kept = report.__dict__.setdefault("_commitment_choices", {})
    if user.pk not in kept:
        names = (localized_f("country__name"), localized_f("capability__name"))
        rows = report_commitments(report, user).values_list("pk", *names, "quantity")
        kept[user.pk] = [("", BLANK_CHOICE_DASH[0][1])] + [
            (pk, Commitment.label(country, capability, quantity))
            for pk, country, capability, quantity in rows
        ]
    return kept[user.pk]


def delivery_line_values(report: PartnerReport) -> QuerySet:
    """The report's delivery lines as (pk, version, commitment id, delivered on, quantity, notes),
    for the report page to order and show a page of (``lists.delivery_lines``), without model
    instances."""
    fields = ("pk", "version", "commitment_id", "delivered_on", "quantity", "notes")
    return report.deliveries.values_list(*fields)


def delivered_by_day(report: PartnerReport) -> list[tuple]:
    """What the report delivers per commitment and day, as (commitment id, delivered on, quantity,
    lines): what its needs count (``planning.selectors.report_needs``) and how many lines it has,
    without reading every line."""
    rows = report.deliveries.order_by().values_list("commitment_id", "delivered_on")
    return list(rows.annotate(Sum("quantity"), Count("pk")))


def delivery_line_page(line: DeliveryLine) -> int:
    """The page of its report's lines, in their default order, that shows ``line``."""
    earlier = Q(delivered_on__lt=line.delivered_on) | Q(delivered_on=line.delivered_on, pk__lt=line.pk)
    before = DeliveryLine.objects.filter(report_id=line.report_id).filter(earlier).count()
    return before // lists.LINES_PAGE_SIZE + 1


def _commitment_row():
    """A commitment's pk, capability id and name (in the active language), quantity and reference."""
    return ("pk", "capability_id", localized_f("capability__name"), "quantity", "partner_reference")


Capabilities = dict[int, tuple[int, str]]  # commitment id: (capability id, capability name)


def report_commitment_rows(report: PartnerReport, user: User) -> tuple[list[tuple], Capabilities]:
    """``report_commitments`` as (pk, capability id, capability name, quantity, partner reference,
    delivered to date), in their order, the delivered figure from the totals kept per commitment
    (``coalitions.totals``): the report page lists every commitment, without model instances.

    And (capability id, capability name) of each of them and of every commitment a delivery
    line of the report points at (a line may point at a commitment cancelled since): the
    cancelled ones come in the same query, only a commitment of another country or coalition
    (which ``rules`` do not let a line name) would take another."""
    cancelled = Q(status=CommitmentStatus.CANCELLED)
    delivered = Coalesce("totals__delivered", Value(0))
    rows = (
        Commitment.objects.for_user(user)
        .filter(country_id=report.country_id, coalition_id=report.coalition_id)
        .filter(~cancelled | Q(pk__in=report.deliveries.values("commitment_id")))
        .annotate(cancelled=ExpressionWrapper(cancelled, output_field=BooleanField()))
        .values_list(*_commitment_row(), delivered, "cancelled")
    )
    commitments, capabilities = [], {}
    for row in rows:
        capabilities[row[0]] = (row[1], row[2])
        if not row[-1]:
            commitments.append(row[:-1])
    return commitments, capabilities


def line_capabilities(capabilities: Capabilities, commitment_ids) -> Capabilities:
    """``capabilities`` (``report_commitment_rows``), completed with those of the commitments
    (the report's lines point at them) that are not in it."""
    missing = set(commitment_ids) - capabilities.keys()
    if missing:
        rows = Commitment.objects.filter(pk__in=missing).values_list(*_commitment_row()[:3])
        capabilities.update((pk, (capability, name)) for pk, capability, name in rows)
    return capabilities


def importable_reports(user: User) -> QuerySet[PartnerReport]:
    """Reports whose lines ``user`` may import now: their own country's, draft or returned."""
    return (
        PartnerReport.objects.for_user(user)
        .editable_by(user)
        .filter(status__in=EDITABLE)
        .select_related("country", "coalition", "period")
    )


def review_queue_items(user: User, today: datetime.date | None = None) -> list[dict]:
    """Submitted partner and usage reports, oldest submission first, each marked ``past_due``
    when its period's due date has passed (it may still have been submitted in time)."""
    submitted = {"status": ReportStatus.SUBMITTED}
    flags = Count("flags")  # the data check warnings a reviewer will find at the top
    partner = reports(user, "partner").filter(**submitted).annotate(flag_count=flags)
    usage = reports(user, "usage").filter(**submitted).annotate(flag_count=flags)
    items = [("partner", r) for r in partner] + [("usage", r) for r in usage]
    # reports put in "submitted" outside the workflow (history imports, load data) have no time
    items.sort(key=lambda item: item[1].submitted_at or item[1].created_at)
    return [
        {"kind": kind, "report": r, "past_due": compliance.is_past_due(r.period, today)} for kind, r in items
    ]


def _last(field):
    events = ReviewEvent.objects.filter(partner_report=OuterRef("pk")).order_by("-created_at", "-id")
    return Subquery(events.values(field)[:1])


def compliance_rows(
    user: User,
    period: ReportingPeriod,
    today: datetime.date | None = None,
    *,
    listing=None,
    coalition=None,
    country=None,
    state=None,
) -> list[dict]:
    """One row per followed membership that owes a report for the period or holds one: country,
    coalition, report, state (``compliance.state``), its label, last action. ``coalition``,
    ``country`` and ``state`` narrow the rows; ``listing`` (``lists.compliance``) orders them."""
    latest = (
        PartnerReport.objects.for_user(user)
        .filter(period=period)
        .select_related("period")
        .annotate(
            last_status=_last("to_status"), last_actor=_last("actor__username"), last_at=_last("created_at")
        )
    )
    found = {(r.country_id, r.coalition_id): r for r in latest.order_by("revision")}
    memberships: QuerySet[Membership] = access.memberships_for(user).select_related("country", "coalition")
    if coalition:
        memberships = memberships.filter(coalition=coalition)
    if country:
        memberships = memberships.filter(country=country)
    by_state = listing is not None and listing.sort_key == "state"
    if listing is None or by_state:
        memberships = memberships.order_by(localized_f("coalition__name"), localized_f("country__name"), "pk")
    else:
        memberships = memberships.order_by(*listing.ordering())
    result = []
    for m in memberships:
        report = found.get((m.country_id, m.coalition_id))
        if report is None and not m.reports_in(period):
            continue  # owes nothing and holds nothing (a legacy period shows its history only)
        last = ReportStatus(report.last_status).label if report and report.last_status else ""
        row_state = compliance.state(report, period, today)
        if state and row_state != state:
            continue
        row = {"membership": m, "report": report, "state": row_state, "last": last}
        result.append(row | {"label": compliance.label(row_state)})
    if by_state:
        result.sort(key=lambda row: str(row["label"]), reverse=listing.descending)
    return result


def compliance_summary(
    user: User, period: ReportingPeriod, today: datetime.date | None = None
) -> dict[str, int]:
    """How many memberships are in each state."""
    counts: dict[str, int] = {}
    for row in compliance_rows(user, period, today):
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    return counts


def own_country_codes(user: User) -> list[str]:
    """ISO codes of the user's own countries (their country group), sorted, lower case."""
    codes = Country.objects.filter(id__in=access.country_ids(user)).values_list("code", flat=True)
    return sorted(str(code).lower() for code in codes)


def prepared_files(user):
    """The user's prepared files not yet expired, newest first (only ever their own)."""
    from django.utils import timezone

    from .models import PreparedFile

    return PreparedFile.objects.filter(owner=user, expires_at__gt=timezone.now()).defer("content")


def prepared_file(user, pk):
    """The user's ready file ``pk``: 404 for another user's, a missing, unready or expired one."""
    from .models import PreparedFile

    return get_object_or_404(prepared_files(user).filter(status=PreparedFile.Status.READY).defer(None), pk=pk)

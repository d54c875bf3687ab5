"""Data checks, like DHIS2's validation rules: every rule written once, with its code,
severity and message.

- An **error** blocks saving. The ones about one line live in ``reports.rules`` (called by
  the form services and the import), the commitment form's in ``coalitions.forms``; their
  message is the one written here.
- A **warning** is stored as a ``DataFlag`` of the report. Warnings need sums over a whole
  report or a whole commitment, so they are evaluated here, on a whole report, with one
  query per measure (never one per line), and recomputed by the services after each line
  save or delete, each import confirm and each commitment change (``refresh``). A partner report (or a usage
  report) is submitted only once every flag has an explanation; a flag of an approved
  report never changes (a database trigger, as for lines).

Delivered quantities follow the figures engine's counting rules (``reports.figures``):
approved deliveries are ``counted_deliveries``, provisional ones the lines of submitted
reports. Revisions of the report being checked (same country, coalition and period) are
left out of both, and its own lines are added instead, so a reopened report is not
counted twice.

| code | severity | where it is checked |
|---|---|---|
| ``undisclosed_with_quantity`` | error | ``coalitions.forms.CommitmentForm.clean`` |
| ``future_delivery`` | error | ``reports.rules.delivery_not_future`` (line form, import) |
| ``over_delivery`` | warning | ``partner_findings`` (line form, import preview, report) |
| ``fulfilment_above_100`` | warning | ``partner_findings`` |
| ``usage_above_received`` | warning | ``usage_findings`` |
| ``status_contradicts_figures`` | warning | ``partner_findings`` |
| ``duplicate_line`` | warning | ``partner_findings`` |
| ``output_above_capacity`` | warning | ``venture_findings`` (venture output of a partner report) |
| ``completed_above_started`` | warning | ``venture_findings`` (training throughput) |
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Q, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coalitions.models import Commitment, CommitmentStatus
from coalitions.ventures.models import TrainingThroughput, VentureCapacity

from . import figures, periods
from .models import DataFlag, DeliveryLine, PartnerReport, ReportStatus, UsageLine, UsageReport

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    message: Promise  # a lazy text with %(name)s parameters


UNDISCLOSED_WITH_QUANTITY = Rule(
    "undisclosed_with_quantity",
    ERROR,
    _(
        "A quantity is given while “Quantity undisclosed” is ticked: clear the quantity or untick "
        "“Quantity undisclosed”."
    ),
)
FUTURE_DELIVERY = Rule(
    "future_delivery",
    ERROR,
    _("The delivery date %(day)s is in the future: record a delivery once it has arrived."),
)
OVER_DELIVERY = Rule(
    "over_delivery",
    WARNING,
    _(
        "This delivery takes commitment %(commitment)s past its committed quantity: %(total)s reported "
        "delivered against %(committed)s committed."
    ),
)
FULFILMENT_ABOVE_100 = Rule(
    "fulfilment_above_100",
    WARNING,
    _(
        "Commitment %(commitment)s is already %(percent)s %% fulfilled (%(delivered)s delivered of "
        "%(committed)s committed) and this report adds %(added)s."
    ),
)
USAGE_ABOVE_RECEIVED = Rule(
    "usage_above_received",
    WARNING,
    _(
        "%(capability)s: %(used)s expended or lost to the end of this period, more than the %(received)s "
        "received (approved deliveries)."
    ),
)
STATUS_CONTRADICTS_FIGURES = Rule(
    "status_contradicts_figures",
    WARNING,
    _(
        "Commitment %(commitment)s is marked “%(status)s” at %(percent)s %% delivered; suggested "
        "status: “%(suggested)s”."
    ),
)
DUPLICATE_LINE = Rule(
    "duplicate_line",
    WARNING,
    _(
        "Commitment %(commitment)s has more than one line dated %(day)s with quantity %(quantity)s "
        "in this report."
    ),
)
OUTPUT_ABOVE_CAPACITY = Rule(
    "output_above_capacity",
    WARNING,
    _(
        "%(venture)s reports %(quantity)s of %(capability)s in %(period)s, above its capacity for the "
        "period (%(capacity)s: %(monthly)s a month for %(months)s months)."
    ),
)
COMPLETED_ABOVE_STARTED = Rule(
    "completed_above_started",
    WARNING,
    _(
        "%(programme)s: %(completed)s trainees completed to the end of %(period)s, more than the "
        "%(started)s who started."
    ),
)
RULES = {
    rule.code: rule
    for rule in (
        OUTPUT_ABOVE_CAPACITY,
        COMPLETED_ABOVE_STARTED,
        UNDISCLOSED_WITH_QUANTITY,
        FUTURE_DELIVERY,
        OVER_DELIVERY,
        FULFILMENT_ABOVE_100,
        USAGE_ABOVE_RECEIVED,
        STATUS_CONTRADICTS_FIGURES,
        DUPLICATE_LINE,
    )
}
WARNINGS = [rule for rule in RULES.values() if rule.severity == WARNING]
STATUS_PARAMS = ("status", "suggested")  # parameters holding a commitment status, shown by its label
# What a list of flags selects with them so that each flag's message (``current_message``) names
# its commitment and capability as they read now, without a query per flag.
MESSAGE_RELATED = ("capability", "commitment__capability", "delivery_line__commitment__capability")


def message(code: str, params: dict) -> str:
    """The rule's message in the current language, with ``params`` filled in."""
    shown = dict(params)
    for name in STATUS_PARAMS:
        if name in shown:
            shown[name] = CommitmentStatus(shown[name]).label
    return str(RULES[code].message) % shown


def current_message(flag) -> str:
    """``flag``'s message with the names of its commitment and capability as they read now, in the
    current language: its parameters keep them as written when the flag was raised, in the
    language of whoever raised it. It is ``DataFlag.message``; for lists that select
    ``MESSAGE_RELATED`` with the flags (else a query or two per flag)."""
    params = dict(flag.params)
    if "commitment" in params:
        commitment = flag.commitment if flag.commitment_id else None
        if commitment is None and flag.delivery_line_id:
            commitment = flag.delivery_line.commitment
        if commitment is not None:
            params["commitment"] = _label(commitment)
    if "capability" in params and flag.capability_id:
        params["capability"] = flag.capability.name
    return message(flag.code, params)


@dataclass(frozen=True)
class Finding:
    """One warning about one report: what it is about (a line, a commitment or a capability)."""

    code: str
    params: dict = field(default_factory=dict, compare=False)
    line: int | None = None  # a delivery line id (None for a line not yet saved, in a preview)
    commitment: int | None = None
    capability: int | None = None
    row: int | None = None  # the file row of an import preview

    @property
    def key(self) -> tuple:
        return (self.code, self.line, self.commitment, self.capability, self.params.get("subject"))

    @property
    def message(self) -> str:
        return message(self.code, self.params)


@dataclass(frozen=True)
class Line:
    """A delivery line as the checks read it: saved (``id``) or a row of an import preview (``row``)."""

    commitment: int
    delivered_on: datetime.date
    quantity: int
    id: int | None = None
    row: int | None = None


def _label(commitment: Commitment) -> str:
    reference = f", {commitment.partner_reference}" if commitment.partner_reference else ""
    return f"#{commitment.pk} ({commitment.capability.name}{reference})"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}"


def _by_commitment(lines, ids) -> dict[int, int]:
    rows = lines.filter(commitment__in=ids).order_by().values("commitment").annotate(total=Sum("quantity"))
    return {row["commitment"]: row["total"] for row in rows}


def _saved_lines(report: PartnerReport) -> list[Line]:
    rows = report.deliveries.order_by("delivered_on", "id")
    return [
        Line(c, day, q, id=pk)
        for pk, c, day, q in rows.values_list("id", "commitment", "delivered_on", "quantity")
    ]


def partner_findings(report: PartnerReport, lines: Iterable[Line] | None = None) -> list[Finding]:
    """The warnings of a partner report with ``lines`` (default: its saved delivery lines).

    Queries: the report's lines, its commitments, approved and provisional deliveries
    elsewhere — one each.
    """
    lines = (
        _saved_lines(report) if lines is None else sorted(lines, key=lambda x: (x.delivered_on, x.id or 0))
    )
    scope = Q(country_id=report.country_id, coalition_id=report.coalition_id)
    commitments = {
        c.pk: c
        for c in Commitment.objects.filter(scope | Q(pk__in={line.commitment for line in lines}))
        .exclude(status=CommitmentStatus.CANCELLED)
        .select_related("capability")
    }
    ids = list(commitments)
    same_report = Q(
        report__country_id=report.country_id,
        report__coalition_id=report.coalition_id,
        report__period_id=report.period_id,
    )
    elsewhere = DeliveryLine.objects.exclude(same_report)
    before = Counter(_by_commitment(figures.counted_deliveries(elsewhere), ids))
    before.update(_by_commitment(elsewhere.filter(figures.SUBMITTED), ids))
    found = _duplicates(lines, commitments)
    running, added = Counter(before), Counter()
    for line in lines:
        commitment = commitments.get(line.commitment)
        if commitment is None or commitment.quantity is None:
            continue
        added[line.commitment] += line.quantity
        was, running[line.commitment] = running[line.commitment], running[line.commitment] + line.quantity
        if was <= commitment.quantity < running[line.commitment]:
            found.append(_over_delivery(commitment, line, running[line.commitment]))
    for pk, commitment in commitments.items():
        quantity = commitment.quantity
        if not quantity:
            continue
        if added[pk] and before[pk] > quantity:
            found.append(_fulfilment(commitment, before[pk], added[pk]))
        if status := _contradiction(commitment, running[pk]):
            found.append(status)
    return found


def _duplicates(lines: list[Line], commitments: dict) -> list[Finding]:
    seen, found = set(), []
    for line in lines:
        key = (line.commitment, line.delivered_on, line.quantity)
        if key in seen and line.commitment in commitments:
            params = {
                "commitment": _label(commitments[line.commitment]),
                "day": line.delivered_on.isoformat(),
                "quantity": line.quantity,
            }
            found.append(Finding(DUPLICATE_LINE.code, params, line=line.id, row=line.row))
        seen.add(key)
    return found


def _over_delivery(commitment: Commitment, line: Line, total: int) -> Finding:
    params = {"commitment": _label(commitment), "total": total, "committed": commitment.quantity}
    return Finding(OVER_DELIVERY.code, params, line=line.id, commitment=commitment.pk, row=line.row)


def _fulfilment(commitment: Commitment, delivered: int, added: int) -> Finding:
    params = {
        "commitment": _label(commitment),
        "percent": _percent(delivered, commitment.quantity),
        "delivered": delivered,
        "committed": commitment.quantity,
        "added": added,
    }
    return Finding(FULFILMENT_ABOVE_100.code, params, commitment=commitment.pk)


def suggested_status(status: str, delivered: int, quantity: int) -> str | None:
    """The status a commitment's figures suggest when its own contradicts them, else None."""
    if status == CommitmentStatus.FULFILLED and delivered < quantity:
        return CommitmentStatus.IN_DELIVERY if delivered else CommitmentStatus.COMMITTED
    if status in (CommitmentStatus.PLEDGED, CommitmentStatus.COMMITTED) and delivered >= quantity:
        return CommitmentStatus.FULFILLED
    return None


def _contradiction(commitment: Commitment, delivered: int) -> Finding | None:
    suggested = suggested_status(commitment.status, delivered, commitment.quantity)
    if suggested is None:
        return None
    params = {
        "commitment": _label(commitment),
        "status": commitment.status,
        "percent": _percent(delivered, commitment.quantity),
        "suggested": str(suggested),
    }
    return Finding(STATUS_CONTRADICTS_FIGURES.code, params, commitment=commitment.pk)


def usage_findings(report: UsageReport) -> list[Finding]:
    """Usage above what was received: per capability, expended + lost to the end of the period
    (approved usage reports of earlier periods and this report) against approved deliveries
    to the end of the period, for the capabilities this report uses any of. Three queries."""
    period = report.period
    lines = list(report.lines.select_related("capability"))
    ids = [line.capability_id for line in lines]
    received = dict(
        figures.counted_deliveries()
        .filter(
            report__coalition_id=report.coalition_id,
            delivered_on__lte=period.end,
            commitment__capability__in=ids,
        )
        .order_by()
        .values_list("commitment__capability")
        .annotate(total=Sum("quantity"))
    )
    earlier = dict(
        UsageLine.objects.filter(
            report__coalition_id=report.coalition_id,
            report__status=ReportStatus.APPROVED,
            report__period__start__lt=period.start,
            capability__in=ids,
        )
        .order_by()
        .values_list("capability")
        .annotate(total=Sum(F("expended") + F("lost")))
    )
    found = []
    for line in lines:
        used = earlier.get(line.capability_id, 0) + line.expended + line.lost
        if line.expended + line.lost and used > received.get(line.capability_id, 0):
            params = {
                "capability": line.capability.name,
                "used": used,
                "received": received.get(line.capability_id, 0),
            }
            found.append(Finding(USAGE_ABOVE_RECEIVED.code, params, capability=line.capability_id))
    return found


def venture_findings(report: PartnerReport) -> list[Finding]:
    """Venture output above capacity (monthly capacity × the period's months) and training
    completed above started (to the end of the period: approved earlier reports and this one).
    Flags carry a ``subject`` (venture and capability, or programme) in their key. Three queries."""
    period, found = report.period, []
    months = periods.months_in(period.kind)
    capacities = {
        (c.venture_id, c.capability_id): c.monthly_capacity
        for c in VentureCapacity.objects.filter(venture__outputs__report=report).distinct()
    }
    for line in report.venture_outputs.select_related("venture", "capability"):
        monthly = capacities.get((line.venture_id, line.capability_id))
        if monthly is not None and line.quantity > monthly * months:
            params = {
                "subject": f"venture:{line.venture_id}:{line.capability_id}",
                "venture": line.venture.name,
                "capability": line.capability.name,
                "quantity": line.quantity,
                "period": period.label,
                "capacity": monthly * months,
                "monthly": monthly,
                "months": months,
            }
            found.append(Finding(OUTPUT_ABOVE_CAPACITY.code, params, capability=line.capability_id))
    lines = list(report.training_lines.select_related("programme"))
    earlier = {
        row["programme"]: row
        for row in TrainingThroughput.objects.filter(
            programme__in=[line.programme_id for line in lines],
            report__status=ReportStatus.APPROVED,
            report__period__start__lt=period.start,
        )
        .exclude(report__period=period)
        .order_by()
        .values("programme")
        .annotate(started=Sum("started"), completed=Sum("completed"))
    }
    for line in lines:
        before = earlier.get(line.programme_id, {})
        started = before.get("started", 0) + line.started
        completed = before.get("completed", 0) + line.completed
        if line.completed and completed > started:
            params = {
                "subject": f"programme:{line.programme_id}",
                "programme": line.programme.course,
                "completed": completed,
                "started": started,
                "period": period.label,
            }
            found.append(Finding(COMPLETED_ABOVE_STARTED.code, params))
    return found


def findings(report: PartnerReport | UsageReport) -> list[Finding]:
    if isinstance(report, PartnerReport):
        return partner_findings(report) + venture_findings(report)
    return usage_findings(report)


def flags_of(report: PartnerReport | UsageReport):
    """The flags of ``report`` (a queryset)."""
    key = "partner_report" if isinstance(report, PartnerReport) else "usage_report"
    return DataFlag.objects.filter(**{key: report})


def refresh(report: PartnerReport | UsageReport) -> list[DataFlag]:
    """Recompute the flags of an editable ``report``: new warnings are added, those that no
    longer hold removed, and those that still hold keep their explanation."""
    found = {finding.key: finding for finding in findings(report)}
    existing = {flag.key: flag for flag in flags_of(report)}
    gone = [flag.pk for key, flag in existing.items() if key not in found]
    if gone:
        DataFlag.objects.filter(pk__in=gone).delete()
    changed = []
    for key, flag in existing.items():
        if key in found and flag.params != found[key].params:
            flag.params = found[key].params
            changed.append(flag)
    if changed:
        DataFlag.objects.bulk_update(changed, ["params"])
    partner = isinstance(report, PartnerReport)
    new = [
        DataFlag(
            partner_report=report if partner else None,
            usage_report=None if partner else report,
            country_id=report.country_id if partner else None,
            coalition_id=report.coalition_id,
            period_id=report.period_id,
            code=finding.code,
            delivery_line_id=finding.line,
            commitment_id=finding.commitment,
            capability_id=finding.capability,
            params=finding.params,
        )
        for key, finding in found.items()
        if key not in existing
    ]
    DataFlag.objects.bulk_create(new)
    return list(flags_of(report))


def refresh_open_reports(*, country_id: int, coalition_id: int) -> None:
    """Recompute the flags of the editable reports of a country and coalition (a commitment
    changed: its status or quantity may now contradict, or agree with, the figures)."""
    editable = (ReportStatus.DRAFT, ReportStatus.RETURNED)
    reports = PartnerReport.objects.filter(
        country_id=country_id, coalition_id=coalition_id, status__in=editable
    )
    for report in reports:
        refresh(report)


def open_flags(user, filters, rule=""):
    """Data check flags of current reports (not superseded) the user may read, under ``filters``."""
    flags = DataFlag.objects.for_user(user).exclude(partner_report__status=ReportStatus.SUPERSEDED)
    flags = filters.apply(flags.exclude(usage_report__status=ReportStatus.SUPERSEDED))
    if rule:
        flags = flags.filter(code=rule)
    return flags.select_related(
        "partner_report", "usage_report", "country", "coalition", "period", "explained_by", *MESSAGE_RELATED
    )

"""Business actions of the reporting cycle. Each is atomic, locks what it changes,
checks the actor's rights (through accounts.access and reports.workflow) and the state."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import access
from accounts.models import User
from coalitions.models import Capability, Coalition, Membership
from coalitions.services import StaleEdit, versioned_save

from . import checks, emails, figures, periods, rules, workflow
from .models import (
    DataFlag,
    DeliveryLine,
    PartnerReport,
    PlanLine,
    ReportingPeriod,
    ReportStatus,
    ReviewEvent,
    UsageLine,
    UsageReport,
    line_models,
)

S = ReportStatus
Report = PartnerReport | UsageReport


def _review_event(
    report: Report, actor: User, from_status: str, to_status: str, comment: str = ""
) -> ReviewEvent:
    """The (unsaved) timeline entry of one transition: every transition's event is made here."""
    key = "partner_report" if workflow.is_partner_report(report) else "usage_report"
    return ReviewEvent(
        **{key: report}, actor=actor, from_status=from_status, to_status=to_status, comment=comment
    )


def _event(report: Report, actor: User, from_status: str, to_status: str, comment: str = "") -> ReviewEvent:
    event = _review_event(report, actor, from_status, to_status, comment)
    event.save()
    return event


def _locked(report):
    return type(report).objects.select_for_update().get(pk=report.pk)


def _transition(report, user, action, comment=""):
    locked = _locked(report)
    workflow.require(user, locked, action)
    workflow.check_state(locked, action)
    comment = comment.strip()
    if action in workflow.NEEDS_COMMENT and not comment:
        raise ValidationError({"comment": _("Say why: a comment is required.")})
    before, (_sources, after) = locked.status, workflow.ACTIONS[action]
    return locked, before, after, comment


def _decide(report, user, action, comment=""):
    locked, before, after, comment = _transition(report, user, action, comment)
    locked.status = after
    locked.decided_by, locked.decided_at = user, timezone.now()
    locked.version = F("version") + 1
    locked.save()
    _event(locked, user, before, after, comment)
    emails.notify(locked, action, comment)
    locked.refresh_from_db()
    return locked


def _require_explained(report: Report) -> None:
    """Every data check warning of ``report`` has its writer's explanation."""
    missing = checks.flags_of(report).filter(explanation="").count()
    if missing:
        raise ValidationError(
            ngettext(
                "%(count)d data check warning has no explanation: explain it before submitting.",
                "%(count)d data check warnings have no explanation: explain each before submitting.",
                missing,
            )
            % {"count": missing}
        )


@transaction.atomic
def report_submit(*, report: Report, user: User) -> Report:
    """Submit a partner or usage report (draft or returned) for review: only once every
    data check warning (``reports.checks``) is explained."""
    locked, before, after, _comment = _transition(report, user, "submit")
    _require_explained(locked)
    locked.status = after
    locked.submitted_by, locked.submitted_at = user, timezone.now()
    locked.decided_by = locked.decided_at = None
    locked.version = F("version") + 1
    locked.save()
    _event(locked, user, before, after)
    emails.notify(locked, "submit")
    locked.refresh_from_db()
    return locked


@transaction.atomic
def report_approve(*, report: Report, user: User, comment: str = "") -> Report:
    return _decide(report, user, "approve", comment)


@transaction.atomic
def report_return(*, report: Report, user: User, comment: str) -> Report:
    return _decide(report, user, "return", comment)


@transaction.atomic
def report_reopen(*, report: Report, user: User, reason: str) -> Report:
    """Supersede the approved revision n with a draft revision n + 1 holding copies of its lines."""
    locked, before, after, reason = _transition(report, user, "reopen", reason)
    model = type(locked)
    keep = {f.attname: getattr(locked, f.attname) for f in model._meta.concrete_fields}
    for name in ("id", "status", "submitted_by_id", "submitted_at", "decided_by_id", "decided_at"):
        keep.pop(name)
    keep.update(revision=locked.revision + 1, version=1)
    new = model.objects.create(**keep)
    _copy_lines(locked, new)
    model.objects.filter(pk=locked.pk).update(status=after)
    checks.refresh(new)
    _event(locked, user, before, after, reason)
    _event(new, user, "", S.DRAFT, reason)
    return new


def _copy_lines(old, new):
    """Copy every kind of line of ``old`` (each model locked with its report) into ``new``."""
    for model in line_models(type(old)):
        lines = list(model.objects.filter(report=old))
        for line in lines:
            line.pk = None
            line.report = new
            line.version = 1
        model.objects.bulk_create(lines)


# The history import's reports (see reports.imports.kiel): revision 0, approved as imported.
LEGACY_REVISION = 0
LEGACY_PATH = ("submit", "approve")


@transaction.atomic
def report_legacy_approve(*, reports: Iterable[PartnerReport], user: User) -> list[PartnerReport]:
    """Approve the legacy draft reports of a history import: draft → submitted → approved.

    History is approved as imported, without a reviewer: importing it is the analyst's
    decision. So only who may import history (``access.may_import_history``) may do it,
    only on legacy reports (revision 0), and only along the life cycle's own path (the
    database allows no other), each step in the report's timeline. Written in bulk: one
    import approves hundreds of reports. No e-mail: nobody waits for these decisions.
    """
    if not access.may_import_history(user):
        raise PermissionDenied
    locked = list(
        PartnerReport.objects.select_for_update().filter(pk__in=[r.pk for r in reports]).order_by("pk")
    )
    if any(report.revision != LEGACY_REVISION for report in locked):
        raise PermissionDenied
    now, comment, events = timezone.now(), _("Legacy history imported from a spreadsheet."), []
    moves = {
        "submit": {"submitted_by": user, "submitted_at": now},
        "approve": {"decided_by": user, "decided_at": now},
    }
    for action in LEGACY_PATH:
        _sources, after = workflow.ACTIONS[action]
        for report in locked:
            workflow.check_state(report, action)
            events.append(_review_event(report, user, report.status, after, comment))
            report.status = after
        PartnerReport.objects.filter(pk__in=[r.pk for r in locked]).update(status=after, **moves[action])
    ReviewEvent.objects.bulk_create(events)
    return locked


TRANSITION_SERVICES = {
    "submit": lambda report, user, comment: report_submit(report=report, user=user),
    "approve": lambda report, user, comment: report_approve(report=report, user=user, comment=comment),
    "return": lambda report, user, comment: report_return(report=report, user=user, comment=comment),
    "reopen": lambda report, user, comment: report_reopen(report=report, user=user, reason=comment),
}


# Periods -----------------------------------------------------------------------------


@transaction.atomic
def period_open(
    *, user: User, kind: str, start: datetime.date, due_on: datetime.date | None = None
) -> tuple[ReportingPeriod, int]:
    """Open the period of ``kind`` containing ``start``: one report per membership on that cadence.

    Opening an existing period again creates only the reports that are missing.
    Returns the period and the number of reports created.
    """
    if not access.is_analyst(user):
        raise PermissionDenied
    start = periods.start_of(kind, start)
    end = periods.end_of(kind, start)
    due_on = due_on or periods.default_due(kind, start)
    if due_on < end:
        raise ValidationError(
            {"due_on": _("The due date cannot be before the end of the period (%s).") % end}
        )
    period, created = ReportingPeriod.objects.get_or_create(
        kind=kind, start=start, defaults={"end": end, "due_on": due_on}
    )
    if not created and period.due_on != due_on:
        period.due_on = due_on
        period.save(update_fields=["due_on"])
    existing = set(PartnerReport.objects.filter(period=period).values_list("country_id", "coalition_id"))
    memberships = Membership.objects.select_related("country", "coalition")
    new = [
        PartnerReport(period=period, country_id=m.country_id, coalition_id=m.coalition_id)
        for m in memberships
        if m.reports_in(period) and (m.country_id, m.coalition_id) not in existing
    ]
    PartnerReport.objects.bulk_create(new)
    return period, len(new)


def period_for_plan(*, kind: str, start: datetime.date, legacy: bool = False) -> ReportingPeriod:
    """The period of ``kind`` holding the day ``start``, created if not yet opened.

    Plan lines and legacy deliveries point at such periods. A period created for legacy
    deliveries is marked ``legacy`` (history only: nobody owes a report for it); one that
    was already open keeps its mark.
    """
    start = periods.start_of(kind, start)
    period, _created = ReportingPeriod.objects.get_or_create(
        kind=kind,
        start=start,
        defaults={
            "end": periods.end_of(kind, start),
            "due_on": periods.default_due(kind, start),
            "legacy": legacy,
        },
    )
    return period


# Lines -------------------------------------------------------------------------------


def _lock_editable(report, user):
    locked = _locked(report)
    if not workflow.may_edit(user, locked):
        raise PermissionDenied
    if not workflow.is_editable(locked):
        raise ValidationError(
            _("This report is %(status)s: its lines can no longer be changed.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _lock_line(model, line, report, version):
    current = model.objects.select_for_update().get(pk=line.pk, report=report)
    if version is not None and current.version != version:
        raise StaleEdit
    return current


def _check_delivery(report: PartnerReport, data: dict) -> dict:
    _raise_problems(
        commitment=rules.commitment(report, data["commitment"]),
        delivered_on=rules.delivery_date(report, data["delivered_on"])
        or rules.delivery_not_future(data["delivered_on"]),
        quantity=rules.quantity(data.get("quantity")),
    )
    return data


def _check_plan(report: PartnerReport, data: dict) -> dict:
    """Plans point at a period after the report's; ``data["period"]`` may be its start date."""
    start = getattr(data["period"], "start", data["period"])
    _raise_problems(
        commitment=rules.commitment(report, data["commitment"]),
        period=rules.plan_period(report, start),
        quantity=rules.quantity(data.get("quantity")),
        need=rules.plan_need(data["commitment"], data.get("need")),
    )
    return data | {"period": period_for_plan(kind=report.period.kind, start=start)}


def _raise_problems(**problems: str | None) -> None:
    """The form's shape of the line rules' verdict: one ValidationError naming each failing field."""
    errors = {name: problem for name, problem in problems.items() if problem}
    if errors:
        raise ValidationError(errors)


def report_line_save(model, check, *, report, user, data, line=None, version=None):
    """Add (or, with ``line`` and its ``version``, change) a line of ``model`` in ``report``:
    the one path of every partner report line (deliveries, plans, venture output, training):
    the report locked and editable by ``user``, ``check(report, data)`` (the line rules) passed,
    the data checks refreshed. Call it inside a transaction."""
    locked = _lock_editable(report, user)
    data = check(locked, data)
    if line is None:
        saved = model.objects.create(report=locked, **data)
    else:
        saved = versioned_save(_lock_line(model, line, locked, version), data)
    checks.refresh(locked)
    return saved


@transaction.atomic
def delivery_line_save(
    *,
    report: PartnerReport,
    user: User,
    data: dict,
    line: DeliveryLine | None = None,
    version: int | None = None,
) -> DeliveryLine:
    """Add a delivery line to ``report`` or, with ``line`` and its ``version``, change it."""
    return report_line_save(
        DeliveryLine, _check_delivery, report=report, user=user, data=data, line=line, version=version
    )


@transaction.atomic
def plan_line_save(
    *,
    report: PartnerReport,
    user: User,
    data: dict,
    line: PlanLine | None = None,
    version: int | None = None,
) -> PlanLine:
    return report_line_save(
        PlanLine, _check_plan, report=report, user=user, data=data, line=line, version=version
    )


@transaction.atomic
def line_delete(*, line: DeliveryLine | PlanLine, user: User, version: int | None) -> None:
    """Remove a delivery or plan line from its (editable) report."""
    locked = _lock_editable(line.report, user)
    _lock_line(type(line), line, locked, version).delete()
    checks.refresh(locked)


# Usage reports ------------------------------------------------------------------------


def received_in_period(coalition: Coalition, period: ReportingPeriod) -> dict[int, int]:
    """Approved delivered quantity per capability id of ``coalition`` inside ``period``."""
    lines = figures.counted_deliveries().filter(
        report__coalition=coalition, delivered_on__gte=period.start, delivered_on__lte=period.end
    )
    totals = {}
    for capability_id, quantity in lines.values_list("commitment__capability_id", "quantity"):
        totals[capability_id] = totals.get(capability_id, 0) + quantity
    return totals


@transaction.atomic
def usage_report_create(*, user: User, coalition: Coalition, period: ReportingPeriod) -> UsageReport:
    """Ukraine's usage report of ``coalition`` for ``period``, one line per capability,
    ``received`` prefilled from approved deliveries."""
    if not access.is_analyst(user):
        raise PermissionDenied
    if UsageReport.objects.filter(coalition=coalition, period=period).exists():
        raise ValidationError(
            _("A usage report of %(coalition)s for %(period)s already exists.")
            % {
                "coalition": coalition,
                "period": period.label,
            }
        )
    report = UsageReport.objects.create(coalition=coalition, period=period, author=user)
    received = received_in_period(coalition, period)
    UsageLine.objects.bulk_create(
        UsageLine(report=report, capability=capability, received=received.get(capability.pk, 0))
        for capability in Capability.objects.filter(coalition=coalition)
    )
    _event(report, user, "", S.DRAFT)
    checks.refresh(report)
    return report


@transaction.atomic
def usage_line_save(*, line: UsageLine, user: User, data: dict, version: int | None) -> UsageLine:
    locked = _lock_editable(line.report, user)
    saved = versioned_save(_lock_line(UsageLine, line, locked, version), data)
    checks.refresh(locked)
    return saved


# Data checks ---------------------------------------------------------------------------


@transaction.atomic
def flags_explain(*, report: Report, user: User, explanations: dict[int, str]) -> int:
    """Store the writer's explanation of each data check warning of an editable ``report``
    (``explanations``: flag id → text). Returns how many changed."""
    locked = _lock_editable(report, user)
    changed, now = [], timezone.now()
    for flag in checks.flags_of(locked).order_by("pk").select_for_update().filter(pk__in=list(explanations)):
        text = explanations[flag.pk].strip()
        if text != flag.explanation:
            flag.explanation = text
            flag.explained_by, flag.explained_at = (user, now) if text else (None, None)
            changed.append(flag)
    DataFlag.objects.bulk_update(changed, ["explanation", "explained_by", "explained_at"])
    return len(changed)

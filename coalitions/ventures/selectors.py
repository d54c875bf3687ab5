"""Read queries of the venture and training pages, through ``accounts.access``.

Another country's venture is read by the members of its coalition once it has approved
output (its ``scope``); its region only by the ministry and the owning country: every
venture a selector returns has ``oblast`` blanked (in memory) unless ``access.may_see_region``,
so no page, file or API built on these selectors can show it.

For other parts of the portal (API, briefings): ``ventures_for``, ``programmes_for``,
``stage_history``, ``stage_times``, ``venture_output_per_period``,
``training_per_period`` and, for figures, ``reports.figures.ventures``.
"""

import datetime
from collections import defaultdict

from django.db.models import Prefetch, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import access
from coalitions.names import localized_f
from reports import periods
from reports.figures import counted_reports
from reports.models import ReportStatus

from .models import (
    JointVenture,
    Stage,
    StageChange,
    TrainingProgramme,
    TrainingThroughput,
    VentureCapacity,
    VentureOutput,
)


def mask_regions(user, ventures):
    """``ventures`` (a list) with the region blanked where ``user`` may not see it."""
    for venture in ventures:
        venture.region_shown = access.may_see_region(user, venture)
        if not venture.region_shown:
            venture.oblast = ""
    return ventures


def ventures_for(user, *, coalition=None):
    """The ventures ``user`` may read, regions masked, with capacities (a list)."""
    rows = JointVenture.objects.for_user(user).select_related("country", "coalition")
    if coalition is not None:
        rows = rows.filter(coalition=coalition)
    rows = rows.prefetch_related(
        Prefetch("capacities", queryset=VentureCapacity.objects.select_related("capability"))
    )
    return mask_regions(user, list(rows))


def venture_queryset(user):
    return JointVenture.objects.for_user(user).select_related("country", "coalition")


def get_venture(user, pk):
    """One venture ``user`` may read (404 otherwise), region masked."""
    venture = get_object_or_404(venture_queryset(user), pk=pk)
    return mask_regions(user, [venture])[0]


def programmes_for(user, *, coalition=None):
    rows = TrainingProgramme.objects.for_user(user).select_related(
        "country", "coalition", "host_country", "capability"
    )
    return rows.filter(coalition=coalition) if coalition is not None else rows


def get_programme(user, pk):
    return get_object_or_404(programmes_for(user), pk=pk)


def stage_history(venture, today=None):
    """The venture's stages in order: stage, from, to (None: still in it), days, reason."""
    today = today or timezone.localdate()
    # sorted here, so a prefetched ``stage_changes`` (the API's lists) is read without a query
    changes = sorted(venture.stage_changes.all(), key=lambda change: (change.on, change.id))
    return _spans(changes, today)


def _spans(changes, today):
    rows = []
    for i, change in enumerate(changes):
        end = changes[i + 1].on if i + 1 < len(changes) else None
        rows.append(
            {
                "stage": change.stage,
                "label": Stage(change.stage).label,
                "start": change.on,
                "end": end,
                "days": ((end or today) - change.on).days,
                "reason": change.reason,
            }
        )
    return rows


def stage_times(ventures, today=None) -> dict[int, dict[str, int]]:
    """Days each venture spent in each stage (venture id → stage → days), one query."""
    today = today or timezone.localdate()
    changes = defaultdict(list)
    for change in StageChange.objects.filter(venture__in=[v.pk for v in ventures]).order_by("on", "id"):
        changes[change.venture_id].append(change)
    times = {}
    for venture in ventures:
        days = defaultdict(int)
        for span in _spans(changes[venture.pk], today):
            days[span["stage"]] += span["days"]
        times[venture.pk] = dict(days)
    return times


def ventures_by_stage(user, *, coalition=None):
    """The ministry's list: (stage label, ventures with ``days_in`` per stage) for every stage."""
    ventures = ventures_for(user, coalition=coalition)
    times = stage_times(ventures)
    groups = []
    for stage in Stage:
        rows = [v for v in ventures if v.stage == stage]
        for venture in rows:
            venture.days_in = [times[venture.pk].get(s, 0) for s in Stage]
        groups.append({"stage": stage, "label": stage.label, "ventures": rows})
    return groups


def coalition_ventures(user, coalition):
    """The coalition's ventures ``user`` reads (regions masked), each with ``approved_output``:
    its output in counted (approved) reports, per capability (name, unit, quantity)."""
    ventures = ventures_for(user, coalition=coalition)
    totals = defaultdict(list)
    rows = (
        VentureOutput.objects.filter(venture__in=[v.pk for v in ventures], report__in=counted_reports())
        .order_by("capability__name")
        .values("venture", "capability__unit", capability_name=localized_f("capability__name"))
        .annotate(quantity=Sum("quantity"))
    )
    for row in rows:
        totals[row["venture"]].append(row)
    for venture in ventures:
        venture.approved_output = totals[venture.pk]
    return ventures


def _output_lines(user):
    """Output lines ``user`` may read: own country's in every report state, others' approved."""
    return VentureOutput.objects.for_user(user)


def venture_output_per_period(user, venture=None, *, counted_only=False):
    """Output per report period and capability: rows (period label, start, capability, unit,
    quantity, report status). ``counted_only``: only lines of counted (approved) reports."""
    lines = _output_lines(user)
    if counted_only:
        lines = lines.filter(report__in=counted_reports())
    if venture is not None:
        lines = lines.filter(venture=venture)
    rows = lines.order_by("report__period__start", "capability__name").values(
        "venture",
        "report__period__start",
        "report__period__kind",
        "capability__unit",
        "report__status",
        capability_name=localized_f("capability__name"),
    )
    return _labelled(rows.annotate(quantity=Sum("quantity")))


def _labelled(rows):
    """Rows with their period's label and their report's status label."""
    rows = list(rows)
    for row in rows:
        row["period"] = periods.label(row["report__period__kind"], row["report__period__start"])
        row["status"] = ReportStatus(row["report__status"]).label
    return rows


def training_per_period(user, programme=None, *, counted_only=False):
    lines = TrainingThroughput.objects.for_user(user)
    if counted_only:
        lines = lines.filter(report__in=counted_reports())
    if programme is not None:
        lines = lines.filter(programme=programme)
    rows = lines.order_by("report__period__start").values(
        "programme", "report__period__start", "report__period__kind", "report__status"
    )
    return _labelled(rows.annotate(started=Sum("started"), completed=Sum("completed")))


def report_outputs(report):
    return report.venture_outputs.select_related("venture", "capability")


def report_training(report):
    return report.training_lines.select_related("programme")


def venture_for_edit(user, pk):
    """A venture to change: 404 when not readable, 403 when not the user's to change."""
    venture = get_venture(user, pk)
    access.require(access.may_change, user, venture)
    return venture


def programme_for_edit(user, pk):
    programme = get_programme(user, pk)
    access.require(access.may_change, user, programme)
    return programme


def today() -> datetime.date:
    return timezone.localdate()

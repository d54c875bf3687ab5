"""Capacity built in Ukraine: joint ventures that produce, maintain and repair equipment, and
training programmes. Their output and throughput are lines of the partner report
(``VentureOutput``, ``TrainingThroughput``), reviewed with it and final with it (the same
database trigger as delivery lines, ``reports.models.line_triggers``).
"""

import dataclasses

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from accounts.access import Scope, ScopedQuerySet
from coalitions.models import Capability, Coalition, Country, tracked
from reports.models import PartnerReport, ReportStatus, line_triggers, sql_status

from .regions import Oblast

APPROVED_REPORT = Q(report__status=ReportStatus.APPROVED)


class VentureKind(models.TextChoices):
    PRODUCTION = "production", _("Production")
    MAINTENANCE = "maintenance", _("Maintenance")
    REPAIR = "repair", _("Repair")


class Stage(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    SIGNED = "signed", _("Agreement signed")
    SETTING_UP = "setting_up", _("Setting up")
    OPERATING = "operating", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


# How far along each stage is: a move to a lower rank is a step backwards and needs a reason.
# Suspended sits beside operating (resuming is no step back); closed is the end.
STAGE_RANK = {
    Stage.PROPOSED: 0,
    Stage.SIGNED: 1,
    Stage.SETTING_UP: 2,
    Stage.OPERATING: 3,
    Stage.SUSPENDED: 3,
    Stage.CLOSED: 4,
}


class TrainingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")


TRAINING_RANK = {
    TrainingStatus.PLANNED: 0,
    TrainingStatus.RUNNING: 1,
    TrainingStatus.SUSPENDED: 1,
    TrainingStatus.COMPLETED: 2,
}


@tracked()
class JointVenture(models.Model):
    """A joint venture of a partner country's company with a Ukrainian partner, in one coalition.

    Its place is an oblast, never more precise; names of organisations only
    (``ventures.sensitive`` refuses addresses, coordinates and people's names).
    """

    country = models.ForeignKey(
        Country, verbose_name=_("partner country"), on_delete=models.PROTECT, related_name="ventures"
    )
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="ventures"
    )
    name = models.CharField(_("name"), max_length=200)
    partner_company = models.CharField(_("partner company"), max_length=200)
    ukrainian_partner = models.CharField(_("Ukrainian partner"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=VentureKind.choices)
    oblast = models.CharField(
        _("region (oblast)"),
        max_length=5,
        choices=Oblast.choices,
        blank=True,
        help_text=_("Oblast level only: never a town, street or coordinates."),
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.PROPOSED)
    stage_since = models.DateField(_("in this stage since"))
    notes = models.TextField(_("notes"), blank=True)
    capabilities = models.ManyToManyField(
        Capability, through="VentureCapacity", verbose_name=_("capabilities served"), related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["coalition", "country", "name"]
        verbose_name = _("joint venture")
        verbose_name_plural = _("joint ventures")
        constraints = [
            models.CheckConstraint(
                condition=Q(oblast="") | Q(oblast__in=Oblast.values), name="venture_oblast"
            ),
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="venture_stage"),
        ]
        indexes = [models.Index(fields=["coalition", "country"])]

    def __str__(self):
        return self.name


@tracked()
class VentureCapacity(models.Model):
    """A capability a venture serves, with its monthly capacity in the capability's unit."""

    venture = models.ForeignKey(JointVenture, on_delete=models.CASCADE, related_name="capacities")
    capability = models.ForeignKey(Capability, verbose_name=_("capability"), on_delete=models.PROTECT)
    monthly_capacity = models.PositiveIntegerField(
        _("monthly capacity"), help_text=_("In the capability's unit (rounds, pieces, systems, …) per month.")
    )

    class Meta:
        ordering = ["capability__name"]
        verbose_name = _("venture capacity")
        verbose_name_plural = _("venture capacities")
        constraints = [
            models.UniqueConstraint(fields=["venture", "capability"], name="venture_capacity_unique"),
            models.CheckConstraint(condition=Q(monthly_capacity__gt=0), name="venture_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.capability} {self.monthly_capacity}/month"


@tracked()
class StageChange(models.Model):
    """One step of a venture's stage history: the stage it entered and on which day.

    The time a venture spent in a stage runs from its change to the next one. Append-only
    (a trigger), so the history is what happened.
    """

    venture = models.ForeignKey(JointVenture, on_delete=models.PROTECT, related_name="stage_changes")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    on = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.stage} {self.on}"


@tracked()
class TrainingProgramme(models.Model):
    """A partner country's training programme (a course at a base) for Ukraine's personnel."""

    country = models.ForeignKey(
        Country, verbose_name=_("partner country"), on_delete=models.PROTECT, related_name="programmes"
    )
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="programmes"
    )
    course = models.CharField(_("course"), max_length=200)
    capability = models.ForeignKey(
        Capability,
        verbose_name=_("capability"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    host_country = models.ForeignKey(
        Country, verbose_name=_("host country"), on_delete=models.PROTECT, related_name="+"
    )
    site = models.CharField(_("site (city)"), max_length=100, help_text=_("City level only."))
    starts_on = models.DateField(_("first course starts on"))
    planned_per_period = models.PositiveIntegerField(_("planned trainees per period"))
    instructors = models.PositiveIntegerField(_("instructors"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=TrainingStatus.choices, default=TrainingStatus.PLANNED
    )
    status_reason = models.TextField(_("reason for the last status change"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["coalition", "country", "course"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TrainingStatus.values), name="programme_status"),
        ]

    def __str__(self):
        return self.course


LINE_SCOPE = Scope(
    country="report__country",
    coalition="report__coalition",
    approved=APPROVED_REPORT,
    members_read_approved=True,  # members read others' approved output (not their regions)
    day="report__period__start",
)


@tracked()
class VentureOutput(models.Model):
    """What a venture produced, maintained or repaired (its kind) of a capability in the report's period."""

    report = models.ForeignKey(
        PartnerReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="venture_outputs"
    )
    venture = models.ForeignKey(
        JointVenture, verbose_name=_("joint venture"), on_delete=models.PROTECT, related_name="outputs"
    )
    capability = models.ForeignKey(Capability, verbose_name=_("capability"), on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(_("quantity"))
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = dataclasses.replace(LINE_SCOPE, category="capability__category")

    class Meta:
        ordering = ["venture__name", "capability__name", "id"]
        verbose_name = _("venture output")
        verbose_name_plural = _("venture output")
        constraints = [
            models.UniqueConstraint(fields=["report", "venture", "capability"], name="venture_output_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="venture_output_positive"),
        ]
        triggers = line_triggers("reports_partnerreport")

    def __str__(self):
        return f"{self.venture} {self.capability} {self.quantity}"


@tracked()
class TrainingThroughput(models.Model):
    """Trainees who started and who completed a programme in the report's period."""

    report = models.ForeignKey(
        PartnerReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="training_lines"
    )
    programme = models.ForeignKey(
        TrainingProgramme,
        verbose_name=_("training programme"),
        on_delete=models.PROTECT,
        related_name="throughput",
    )
    started = models.PositiveIntegerField(_("started"), default=0)
    completed = models.PositiveIntegerField(_("completed"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = LINE_SCOPE

    class Meta:
        ordering = ["programme__course", "id"]
        verbose_name = _("training throughput")
        verbose_name_plural = _("training throughput")
        constraints = [
            models.UniqueConstraint(fields=["report", "programme"], name="training_throughput_unique"),
            models.CheckConstraint(
                condition=Q(started__gt=0) | Q(completed__gt=0), name="training_throughput_positive"
            ),
        ]
        triggers = line_triggers("reports_partnerreport")

    def __str__(self):
        return f"{self.programme} +{self.started}/{self.completed}"


def _has_approved(table, column):
    """Rows with a line in an approved report (``table``'s ``column`` points at them): SQL,
    since the scope is built before the models are loaded; no outer reference, so it holds
    wherever the queryset is used (a subquery aliases its table)."""
    approved = sql_status(ReportStatus.APPROVED)
    sql = (
        f"SELECT l.{column} FROM {table} l JOIN reports_partnerreport r ON r.id = l.report_id"
        f" WHERE r.status = {approved}"
    )
    return Q(pk__in=RawSQL(sql, []))


# A venture or programme of another country is read by the members of its coalition once
# it has figures in an approved report (name, kind, status, output; never its region, see
# ``accounts.access.may_see_region``); observers read the same, as aggregates.
JointVenture.scope = Scope(
    approved=_has_approved("ventures_ventureoutput", "venture_id"), members_read_approved=True
)
TrainingProgramme.scope = Scope(
    approved=_has_approved("ventures_trainingthroughput", "programme_id"), members_read_approved=True
)

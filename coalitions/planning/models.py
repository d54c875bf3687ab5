"""What a coalition agreed to do (its roadmap) and who answers Ukraine's needs (calls).

An approved roadmap version never changes, nor do its milestones: the database refuses
it (``version_triggers``, ``milestone_triggers``), as it refuses changes to an approved
report. A revision is a new version n + 1 (``services.roadmap_revise``). Progress between
versions is kept as ``MilestoneUpdate`` rows, which belong to no version's content.
"""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import Scope, ScopedQuerySet
from coalitions.models import Coalition, Commitment, Country, Need, tracked
from reports import periods


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    AT_RISK = "at_risk", _("At risk")
    DROPPED = "dropped", _("Dropped")


# Milestones that are finished either way: never overdue.
CLOSED = (MilestoneStatus.DONE, MilestoneStatus.DROPPED)
APPROVED_SQL = f"'{VersionStatus.APPROVED.value}'"

# Every member of the coalition, its observers and the ministry read approved versions;
# drafts only the lead countries and the ministry.
VERSION_SCOPE = Scope(
    country=None,
    coalition="roadmap__coalition",
    approved=Q(status=VersionStatus.APPROVED),
    members_read_approved=True,
    leads_read_all=True,
)


def version_triggers():
    """An approved version is never updated nor deleted; draft → approved is its only move."""
    approved = pgtrigger.Condition(f"OLD.status = {APPROVED_SQL}")
    return [
        pgtrigger.Protect(name="approved_version_no_update", operation=pgtrigger.Update, condition=approved),
        pgtrigger.Protect(name="approved_version_no_delete", operation=pgtrigger.Delete, condition=approved),
        pgtrigger.FSM(
            name="version_transitions",
            field="status",
            transitions=[(VersionStatus.DRAFT.value, VersionStatus.APPROVED.value)],
        ),
    ]


def milestone_triggers():
    """Milestones of an approved version can be neither added, changed nor removed."""
    locked = f"SELECT 1 FROM planning_roadmapversion WHERE id = %s.version_id AND status = {APPROVED_SQL}"
    func = f"""
        IF (TG_OP <> 'INSERT' AND EXISTS ({locked % "OLD"}))
           OR (TG_OP <> 'DELETE' AND EXISTS ({locked % "NEW"})) THEN
            RAISE EXCEPTION 'pgtrigger: milestones of an approved roadmap version cannot change (table %)',
                TG_TABLE_NAME;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    """
    return [
        pgtrigger.Trigger(
            name="approved_milestones_locked",
            when=pgtrigger.Before,
            operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
            func=func,
        )
    ]


@tracked()
class Roadmap(models.Model):
    coalition = models.OneToOneField(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="roadmap"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(country=None, approved=Q(), members_read_approved=True, leads_read_all=True)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")

    def __str__(self):
        return str(self.coalition)


@tracked()
class RoadmapVersion(models.Model):
    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("roadmap"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=8, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    objectives = models.TextField(_("objectives"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = VERSION_SCOPE

    class Meta:
        ordering = ["roadmap", "-number"]
        verbose_name = _("roadmap version")
        verbose_name_plural = _("roadmap versions")
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="roadmap_version_unique"),
            models.UniqueConstraint(
                fields=["roadmap"], condition=Q(status="draft"), name="roadmap_one_draft"
            ),
        ]
        triggers = version_triggers()

    def __str__(self):
        return f"{self.roadmap} v{self.number}"

    @property
    def is_approved(self):
        return self.status == VersionStatus.APPROVED


@tracked()
class Milestone(models.Model):
    version = models.ForeignKey(
        RoadmapVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="milestones"
    )
    key = models.PositiveIntegerField(
        _("milestone number"), help_text=_("The same milestone keeps its number across versions.")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Country, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="milestones"
    )
    due_on = models.DateField(_("due"))
    due_is_quarter = models.BooleanField(_("due by quarter"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        country=None,
        coalition="version__roadmap__coalition",
        approved=Q(version__status=VersionStatus.APPROVED),
        members_read_approved=True,
        leads_read_all=True,
        day="due_on",
    )

    class Meta:
        ordering = ["due_on", "key"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="milestone_key_unique")]
        triggers = milestone_triggers()

    def __str__(self):
        return self.title

    @property
    def due_label(self) -> str:
        if self.due_is_quarter:
            return periods.label(periods.QUARTERLY, self.due_on)
        return self.due_on.isoformat()

    # the fields a revision compares (``selectors.version_diff``)
    COMPARED = ("title", "description", "owner_id", "due_on", "due_is_quarter", "status")


@tracked()
class MilestoneUpdate(models.Model):
    """Progress on a milestone of an approved version, posted by its owner country."""

    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.PROTECT, related_name="updates"
    )
    status = models.CharField(_("status"), max_length=12, choices=MilestoneStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    on = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        country=None,
        coalition="milestone__version__roadmap__coalition",
        approved=Q(milestone__version__status=VersionStatus.APPROVED),
        members_read_approved=True,
        leads_read_all=True,
    )

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("milestone update")
        verbose_name_plural = _("milestone updates")

    def __str__(self):
        return f"{self.milestone} {self.on}: {self.get_status_display()}"


@tracked()
class CallForContributions(models.Model):
    """A call to a coalition's members to cover an open need, with who responded."""

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.PROTECT, related_name="calls")
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="calls"
    )
    message = models.TextField(_("message"), blank=True)
    gap = models.PositiveIntegerField(_("gap when sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    # a call goes to every member of the coalition
    scope = Scope(country=None, approved=Q(), members_read_approved=True, leads_read_all=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("call for contributions")
        verbose_name_plural = _("calls for contributions")

    def __str__(self):
        return f"{self.need} ({self.sent_at:%Y-%m-%d})" if self.sent_at else str(self.need)

    @property
    def is_open(self):
        return self.closed_at is None


@tracked()
class CallResponse(models.Model):
    """A member country's offer in answer to a call (recorded by ``services.need_offer``)."""

    call = models.ForeignKey(
        CallForContributions, verbose_name=_("call"), on_delete=models.CASCADE, related_name="responses"
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(_("quantity offered"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(coalition="call__coalition")

    class Meta:
        ordering = ["responded_at", "id"]
        verbose_name = _("response to a call")
        verbose_name_plural = _("responses to calls")

    def __str__(self):
        return f"{self.country} → {self.call}"

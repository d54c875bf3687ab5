import dataclasses

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import Scope, ScopedQuerySet
from coalitions.models import Cadence, Capability, Coalition, Commitment, Country, Need, tracked

from . import periods


class ReportingPeriod(models.Model):
    kind = models.CharField(_("kind"), max_length=8, choices=Cadence.choices, default=Cadence.QUARTERLY)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due_on = models.DateField(_("due date"))
    legacy = models.BooleanField(
        _("history only"),
        default=False,
        help_text=_(
            "Opened by a history import for its legacy reports: nobody owes a report for it, "
            "so it is never missing or overdue."
        ),
    )

    class Meta:
        ordering = ["-start", "kind"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["kind", "start"], name="period_unique"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_end_after_start"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return periods.label(self.kind, self.start)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")


APPROVED = Q(status=ReportStatus.APPROVED)
# The report life cycle, written once. action: (states it starts from, state it ends in).
# The database allows exactly these moves (the FSM trigger below); reports.workflow says who
# may make them.
ACTIONS = {
    "submit": ((ReportStatus.DRAFT, ReportStatus.RETURNED), ReportStatus.SUBMITTED),
    "approve": ((ReportStatus.SUBMITTED,), ReportStatus.APPROVED),
    "return": ((ReportStatus.SUBMITTED,), ReportStatus.RETURNED),
    "reopen": ((ReportStatus.APPROVED,), ReportStatus.SUPERSEDED),
}
TRANSITIONS = [(str(source), str(target)) for sources, target in ACTIONS.values() for source in sources]
# A report in these states never changes again (the triggers below).
FINAL = (ReportStatus.APPROVED, ReportStatus.SUPERSEDED)


def sql_status(status: str) -> str:
    """A status as an SQL string literal (``'approved'``), so no SQL spells a status by hand."""
    return f"'{ReportStatus(status).value}'"


def sql_statuses(statuses: tuple[str, ...]) -> str:
    """Statuses as the list of an SQL ``IN (…)``: ``'approved', 'superseded'``."""
    return ", ".join(sql_status(status) for status in statuses)


def report_triggers(*columns):
    """Approved and superseded reports never change, except approved → superseded on reopen.

    ``columns`` are every column but status, version and updated_at: reopening may change
    nothing else.
    """
    old = ", ".join(f"OLD.{c}" for c in columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    final = f"OLD.status IN ({sql_statuses(FINAL)})"
    unchanged = f"ROW({old}) IS NOT DISTINCT FROM ROW({new})"
    (reopened,), superseded = ACTIONS["reopen"]
    supersede = (
        f"OLD.status = {sql_status(reopened)} AND NEW.status = {sql_status(superseded)} AND {unchanged}"
    )
    return [
        pgtrigger.Protect(
            name="final_no_delete", operation=pgtrigger.Delete, condition=pgtrigger.Condition(final)
        ),
        pgtrigger.Protect(
            name="final_no_update",
            operation=pgtrigger.Update,
            condition=pgtrigger.Condition(f"{final} AND NOT ({supersede})"),
        ),
        pgtrigger.FSM(name="status_transitions", field="status", transitions=TRANSITIONS),
    ]


LINES_LOCKED = "final_report_lines_locked"


def line_triggers(report_table):
    """Lines of an approved (or superseded) report can be neither added, changed nor removed."""
    locked = f"SELECT 1 FROM {report_table} WHERE id = %s.report_id AND status IN ({sql_statuses(FINAL)})"
    func = f"""
        IF (TG_OP <> 'INSERT' AND EXISTS ({locked % "OLD"}))
           OR (TG_OP <> 'DELETE' AND EXISTS ({locked % "NEW"})) THEN
            RAISE EXCEPTION 'pgtrigger: lines of an approved report cannot change (table %)', TG_TABLE_NAME;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    """
    return [
        pgtrigger.Trigger(
            name=LINES_LOCKED,
            when=pgtrigger.Before,
            operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
            func=func,
        )
    ]


def line_models(report_model):
    """Every model of lines of ``report_model``: those locked with it (``line_triggers``),
    wherever they live (delivery and plan lines here, venture output and training in
    ``coalitions.ventures``). Reopening a report copies each of them."""
    return [
        rel.related_model
        for rel in report_model._meta.related_objects
        if rel.field.name == "report"
        and any(t.name == LINES_LOCKED for t in getattr(rel.related_model._meta, "triggers", []))
    ]


REPORT_COLUMNS = (
    "id",
    "period_id",
    "revision",
    "submitted_by_id",
    "submitted_at",
    "decided_by_id",
    "decided_at",
    "created_at",
)
# Written by the database when a partner report becomes approved (every path: services,
# imports, admin, raw SQL); see reports.totals. The lines of an approved report never
# change (line_triggers), so the row stays true.
BECOMES_APPROVED = (
    f"OLD.status IS DISTINCT FROM NEW.status AND NEW.status = {sql_status(ReportStatus.APPROVED)}"
)


def fill_totals(where: str) -> str:
    """The one SQL that writes ``ReportTotal`` rows: delivered quantity per report and capability
    of the delivery lines ``where`` selects (alias ``l``). The approval trigger runs it for one
    report (``FILL_TOTALS``), ``reports.totals.fill_missing`` for every report without totals."""
    return f"""
    INSERT INTO reports_reporttotal (report_id, capability_id, quantity)
    SELECT l.report_id, c.capability_id, SUM(l.quantity)
    FROM reports_deliveryline l JOIN coalitions_commitment c ON c.id = l.commitment_id
    WHERE {where} GROUP BY l.report_id, c.capability_id"""


FILL_TOTALS = fill_totals("l.report_id = NEW.id") + ";\n    RETURN NULL;\n"


LINE_SCOPE = Scope(
    country="report__country",
    coalition="report__coalition",
    approved=Q(report__status="approved"),
    category="commitment__capability__category",
    day="report__period__start",  # a line counts in its report's period
)


class ReportBase(models.Model):
    """What partner and usage reports share: revision, status and who decided when."""

    period = models.ForeignKey(ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


@tracked()
class PartnerReport(ReportBase):
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="reports"
    )
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="reports"
    )

    scope = Scope(approved=APPROVED, day="period__start")

    class Meta:
        ordering = ["-period__start", "coalition", "country", "-revision"]
        verbose_name = _("partner report")
        verbose_name_plural = _("partner reports")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "coalition", "period", "revision"], name="partner_report_unique"
            )
        ]
        indexes = [models.Index(fields=["coalition", "country", "status"])]
        triggers = [
            *report_triggers(*REPORT_COLUMNS, "country_id", "coalition_id"),
            pgtrigger.Trigger(
                name="approved_totals",
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                condition=pgtrigger.Condition(BECOMES_APPROVED),
                func=FILL_TOTALS,
            ),
        ]

    def __str__(self):
        return f"{self.country} – {self.coalition} {self.period} r{self.revision}"


@tracked()
class DeliveryLine(models.Model):
    report = models.ForeignKey(
        PartnerReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="deliveries"
    )
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.PROTECT, related_name="deliveries"
    )
    delivered_on = models.DateField(_("delivered on"))
    quantity = models.PositiveIntegerField(_("quantity"))
    notes = models.TextField(_("notes"), blank=True)
    line_reference = models.CharField(_("line reference"), max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = LINE_SCOPE

    class Meta:
        ordering = ["delivered_on", "id"]
        verbose_name = _("delivery line")
        verbose_name_plural = _("delivery lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="delivery_quantity_positive"),
        ]
        indexes = [
            models.Index(fields=["commitment", "report"]),
            # The lines of a set of reports (one coalition, one country) are summed by an
            # index-only scan (consolidated figures and exports).
            models.Index(
                fields=["report"], include=["commitment", "quantity"], name="deliveryline_report_cover"
            ),
        ]
        triggers = line_triggers("reports_partnerreport")

    def __str__(self):
        return f"{self.commitment.capability} {self.quantity} ({self.delivered_on})"


class ReportTotal(models.Model):
    """Delivered quantity of one approved partner report for one capability (a summary of its lines)."""

    report = models.ForeignKey(PartnerReport, on_delete=models.PROTECT, related_name="totals")
    capability = models.ForeignKey(Capability, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveBigIntegerField()

    objects = ScopedQuerySet.as_manager()
    scope = dataclasses.replace(LINE_SCOPE, category="capability__category")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "capability"], name="report_total_unique"),
        ]

    def __str__(self):
        return f"{self.capability_id} {self.quantity} ({self.report_id})"


@tracked()
class PlanLine(models.Model):
    report = models.ForeignKey(
        PartnerReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="plans"
    )
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.PROTECT, related_name="plans"
    )
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("planned for"), on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(_("planned quantity"))
    need = models.ForeignKey(
        Need,
        verbose_name=_("need covered"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_lines",
        help_text=_("The need of Ukraine this plan covers, if any."),
    )
    notes = models.TextField(_("notes"), blank=True)
    line_reference = models.CharField(_("line reference"), max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = dataclasses.replace(LINE_SCOPE, day="period__start")  # the period it plans for

    class Meta:
        ordering = ["period__start", "id"]
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="plan_quantity_positive"),
        ]
        triggers = line_triggers("reports_partnerreport")

    def __str__(self):
        return f"{self.commitment.capability} {self.quantity} ({self.period})"


@tracked()
class UsageReport(ReportBase):
    """Ukraine's report of how a coalition's delivered equipment is used in a period."""

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="usage_reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    scope = Scope(country=None, approved=APPROVED, members_read_approved=True, day="period__start")

    class Meta:
        ordering = ["-period__start", "coalition", "-revision"]
        verbose_name = _("usage report")
        verbose_name_plural = _("usage reports")
        constraints = [
            models.UniqueConstraint(fields=["coalition", "period", "revision"], name="usage_report_unique")
        ]
        triggers = report_triggers(*REPORT_COLUMNS, "coalition_id", "author_id")

    def __str__(self):
        return f"{self.coalition} {self.period} r{self.revision}"


@tracked()
class UsageLine(models.Model):
    report = models.ForeignKey(
        UsageReport, verbose_name=_("report"), on_delete=models.PROTECT, related_name="lines"
    )
    capability = models.ForeignKey(Capability, verbose_name=_("capability"), on_delete=models.PROTECT)
    received = models.PositiveIntegerField(_("received"), default=0)
    expended = models.PositiveIntegerField(_("expended"), default=0)
    lost = models.PositiveIntegerField(_("lost"), default=0)
    under_repair = models.PositiveIntegerField(_("under repair"), default=0)
    serviceable = models.PositiveIntegerField(_("serviceable"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        country=None,
        coalition="report__coalition",
        approved=Q(report__status="approved"),
        members_read_approved=True,
        category="capability__category",
        day="report__period__start",
    )

    class Meta:
        ordering = ["capability"]
        verbose_name = _("usage line")
        verbose_name_plural = _("usage lines")
        constraints = [models.UniqueConstraint(fields=["report", "capability"], name="usage_line_unique")]
        triggers = line_triggers("reports_usagereport")

    def __str__(self):
        return f"{self.capability} ({self.report})"


class ReviewEvent(models.Model):
    """One step in a report's timeline. Read through the (already scoped) report."""

    partner_report = models.ForeignKey(
        PartnerReport, on_delete=models.PROTECT, null=True, blank=True, related_name="timeline"
    )
    usage_report = models.ForeignKey(
        UsageReport, on_delete=models.PROTECT, null=True, blank=True, related_name="timeline"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=ReportStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_report__isnull=True) ^ Q(usage_report__isnull=True),
                name="review_event_one_report",
            )
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


def flag_triggers():
    """Flags of an approved (or superseded) report can be neither added, changed nor removed."""
    final = sql_statuses(FINAL)

    def locked(row):
        return (
            f"EXISTS (SELECT 1 FROM reports_partnerreport WHERE id = {row}.partner_report_id"
            f" AND status IN ({final}))"
            f" OR EXISTS (SELECT 1 FROM reports_usagereport WHERE id = {row}.usage_report_id"
            f" AND status IN ({final}))"
        )

    func = f"""
        IF (TG_OP <> 'INSERT' AND ({locked("OLD")})) OR (TG_OP <> 'DELETE' AND ({locked("NEW")})) THEN
            RAISE EXCEPTION 'pgtrigger: flags of an approved report cannot change (table %)', TG_TABLE_NAME;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    """
    return [
        pgtrigger.Trigger(
            name="final_report_flags_locked",
            when=pgtrigger.Before,
            operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
            func=func,
        )
    ]


@tracked()
class DataFlag(models.Model):
    """A data check warning on one partner or usage report (rules: ``reports.checks``).

    Recomputed while the report is editable, explained by its writer before submitting,
    kept unchanged with the report once it is approved. Country, coalition and period are
    the report's, kept on the row for the data checks page's filters.
    """

    partner_report = models.ForeignKey(
        PartnerReport, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    usage_report = models.ForeignKey(
        UsageReport, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT)
    code = models.CharField(_("rule"), max_length=40)
    delivery_line = models.ForeignKey(
        DeliveryLine, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    capability = models.ForeignKey(
        Capability, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    explained_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(
        approved=Q(partner_report__status="approved") | Q(usage_report__status="approved"),
        day="period__start",
    )

    class Meta:
        ordering = ["period__start", "coalition", "country", "code", "id"]
        verbose_name = _("data check flag")
        verbose_name_plural = _("data check flags")
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_report__isnull=True) ^ Q(usage_report__isnull=True),
                name="data_flag_one_report",
            )
        ]
        triggers = flag_triggers()

    def __str__(self):
        return f"{self.code} ({self.partner_report_id or self.usage_report_id})"

    @property
    def key(self) -> tuple:
        """As ``checks.Finding.key``: what the flag is about (``subject``: a venture or programme)."""
        return (
            self.code,
            self.delivery_line_id,
            self.commitment_id,
            self.capability_id,
            self.params.get("subject"),
        )

    @property
    def message(self) -> str:
        """The message in the current language, naming the commitment and capability as they read
        now (``checks.current_message``: lists select ``checks.MESSAGE_RELATED``)."""
        from .checks import current_message

        return current_message(self)

    @property
    def report(self):
        return self.partner_report or self.usage_report


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent(), exclude=["pdf"])
class Briefing(models.Model):
    """A generated coalition briefing (``reports.briefings``), kept with its PDF.

    The PDF is stored in the database, so every application server can send it again; the
    next briefing of the same scope lists the changes since this one's ``data_as_of``.
    ``coalition`` empty: all coalitions; ``country`` empty: the whole coalition. A briefing
    never changes once made (a database trigger).
    """

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalition"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period_from = models.CharField(_("from quarter"), max_length=7)
    period_to = models.CharField(_("to quarter"), max_length=7)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    since = models.DateTimeField(_("changes since"), null=True, blank=True)
    data_as_of = models.DateTimeField(_("data as of"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    title = models.CharField(_("title"), max_length=300)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    seconds = models.FloatField(_("seconds to build"), default=0)
    pdf = models.BinaryField(_("PDF"))

    objects = ScopedQuerySet.as_manager()
    scope = Scope()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")
        indexes = [models.Index(fields=["coalition", "country", "-created_at"])]
        triggers = [pgtrigger.Protect(name="briefing_final", operation=pgtrigger.Update)]

    def __str__(self):
        return self.title


class FiguresChange(models.Model):
    """A transaction that changed data the figures read (``reports.figures.kept``).

    A statement-level trigger on every table the figures read inserts one row per writing
    transaction (its id), in that transaction; ``kept.fold`` adds committed rows up into the
    row of ``xid`` 0. The sum of ``n`` is the figures' data version: it grows with every
    committed change, and no writer waits for another on it (each inserts its own row).
    """

    xid = models.BigIntegerField(primary_key=True)
    n = models.BigIntegerField(default=1)

    def __str__(self):
        return f"{self.xid}: {self.n}"


class KeptFigures(models.Model):
    """Figures HTML computed at one data version for one reader's scope, filters and language
    (``reports.figures.kept``): served only while the data version is still ``version``."""

    key = models.CharField(max_length=64, primary_key=True)
    version = models.BigIntegerField()
    html = models.TextField()
    stored_at = models.DateTimeField()

    def __str__(self):
        return f"{self.key} @ {self.version}"


from .models_background import OutboxMail, PendingUpload, PreparedFile  # noqa: E402, F401

import datetime

import pghistory
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from accounts.access import Scope, ScopedQuerySet
from accounts.models import User
from reports import periods


def tracked():
    """History of every insert, update and delete, kept by database triggers. Each event table
    has an index on (the row, the event): a change history shows each event's difference from
    the event before it of the same row, which without it PostgreSQL looked for along the whole
    table (``reports.history._described``)."""
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        meta={"indexes": [models.Index(fields=["pgh_obj", "pgh_id"])]},
    )


class Cadence(models.TextChoices):
    QUARTERLY = periods.QUARTERLY, _("Quarterly")
    MONTHLY = periods.MONTHLY, _("Monthly")


@tracked()
class Country(models.Model):
    code = CountryField(_("ISO 3166 code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    is_recipient = models.BooleanField(_("recipient"), default=False)
    group = models.OneToOneField(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        permissions = [("report_country", _("Can report for the country"))]

    def __str__(self):
        return self.name


def names_itself(name: str) -> bool:
    """Whether a coalition's name already says "coalition" ("Drone Coalition"), so a sentence
    must not add the word again ("the Drone Coalition coalition")."""
    return any(word in name.lower() for word in ("coalition", "коаліц"))


@tracked()
class Coalition(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    launched_on = models.DateField(_("launched on"), null=True, blank=True)
    cadence = models.CharField(
        _("default cadence"), max_length=8, choices=Cadence.choices, default=Cadence.QUARTERLY
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")
        permissions = [
            ("lead_coalition", _("Can read every member's data as lead country")),
            ("observe_coalition", _("Can read approved figures as observer")),
        ]

    def __str__(self):
        return self.name


class MembershipRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO_LEAD = "co_lead", _("Co-lead")
    MEMBER = "member", _("Member")


LEAD_ROLES = (MembershipRole.LEAD, MembershipRole.CO_LEAD)


@tracked()
class Membership(models.Model):
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.CASCADE, related_name="memberships"
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=8, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    joined_on = models.DateField(
        _("joined on"),
        null=True,
        blank=True,
        help_text=_("The first day of the first period the country reports for."),
    )
    ended_on = models.DateField(
        _("ended on"),
        null=True,
        blank=True,
        help_text=_("The last day of the membership: no report is owed for a period starting later."),
    )
    cadence = models.CharField(
        _("cadence override"),
        max_length=8,
        choices=Cadence.choices,
        blank=True,
        help_text=_("Leave empty to use the coalition's default cadence."),
    )

    class Meta:
        ordering = ["coalition", "role", "country"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["coalition", "country"], name="membership_unique")]

    def __str__(self):
        return f"{self.country} – {self.coalition} ({self.get_role_display()})"

    @property
    def effective_cadence(self):
        return self.cadence or self.coalition.cadence

    @property
    def is_active(self):
        return self.ended_on is None

    def reports_in(self, period):
        """Whether this membership owes a report for ``period``: a partner country (not the
        recipient) reporting on the period's cadence that had joined by the period's end and
        had not left before it began, in a period that is not history only (a legacy period
        holds imported history; nobody owes a report for it, so it is never missing or overdue)."""
        if period.legacy:
            return False
        joined = self.joined_on is None or self.joined_on <= period.end
        not_ended = self.ended_on is None or self.ended_on >= period.start
        return (
            joined and not_ended and not self.country.is_recipient and self.effective_cadence == period.kind
        )


class Category(models.TextChoices):
    AMMUNITION = "ammunition", _("Ammunition")
    WEAPON_SYSTEMS = "weapon_systems", _("Weapon systems")
    COMPONENTS = "components", _("Components and spare parts")
    SENSORS = "sensors", _("Sensors and fire control")
    VEHICLES = "vehicles", _("Vehicles")
    TRAINING = "training", _("Training")
    MAINTENANCE = "maintenance", _("Maintenance and repair")
    OTHER = "other", _("Other")


class Unit(models.TextChoices):
    ROUNDS = "rounds", _("rounds")
    PIECES = "pieces", _("pieces")
    SYSTEMS = "systems", _("systems")
    SETS = "sets", _("sets")
    PERSONS = "persons", _("persons")


def quantity_with_unit(quantity, unit, number=number_format):
    """ "1 system", "1,200 rounds" (in Ukrainian "1 система", "1 200 систем"): the unit in the
    plural form the number needs, the number grouped by thousands (by ``number``: a table
    passes ``number_format`` with its language's separators read once)."""
    text = {
        Unit.ROUNDS: lambda n: ngettext("%(n)s round", "%(n)s rounds", n),
        Unit.PIECES: lambda n: ngettext("%(n)s piece", "%(n)s pieces", n),
        Unit.SYSTEMS: lambda n: ngettext("%(n)s system", "%(n)s systems", n),
        Unit.SETS: lambda n: ngettext("%(n)s set", "%(n)s sets", n),
        Unit.PERSONS: lambda n: ngettext("%(n)s person", "%(n)s persons", n),
    }.get(unit, lambda n: f"%(n)s {unit}")(quantity)
    return text % {"n": number(quantity)}


@tracked()
class Capability(models.Model):
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="capabilities"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)

    class Meta:
        ordering = ["coalition", "name"]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")

    def __str__(self):
        return self.name


class CapabilityAlias(models.Model):
    """Maps an item name found in imported spreadsheets to a capability."""

    text = models.CharField(_("item text"), max_length=200, unique=True)
    capability = models.ForeignKey(
        Capability, verbose_name=_("capability"), on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta:
        ordering = ["text"]
        verbose_name = _("capability alias")
        verbose_name_plural = _("capability aliases")

    def __str__(self):
        return self.text


class Priority(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COVERED = "covered", _("Covered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Needs are coalition-wide: every member, observer and the ministry reads them
# (``members_read_approved`` with every row "approved"); the paths the figure filters read.
NEED_PATHS = Scope(
    country=None,
    approved=Q(),
    members_read_approved=True,
    leads_read_all=True,
    category="capability__category",
    quarter=("year", "quarter"),
)
MONTHS = [(m, f"{m:02d}") for m in range(1, 13)]


def _month_in_quarter():
    """A monthly need's month lies in its quarter (the quarter keeps it in the quarterly figures)."""
    inside = Q(month__isnull=True)
    for quarter in periods.QUARTERS:
        inside |= Q(quarter=quarter, month__gte=3 * quarter - 2, month__lte=3 * quarter)
    return inside


@tracked()
class Need(models.Model):
    """What Ukraine's Defence Forces need of a capability in one quarter (or one month of it).

    Published by ministry analysts (``coalitions.planning.services.need_publish``); every change
    is kept in its history.
    """

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="needs"
    )
    capability = models.ForeignKey(Capability, verbose_name=_("capability"), on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(_("quantity"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=periods.QUARTER_CHOICES)
    month = models.PositiveSmallIntegerField(
        _("month"), choices=MONTHS, null=True, blank=True, help_text=_("Only for a monthly need.")
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.HIGH)
    justification = models.TextField(_("justification"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    published_by = models.ForeignKey(
        User,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = NEED_PATHS

    class Meta:
        ordering = ["coalition", "year", "quarter", "month", "capability"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "capability", "year", "quarter", "month"],
                name="need_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="need_quantity_positive"),
            models.CheckConstraint(
                condition=Q(year__gte=periods.FIRST_DAY.year, year__lte=periods.LAST_DAY.year),
                name="need_year_placeable",
            ),
            models.CheckConstraint(condition=_month_in_quarter(), name="need_month_in_quarter"),
        ]

    def __str__(self):
        return f"{self.capability} {self.period_label}"

    @staticmethod
    def span(year: int, quarter: int, month: int | None) -> tuple[datetime.date, datetime.date]:
        """The first and last day of the need of ``year``, ``quarter`` and (a monthly need) ``month``:
        for pages that read needs as plain rows."""
        start = datetime.date(year, month or 3 * quarter - 2, 1)
        return start, periods.end_of(periods.MONTHLY if month else periods.QUARTERLY, start)

    @property
    def kind(self) -> str:
        return periods.MONTHLY if self.month else periods.QUARTERLY

    @property
    def start(self):
        return self.span(self.year, self.quarter, self.month)[0]

    @property
    def end(self):
        return self.span(self.year, self.quarter, self.month)[1]

    @property
    def quantity_with_unit(self):
        return quantity_with_unit(self.quantity, self.capability.unit)

    @property
    def period_label(self) -> str:
        return periods.label(self.kind, self.start)

    @property
    def is_withdrawn(self):
        return self.status == NeedStatus.WITHDRAWN

    def clean(self):
        if self.capability_id and self.coalition_id and self.capability.coalition_id != self.coalition_id:
            raise ValidationError({"capability": _("This capability belongs to another coalition.")})


class Source(models.TextChoices):
    STOCKS = "stocks", _("From stocks")
    PRODUCTION = "production", _("New production")
    JOINT_PRODUCTION = "joint_production", _("Joint production in Ukraine")
    PROCUREMENT = "procurement", _("Procurement")
    FUNDING = "funding", _("Funding")


class CommitmentStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    COMMITTED = "committed", _("Committed")
    IN_DELIVERY = "in_delivery", _("In delivery")
    FULFILLED = "fulfilled", _("Fulfilled")
    CANCELLED = "cancelled", _("Cancelled")


class Origin(models.TextChoices):
    ENTERED = "entered", _("Entered")
    IMPORTED = "imported", _("Imported")
    LEGACY = "legacy", _("Legacy")


# Newest first, undated legacy rows last: the commitments' default order, and its indexes.
NEWEST_FIRST = (F("announced_on").desc(nulls_last=True), F("id").desc())


@tracked()
class Commitment(models.Model):
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="commitments"
    )
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), on_delete=models.PROTECT, related_name="commitments"
    )
    capability = models.ForeignKey(
        Capability, verbose_name=_("capability"), on_delete=models.PROTECT, related_name="commitments"
    )
    quantity = models.PositiveIntegerField(
        _("quantity"), null=True, blank=True, help_text=_("Leave empty when the quantity is undisclosed.")
    )
    value_eur = models.DecimalField(_("value (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.STOCKS)
    status = models.CharField(
        _("status"), max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.COMMITTED
    )
    announced_on = models.DateField(_("announced on"), null=True, blank=True)
    announced_text = models.CharField(
        _("announcement date as given"),
        max_length=100,
        blank=True,
        help_text=_("The date as the source wrote it, when it is not a plain date."),
    )
    partner_reference = models.CharField(_("partner reference"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    origin = models.CharField(_("origin"), max_length=8, choices=Origin.choices, default=Origin.ENTERED)
    import_key = models.CharField(_("import key"), max_length=100, blank=True, editable=False)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(category="capability__category", day="announced_on")

    class Meta:
        ordering = [F("announced_on").desc(nulls_last=True), "-id"]  # undated legacy rows last
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gt=0), name="commitment_quantity_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="commitment_cancel_reason"
            ),
            models.UniqueConstraint(
                fields=["import_key"], condition=~Q(import_key=""), name="commitment_import_key_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["coalition", "country"]),
            # the commitment list's default order (newest first), for a country's rows and for
            # all: its page is read from the index instead of sorting every row
            models.Index(F("country"), *NEWEST_FIRST, name="commitment_country_newest"),
            models.Index(*NEWEST_FIRST, name="commitment_newest"),
        ]

    def __str__(self):
        return self.label(self.country, self.capability, self.quantity)

    @staticmethod
    def label(country, capability, quantity) -> str:
        """ "Belgium – 155 mm shell (5,000)": a commitment as lists and choices name it (the quantity
        "undisclosed" when there is none), from its names, for pages that read them as plain values."""
        return (
            f"{country} – {capability} ({_('undisclosed') if quantity is None else number_format(quantity)})"
        )

    @property
    def quantity_display(self):
        return self.quantity if self.quantity is not None else _("undisclosed")

    @property
    def quantity_with_unit(self):
        """The quantity with its unit ("1 system"), or "undisclosed"."""
        if self.quantity is None:
            return _("undisclosed")
        return quantity_with_unit(self.quantity, self.capability.unit)

    @property
    def is_cancelled(self):
        return self.status == CommitmentStatus.CANCELLED

    def clean(self):
        errors = {}
        if self.capability_id and self.coalition_id and self.capability.coalition_id != self.coalition_id:
            errors["capability"] = _("This capability belongs to another coalition.")
        if (
            self.country_id
            and self.coalition_id
            and not Membership.objects.filter(
                coalition_id=self.coalition_id, country_id=self.country_id
            ).exists()
        ):
            errors["coalition"] = _("The country is not a member of this coalition.")
        if errors:
            raise ValidationError(errors)


class CommitmentTotal(models.Model):
    """Delivered (approved) and provisional (submitted) quantity of one commitment: a summary
    of its delivery lines, written by the database (``coalitions.totals``), never by hand.

    Not in the history: it changes only when its lines or their reports do, and those are."""

    commitment = models.OneToOneField(
        Commitment, primary_key=True, on_delete=models.CASCADE, related_name="totals"
    )
    delivered = models.PositiveBigIntegerField(default=0)
    provisional = models.PositiveBigIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(country="commitment__country", coalition="commitment__coalition")

    def __str__(self):
        return f"{self.commitment_id}: {self.delivered} (+{self.provisional})"


@tracked()
class CountryUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Country, on_delete=models.CASCADE)


@tracked()
class CountryGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Country, on_delete=models.CASCADE)


@tracked()
class CoalitionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Coalition, on_delete=models.CASCADE)


@tracked()
class CoalitionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Coalition, on_delete=models.CASCADE)


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent(), obj_field=None)
class UserGroupMembership(User.groups.through):
    """A user's membership of a (country or observer) group, kept in history."""

    class Meta:
        proxy = True

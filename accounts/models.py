import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Partner officer")
    VIEWER = "viewer", _("Partner viewer")
    FOCAL_POINT = "focal_point", _("Country focal point")
    ANALYST = "analyst", _("Ministry analyst")
    REVIEWER = "reviewer", _("Ministry reviewer")
    MINISTRY_ADMIN = "ministry_admin", _("Ministry administrator")
    OBSERVER = "observer", _("Observer")
    ADMIN = "admin", _("Administrator")


# Partners belong to one country; officers (focal points included) write its data.
PARTNER_ROLES = {Role.OFFICER, Role.VIEWER, Role.FOCAL_POINT}
OFFICER_ROLES = {Role.OFFICER, Role.FOCAL_POINT}
# Ministry staff read everything; what else they may do is decided per role in accounts.access.
MINISTRY_ROLES = {Role.ANALYST, Role.REVIEWER, Role.MINISTRY_ADMIN}
# The roles that may log in with a password alone (unless PARTNER_2FA_REQUIRED): every
# other role, account managers (focal points) included, needs a second factor.
PASSWORD_ONLY_ROLES = {Role.OFFICER, Role.VIEWER}


def _became(field, value):
    return pgtrigger.Q(**{f"new__{field}": value}) & pgtrigger.Q(
        **{f"old__{field}__df": pgtrigger.F(f"new__{field}")}
    )


@pghistory.track(
    pghistory.InsertEvent("created"),
    pghistory.UpdateEvent("role_changed", condition=pgtrigger.AnyChange("role")),
    pghistory.UpdateEvent("deactivated", condition=_became("is_active", False)),
    pghistory.UpdateEvent("reactivated", condition=_became("is_active", True)),
    pghistory.UpdateEvent("access_confirmed", condition=pgtrigger.AnyChange("access_confirmed_at")),
    pghistory.UpdateEvent(
        "details_changed", condition=pgtrigger.AnyChange("username", "email", "first_name", "last_name")
    ),
    pghistory.DeleteEvent("deleted"),
    fields=["username", "email", "first_name", "last_name", "role", "is_active", "access_confirmed_at"],
    model_name="UserEvent",
    obj_field=pghistory.ObjForeignKey(related_name="events"),
)
class User(AbstractUser):
    """A portal user.

    The role says what the user may do; the country (or observer) group the user
    is in says where. Both are needed: an officer in no country group sees nothing.
    Its history keeps role changes, deactivations and access confirmations (never the
    password or the last login).
    """

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    access_confirmed_at = models.DateTimeField(
        _("access confirmed at"),
        null=True,
        blank=True,
        help_text=_(
            "When a focal point or the ministry administrator last confirmed that this account "
            "still needs access."
        ),
    )
    access_reminders = models.PositiveSmallIntegerField(
        _("access review reminders sent"), default=0, editable=False
    )
    access_reminded_at = models.DateTimeField(
        _("last access review reminder"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class UserSession(models.Model):
    """A session a user logged in with, so that all of them can be ended at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("user session")
        verbose_name_plural = _("user sessions")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


@pghistory.track(
    pghistory.InsertEvent("sent"),
    pghistory.UpdateEvent("accepted", condition=_became("status", InvitationStatus.ACCEPTED)),
    pghistory.UpdateEvent("revoked", condition=_became("status", InvitationStatus.REVOKED)),
    pghistory.UpdateEvent("expired", condition=_became("status", InvitationStatus.EXPIRED)),
    pghistory.DeleteEvent("deleted"),
    exclude=["token_hash"],
)
class Invitation(models.Model):
    """An e-mailed, single-use link that lets one person create their account.

    Only the SHA-256 of the link's token is stored: whoever reads the database cannot
    use a pending invitation. Sending it again makes a new invitation (a new link) and
    revokes this one, so every e-mail sent is one row (which the rate limit counts).
    """

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    country = models.ForeignKey(
        "coalitions.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    group = models.ForeignKey(
        Group,
        verbose_name=_("observer organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("expires at"))
    resent_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="resent_as", editable=False
    )
    closed_at = models.DateTimeField(_("accepted, revoked or expired at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted or revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=sorted(PARTNER_ROLES))
                | models.Q(country__isnull=False, group__isnull=True),
                name="invitation_partner_has_country",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.OBSERVER) | models.Q(country__isnull=True, group__isnull=False),
                name="invitation_observer_has_group",
            ),
        ]

    def __str__(self):
        return f"{self.email} · {self.get_role_display()}"

    @property
    def is_open(self):
        return self.status == InvitationStatus.PENDING and self.expires_at > timezone.now()


class ApiTokenAccess(models.TextChoices):
    READ = "read", _("Read only")
    WRITE = "write", _("Read and write")


# An API token lives at most this long (the form offers shorter).
API_TOKEN_MAX_DAYS = 365


@pghistory.track(
    pghistory.InsertEvent("created"),
    pghistory.UpdateEvent("revoked", condition=pgtrigger.AnyChange("revoked_at")),
    pghistory.UpdateEvent("used", condition=pgtrigger.AnyChange("last_used_at")),
    pghistory.DeleteEvent("deleted"),
    exclude=["token_hash"],
)
class ApiToken(models.Model):
    """A token a user's own system calls the API with; it acts exactly as its user.

    Only the SHA-256 of the token is stored (it is shown once, when created); ``prefix``
    (its first characters) tells the user's tokens apart. A token stops at its expiry, when
    revoked and when its user is deactivated. ``last_used_at`` is written at most once a
    minute, so the activity page shows when a token was used without a write per request.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    access = models.CharField(_("access"), max_length=8, choices=ApiTokenAccess.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def may_write(self):
        return self.access == ApiTokenAccess.WRITE


class ApiRequestCount(models.Model):
    """Requests of one token in one minute: the API's rate limit counter (no cache server needed)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "minute"], name="api_request_count_unique")]

    def __str__(self):
        return f"{self.token_id} {self.minute:%Y-%m-%d %H:%M} {self.count}"

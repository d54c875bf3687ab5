from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Partner officer")
    VIEWER = "viewer", _("Partner viewer")
    ANALYST = "analyst", _("Ministry analyst")
    REVIEWER = "reviewer", _("Ministry reviewer")
    OBSERVER = "observer", _("Observer")
    ADMIN = "admin", _("Administrator")


PARTNER_ROLES = {Role.OFFICER, Role.VIEWER}
MINISTRY_ROLES = {Role.ANALYST, Role.REVIEWER}


class User(AbstractUser):
    """A portal user.

    The role says what the user may do; the country (or observer) group the user
    is in says where. Both are needed: an officer in no country group sees nothing.
    """

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)

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

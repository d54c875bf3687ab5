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

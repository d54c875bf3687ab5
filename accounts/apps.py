from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    default = True

    def ready(self):
        from . import signals  # noqa: F401


class OTPAdminConfig(admin_apps.AdminConfig):
    """Django's admin, open only to staff who logged in with a second factor."""

    default = False
    default_site = "two_factor.admin.AdminSiteOTPRequired"

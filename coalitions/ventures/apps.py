from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenturesConfig(AppConfig):
    name = "coalitions.ventures"
    label = "ventures"
    verbose_name = _("Joint ventures and training")

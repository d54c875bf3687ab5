import importlib
from io import StringIO

import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import transaction
from django.utils.translation import gettext as _

# Each app that has demo data offers ``demo.seed(password=..., stdout=...)``; run in order.
DEMO_MODULES = (
    "devtools.demo.coalitions",
    "devtools.demo.ventures",
    "devtools.demo.reports",
    "devtools.demo.planning",
    "devtools.demo.briefings",
    "devtools.demo.api",
)
# Printed after the logins (the demo API token goes with them).
AFTER_LOGINS = ("devtools.demo.api",)
DEFAULT_PASSWORD = "demo-coalitions"


class Command(BaseCommand):
    help = _("Create (or bring up to date) the demo data and demo users. Safe to run again.")

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help=_("Password of every demo user."))

    def handle(self, *args, password, **options):
        if settings.SETTINGS_MODULE.endswith(".prod"):
            raise CommandError(_("seed_demo refuses to run under production settings."))
        outputs = {}
        with transaction.atomic(), pghistory.context(command="seed_demo"):
            for name in DEMO_MODULES:
                outputs[name] = StringIO()
                importlib.import_module(name).seed(password=password, stdout=OutputWrapper(outputs[name]))
        # Later modules report first, so the logins (from the first) are the last thing printed,
        # followed only by what goes with them.
        before = [name for name in DEMO_MODULES if name not in AFTER_LOGINS]
        for name in [*reversed(before), *AFTER_LOGINS]:
            self.stdout.write(outputs[name].getvalue(), ending="")

import pghistory
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coalitions.reference import reference_load


class Command(BaseCommand):
    help = _("Create or update the countries, coalitions and capability catalogue. Safe to run again.")

    def handle(self, *args, **options):
        with pghistory.context(command="load_reference"):
            counts = reference_load()
        message = _(
            "Loaded %(countries)d countries, %(coalitions)d coalitions and %(capabilities)d capabilities."
        )
        self.stdout.write(message % counts)

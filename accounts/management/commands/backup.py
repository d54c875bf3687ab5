from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.backups import client_program, connection_args, run, server_major


class Command(BaseCommand):
    help = _("Write a backup of the database (pg_dump custom format).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help=_("File to write (default: BACKUP_DIR/portal-<date>-<time>.dump).")
        )

    def handle(self, *args, output, **options):
        if not output:
            settings.BACKUP_DIR.mkdir(parents=True, exist_ok=True)
            output = settings.BACKUP_DIR / f"portal-{timezone.now():%Y%m%d-%H%M%S}.dump"
        pg_dump = client_program("pg_dump", server_major())
        args, env = connection_args()
        run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(output), *args], env)
        self.stdout.write(_("Backup written to %(file)s") % {"file": output})

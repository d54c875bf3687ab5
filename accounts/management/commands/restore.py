from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from accounts.backups import client_program, connection_args, run, server_major


class Command(BaseCommand):
    help = _("Restore a backup written by `backup` into an empty database.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The backup file."))

    def handle(self, *args, file, **options):
        tables = connection.introspection.table_names()
        if tables:
            raise CommandError(
                _("The database %(name)s is not empty (%(count)d tables); restore only into an empty one.")
                % {"name": connection.settings_dict["NAME"], "count": len(tables)}
            )
        pg_restore = client_program("pg_restore", server_major())
        args, env = connection_args()
        run([pg_restore, "--no-owner", "--no-privileges", "--exit-on-error", *args, file], env)
        self.stdout.write(_("Restored %(file)s into %(name)s") % {"file": file, "name": args[1]})

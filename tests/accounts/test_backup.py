"""backup → restore into a fresh database → the same rows, checksums and triggers."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.backups import client_program, program_major, server_major

BASE_DIR = Path(settings.BASE_DIR)


def _url(name):
    db = connection.settings_dict
    auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    host = db.get("HOST") or ""
    if host.startswith("/"):
        return f"postgresql://{auth}@/{name}?host={quote(host)}"
    return f"postgresql://{auth}@{host or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def _fingerprint(cursor):
    """Every table's row count and checksum, and every trigger, of one database."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    rows = {}
    for table in tables:
        checksum = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
        cursor.execute(f'SELECT count(*), {checksum} FROM "{table}" t')
        rows[table] = cursor.fetchone()
    cursor.execute(
        "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2"
    )
    return rows, cursor.fetchall()


@pytest.fixture
def fresh_database(transactional_db):
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield _url(name)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restore_gives_identical_rows_and_triggers(fresh_database, tmp_path):
    call_command("seed_demo")
    dump = tmp_path / "portal.dump"

    call_command("backup", output=str(dump))
    env = {**os.environ, "DATABASE_URL": fresh_database, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(
        [sys.executable, "manage.py", "restore", str(dump)], cwd=BASE_DIR, env=env, check=True, timeout=300
    )

    with connection.cursor() as cursor:
        original_rows, original_triggers = _fingerprint(cursor)
    with psycopg.connect(fresh_database) as restored, restored.cursor() as cursor:
        restored_rows, restored_triggers = _fingerprint(cursor)
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert original_rows["coalitions_commitment"][0] >= 4  # the world's, and the demo's if any
    assert original_rows["accounts_user"][0] >= 9
    assert restored_rows == original_rows
    assert len(original_triggers) > 0
    assert restored_triggers == original_triggers


def test_restore_refuses_a_database_that_has_tables(db, tmp_path):
    dump = tmp_path / "any.dump"
    dump.write_bytes(b"PGDMP")

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(dump))


def test_backup_picks_a_pg_dump_at_least_as_new_as_the_server(db):
    path = client_program("pg_dump", server_major())

    assert program_major(path) >= server_major()


def test_backup_refuses_without_a_new_enough_pg_dump(db):
    with pytest.raises(CommandError, match="No pg_dump of PostgreSQL 99"):
        client_program("pg_dump", 99)

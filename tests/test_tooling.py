"""The project's own guards: what each settings module is made of, dev tooling kept out of
production, and migrations that match the models."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from config.settings import security

PROD_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal"),
}

# Loads a settings module as Django does and reports what it installed and which project
# modules it imported.
PROBE = """
import json, sys
import django
from django.conf import settings
django.setup()
print(json.dumps({
    "apps": settings.INSTALLED_APPS,
    "modules": sorted(name for name in sys.modules if name.split(".")[0] == "devtools"),
    "security": {name: repr(getattr(settings, name)) for name in %r},
}))
"""
SECURITY_NAMES = sorted(name for name in vars(security) if name.isupper())


def load_settings(module):
    env = {k: v for k, v in os.environ.items() if k not in PROD_ENV and k != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=PROD_ENV["DATABASE_URL"], DJANGO_SETTINGS_MODULE=module)
    if module.endswith(".prod"):
        env.update(PROD_ENV)
    result = subprocess.run(
        [sys.executable, "-c", PROBE % SECURITY_NAMES],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_neither_install_nor_import_devtools():
    loaded = load_settings("config.settings.prod")

    assert ("devtools" in loaded["apps"], loaded["modules"]) == (False, [])


@pytest.mark.parametrize("module", ["config.settings.dev", "config.settings.test"])
def test_dev_and_test_settings_install_devtools(module):
    assert "devtools" in load_settings(module)["apps"]


@pytest.mark.parametrize("module", ["config.settings.dev", "config.settings.test", "config.settings.prod"])
def test_every_environment_runs_with_the_hardening(module):
    expected = {name: repr(getattr(security, name)) for name in SECURITY_NAMES}

    assert load_settings(module)["security"] == expected


def test_models_and_migrations_agree(db):
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit:
        pytest.fail("The models have changes without a migration: run manage.py makemigrations.")


def test_every_index_declared_on_a_model_exists_in_the_database(db):
    declared = {
        (model._meta.db_table, index.name) for model in apps.get_models() for index in model._meta.indexes
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexname FROM pg_indexes WHERE schemaname = 'public'")
        existing = set(cursor.fetchall())

    assert sorted(declared - existing) == []


def test_the_covering_index_of_delivery_lines_is_the_one_the_model_declares(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'deliveryline_report_cover'")
        (definition,) = cursor.fetchone()

    assert definition == (
        "CREATE INDEX deliveryline_report_cover ON public.reports_deliveryline "
        "USING btree (report_id) INCLUDE (commitment_id, quantity)"
    )


def test_no_migration_imports_the_project_s_own_code():
    """Migrations are history: code they import from the apps could change what an old migration does."""
    import ast
    from pathlib import Path

    own = {path.parent.name for path in Path(settings.BASE_DIR).glob("*/apps.py")} | {"config", "devtools"}
    offenders = []
    for path in sorted(Path(settings.BASE_DIR).glob("**/migrations/*.py")):
        if ".venv" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            offenders += [f"{path}: {name}" for name in names if name.split(".")[0] in own]
    assert offenders == []

"""The project's own guards: what each settings module is made of, dev tooling kept out of
production."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

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

"""Production settings and request limits."""

import os
import re
import secrets
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

from tests.world import log_in

PROD = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal"),
}


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PROD)

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), result.stderr


def test_production_settings_refuse_to_start_without_secret_key():
    env = {**PROD, "SECRET_KEY": ""}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment for production." in result.stderr


ENV_READ = re.compile(r"""(?:environ\.get|environ\[|env_[a-z]+)\(?\s*["']([A-Z][A-Z0-9_]*)["']""")
REQUIRED = re.compile(r"for _name in \(([^)]*)\)")


def names_read_from_environment():
    packages = [d for d in settings.BASE_DIR.iterdir() if (d / "__init__.py").exists() and d.name != "tests"]
    names = set()
    for path in (p for package in packages for p in package.rglob("*.py")):
        text = path.read_text()
        names |= set(ENV_READ.findall(text))
        for group in REQUIRED.findall(text):
            names |= set(re.findall(r"[A-Z][A-Z0-9_]*", group))
    return names


def test_env_example_lists_every_setting_read_from_the_environment():
    example = (settings.BASE_DIR / ".env.example").read_text()
    listed = {line.split("=", 1)[0].lstrip("# ") for line in example.splitlines() if "=" in line}

    assert sorted(names_read_from_environment() - listed) == []
    assert "SECRET_KEY" in listed


def test_oversized_request_is_refused_before_its_body_is_read(world, client):
    log_in(client, world.users["officer_a"])
    declared = settings.REQUEST_MAX_BYTES + 1

    # The body is 4 bytes: reading the declared length would fail, so a 413 proves nothing read it.
    response = client.generic("POST", reverse("set_language"), b"abcd", CONTENT_LENGTH=str(declared))

    assert response.status_code == 413
    assert "too large" in response.content.decode()


def test_request_within_the_limit_is_served(world, client):
    log_in(client, world.users["officer_a"])

    response = client.post(reverse("set_language"), {"language": "uk"})

    assert response.status_code == 302


def test_invalid_content_length_is_a_bad_request(db, client):
    response = client.generic("POST", reverse("login"), b"", CONTENT_LENGTH="lots")

    assert response.status_code == 400


def test_request_limits_are_set():
    assert (settings.REQUEST_MAX_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE) == (12 * 1024 * 1024, 2_621_440)

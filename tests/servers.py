"""App servers and workers the tests start as processes of their own, as production runs them."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(**changes):
    """The URL of the database the tests use (the test database), with ``changes`` (e.g. port)."""
    db = settings.DATABASES["default"] | {k.upper(): v for k, v in changes.items()}
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def gunicorn(database=None, settings_module="config.settings.test"):
    """A gunicorn server (one sync worker) on a free port of 127.0.0.1; yields its base URL."""
    port = free_port()
    env = os.environ | {"DJANGO_SETTINGS_MODULE": settings_module, "DATABASE_URL": database or database_url()}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {process.returncode})")
        try:
            urllib.request.urlopen(f"{url}/accounts/login/", timeout=2)  # noqa: S310 (loopback)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def run_worker():
    """Run procrastinate's worker in this process until no job is due, as ``manage.py procrastinate
    worker`` would (its own database connections: the jobs must be committed)."""
    from django.db import connections
    from procrastinate.contrib.django import app

    # The worker's threads close their connections after each task when they are not kept
    # (CONN_MAX_AGE 0); kept ones would outlive the test, open.
    database = connections.settings["default"]
    kept, database["CONN_MAX_AGE"] = database["CONN_MAX_AGE"], 0
    try:
        with app.replace_connector(app.connector.get_worker_connector()) as worker_app:
            worker_app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
    finally:
        database["CONN_MAX_AGE"] = kept

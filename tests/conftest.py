import os

import pytest

from .world import build_world, log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright with live_server


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    """Log ``client`` in as ``user`` (or leave it anonymous for None) and return it."""

    def _login(user):
        return log_in(client, user)

    return _login

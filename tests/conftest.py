import os

import pytest
from django.conf import settings
from django.utils import translation

from .world import build_world, log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright with live_server


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request in Ukrainian leaves its language
    active in the thread (LocaleMiddleware does not reset it), and texts computed later, such as
    data check messages, would be written in it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def login(client):
    """Log ``client`` in as ``user`` (or leave it anonymous for None) and return it."""

    def _login(user):
        return log_in(client, user)

    return _login


@pytest.fixture
def session_cookie():
    """A browser cookie (for Playwright's ``context.add_cookies``) of a logged-in session of ``user``.

    The session is made by ``log_in``, so ministry, observer and admin users are already past
    the second factor; browser tests need not drive the two-step login form.
    """
    from django.conf import settings
    from django.test import Client

    def _cookie(user, url):
        client = log_in(Client(), user)
        return {"name": settings.SESSION_COOKIE_NAME, "value": client.session.session_key, "url": url}

    return _cookie

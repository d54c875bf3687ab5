import datetime

import pytest
from django.test import Client
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken, ApiTokenAccess


def make_token(user, access=ApiTokenAccess.WRITE, **fields):
    """A token of ``user`` written directly (whatever the user's role: the API must refuse what the
    role may not do) and its secret."""
    raw = tokens.PREFIX + f"test-{user.pk}-{access}-{ApiToken.objects.count()}"
    values = {"expires_at": timezone.now() + datetime.timedelta(days=30)} | fields
    ApiToken.objects.create(
        user=user,
        name=f"{access} token",
        prefix=raw[:10],
        token_hash=tokens.hash_token(raw),
        access=access,
        **values,
    )
    return raw


def api_client(raw=None):
    headers = {"Authorization": f"Bearer {raw}"} if raw else {}
    return Client(headers=headers)


@pytest.fixture
def api_as():
    """``api_as(user, access="write")``: a test client calling the API with a token of ``user``."""

    def _client(user, access=ApiTokenAccess.WRITE, **fields):
        return api_client(make_token(user, access, **fields) if user is not None else None)

    return _client

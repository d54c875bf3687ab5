"""Demo API token: a read-only token of the observer (NSATU's figures), printed with the logins.

Its secret is derived from the demo password and the site's SECRET_KEY, so running
``seed_demo`` again prints the same token (the portal still stores only its hash).
"""

import datetime
import hashlib

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import tokens
from accounts.models import API_TOKEN_MAX_DAYS, ApiToken, ApiTokenAccess, User

OBSERVER = "observer"
NAME = "NSATU demo (read only)"


def demo_secret(password: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{password}:observer-api".encode()).hexdigest()
    return f"{tokens.PREFIX}demo{digest[:40]}"


def seed(*, password, stdout):
    observer = User.objects.filter(username=OBSERVER).first()
    if observer is None:
        return
    raw = demo_secret(password)
    ApiToken.objects.update_or_create(
        token_hash=tokens.hash_token(raw),
        defaults={
            "user": observer,
            "name": NAME,
            "prefix": raw[: tokens.PREFIX_SHOWN],
            "access": ApiTokenAccess.READ,
            "expires_at": timezone.now() + datetime.timedelta(days=API_TOKEN_MAX_DAYS - 1),
            "revoked_at": None,
        },
    )
    stdout.write(_("API token of %(user)s (read only): %(token)s") % {"user": OBSERVER, "token": raw})
    stdout.write(
        _("  e.g. curl -H 'Authorization: Bearer %(token)s' http://127.0.0.1:8000/api/v1/figures/")
        % {"token": raw}
    )

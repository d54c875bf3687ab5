"""API tokens: created on the user's own security page, shown once, stored as a hash.

``api_token_create`` and ``api_token_revoke`` are the only writers; ``authenticate`` is the
only reader the API uses. A token acts exactly as its user (``accounts.access``), never more:
a read-and-write token of a user who may no longer write is refused on writes
(``access.may_write_through_api`` is asked again on each one), and a deactivated user's
tokens stop at once (``authenticate`` checks ``is_active`` on every request).
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access
from .models import API_TOKEN_MAX_DAYS, ApiToken, ApiTokenAccess

PREFIX = "ccp_"  # tells a portal token apart in logs and secret scanners
PREFIX_SHOWN = 10
USED_EVERY = datetime.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def latest_expiry(today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(days=API_TOKEN_MAX_DAYS)


@transaction.atomic
def api_token_create(
    *, user, name: str, access_level: str, expires_on: datetime.date
) -> tuple[ApiToken, str]:
    """A new token of ``user`` and its secret (returned once, never stored)."""
    if not access.is_active(user):
        raise PermissionDenied
    if access_level == ApiTokenAccess.WRITE and not access.may_write_through_api(user):
        raise ValidationError({"access": _("Your role reads only: choose a read-only token.")})
    today = timezone.localdate()
    if not today < expires_on <= latest_expiry(today):
        raise ValidationError(
            {
                "expires_on": _("Choose an expiry after today and at most one year ahead (%(last)s).")
                % {"last": latest_expiry(today).isoformat()}
            }
        )
    raw = PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=raw[:PREFIX_SHOWN],
        token_hash=hash_token(raw),
        access=access_level,
        expires_at=expires_at,
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user) -> ApiToken:
    """Revoke one of ``user``'s own tokens (at once: the next request with it is refused)."""
    locked = access.api_tokens_for(user).select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


def authenticate(raw: str) -> ApiToken | None:
    """The live token ``raw`` names (not revoked, not expired, its user active), or None."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is not None and (token.last_used_at is None or now - token.last_used_at > USED_EVERY):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token

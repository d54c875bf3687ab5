"""Who calls the API, what a token may do and how often: DRF's authentication, permission and
throttle classes named in ``REST_FRAMEWORK`` (see ``accounts.apikit`` for the rest).

Kept apart from ``apikit`` because DRF imports these while it loads its own views.
"""

import pghistory
from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.throttling import BaseThrottle

from . import access, tokens
from .models import ApiRequestCount, ApiToken

# Query parameters that look like a credential: refused, whatever their value.
QUERY_TOKEN_NAMES = {"token", "access_token", "api_key", "apikey", "key", "auth", "authorization", "bearer"}


# --- Who calls, what they may do, how often --------------------------------------------------


class TokenInQuery(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy(
        "Send the token in the Authorization header (Authorization: Bearer <token>), never in the URL."
    )
    default_code = "token_in_query"


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        if QUERY_TOKEN_NAMES & {name.lower() for name in request.query_params}:
            raise TokenInQuery
        header = get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _space, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise exceptions.AuthenticationFailed(_("Use the header Authorization: Bearer <token>."))
        token = tokens.authenticate(raw.strip())
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is unknown, expired or revoked, or its user is deactivated.")
            )
        pghistory.context(api_token=token.name, api_token_id=token.pk)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class TokenPermission(BasePermission):
    """Reads: a live token. Writes: a read-and-write token of a user who may write."""

    def has_permission(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken) or not access.is_active(request.user):
            return False
        if request.method in SAFE_METHODS:
            return True
        if not token.may_write:
            self.message = _("This token is read-only.")
            return False
        if not access.may_write_through_api(request.user):
            self.message = _("Your role may not change data through the API.")
            return False
        return True


class TokenRateThrottle(BaseThrottle):
    """At most ``API_RATE_PER_MINUTE`` requests per token in each clock minute."""

    SQL = (
        "INSERT INTO accounts_apirequestcount (token_id, minute, count) VALUES (%s, %s, 1) "
        "ON CONFLICT (token_id, minute) DO UPDATE SET count = accounts_apirequestcount.count + 1 "
        "RETURNING count"
    )

    def allow_request(self, request, view):
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        now = timezone.now()
        minute = now.replace(second=0, microsecond=0)
        with connection.cursor() as cursor:
            cursor.execute(self.SQL, [token.pk, minute])
            (count,) = cursor.fetchone()
        if count == 1:  # a new minute: forget the older ones
            ApiRequestCount.objects.filter(token=token, minute__lt=minute).delete()
        self.retry_after = 60 - now.second
        return count <= settings.API_RATE_PER_MINUTE

    def wait(self):
        return self.retry_after

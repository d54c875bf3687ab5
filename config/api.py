"""The API under ``/api/v1/``: each app's routes from its own ``api.py``, the OpenAPI schema.

Every API view answers for itself (token authentication, ``accounts.apikit``): the portal's
login redirect (``LoginRequiredMiddleware``) does not apply to it, so a client without a
token gets a 401 problem, never a login page. To add an app's routes, add its module to
``MODULES``.
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated

from accounts import api as accounts_api
from accounts.apiauth import TokenAuthentication
from coalitions import api as coalitions_api
from coalitions.planning import api as planning_api
from coalitions.ventures import api as ventures_api
from reports import api as reports_api

MODULES = [accounts_api, coalitions_api, reports_api, planning_api, ventures_api]


class Schema(SpectacularAPIView):
    """The OpenAPI 3 schema, generated from the code: for a token or a signed-in user."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]


def answered_by_the_api(patterns):
    """Mark every view as one that does its own authentication (no login redirect)."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            answered_by_the_api(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            login_not_required(pattern.callback)
    return patterns


routes = [path("", include(module.urlpatterns)) for module in MODULES]
routes.append(path("schema/", Schema.as_view(), name="schema"))
urlpatterns = answered_by_the_api(routes)

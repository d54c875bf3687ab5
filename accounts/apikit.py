"""The API's shared machinery (Django REST framework): who calls, what they may do, how
often, how errors and pages look. Each app keeps its own routes in its ``api.py``;
``config/api.py`` assembles them under ``/api/v1/``.

Who calls and how often is ``accounts.apiauth`` (imported by DRF's settings, so apart):

- ``TokenAuthentication`` — ``Authorization: Bearer <token>`` only; a token in the query
  string is refused (it would end up in logs and browser histories). The token's user is
  the request's user and its name goes into the history context, so the activity page
  shows who wrote, through which token.
- ``TokenPermission`` — reading needs a live token; writing a read-and-write token of a
  user who may write (``access.may_write_through_api``, asked on every write).
- ``TokenRateThrottle`` — ``API_RATE_PER_MINUTE`` requests per token and minute, counted in
  PostgreSQL (``ApiRequestCount``), so no cache server is needed; 429 with Retry-After.
- ``problem_response`` — every error as RFC 9457 ``application/problem+json``, with the
  field-level ``errors`` list.
- ``ReadResource`` — a scoped list (cursor pages, query-string filters, ETag) and detail
  of one model in a few lines: see ``docs/api.md`` "Adding a resource".
"""

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponseNotModified
from django.urls import path
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, generics, serializers, status
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler

from coalitions.services import StaleEdit

PROBLEM = "application/problem+json"
# Query parameters that look like a credential: refused, whatever their value.
QUERY_TOKEN_NAMES = {"token", "access_token", "api_key", "apikey", "key", "auth", "authorization", "bearer"}
PAGE_PARAMETERS = {"cursor", "page_size"}


class BearerScheme(OpenApiAuthenticationExtension):
    """How the schema names the token authentication: HTTP bearer."""

    target_class = "accounts.apiauth.TokenAuthentication"
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <token>"}


# --- Errors as problem details ---------------------------------------------------------------


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy(
        "Someone changed this since you read it (its version moved on). Read it again and retry."
    )
    default_code = "stale"


TITLES = {
    400: gettext_lazy("The request has problems"),
    401: gettext_lazy("Not authenticated"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    413: gettext_lazy("Too large"),
    415: gettext_lazy("Unsupported media type"),
    429: gettext_lazy("Too many requests"),
}


def field_errors(detail, prefix="") -> list[dict]:
    """``[{"field": "lines[3].quantity", "message": "…"}]`` from DRF's nested error detail."""
    if isinstance(detail, Mapping):
        found = []
        for name, inner in detail.items():
            if isinstance(name, int) or str(name).isdigit():  # a list's item
                found += field_errors(inner, f"{prefix}[{name}]")
                continue
            key = "" if name in ("non_field_errors", "__all__") else str(name)
            found += field_errors(inner, f"{prefix}.{key}" if prefix and key else prefix or key)
        return found
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [{"field": prefix, "message": str(item)} for item in detail]
        found = []
        for index, inner in enumerate(detail):
            if inner:
                found += field_errors(inner, f"{prefix}[{index}]")
        return found
    return [{"field": prefix, "message": str(detail)}]


def _django_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": [str(m) for m in exc.messages]})


def problem_handler(exc, context):
    """DRF's exception handler, answering RFC 9457 problem details."""
    if isinstance(exc, DjangoValidationError):
        exc = _django_error(exc)
    elif isinstance(exc, StaleEdit):
        exc = Conflict()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    errors = []
    if isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        detail = _("The request was not accepted: see the list of errors. Nothing was written.")
    else:
        detail = str(exc.detail) if not isinstance(exc.detail, list | dict) else str(exc)
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(response.status_code, _("Error"))),
        "status": response.status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    if isinstance(exc, Conflict) and getattr(exc, "extra", None):
        body.update(exc.extra)
    response.data = body
    response.content_type = PROBLEM
    return response


def problem(status_code: int, detail: str, errors: list | None = None, **extra) -> Response:
    """A problem response built by hand (a view that answers an error without raising)."""
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status_code, "")),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    return Response(body, status=status_code, content_type=PROBLEM)


# --- Strict input ---------------------------------------------------------------------------


class StrictSerializer(serializers.Serializer):
    """A write body: unknown fields are errors, not silently dropped."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise exceptions.ValidationError(
                    {
                        name: [_("Unknown field; the fields are: %s.") % ", ".join(self.fields)]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: ``"1,000"``, ``"1000"`` and ``1000.0`` are refused, not guessed."""

    default_error_messages = {
        "strict": gettext_lazy(
            "Must be a whole number written as a JSON number, without quotes or separators (1000)."
        ),
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("strict")
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    """An ISO date string (``2026-11-02``) only."""

    def __init__(self, **kwargs):
        super().__init__(input_formats=["iso-8601"], **kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


def validated(serializer_class, data, **kwargs) -> dict:
    """``data`` checked by ``serializer_class``; a 400 problem listing every field otherwise."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# --- Reading: cursor pages, filters, ETags, resources -----------------------------------------


class Cursor(CursorPagination):
    """Cursor pages in id order (stable while rows are added); ``page_size`` up to 1,000."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "id"


class QueryFilters(BaseFilterBackend):
    """The view's ``filters`` (query parameter → lookup path), each an exact match.

    An unknown parameter is a 400 problem: a misspelt filter must not return everything.
    """

    def filter_queryset(self, request, queryset, view):
        filters = getattr(view, "filters", {})
        unknown = sorted(set(request.query_params) - set(filters) - PAGE_PARAMETERS)
        if unknown:
            known = ", ".join([*filters, *sorted(PAGE_PARAMETERS)])
            raise exceptions.ValidationError(
                {name: [_("Unknown parameter; use: %s.") % known] for name in unknown}
            )
        chosen = {
            path: request.query_params[name] for name, path in filters.items() if name in request.query_params
        }
        try:
            return queryset.filter(**chosen)
        except (ValueError, TypeError, DjangoValidationError):
            names = [name for name in filters if name in request.query_params]
            raise exceptions.ValidationError(
                {name: [_("Not a valid value for this filter.")] for name in names}
            ) from None

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": name,
                "required": False,
                "in": "query",
                "description": _("Only rows whose %s is this value.") % lookup.replace("__", " "),
                "schema": {"type": "string"},
            }
            for name, lookup in getattr(view, "filters", {}).items()
        ]


class ETagMixin:
    """A strong ETag over the body of every 200 GET; ``If-None-Match`` answers 304."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method != "GET" or response.status_code != 200 or getattr(response, "streaming", False):
            return response
        response.render()
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        if get_conditional_response(request._request, etag=response["ETag"]) is not None:
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = response["ETag"]
            return not_modified
        return response


class ApiView(ETagMixin, generics.GenericAPIView):
    """Base of every API view: the defaults from ``REST_FRAMEWORK`` plus ETags."""


class NoWrites:
    """A resource that is read only."""


@dataclass
class ReadResource:
    """A read-only resource: ``rows(user)`` must come through ``accounts.access``.

    ``filters`` maps query parameters to lookups (``{"coalition": "coalition__slug"}``);
    ``detail_serializer`` shows more on one row (a report with its lines); ``allowed`` (a
    predicate on the user, from ``accounts.access``) answers 403 to whoever the pages refuse.
    """

    name: str
    rows: Callable
    serializer: type
    filters: dict = field(default_factory=dict)
    detail_serializer: type | None = None
    detail_rows: Callable | None = None
    create: type = NoWrites  # a mixin with ``post`` for the list (see coalitions.api)
    update: type = NoWrites  # a mixin with ``patch``/``delete`` for one row
    allowed: Callable | None = None  # who may read it at all (403 for the rest)

    def views(self):
        resource = self

        class Allowed:
            def check_permissions(self, request):
                super().check_permissions(request)
                if resource.allowed is not None and not resource.allowed(request.user):
                    self.permission_denied(request)

        class List(Allowed, resource.create, ApiView, generics.ListAPIView):
            serializer_class = resource.serializer
            pagination_class = Cursor
            filter_backends = [QueryFilters]
            filters = resource.filters

            def get_queryset(self):
                return resource.rows(self.request.user)

        class Detail(Allowed, resource.update, ApiView, generics.RetrieveAPIView):
            serializer_class = resource.detail_serializer or resource.serializer
            filter_backends = []

            def get_queryset(self):
                return (resource.detail_rows or resource.rows)(self.request.user)

        words = self.name.replace("-", " ")
        List.__doc__ = f"The {words} you may see, in cursor pages; filters in the query string."
        Detail.__doc__ = f"One of the {words} you may see (404 for one you may not)."
        title = words.title().replace(" ", "")
        List.__name__, Detail.__name__ = f"{title}List", f"{title}Detail"
        List.__qualname__, Detail.__qualname__ = List.__name__, Detail.__name__
        return List, Detail

    def urls(self):
        List, Detail = self.views()
        return [
            path(f"{self.name}/", List.as_view(), name=f"{self.name}-list"),
            path(f"{self.name}/<int:pk>/", Detail.as_view(), name=f"{self.name}-detail"),
        ]

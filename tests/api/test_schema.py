"""The OpenAPI schema: generated from the code, valid OpenAPI 3, and naming every API route."""

import re

from django.urls import URLPattern, URLResolver
from openapi_spec_validator import validate

from accounts import apidocs
from config import api

PREFIX = "/api/v1/"
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
NOT_IN_SCHEMA = {"schema/"}  # the schema itself


def routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and route not in NOT_IN_SCHEMA:
            yield PREFIX + CONVERTER.sub(r"{\1}", route)


def test_the_schema_is_valid_openapi_3():
    schema = apidocs.schema()

    validate(schema)

    assert schema["openapi"].startswith("3.")


def test_every_api_route_is_in_the_schema():
    paths = set(apidocs.schema()["paths"])

    assert sorted(set(routes(api.urlpatterns)) - paths) == []


def test_the_reference_page_lists_every_operation(world, client):
    from tests.world import log_in

    log_in(client, world.users["observer"])

    page = client.get("/api/").content.decode()

    assert all(op["path"] in page for op in apidocs.operations())

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import matrix
from tests.matrix import api
from tests.world import PERSONAS, log_in

# URL names that are Django's own machinery rather than portal pages.
NOT_PAGES = {"admin:view_on_site", "admin:autocomplete", "admin:jsi18n"}


def all_cases():
    cases = []
    for module in pkgutil.iter_modules(matrix.__path__):
        cases += importlib.import_module(f"tests.matrix.{module.name}").CASES
    return cases


CASES = all_cases()


def url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def portal_url_names():
    names = set(url_names(get_resolver().url_patterns))
    # The admin's model pages are guarded by the admin site as a whole (admin:index row).
    return {n for n in names if not n.startswith("admin:") or n == "admin:index"} - NOT_PAGES


def test_every_url_is_in_the_matrix():
    covered = {case.url_name for case in CASES}
    assert sorted(portal_url_names() - covered) == []


def test_every_case_names_every_persona():
    incomplete = [case.id for case in CASES if set(case.expected) != set(PERSONAS)]
    assert incomplete == []


def case_url(case, world):
    url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    return f"{url}?{case.query}" if case.query else url


def respond(case, world, client, persona=None, url=None, **extra):
    """The response to ``case``, as the matrix asks for it: a page through ``client`` (its
    session, whoever is logged in); an API route (``case.token``) with a token of ``persona``
    as ``case.token`` says, none when ``persona`` is None (tests/matrix/api.py).
    ``url``: another URL of the same route (other ids)."""
    url = url or case_url(case, world)
    data = case.data(world) if case.data else {}
    if case.token:
        return api.call(case, world, persona, url, data, **extra)
    return getattr(client, case.method)(url, data, **extra)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_permission_matrix(case, world, client):
    got = {}
    for persona in PERSONAS:
        if not case.token:
            log_in(client, world.users[persona])
        got[persona] = respond(case, world, client, persona).status_code
    assert got == case.expected

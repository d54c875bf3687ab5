"""The commitment list kept per data version, reader scope and query string
(``reports.figures.kept``): after every kind of change it shows, the list served from the kept
HTML equals the one computed without it, readers of other scopes never get each other's entry,
and a query string of unknown parameters is computed and not kept.

These tests commit (``transactional_db``): pages are kept only outside a transaction.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from coalitions.models import Capability, Commitment, Country, Membership
from reports import services
from reports.figures import kept
from reports.models import KeptFigures
from tests.exports.test_kept_figures import NOT_FIGURES
from tests.world import build_world, log_in

URL = reverse("coalitions:commitment_list")
PERSONAS = ("officer_a", "viewer_a", "officer_b", "lead_officer", "analyst", "reviewer")
QUERIES = ("", "sort=quantity&page=2", "q=shell", "status=nonsense", "coalition=artillery&period=2026-Q4")


@pytest.fixture
def world(transactional_db):
    return build_world()


def body(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return str(response.context["body"]), queries


def stores(queries) -> bool:
    return any("INSERT INTO reports_keptfigures" in q["sql"] for q in queries.captured_queries)


def computed(client, query=""):
    with override_settings(FIGURES_KEPT=False):
        return body(client, query)[0]


def assert_kept_is_computed(client, query="", *, recomputed=True):
    first, queries = body(client, query)
    assert stores(queries) == recomputed, query
    again, queries = body(client, query)
    assert not stores(queries) and not any(
        "coalitions_commitment" in q["sql"] for q in queries.captured_queries
    )
    assert again == first == computed(client, query)
    return again


def test_the_kept_list_equals_the_computed_one_after_every_kind_of_change(world, client):
    u = world.users
    seen = {}
    for persona in PERSONAS:
        log_in(client, u[persona])
        for query in QUERIES:
            seen[persona, query] = assert_kept_is_computed(client, query)  # first: computed and kept
            assert_kept_is_computed(client, query, recomputed=False)

    def step(what, shows):
        for persona in PERSONAS:
            log_in(client, u[persona])
            for query in QUERIES:
                page = assert_kept_is_computed(client, query)
                assert page != seen[persona, query] or (persona, query) not in shows, (what, persona, query)
                seen[persona, query] = page

    line = {"commitment": world.commitment_a, "delivered_on": world.delivery_a.delivered_on, "quantity": 61}
    services.delivery_line_save(report=world.report_a, user=u["officer_a"], data=line)
    services.report_submit(report=world.report_a, user=u["officer_a"])
    step("A's line submitted: provisional", {("officer_a", ""), ("analyst", "")})
    services.report_approve(report=world.report_a, user=u["reviewer"])
    step("approved: delivered", {("officer_a", ""), ("viewer_a", ""), ("reviewer", "")})
    Commitment.objects.filter(pk=world.commitment_a.pk).update(quantity=123_456)
    step("a quantity changed", {("officer_a", ""), ("analyst", "")})
    Capability.objects.filter(pk=world.capability.pk).update(name="155 mm round")
    step("a capability renamed", {("officer_a", ""), ("officer_b", ""), ("analyst", "")})
    Country.objects.filter(pk=world.a.pk).update(name="Belgique")
    step("a country renamed", {("officer_a", ""), ("analyst", "")})
    Membership.objects.filter(country=world.b).delete()
    step("B left its coalitions", set())


def test_two_countries_never_share_a_kept_list(world, client):
    log_in(client, world.users["officer_a"])
    a = body(client)[0]
    log_in(client, world.users["officer_b"])
    b = body(client)[0]
    assert a != b
    assert "Sweden" in b and "Sweden" not in a
    keys = {kept.key(f"commitment-list {URL} []", world.users[p], None) for p in ("officer_a", "officer_b")}
    assert len(keys) == 2


def test_an_officer_and_a_viewer_of_one_country_do_not_share_the_add_button(world, client):
    add = reverse("coalitions:commitment_create")
    log_in(client, world.users["officer_a"])
    assert add in body(client)[0]
    log_in(client, world.users["viewer_a"])
    assert add not in body(client)[0]


def test_unknown_or_repeated_parameters_are_computed_and_not_kept(world, client):
    log_in(client, world.users["officer_a"])
    for query in ("utm=1", "page=1&page=2", "q=a&q=b"):
        assert not stores(body(client, query)[1]), query
    assert not KeptFigures.objects.exists()


def test_every_table_the_list_reads_is_watched(world, client):
    read = set()
    for persona in PERSONAS:
        log_in(client, world.users[persona])
        for query in QUERIES:
            with override_settings(FIGURES_KEPT=False):
                queries = body(client, query)[1]
            for q in queries.captured_queries:
                read |= set(re.findall(r'(?:FROM|JOIN)\s+"?([a-z_][a-z0-9_]*)"?', q["sql"]))
    assert sorted(read - NOT_FIGURES - set(kept.WATCHED)) == []

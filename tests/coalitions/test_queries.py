"""List pages cost the same number of queries for 1 row as for 20."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f
from tests.world import log_in

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_commitments_of_a(w, count):
    for n in range(count):
        capability = f.CapabilityFactory(coalition=w.coalition, code=f"extra-{n}")
        f.CommitmentFactory(country=w.a, capability=capability, quantity=10 + n)


LIST_PAGES = [
    ("officer_a", ("coalitions:commitment_list", None)),
    ("analyst", ("coalitions:commitment_list", None)),
    ("officer_a", ("dashboard", None)),
    ("lead_officer", ("coalitions:detail", ["artillery"])),
    ("analyst", ("coalitions:list", None)),
]


@pytest.mark.parametrize(("persona", "page"), LIST_PAGES, ids=lambda v: str(v))
def test_list_page_queries_do_not_grow_with_rows(world, client, persona, page):
    name, args = page
    url = reverse(name, args=args)
    log_in(client, world.users[persona])
    queries(client, url)  # warm Django's and guardian's per-process caches (content types)
    with_one = queries(client, url)
    add_commitments_of_a(world, 19)
    f.CoalitionFactory.create_batch(19)
    assert queries(client, url) == with_one


def edit_a(client, w, version):
    client.post(
        reverse("coalitions:commitment_update", args=[w.commitment_a.pk]),
        {
            "capability": w.capability.pk,
            "quantity": version,
            "source": "stocks",
            "status": "committed",
            "version": version,
        },
    )


def test_commitment_history_queries_do_not_grow_with_changes(world, client):
    url = reverse("coalitions:commitment_detail", args=[world.commitment_a.pk])
    log_in(client, world.users["officer_a"])
    edit_a(client, world, 1)
    queries(client, url)
    with_one_edit = queries(client, url)
    for version in range(2, 21):
        edit_a(client, world, version)
    assert world.commitment_a.events.count() == 21
    assert queries(client, url) == with_one_edit

"""Register pages: query counts that do not grow with the rows, and the masked region."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coalitions.ventures.models import JointVenture
from tests.world import log_in

from .world import add_ventures, venture


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url_name", ["ventures:venture_list", "ventures:ventures_by_stage"])
def test_list_pages_take_as_many_queries_for_one_and_for_three_ventures(world, client, url_name):
    log_in(client, world.users["analyst"])
    venture(world.a, world.coalition, "One", "UA-07")
    one = queries(client, reverse(url_name))
    for name in ("Two", "Three"):
        venture(world.b, world.coalition, name, "UA-46")
    assert queries(client, reverse(url_name)) == one


def test_own_venture_shows_its_region_and_another_members_does_not(world, client):
    add_ventures(world)
    log_in(client, world.users["officer_b"])
    own = client.get(reverse("ventures:venture_detail", args=[world.venture_b.pk])).content.decode()
    other = client.get(reverse("ventures:venture_detail", args=[world.venture_a.pk])).content.decode()
    assert "Zakarpattia Oblast" in own
    assert "Volyn" not in other and "Belgian Shell Works" in other
    assert JointVenture.objects.get(pk=world.venture_a.pk).oblast == "UA-07"  # masked on the page only

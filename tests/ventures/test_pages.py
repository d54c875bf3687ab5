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


def test_editing_a_venture_saves_refuses_an_address_and_keeps_a_newer_version(world, client):
    """The edit page: a valid edit is saved; a street address is refused in the form with nothing
    saved; an edit made on an older version is refused and the newer version is shown."""
    add_ventures(world)
    log_in(client, world.users["officer_a"])
    url = reverse("ventures:venture_update", args=[world.venture_a.pk])
    current = JointVenture.objects.get(pk=world.venture_a.pk)
    data = {
        "name": "Belgian Shell Works II",
        "partner_company": current.partner_company,
        "ukrainian_partner": current.ukrainian_partner,
        "kind": current.kind,
        "oblast": current.oblast,
        "notes": "",
        "version": current.version,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("ventures:venture_detail", args=[world.venture_a.pk])
    saved = JointVenture.objects.get(pk=world.venture_a.pk)
    assert saved.name == "Belgian Shell Works II" and saved.version == current.version + 1

    refused = client.post(url, {**data, "name": "Works at 12 Main Street", "version": saved.version})
    assert refused.status_code == 400
    assert "street address" in refused.content.decode()
    assert JointVenture.objects.get(pk=world.venture_a.pk).name == "Belgian Shell Works II"

    stale = client.post(url, {**data, "name": "Old tab's name", "version": current.version}, follow=True)
    assert "Someone else changed this after you opened it" in stale.content.decode()
    assert stale.redirect_chain[-1][0] == url
    assert JointVenture.objects.get(pk=world.venture_a.pk).name == "Belgian Shell Works II"

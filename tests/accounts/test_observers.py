"""Observer organisations: the ministry administrator creates them and chooses what they observe."""

import pghistory
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from guardian.models import GroupObjectPermission

from accounts import access, invitations, observers
from accounts.models import Role, User
from coalitions.models import CoalitionGroupObjectPermission, Commitment
from reports.models import DeliveryLine, UsageReport
from tests import factories as f
from tests.world import log_in

PASSWORD = "a-long-unusual-passphrase-17"


@pytest.fixture
def air(world):
    """A third coalition with a commitment of B's."""
    world.air = f.CoalitionFactory(slug="air-defence", name="Air defence")
    capability = f.CapabilityFactory(coalition=world.air, code="sam", name="SAM")
    world.commitment_b_air = f.CommitmentFactory(country=world.b, capability=capability, quantity=818181)
    return world


def _grants():
    return sorted(
        CoalitionGroupObjectPermission.objects.values_list(
            "group__name", "content_object__slug", "permission__codename"
        )
    )


def _invite_observer(admin, group, client):
    """An observer invited into ``group`` (the invite form offers it) who accepts the link."""
    log_in(client, admin)
    form = client.get(reverse("people:invite")).context["form"]
    assert group in form.fields["group"].queryset
    _invitation, token = invitations.invitation_create(
        sender=admin, email="liaison@nsatu.example", role=Role.OBSERVER, group=group
    )
    return invitations.invitation_accept(
        token=token, username="liaison", first_name="Li", last_name="Aison", password=PASSWORD
    )


def test_ministry_administrator_creates_an_organisation_whose_observers_read_its_coalitions(air, client):
    admin = air.users["ministry_admin"]
    log_in(client, admin)
    response = client.post(
        reverse("people:observer_add"), {"name": "NSATU", "coalitions": [air.coalition.pk, air.air.pk]}
    )
    assert response.status_code == 302
    group = Group.objects.get(name="NSATU")
    assert group in access.observer_groups()
    page = client.get(reverse("people:observers"))
    assert [(o.name, [c.name for c in o.coalitions], o.people) for o in page.context["organisations"]] == [
        ("NSATU", ["Air defence", "Artillery"], 0),
        ("observers-test", ["Drones"], 1),
    ]

    _invite_observer(admin, group, client)
    observer = User.objects.get(username="liaison")
    assert observer.role == Role.OBSERVER
    assert access.observed_coalition_ids(observer) == sorted([air.coalition.pk, air.air.pk])
    assert set(Commitment.objects.for_user(observer)) == {
        air.commitment_a,
        air.commitment_b,
        air.commitment_lead,
        air.commitment_b_air,
    }
    # approved figures of Artillery only: not the submitted or draft ones, nothing of Drones
    assert list(DeliveryLine.objects.for_user(observer)) == [air.delivery_a_approved]
    assert list(UsageReport.objects.for_user(observer)) == [air.usage_report]
    assert air.commitment_b_drones not in Commitment.objects.for_user(observer)
    assert air.other_coalition not in access.coalitions_for(observer)
    page = client.get(reverse("people:observers"))
    assert page.context["organisations"][0].people == 1


def test_changing_the_coalitions_adds_and_removes_grants_and_the_activity_page_says_so(air, client):
    admin = air.users["ministry_admin"]
    with pghistory.context(user=admin.pk):
        group = observers.observer_organisation_create(
            user=admin, name="NSATU", coalitions=[air.coalition, air.air]
        )
    _invite_observer(admin, group, client)
    observer = User.objects.get(username="liaison")
    assert air.air.pk in access.observed_coalition_ids(observer)

    log_in(client, admin)
    page = client.get(reverse("people:observer_change", kwargs={"pk": group.pk}))
    assert {c.pk for c in page.context["form"].initial["coalitions"]} == {air.coalition.pk, air.air.pk}
    response = client.post(
        reverse("people:observer_change", kwargs={"pk": group.pk}),
        {"coalitions": [air.coalition.pk, air.other_coalition.pk]},
    )
    assert response.status_code == 302
    assert [g for g in _grants() if g[0] == "NSATU"] == [
        ("NSATU", "artillery", "observe_coalition"),
        ("NSATU", "drones", "observe_coalition"),
    ]
    observer = User.objects.get(pk=observer.pk)
    assert access.observed_coalition_ids(observer) == sorted([air.coalition.pk, air.other_coalition.pk])
    assert air.commitment_b_air not in Commitment.objects.for_user(observer)

    events = client.get(reverse("activity"), {"user": admin.pk}).context["page"].object_list
    said = {e.summary for e in events}
    assert {
        "NSATU observes Artillery",
        "NSATU observes Air defence",
        "NSATU observes Drones",
        "NSATU no longer observes Air defence",
    } <= said


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "coalitions": ["artillery"]}, "name", "Enter the organisation's name."),
        ({"name": "   ", "coalitions": ["artillery"]}, "name", "Enter the organisation's name."),
        ({"name": "NSATU"}, "coalitions", "Choose at least one coalition to observe."),
        (
            {"name": "observers-test", "coalitions": ["artillery"]},
            "name",
            "The name observers-test is already used.",
        ),
        ({"name": "OBSERVERS-TEST", "coalitions": ["artillery"]}, "name", "already used"),
        # a country's group
        ({"name": "country-SE", "coalitions": ["artillery"]}, "name", "already used"),
    ],
)
def test_bad_input_creates_nothing(world, client, data, field, message):
    Group.objects.filter(country=world.b).update(name="country-SE")
    before = (
        list(Group.objects.order_by("pk").values_list("pk", "name")),
        _grants(),
        GroupObjectPermission.objects.count(),
    )
    log_in(client, world.users["ministry_admin"])
    slugs = {"artillery": world.coalition.pk}
    data = dict(data, coalitions=[slugs[s] for s in data.get("coalitions", [])])
    response = client.post(reverse("people:observer_add"), data)
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    after = (
        list(Group.objects.order_by("pk").values_list("pk", "name")),
        _grants(),
        GroupObjectPermission.objects.count(),
    )
    assert after == before


def test_an_organisation_keeps_at_least_one_coalition(world, client):
    before = _grants()
    log_in(client, world.users["ministry_admin"])
    url = reverse("people:observer_change", kwargs={"pk": world.observer_group.pk})
    response = client.post(url, {"coalitions": []})
    assert response.status_code == 400
    assert response.context["form"].errors["coalitions"] == ["Choose at least one coalition to observe."]
    assert _grants() == before


def test_a_country_group_is_no_observer_organisation(world, client):
    log_in(client, world.users["ministry_admin"])
    url = reverse("people:observer_change", kwargs={"pk": world.b.group_id})
    assert client.get(url).status_code == 404
    assert client.post(url, {"coalitions": [world.coalition.pk]}).status_code == 404
    assert world.b.group not in access.observer_groups()


@pytest.mark.parametrize("persona", ["focal_point_b", "analyst", "reviewer", "observer"])
def test_only_the_ministry_administrator_changes_organisations(world, persona):
    user = world.users[persona]
    with pytest.raises(PermissionDenied):
        observers.observer_organisation_create(user=user, name="NSATU", coalitions=[world.coalition])
    with pytest.raises(PermissionDenied):
        observers.observer_organisation_coalitions_set(
            user=user, group=world.observer_group, coalitions=[world.coalition]
        )
    assert not Group.objects.filter(name="NSATU").exists()


def test_people_page_and_ministry_menu_link_the_organisations(world, client):
    log_in(client, world.users["ministry_admin"])
    url = reverse("people:observers")
    assert f'href="{url}"' in client.get(reverse("people:index")).content.decode()
    assert client.get(reverse("memberships:list")).content.decode().count(f'href="{url}"') == 1
    log_in(client, world.users["reviewer"])
    assert f'href="{url}"' not in client.get(reverse("review_queue")).content.decode()

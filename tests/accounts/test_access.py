"""The scoping policy: who sees and edits which countries' rows."""

import pytest
from django.contrib.auth.models import Permission
from guardian.shortcuts import get_perms

from accounts import access
from accounts.models import Role
from coalitions.models import Commitment, Membership, MembershipRole
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def latvia():
    return f.CountryFactory(code="LV", name="Latvia")


@pytest.fixture
def drones():
    return f.CoalitionFactory(slug="drone", name="Drone Coalition")


def test_country_gets_its_group_with_view_and_report_rights(latvia):
    assert latvia.group.name == "country-lv"
    assert sorted(get_perms(latvia.group, latvia)) == ["report_country", "view_country"]


@pytest.mark.parametrize("role", [MembershipRole.LEAD, MembershipRole.CO_LEAD])
def test_lead_grant_appears_when_lead_membership_is_created(latvia, drones, role):
    officer = f.country_user(latvia)
    assert access.lead_coalition_ids(officer) == []

    f.MembershipFactory(coalition=drones, country=latvia, role=role)

    access.forget(officer)
    assert access.lead_coalition_ids(officer) == [drones.id]
    assert get_perms(latvia.group, drones) == ["lead_coalition"]


def test_plain_membership_grants_no_lead_access(latvia, drones):
    f.MembershipFactory(coalition=drones, country=latvia, role=MembershipRole.MEMBER)

    assert access.lead_coalition_ids(f.country_user(latvia)) == []
    assert get_perms(latvia.group, drones) == []


def test_lead_grant_disappears_when_lead_membership_is_deleted(latvia, drones):
    membership = f.MembershipFactory(coalition=drones, country=latvia, role=MembershipRole.LEAD)

    membership.delete()

    assert access.lead_coalition_ids(f.country_user(latvia)) == []
    assert get_perms(latvia.group, drones) == []


def test_lead_grant_disappears_when_lead_is_demoted_to_member(latvia, drones):
    membership = f.MembershipFactory(coalition=drones, country=latvia, role=MembershipRole.LEAD)

    membership.role = MembershipRole.MEMBER
    membership.save()

    assert access.lead_coalition_ids(f.country_user(latvia)) == []
    assert Membership.objects.get(pk=membership.pk).role == MembershipRole.MEMBER


@pytest.mark.parametrize("moved", ["country", "coalition"])
def test_lead_grant_moves_with_a_lead_membership_given_another_country_or_coalition(latvia, drones, moved):
    membership = f.MembershipFactory(coalition=drones, country=latvia, role=MembershipRole.LEAD)
    if moved == "country":
        membership.country = f.CountryFactory(code="EE", name="Estonia")
    else:
        membership.coalition = f.CoalitionFactory(slug="armour", name="Armour Coalition")
    membership.save()

    assert get_perms(latvia.group, drones) == []
    assert get_perms(membership.country.group, membership.coalition) == ["lead_coalition"]


def test_lead_officer_reads_every_member_in_led_coalition_only(world):
    visible = set(Commitment.objects.for_user(world.users["lead_officer"]))

    assert visible == {world.commitment_a, world.commitment_b, world.commitment_lead}


def test_global_view_country_permission_does_not_widen_a_partner(world):
    """accept_global_perms=False: a model-wide grant does not open every country."""
    officer = world.users["officer_a"]
    officer.user_permissions.add(Permission.objects.get(codename="view_country"))
    officer.user_permissions.add(Permission.objects.get(codename="report_country"))

    assert access.country_ids(officer) == [world.a.id]
    assert access.editable_country_ids(officer) == [world.a.id]
    assert list(Commitment.objects.for_user(officer)) == [world.commitment_a]


def test_viewer_reads_own_country_but_edits_nothing(world):
    viewer = world.users["viewer_a"]

    assert list(Commitment.objects.for_user(viewer)) == [world.commitment_a]
    assert access.editable_country_ids(viewer) == []
    assert list(Commitment.objects.editable_by(viewer)) == []


def test_officer_edits_own_country_only(world):
    officer = world.users["officer_a"]

    assert access.editable_country_ids(officer) == [world.a.id]
    assert list(Commitment.objects.editable_by(officer)) == [world.commitment_a]


def test_lead_officer_edits_only_own_country(world):
    officer = world.users["lead_officer"]

    assert list(Commitment.objects.editable_by(officer)) == [world.commitment_lead]


def test_observer_sees_only_observed_coalitions(world):
    observer = world.users["observer"]

    assert access.coalition_ids(observer) == [world.other_coalition.id]
    assert list(access.coalitions_for(observer)) == [world.other_coalition]
    assert list(Commitment.objects.for_user(observer)) == [world.commitment_b_drones]
    assert list(Commitment.objects.editable_by(observer)) == []


def test_partner_without_country_group_sees_nothing(world):
    stray = f.UserFactory(role=Role.OFFICER)

    assert list(Commitment.objects.for_user(stray)) == []
    assert access.coalition_ids(stray) == []


def test_deactivated_user_sees_nothing(world):
    assert list(Commitment.objects.for_user(world.users["deactivated"])) == []


def test_ministry_sees_everything(world):
    assert Commitment.objects.for_user(world.users["analyst"]).count() == Commitment.objects.count() == 4
    assert access.coalition_ids(world.users["reviewer"]) is None

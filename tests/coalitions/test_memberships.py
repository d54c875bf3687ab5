"""Countries join coalitions from a first period and leave them keeping the past."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from guardian.shortcuts import get_perms

from accounts import access
from coalitions import memberships
from coalitions.models import Cadence, Country, Membership, MembershipRole
from reports import services
from reports.models import PartnerReport
from tests.world import log_in

Q1_2027 = datetime.date(2027, 1, 1)


def add(world, code="NO", *, role=MembershipRole.MEMBER, cadence=Cadence.QUARTERLY, start=Q1_2027):
    return memberships.membership_add(
        user=world.users["ministry_admin"],
        country_code=code,
        coalition=world.coalition,
        role=role,
        cadence=cadence,
        first_period_start=start,
    )


def open_period(world, start):
    return services.period_open(user=world.users["analyst"], kind=Cadence.QUARTERLY, start=start)[0]


def test_new_country_gets_its_group_and_grants_and_reports_from_its_first_period(world):
    membership, _created = add(world)
    norway = Country.objects.get(code="NO")
    assert norway.name == "Norway" and norway.group is not None
    assert set(get_perms(norway.group, norway)) == {"view_country", "report_country"}
    open_period(world, datetime.date(2026, 10, 1))  # before its first period: nothing owed
    open_period(world, Q1_2027)
    periods = PartnerReport.objects.filter(country=norway).values_list("period__start", flat=True)
    assert list(periods) == [Q1_2027]
    assert membership.joined_on == Q1_2027


def test_joining_from_an_opened_period_creates_its_report_at_once(world):
    _membership, created = add(world, start=world.period.start)
    assert created == 2  # the current quarter and the next, both opened; not the past one
    periods = PartnerReport.objects.filter(country__code="NO").values_list("period", flat=True)
    assert set(periods) == {world.period.pk, world.next_period.pk}


def test_lead_membership_grants_lead_read_access_and_ending_it_withdraws_it(world):
    membership, _ = add(world, "DK", role=MembershipRole.CO_LEAD, start=world.period.start)
    denmark = Country.objects.get(code="DK")
    assert "lead_coalition" in get_perms(denmark.group, world.coalition)
    memberships.membership_end(
        user=world.users["ministry_admin"], membership=membership, ended_on=world.period.end
    )
    assert "lead_coalition" not in get_perms(denmark.group, world.coalition)


def test_ending_a_membership_stops_future_reports_and_keeps_the_past(world):
    membership = Membership.objects.get(country=world.a, coalition=world.coalition)
    before = set(PartnerReport.objects.filter(country=world.a).values_list("pk", flat=True))
    memberships.membership_end(
        user=world.users["ministry_admin"], membership=membership, ended_on=world.period.end
    )
    open_period(world, Q1_2027)
    after = set(PartnerReport.objects.filter(country=world.a).values_list("pk", flat=True))
    assert after == before
    membership.refresh_from_db()
    assert membership.reports_in(world.period) and not membership.reports_in(world.next_period)


def test_ending_removes_empty_drafts_of_periods_after_the_end(world):
    open_period(world, Q1_2027)
    membership = Membership.objects.get(country=world.a, coalition=world.coalition)
    memberships.membership_end(
        user=world.users["ministry_admin"], membership=membership, ended_on=world.period.end
    )
    assert not PartnerReport.objects.filter(country=world.a, period__start=Q1_2027).exists()
    assert PartnerReport.objects.filter(pk=world.report_a.pk).exists()


def test_a_country_that_left_may_join_again(world):
    membership = Membership.objects.get(country=world.b, coalition=world.coalition)
    memberships.membership_end(
        user=world.users["ministry_admin"], membership=membership, ended_on=world.period.end
    )
    again, _ = add(world, "SE", start=datetime.date(2027, 4, 1))
    assert (again.pk, again.ended_on, again.joined_on) == (membership.pk, None, datetime.date(2027, 4, 1))


def test_a_current_member_is_not_added_twice(world):
    with pytest.raises(ValidationError, match="already a member"):
        add(world, "BE")


def test_cadence_equal_to_the_coalitions_leaves_no_override(world):
    quarterly, _ = add(world, "NO")
    monthly, _ = add(world, "DK", cadence=Cadence.MONTHLY, start=datetime.date(2027, 2, 1))
    assert (quarterly.cadence, monthly.cadence) == ("", Cadence.MONTHLY)


@pytest.mark.parametrize("persona", ["analyst", "reviewer", "focal_point_b", "officer_a"])
def test_only_the_ministry_administrator_changes_memberships(world, persona):
    with pytest.raises(PermissionDenied):
        memberships.membership_add(
            user=world.users[persona],
            country_code="NO",
            coalition=world.coalition,
            role=MembershipRole.MEMBER,
            cadence=Cadence.QUARTERLY,
            first_period_start=Q1_2027,
        )
    assert not Membership.objects.filter(country__code="NO").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"country": "UA"}, "country"),
        ({"country": "XX"}, "country"),
        ({"first_period": "2027-01"}, "first_period"),  # a month for a quarterly cadence
        ({"first_period": "2027-Q5"}, "first_period"),
        ({"first_period": "9999-Q1"}, "first_period"),
        ({"cadence": "month", "first_period": "2027-Q1"}, "first_period"),
        ({"role": "boss"}, "role"),
    ],
)
def test_add_page_refuses_bad_input_with_a_message_and_changes_nothing(world, client, data, field):
    log_in(client, world.users["ministry_admin"])
    valid = {
        "country": "NO",
        "coalition": world.coalition.pk,
        "role": "member",
        "cadence": "quarter",
        "first_period": "2027-Q1",
    }
    memberships_before = Membership.objects.count()
    response = client.post(reverse("memberships:add"), valid | data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert Membership.objects.count() == memberships_before
    assert not Country.objects.filter(code="NO").exists()


def test_end_page_refuses_an_end_before_the_start(world, client):
    membership, _ = add(world)
    log_in(client, world.users["ministry_admin"])
    response = client.post(
        reverse("memberships:end", kwargs={"pk": membership.pk}), {"ended_on": "2026-01-01"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["ended_on"]
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_membership_pages_list_and_end(world, client):
    log_in(client, world.users["ministry_admin"])
    listing = client.get(reverse("memberships:list"))
    assert len(listing.context["memberships"]) == Membership.objects.count()
    membership = Membership.objects.get(country=world.a, coalition=world.coalition)
    client.post(reverse("memberships:end", kwargs={"pk": membership.pk}), {"ended_on": "2026-12-31"})
    membership.refresh_from_db()
    assert membership.ended_on == datetime.date(2026, 12, 31)
    # the partner keeps reading its own past data
    assert access.country_ids(world.users["officer_a"]) == [world.a.pk]

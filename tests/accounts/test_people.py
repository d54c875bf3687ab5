"""People pages: a focal point sees and changes only their own country's people."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts import access, people
from accounts.models import Role, User
from tests import factories as f
from tests.world import log_in


@pytest.fixture
def planted(world):
    """A marker person in every country, with a name nobody else has."""
    world.marker_a = f.country_user(world.a, username="marker-of-a-31337", first_name="Alphonse")
    world.marker_b = f.country_user(
        world.b, role=Role.VIEWER, username="marker-of-b-42424", first_name="Bodil"
    )
    world.marker_lead = f.country_user(world.lead, username="marker-of-lv-55555")
    return world


def page(client, user, code):
    log_in(client, user)
    return client.get(reverse("people:country", kwargs={"code": code}))


def test_focal_point_sees_their_countrys_people_and_no_one_elses(planted, client):
    response = page(client, planted.users["focal_point_b"], "se")
    html = response.content.decode()
    assert response.status_code == 200
    assert {p.username for p in response.context["people"]} == {"officer-b", "focal-b", "marker-of-b-42424"}
    assert "marker-of-b-42424" in html
    assert "marker-of-a-31337" not in html and "marker-of-lv-55555" not in html
    assert "officer-a" not in html


def test_focal_points_people_are_what_the_policy_gives(planted):
    people_of_b = access.people_for(planted.users["focal_point_b"])
    assert set(people_of_b.values_list("username", flat=True)) == {
        "officer-b",
        "focal-b",
        "marker-of-b-42424",
    }


@pytest.mark.parametrize("code", ["be", "lv"])
def test_other_countries_pages_answer_404_for_a_focal_point(planted, client, code):
    assert page(client, planted.users["focal_point_b"], code).status_code == 404


def test_focal_point_cannot_change_another_countrys_people(planted, client):
    log_in(client, planted.users["focal_point_b"])
    marker = planted.marker_a
    for name in ("people:deactivate", "people:role"):
        response = client.post(reverse(name, kwargs={"pk": marker.pk}), {"role": "viewer"})
        assert response.status_code == 404
    confirm = client.post(reverse("people:confirm"), {"people": [marker.pk]})
    assert confirm.status_code == 302
    marker.refresh_from_db()
    assert (marker.is_active, marker.role, marker.access_confirmed_at) == (True, Role.OFFICER, None)


def test_focal_point_deactivates_an_officer_whose_sessions_end_at_once(planted, client):
    officer = planted.users["officer_b"]
    officer_client = log_in(Client(), officer)
    assert Session.objects.count() == 1
    log_in(client, planted.users["focal_point_b"])
    response = client.post(reverse("people:deactivate", kwargs={"pk": officer.pk}))
    assert response["Location"] == reverse("people:country", kwargs={"code": "se"})
    officer.refresh_from_db()
    assert officer.is_active is False
    assert officer_client.get(reverse("dashboard")).status_code == 302  # sent to log in
    assert not Session.objects.filter(session_key=officer_client.session.session_key).exists()


def test_focal_point_changes_officer_to_viewer_and_back_but_never_higher(planted):
    focal, officer = planted.users["focal_point_b"], planted.users["officer_b"]
    assert people.person_role_set(actor=focal, person=officer, role=Role.VIEWER).role == Role.VIEWER
    assert people.person_role_set(actor=focal, person=officer, role=Role.OFFICER).role == Role.OFFICER
    for role in (Role.FOCAL_POINT, Role.ANALYST, Role.REVIEWER, Role.MINISTRY_ADMIN, Role.ADMIN):
        with pytest.raises(ValidationError):
            people.person_role_set(actor=focal, person=officer, role=role)
    officer.refresh_from_db()
    assert officer.role == Role.OFFICER


def test_raising_a_role_through_the_page_is_refused_with_a_message(planted, client):
    log_in(client, planted.users["focal_point_b"])
    officer = planted.users["officer_b"]
    response = client.post(
        reverse("people:role", kwargs={"pk": officer.pk}), {"role": "ministry_admin"}, follow=True
    )
    assert "Choose one of the roles offered." in response.content.decode()
    officer.refresh_from_db()
    assert officer.role == Role.OFFICER


def test_focal_point_cannot_deactivate_themselves_the_last_focal_point(planted):
    focal = planted.users["focal_point_b"]
    with pytest.raises(ValidationError):
        people.person_deactivate(actor=focal, person=focal)
    focal.refresh_from_db()
    assert focal.is_active


def test_focal_point_cannot_deactivate_another_focal_point(planted):
    other = f.country_user(planted.b, role=Role.FOCAL_POINT, username="focal-b-2")
    with pytest.raises(PermissionDenied):
        people.person_deactivate(actor=planted.users["focal_point_b"], person=other)
    assert User.objects.get(pk=other.pk).is_active


def test_last_focal_point_of_a_country_is_not_deactivated(planted):
    admin = planted.users["ministry_admin"]
    with pytest.raises(ValidationError, match="last focal point"):
        people.person_deactivate(actor=admin, person=planted.users["focal_point_b"])
    assert User.objects.get(pk=planted.users["focal_point_b"].pk).is_active
    second = f.country_user(planted.b, role=Role.FOCAL_POINT, username="focal-b-2")
    people.person_deactivate(actor=admin, person=planted.users["focal_point_b"])
    assert not User.objects.get(pk=planted.users["focal_point_b"].pk).is_active
    with pytest.raises(ValidationError, match="last focal point"):
        people.person_role_set(actor=admin, person=second, role=Role.OFFICER)


def test_access_review_form_confirms_only_the_ticked_people(planted, client):
    log_in(client, planted.users["focal_point_b"])
    officer, marker = planted.users["officer_b"], planted.marker_b
    client.post(reverse("people:confirm"), {"people": [officer.pk], "country": "se"})
    officer.refresh_from_db()
    marker.refresh_from_db()
    assert officer.access_confirmed_at is not None
    assert marker.access_confirmed_at is None


def test_access_review_with_someone_not_yours_changes_nothing(planted, client):
    log_in(client, planted.users["focal_point_b"])
    response = client.post(
        reverse("people:confirm"),
        {"people": [planted.users["officer_b"].pk, planted.marker_a.pk], "country": "se"},
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()
    assert User.objects.filter(access_confirmed_at__isnull=False).count() == 0


def test_ministry_administrator_sees_focal_points_and_observers(planted, client):
    log_in(client, planted.users["ministry_admin"])
    response = client.get(reverse("people:index"))
    assert {p.username for p in response.context["people"]} == {"focal-b", "observer"}


def test_people_link_in_the_navigation_only_for_those_who_manage_people(planted, client):
    links = {}
    for persona in ("officer_b", "focal_point_b", "analyst", "ministry_admin"):
        log_in(client, planted.users[persona])
        html = client.get(reverse("dashboard")).content.decode()
        links[persona] = (reverse("people:index") in html, reverse("memberships:list") in html)
    assert links == {
        "officer_b": (False, False),
        "focal_point_b": (True, False),
        "analyst": (False, False),
        "ministry_admin": (True, True),
    }


def test_focal_point_is_an_officer_of_their_country(planted):
    focal = planted.users["focal_point_b"]
    assert access.editable_country_ids(focal) == [planted.b.pk]
    assert focal in access.country_officers(planted.b)


def test_people_page_query_count_does_not_grow_with_people(planted, client, django_assert_max_num_queries):
    log_in(client, planted.users["focal_point_b"])
    url = reverse("people:country", kwargs={"code": "se"})
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for n in range(5):
        f.country_user(planted.b, username=f"extra-{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def row_of(html, person):
    row = html[html.index(f'id="person-{person.pk}"') :]
    return row[: row.index("</tr>")]


def test_people_page_shows_last_logins(planted, client):
    when = timezone.now() - datetime.timedelta(days=3)
    User.objects.filter(pk=planted.marker_b.pk).update(last_login=when)
    html = page(client, planted.users["focal_point_b"], "se").content.decode()
    assert date_format(timezone.localtime(when), "SHORT_DATETIME_FORMAT") in row_of(html, planted.marker_b)
    assert "never" in row_of(html, planted.users["officer_b"])


def test_ministry_administrator_invites_an_observer_into_an_organisation(planted, client):
    from accounts.models import Invitation

    log_in(client, planted.users["ministry_admin"])
    data = {"email": "liaison@nsatu.example", "role": "observer", "group": planted.observer_group.pk}
    response = client.post(reverse("people:invite"), data)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.group, invitation.country) == (
        Role.OBSERVER,
        planted.observer_group,
        None,
    )
    without = client.post(reverse("people:invite"), data | {"group": "", "email": "other@nsatu.example"})
    assert without.status_code == 400
    assert without.context["form"].errors["group"]
    assert Invitation.objects.count() == 1

"""The admin: administrators only; a user's role and country are set in one step."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User
from accounts.services import user_country
from tests import factories as f
from tests.world import log_in

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-admin-chosen-password"


@pytest.fixture
def admin_client(client, world):
    return log_in(client, world.admin)


def user_form_data(user, **changes):
    """What the admin change form posts for ``user`` unchanged, with ``changes`` applied."""
    data = {
        "username": user.username,
        "email": user.email,
        "role": user.role,
        "country": "",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_admin_adds_a_partner_officer_with_country_in_one_step(admin_client, world):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new-officer",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": Role.OFFICER,
            "country": world.b.pk,
        },
    )

    assert response.status_code == 302
    user = User.objects.get(username="new-officer")
    assert user.role == Role.OFFICER
    assert list(user.groups.all()) == [world.b.group]


def test_admin_moves_a_user_to_another_country(admin_client, world):
    officer = world.users["officer_a"]

    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[officer.pk]), user_form_data(officer, country=world.b.pk)
    )

    assert response.status_code == 302
    assert list(officer.groups.all()) == [world.b.group]


def test_country_choice_keeps_other_groups(admin_client, world):
    observer = world.users["observer"]
    observer.groups.add(world.a.group)  # a stray country group from before

    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[observer.pk]),
        user_form_data(observer, groups=[world.observer_group.pk]),
    )

    assert response.status_code == 302
    assert list(observer.groups.all()) == [world.observer_group]


def test_change_form_shows_the_users_country(admin_client, world):
    response = admin_client.get(reverse("admin:accounts_user_change", args=[world.users["viewer_a"].pk]))

    assert response.context["adminform"].form["country"].initial == world.a


def test_partner_role_without_country_is_refused(admin_client, world):
    officer = world.users["officer_a"]

    url = reverse("admin:accounts_user_change", args=[officer.pk])

    response = admin_client.post(url, user_form_data(officer))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["country"] == ["A partner officer or viewer needs a country."]
    assert user_country(officer) == world.a


def test_ministry_role_with_country_is_refused(admin_client, world):
    analyst = world.users["analyst"]

    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[analyst.pk]), user_form_data(analyst, country=world.a.pk)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["country"] == [
        "Only partner officers and viewers belong to a country."
    ]
    assert list(analyst.groups.all()) == []


def test_staff_status_needs_the_administrator_role(admin_client, world):
    analyst = world.users["analyst"]

    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[analyst.pk]), user_form_data(analyst, is_staff="on")
    )

    assert response.status_code == 200
    assert "is_staff" in response.context["adminform"].form.errors
    analyst.refresh_from_db()
    assert analyst.is_staff is False


def test_country_choices_leave_out_the_recipient(admin_client, world):
    ukraine = f.CountryFactory(code="UA", name="Ukraine", is_recipient=True)

    response = admin_client.get(reverse("admin:accounts_user_add"))

    choices = list(response.context["adminform"].form.fields["country"].queryset)
    assert ukraine not in choices
    assert choices == [world.a, world.lead, world.b]


def test_group_choices_leave_out_country_groups(admin_client, world):
    response = admin_client.get(reverse("admin:accounts_user_add"))

    assert list(response.context["adminform"].form.fields["groups"].queryset) == [world.observer_group]


PORTAL_PERSONAS = ["officer_a", "viewer_a", "lead_officer", "analyst", "reviewer", "observer"]


@pytest.mark.parametrize("persona", PORTAL_PERSONAS)
def test_admin_site_is_closed_to_portal_users(client, world, persona):
    log_in(client, world.users[persona])

    response = client.get(reverse("admin:coalitions_commitment_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_every_admin_page_opens_for_the_administrator(admin_client, world, rf):
    request = rf.get("/")
    request.user = world.admin
    statuses = {}
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        statuses[f"{prefix}_changelist"] = admin_client.get(reverse(f"{prefix}_changelist")).status_code
        if model_admin.has_add_permission(request):
            statuses[f"{prefix}_add"] = admin_client.get(reverse(f"{prefix}_add")).status_code

    assert len(statuses) > 20
    assert [page for page, status in statuses.items() if status != 200] == []


def test_coalition_admin_shows_the_lead_countrys_object_permissions(admin_client, world):
    url = reverse("admin:coalitions_coalition_permissions", args=[world.coalition.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert world.lead.group.name in response.content.decode()


def test_user_list_query_count_does_not_grow_with_users(admin_client, world):
    url = reverse("admin:accounts_user_changelist")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for n in range(20):
        f.country_user(world.b, username=f"extra-{n}")
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)

    assert response.status_code == 200
    assert len(many) == len(few)

"""seed_demo: the demo data and users, idempotent, never under production settings."""

import re
from io import StringIO

import pghistory.models
import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import RequestFactory

from accounts import access
from accounts.models import Role, User
from accounts.services import user_country
from coalitions.models import Coalition, Commitment, Membership, Need
from devtools.demo.coalitions import DEMO_COUNTRIES, OBSERVED_COALITIONS

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module (seeding is slow); roll it all back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


@pytest.fixture
def output(seeded, db):
    return seeded


def user(username):
    return User.objects.get(username=username)


def row_counts():
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    counts["pghistory.Events"] = pghistory.models.Events.objects.count()
    return counts


def test_second_run_changes_nothing(output):
    before = row_counts()
    commitments = list(Commitment.objects.values().order_by("pk"))

    seed()

    assert row_counts() == before
    assert list(Commitment.objects.values().order_by("pk")) == commitments


def test_prints_the_logins(output):
    lines = output[output.index("Demo logins") : output.index("API token of")].splitlines()  # then the token

    assert lines[0] == "Demo logins (password: demo-coalitions)"
    assert len(lines) == 2 + 5 + 3 * len(DEMO_COUNTRIES)
    assert lines[-1].split() == ["viewer-cz", "Partner", "viewer", "Czechia"]


def test_ministry_admin_and_observer_users(output):
    assert user("admin").role == Role.ADMIN
    assert user("admin").is_superuser and user("admin").is_staff
    assert [user(name).role for name in ("analyst", "reviewer", "observer")] == [
        Role.ANALYST,
        Role.REVIEWER,
        Role.OBSERVER,
    ]
    assert not User.objects.filter(is_staff=True).exclude(username="admin").exists()
    assert user_country(user("analyst")) is None


def test_observer_observes_two_coalitions(output):
    observed = access.coalitions_for(user("observer")).values_list("slug", flat=True)

    assert sorted(observed) == sorted(OBSERVED_COALITIONS)


@pytest.mark.parametrize("code", DEMO_COUNTRIES)
def test_officer_and_viewer_of_every_demo_country(output, code):
    officer, viewer = user(f"officer-{code.lower()}"), user(f"viewer-{code.lower()}")

    assert (officer.role, viewer.role) == (Role.OFFICER, Role.VIEWER)
    assert (
        [g.name for g in officer.groups.all()]
        == [g.name for g in viewer.groups.all()]
        == [f"country-{code.lower()}"]
    )
    assert access.editable_country_ids(officer) == [user_country(officer).pk]
    assert access.editable_country_ids(viewer) == []


@pytest.mark.parametrize("code", DEMO_COUNTRIES)
def test_focal_point_of_every_demo_country_manages_its_people(output, code):
    focal = user(f"focal-{code.lower()}")

    assert focal.role == Role.FOCAL_POINT
    assert [g.name for g in focal.groups.all()] == [f"country-{code.lower()}"]
    assert access.managed_country_ids(focal) == [user_country(focal).pk]
    assert access.may_change_person(focal, user(f"officer-{code.lower()}"))


def test_ministry_administrator_manages_memberships_and_people(output):
    admin = user("ministry-admin")
    assert admin.role == Role.MINISTRY_ADMIN and not admin.is_staff
    assert access.may_manage_memberships(admin) and access.managed_country_ids(admin) is None
    assert "ministry-admin" in output and "focal-cz" in output


def login_request():
    """django-axes needs the request a login comes with."""
    return RequestFactory().post("/accounts/login/")


def test_demo_password_logs_in(output):
    assert authenticate(login_request(), username="officer-fr", password="demo-coalitions") == user(
        "officer-fr"
    )


def test_password_option_changes_every_demo_password(output):
    seed("--password", "another-demo-password")

    assert authenticate(login_request(), username="reviewer", password="another-demo-password") == user(
        "reviewer"
    )
    assert authenticate(login_request(), username="reviewer", password="demo-coalitions") is None


def test_officer_be_leads_nothing_and_officer_lv_leads_drone(output):
    assert access.lead_coalition_ids(user("officer-be")) == []
    assert access.lead_coalition_ids(user("officer-lv")) == [Coalition.objects.get(slug="drone").pk]


def test_every_demo_country_commits_in_every_coalition_it_belongs_to(output):
    memberships = Membership.objects.filter(country__code__in=DEMO_COUNTRIES)
    pairs = set(memberships.values_list("country__code", "coalition__slug"))
    committed = set(Commitment.objects.values_list("country__code", "coalition__slug"))

    assert {code for code, _slug in pairs} == set(DEMO_COUNTRIES)
    assert committed == pairs


def test_commitments_vary_like_real_ones(output):
    commitments = Commitment.objects.all()

    assert commitments.filter(quantity__isnull=True).exists()
    assert commitments.filter(value_eur__isnull=False).exists()
    assert len(set(commitments.values_list("status", flat=True))) == 5
    assert len(set(commitments.values_list("source", flat=True))) == 5
    for commitment in commitments.select_related("capability"):
        commitment.full_clean()


def test_needs_for_every_coalition(output):
    needs = Need.objects.filter(year=2026)

    assert set(needs.values_list("coalition__slug", flat=True)) == set(
        Coalition.objects.values_list("slug", flat=True)
    )
    assert sorted(set(needs.values_list("quarter", flat=True))) == [1, 2, 3, 4]


def test_refuses_under_production_settings(db, settings):
    settings.SETTINGS_MODULE = "config.settings.prod"
    before = row_counts()

    with pytest.raises(CommandError, match="production"):
        seed("--password", "a-new-password-for-everyone")

    assert row_counts() == before
    assert authenticate(login_request(), username="analyst", password="a-new-password-for-everyone") is None


def test_prints_a_read_only_api_token_of_the_observer(output):
    from django.test import Client

    token = re.search(r"API token of observer \(read only\): (ccp_\S+)", output).group(1)
    client = Client(headers={"Authorization": f"Bearer {token}"})

    me = client.get("/api/v1/me/").json()
    refused = client.post("/api/v1/commitments/", {}, content_type="application/json")

    assert (me["username"], me["token_access"], refused.status_code) == ("observer", "read", 403)

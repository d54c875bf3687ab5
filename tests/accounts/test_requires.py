"""``access.requires``: a view declares who may open it; everyone else gets 403."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import access
from accounts.models import Role
from tests import factories as f
from tests.world import log_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.requires_urls")]


@pytest.fixture
def users():
    country = f.CountryFactory(code="BE", name="Belgium")
    return {
        "officer": f.country_user(country, username="officer"),
        "analyst": f.UserFactory(role=Role.ANALYST, username="analyst"),
        "reviewer": f.UserFactory(role=Role.REVIEWER, username="reviewer"),
    }


def status(client, user, name, method="get"):
    log_in(client, user)
    return getattr(client, method)(reverse(name)).status_code


def test_requires_refuses_a_user_of_the_wrong_role_with_403(client, users):
    assert status(client, users["officer"], "test_ministry") == 403


def test_requires_lets_a_user_of_the_right_role_in(client, users):
    assert status(client, users["reviewer"], "test_ministry") == 200


def test_requires_with_methods_checks_only_those_methods(client, users):
    assert status(client, users["reviewer"], "test_ministry_post_analyst") == 200
    assert status(client, users["reviewer"], "test_ministry_post_analyst", "post") == 403
    assert status(client, users["analyst"], "test_ministry_post_analyst", "post") == 200


def test_requires_under_require_post_leaves_a_wrong_method_405(client, users):
    assert status(client, users["officer"], "test_post_only") == 405
    assert status(client, users["officer"], "test_post_only", "post") == 403
    assert status(client, users["analyst"], "test_post_only", "post") == 200


def test_requires_on_a_class_based_view(client, users):
    assert status(client, users["analyst"], "test_reviewer") == 403
    assert status(client, users["reviewer"], "test_reviewer") == 200


def test_require_checks_a_right_on_an_object(users):
    commitment = f.CommitmentFactory(country=users["officer"].groups.get().country)
    access.require(access.may_change, users["officer"], commitment)
    with pytest.raises(PermissionDenied):
        access.require(access.may_change, users["reviewer"], commitment)

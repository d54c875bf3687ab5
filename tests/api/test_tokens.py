"""API tokens: made on the security page, shown once, hash only, stopped by expiry, revocation,
deactivation; header only; rate limited; visible in the activity history."""

import datetime
import json

from django.utils import timezone
from pghistory.models import Events

from accounts import tokens
from accounts.models import ApiToken, ApiTokenAccess
from tests.api.conftest import api_client, make_token
from tests.world import log_in

ME = "/api/v1/me/"


def create(client, **data):
    values = {
        "name": "Logistics",
        "access": "write",
        "expires_on": str(timezone.localdate() + datetime.timedelta(days=30)),
    }
    return client.post("/accounts/api-tokens/new/", values | data)


def test_the_token_is_shown_once_and_only_its_hash_is_stored(world, client):
    log_in(client, world.users["officer_a"])

    response = create(client)

    raw = response.context["raw"]
    token = ApiToken.objects.get()
    assert (token.token_hash, raw in token.token_hash, token.access) == (
        tokens.hash_token(raw),
        False,
        "write",
    )
    assert api_client(raw).get(ME).json()["username"] == "officer-a"
    assert raw not in client.get("/accounts/two-factor/").content.decode()


def test_a_viewer_may_not_create_a_read_write_token(world, client):
    log_in(client, world.users["viewer_a"])

    response = create(client)

    assert (response.status_code, ApiToken.objects.count()) == (400, 0)


def test_expiry_over_a_year_is_refused(world, client):
    log_in(client, world.users["officer_a"])

    response = create(client, expires_on=str(timezone.localdate() + datetime.timedelta(days=400)))

    assert (response.status_code, ApiToken.objects.count()) == (400, 0)


def test_revoked_token_stops_at_once(world, client):
    log_in(client, world.users["officer_a"])
    raw = create(client).context["raw"]
    token = ApiToken.objects.get()

    client.post(f"/accounts/api-tokens/{token.pk}/revoke/")

    assert api_client(raw).get(ME).status_code == 401


def test_another_users_token_cannot_be_revoked(world, client):
    raw = make_token(world.users["officer_b"])
    log_in(client, world.users["officer_a"])

    response = client.post(f"/accounts/api-tokens/{ApiToken.objects.get().pk}/revoke/")

    assert (response.status_code, api_client(raw).get(ME).status_code) == (404, 200)


def test_expired_token_and_deactivated_user_are_refused(world):
    expired = make_token(world.users["officer_a"], expires_at=timezone.now() - datetime.timedelta(seconds=1))
    live = make_token(world.users["officer_b"])
    world.users["officer_b"].is_active = False
    world.users["officer_b"].save()

    assert (api_client(expired).get(ME).status_code, api_client(live).get(ME).status_code) == (401, 401)


def test_token_in_the_query_string_is_refused(world):
    raw = make_token(world.users["officer_a"])

    response = api_client(raw).get(f"{ME}?token={raw}")

    assert (response.status_code, response["Content-Type"]) == (400, "application/problem+json")


def test_no_token_is_401_problem_not_a_login_page(world):
    response = api_client().get("/api/v1/commitments/")

    assert (response.status_code, response["Content-Type"], response["WWW-Authenticate"]) == (
        401,
        "application/problem+json",
        'Bearer realm="api"',
    )


def test_over_the_rate_limit_is_429_with_retry_after(world, settings):
    settings.API_RATE_PER_MINUTE = 2
    client = api_client(make_token(world.users["officer_a"], ApiTokenAccess.READ))

    statuses = [client.get(ME).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert 1 <= int(client.get(ME)["Retry-After"]) <= 60


def test_writes_name_the_user_and_the_token_in_history(world):
    client = api_client(make_token(world.users["officer_a"]))
    line = {
        "line_reference": "H-1",
        "commitment": world.commitment_a.pk,
        "delivered_on": "2026-11-02",
        "quantity": 3,
    }

    client.post(
        f"/api/v1/reports/{world.report_a.pk}/deliveries/",
        json.dumps({"lines": [line]}),
        content_type="application/json",
    )

    event = Events.objects.get(
        pgh_label="insert", pgh_obj_model="reports.DeliveryLine", pgh_data__line_reference="H-1"
    )
    assert (event.pgh_context["user"], event.pgh_context["api_token"]) == (
        world.users["officer_a"].pk,
        "write token",
    )


def test_the_activity_page_names_the_token(world, client):
    api = api_client(make_token(world.users["officer_a"]))
    line = {
        "line_reference": "H-2",
        "commitment": world.commitment_a.pk,
        "delivered_on": "2026-11-02",
        "quantity": 3,
    }
    api.post(
        f"/api/v1/reports/{world.report_a.pk}/deliveries/",
        json.dumps({"lines": [line]}),
        content_type="application/json",
    )
    log_in(client, world.users["analyst"])

    # the officer's changes: in the test's one transaction every event (the world's too) has
    # the same time, so unfiltered the API's change need not be on the first page
    page = client.get("/reports/activity/", {"user": world.users["officer_a"].pk}).content.decode()

    assert "Delivery line" in page and "through API token “write token”" in page

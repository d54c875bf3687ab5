"""Writing through the API: batches keyed by line_reference, dry runs, versions, bad input."""

import json

import pytest

from accounts.models import ApiTokenAccess
from coalitions.models import Commitment
from reports.models import DeliveryLine, PlanLine

URL = "/api/v1/"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def week(world, quantity=5, prefix="BE-W45"):
    return [
        {
            "line_reference": f"{prefix}-{day}",
            "commitment": world.commitment_a.pk,
            "delivered_on": f"2026-11-{day:02d}",
            "quantity": quantity,
        }
        for day in range(2, 7)
    ]


def snapshot():
    return sorted(DeliveryLine.objects.values_list("line_reference", "quantity", "version")), sorted(
        PlanLine.objects.values_list("line_reference", "quantity", "version")
    )


@pytest.fixture
def officer(world, api_as):
    return api_as(world.users["officer_a"])


def test_a_batch_adds_lines_and_its_retry_changes_nothing(world, officer):
    url = f"{URL}reports/{world.report_a.pk}/deliveries/"

    first = post(officer, url, {"lines": week(world)})
    after_first = snapshot()
    retry = post(officer, url, {"lines": week(world)})

    assert (first.status_code, first.json()["counts"]) == (200, {"add": 5, "update": 0, "unchanged": 0})
    assert (retry.status_code, retry.json()["counts"]) == (200, {"add": 0, "update": 0, "unchanged": 5})
    assert snapshot() == after_first


def test_a_changed_quantity_updates_the_line_with_that_reference(world, officer):
    url = f"{URL}reports/{world.report_a.pk}/deliveries/"
    post(officer, url, {"lines": week(world)})

    response = post(officer, url, {"lines": week(world, quantity=6)[:1]})

    assert response.json()["counts"] == {"add": 0, "update": 1, "unchanged": 0}
    assert DeliveryLine.objects.get(line_reference="BE-W45-2").quantity == 6


def test_dry_run_checks_and_writes_nothing(world, officer):
    before = snapshot()

    response = post(
        officer, f"{URL}reports/{world.report_a.pk}/deliveries/", {"dry_run": True, "lines": week(world)}
    )

    assert (response.status_code, response.json()["written"], snapshot()) == (200, False, before)


def test_one_bad_line_refuses_the_whole_batch_naming_it(world, officer):
    lines = week(world)
    lines[3]["delivered_on"] = "2026-06-01"  # before the report's period
    before = snapshot()

    response = post(officer, f"{URL}reports/{world.report_a.pk}/deliveries/", {"lines": lines})

    assert (response.status_code, response["Content-Type"]) == (400, "application/problem+json")
    assert [e["field"] for e in response.json()["errors"]] == ["lines[3].delivered_on"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": "1,000"}, "lines[0].quantity"),
        ({"quantity": "1000"}, "lines[0].quantity"),
        ({"quantity": 12.5}, "lines[0].quantity"),
        ({"quantity": True}, "lines[0].quantity"),
        ({"delivered_on": "02.11.2026"}, "lines[0].delivered_on"),
        ({"colour": "red"}, "lines[0].colour"),
        ({"commitment": "abc"}, "lines[0].commitment"),
    ],
)
def test_wrong_types_and_unknown_fields_are_named(world, officer, change, field):
    lines = [week(world)[0] | change]
    before = snapshot()

    response = post(officer, f"{URL}reports/{world.report_a.pk}/deliveries/", {"lines": lines})

    assert (response.status_code, [e["field"] for e in response.json()["errors"]]) == (400, [field])
    assert snapshot() == before


def test_another_countrys_commitment_is_a_line_error(world, officer):
    lines = [week(world)[0] | {"commitment": world.commitment_b.pk}]

    response = post(officer, f"{URL}reports/{world.report_a.pk}/deliveries/", {"lines": lines})

    assert [e["field"] for e in response.json()["errors"]] == ["lines[0].commitment"]


def test_another_countrys_report_is_404_and_unchanged(world, officer):
    before = snapshot()

    response = post(officer, f"{URL}reports/{world.report_b.pk}/deliveries/", {"lines": week(world)})

    assert (response.status_code, snapshot()) == (404, before)


def test_malformed_json_is_a_problem(world, officer):
    response = officer.post(
        f"{URL}reports/{world.report_a.pk}/deliveries/", "{nope", content_type="application/json"
    )

    assert (response.status_code, response["Content-Type"]) == (400, "application/problem+json")


def test_a_batch_over_the_limit_is_413(world, officer, settings):
    settings.API_BATCH_MAX = 3

    response = post(officer, f"{URL}reports/{world.report_a.pk}/deliveries/", {"lines": week(world)})

    assert (response.status_code, response.json()["status"]) == (413, 413)


def test_a_stale_line_version_is_409(world, officer):
    url = f"{URL}reports/{world.report_a.pk}/deliveries/"
    post(officer, url, {"lines": week(world)[:1]})
    post(officer, url, {"lines": week(world, quantity=7)[:1]})  # version 2 now

    response = post(officer, url, {"lines": [week(world, quantity=8)[0] | {"version": 1}]})

    assert (response.status_code, DeliveryLine.objects.get(line_reference="BE-W45-2").quantity) == (409, 7)


def test_plans_by_reference_and_delete(world, officer):
    url = f"{URL}reports/{world.report_a.pk}/plans/"
    line = {"line_reference": "P-1", "commitment": world.commitment_a.pk, "period": "2027-Q1", "quantity": 40}

    added = post(officer, url, {"lines": [line]})
    deleted = officer.delete(f"{url}P-1/")

    assert (added.json()["counts"]["add"], deleted.status_code) == (1, 204)
    assert list(PlanLine.objects.filter(line_reference="P-1")) == []


def test_submit_with_a_stale_version_is_409_then_submits(world, officer):
    url = f"{URL}reports/{world.report_a.pk}/submit/"

    stale = post(officer, url, {"version": world.report_a.version + 5})
    done = post(officer, url, {"version": world.report_a.version})

    assert (stale.status_code, done.status_code, done.json()["status"]) == (409, 200, "submitted")


def test_lines_of_a_submitted_report_cannot_change(world, api_as):
    client = api_as(world.users["officer_b"])

    response = post(client, f"{URL}reports/{world.report_b.pk}/deliveries/", {"lines": week(world)})

    assert response.status_code == 403


def test_commitment_create_and_update_with_version(world, officer):
    body = {
        "country": world.a.pk,
        "coalition": world.coalition.pk,
        "capability": world.capability.pk,
        "quantity": 50,
    }

    created = post(officer, f"{URL}commitments/", body)
    pk = created.json()["id"]
    stale = officer.patch(
        f"{URL}commitments/{pk}/", json.dumps({"version": 9, "quantity": 60}), content_type="application/json"
    )
    fresh = officer.patch(
        f"{URL}commitments/{pk}/", json.dumps({"version": 1, "quantity": 60}), content_type="application/json"
    )

    assert (created.status_code, stale.status_code, fresh.status_code) == (201, 409, 200)
    assert Commitment.objects.get(pk=pk).quantity == 60


def test_commitment_for_another_country_is_refused(world, officer):
    body = {
        "country": world.b.pk,
        "coalition": world.coalition.pk,
        "capability": world.capability.pk,
        "quantity": 50,
    }
    before = Commitment.objects.count()

    response = post(officer, f"{URL}commitments/", body)

    assert (response.status_code, [e["field"] for e in response.json()["errors"]]) == (400, ["country"])
    assert Commitment.objects.count() == before


def test_another_countrys_commitment_update_is_404(world, officer):
    response = officer.patch(
        f"{URL}commitments/{world.commitment_b.pk}/",
        json.dumps({"version": 1, "quantity": 1}),
        content_type="application/json",
    )

    assert response.status_code == 404


def test_read_only_token_may_not_write(world, api_as):
    client = api_as(world.users["officer_a"], ApiTokenAccess.READ)

    response = post(client, f"{URL}reports/{world.report_a.pk}/deliveries/", {"lines": week(world)})

    assert (response.status_code, response.json()["detail"]) == (403, "This token is read-only.")

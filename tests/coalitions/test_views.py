"""Behaviour of the coalition and commitment pages for the people who use them."""

import pytest
from django.urls import reverse

from coalitions.models import Commitment, CommitmentStatus
from tests import factories as f
from tests.world import log_in

pytestmark = pytest.mark.django_db


def create_url():
    return reverse("coalitions:commitment_create")


def edit_url(commitment):
    return reverse("coalitions:commitment_update", args=[commitment.pk])


def cancel_url(commitment):
    return reverse("coalitions:commitment_cancel", args=[commitment.pk])


def new_data(w, **changes):
    data = {
        "country": w.a.pk,
        "coalition": w.coalition.pk,
        "capability": w.capability.pk,
        "quantity": "5000",
        "value_eur": "125000.50",
        "source": "production",
        "status": "pledged",
        "announced_on": "2026-03-01",
        "partner_reference": "BE-2026-17",
        "notes": "Delivered in two batches",
    }
    return data | changes


def edit_data(commitment, **changes):
    data = {
        "capability": commitment.capability_id,
        "quantity": "120",
        "source": "stocks",
        "status": "in_delivery",
        "announced_on": "2026-01-15",
        "version": commitment.version,
    }
    return data | changes


def test_officer_creates_a_commitment(world, client):
    log_in(client, world.users["officer_a"])
    response = client.post(create_url(), new_data(world))
    created = Commitment.objects.get(partner_reference="BE-2026-17")
    assert response.status_code == 302
    assert response.url == reverse("coalitions:commitment_detail", args=[created.pk])
    assert (created.country, created.quantity, created.status, created.origin) == (
        world.a,
        5000,
        "pledged",
        "entered",
    )


def test_create_form_preselects_the_only_country(world, client):
    log_in(client, world.users["officer_a"])
    form = client.get(create_url()).context["form"]
    assert form["country"].value() == world.a.pk


def test_undisclosed_quantity_is_saved_empty(world, client):
    log_in(client, world.users["officer_a"])
    client.post(create_url(), new_data(world, quantity="", undisclosed="on"))
    assert Commitment.objects.get(partner_reference="BE-2026-17").quantity is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quantity": ""}, "Enter a quantity or tick"),
        ({"quantity": "0"}, "greater than or equal to 1"),
        ({"quantity": "-4"}, "greater than or equal to 1"),
        ({"quantity": "many"}, "whole number"),
        ({"announced_on": "9999-12-31"}, "less than or equal to 2099-12-31"),
        ({"announced_on": "1999-12-31"}, "greater than or equal to 2000-01-01"),
    ],
)
def test_bad_input_is_shown_and_nothing_saved(world, client, changes, message):
    log_in(client, world.users["officer_a"])
    before = Commitment.objects.count()
    response = client.post(create_url(), new_data(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Commitment.objects.count() == before


@pytest.mark.parametrize(
    "changes",
    [
        {"announced_on": "31/02/2026"},
        {"value_eur": "lots"},
        {"status": "cancelled"},
        {"source": "magic"},
        {"capability": "not-a-number"},
        {"coalition": "999999"},
    ],
)
def test_bad_input_on_create_rerenders_with_errors(world, client, changes):
    log_in(client, world.users["officer_a"])
    before = Commitment.objects.count()
    response = client.post(create_url(), new_data(world, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Commitment.objects.count() == before


def test_capability_of_another_coalition_is_refused_on_the_form(world, client):
    log_in(client, world.users["officer_b"])
    response = client.post(create_url(), new_data(world, country=world.b.pk, capability=world.drone.pk))
    assert response.context["form"].errors == {
        "capability": ["This capability belongs to another coalition."]
    }
    assert not Commitment.objects.filter(partner_reference="BE-2026-17").exists()


def test_coalition_the_country_is_not_in_is_refused(world, client):
    log_in(client, world.users["officer_a"])
    response = client.post(
        create_url(), new_data(world, coalition=world.other_coalition.pk, capability=world.drone.pk)
    )
    assert "coalition" in response.context["form"].errors
    assert not Commitment.objects.filter(partner_reference="BE-2026-17").exists()


def test_officer_edits_own_commitment_and_version_moves_on(world, client):
    log_in(client, world.users["officer_a"])
    commitment = world.commitment_a
    response = client.post(edit_url(commitment), edit_data(commitment))
    commitment.refresh_from_db()
    assert response.status_code == 302
    assert (commitment.quantity, commitment.status, commitment.version) == (120, "in_delivery", 2)


def test_edit_form_carries_the_version(world, client):
    log_in(client, world.users["officer_a"])
    form = client.get(edit_url(world.commitment_a)).context["form"]
    assert form["version"].value() == 1
    assert list(form.fields["capability"].queryset) == [world.capability]


def test_stale_edit_keeps_the_newer_data_and_says_so(world, client):
    log_in(client, world.users["officer_a"])
    commitment = world.commitment_a
    stale = edit_data(commitment, quantity="300")
    client.post(edit_url(commitment), edit_data(commitment, quantity="200"))
    response = client.post(edit_url(commitment), stale)
    commitment.refresh_from_db()
    assert response.status_code == 200
    assert "Someone else saved this commitment" in response.content.decode()
    assert commitment.quantity == 200
    assert response.context["form"]["quantity"].value() == 200
    assert response.context["form"]["version"].value() == 2


def test_tampered_version_is_a_form_error(world, client):
    log_in(client, world.users["officer_a"])
    response = client.post(edit_url(world.commitment_a), edit_data(world.commitment_a, version="x"))
    assert response.status_code == 200
    assert "version" in response.context["form"].errors


def test_cancel_needs_a_reason(world, client):
    log_in(client, world.users["officer_a"])
    commitment = world.commitment_a
    response = client.post(cancel_url(commitment), {"reason": "   ", "version": 1})
    commitment.refresh_from_db()
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert commitment.status == CommitmentStatus.COMMITTED


def test_cancel_keeps_the_commitment_with_its_reason(world, client):
    log_in(client, world.users["officer_a"])
    commitment = world.commitment_a
    response = client.post(cancel_url(commitment), {"reason": "Budget withdrawn", "version": 1})
    commitment.refresh_from_db()
    assert response.status_code == 302
    assert (commitment.status, commitment.cancel_reason) == ("cancelled", "Budget withdrawn")


def test_cancelled_commitment_cannot_be_edited_or_cancelled_again(world, client):
    log_in(client, world.users["officer_a"])
    commitment = f.CommitmentFactory(
        country=world.a, capability=world.capability, status="cancelled", cancel_reason="x"
    )
    detail = reverse("coalitions:commitment_detail", args=[commitment.pk])
    assert client.post(edit_url(commitment), edit_data(commitment)).url == detail
    assert client.post(cancel_url(commitment), {"reason": "again", "version": 1}).url == detail
    commitment.refresh_from_db()
    assert (commitment.status, commitment.cancel_reason, commitment.version) == ("cancelled", "x", 1)


def test_history_shows_who_changed_what(world, client):
    log_in(client, world.users["officer_a"])
    commitment = world.commitment_a
    client.post(edit_url(commitment), edit_data(commitment, quantity="120"))
    response = client.get(reverse("coalitions:commitment_detail", args=[commitment.pk]))
    history = [event.entry for event in response.context["history"]]  # newest first
    assert [entry.action for entry in history] == ["Changed", "Created"]
    assert history[0].actor == "officer-a"
    assert ("Quantity", "111,111", "120") in [(str(a), str(b), str(c)) for a, b, c in history[0].changes]


def test_commitment_list_filters_by_coalition_category_and_status(world, client):
    log_in(client, world.users["analyst"])
    fulfilled = f.CommitmentFactory(country=world.a, capability=world.capability, status="fulfilled")
    url = reverse("coalitions:commitment_list")
    response = client.get(url, {"coalition": "artillery", "category": "ammunition", "status": "fulfilled"})
    assert list(response.context["page"].object_list) == [fulfilled]
    response = client.get(url, {"coalition": "drones"})
    assert list(response.context["page"].object_list) == [world.commitment_b_drones]


def test_commitment_list_shows_bad_filters_and_survives_bad_pages(world, client):
    log_in(client, world.users["officer_a"])
    response = client.get(reverse("coalitions:commitment_list"), {"status": "bogus", "page": "-3"})
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert response.context["page"].number == 1


def test_commitment_list_paginates(world, client, monkeypatch):
    monkeypatch.setattr("config.listing.PAGE_SIZE", 2)
    log_in(client, world.users["analyst"])
    response = client.get(reverse("coalitions:commitment_list"), {"status": "committed", "page": "2"})
    assert response.context["page"].paginator.num_pages == 2
    assert len(response.context["page"].object_list) == 2
    assert "status=committed&amp;page=1" in response.content.decode()


def test_coalition_page_shows_breakdown_only_to_lead_and_ministry(world, client):
    url = reverse("coalitions:detail", args=["artillery"])
    seen = {}
    for persona in ("officer_a", "lead_officer", "analyst"):
        log_in(client, world.users[persona])
        seen[persona] = [row.label for row in client.get(url).context["figures"].countries]
    assert seen == {
        "officer_a": ["Belgium"],
        "lead_officer": ["Belgium", "Latvia", "Sweden"],
        "analyst": ["Belgium", "Latvia", "Sweden"],
    }


def test_coalition_totals_leave_out_cancelled_commitments(world, client):
    f.CommitmentFactory(
        country=world.a, capability=world.capability, quantity=5, status="cancelled", cancel_reason="x"
    )
    log_in(client, world.users["officer_a"])
    figures = client.get(reverse("coalitions:detail", args=["artillery"])).context["figures"]
    assert [(row.label, row.committed, row.undisclosed) for row in figures.capabilities] == [
        ("155 mm shell", 777777, 0)
    ]


def test_partner_dashboard_summarises_own_commitments_only(world, client):
    log_in(client, world.users["lead_officer"])
    response = client.get(reverse("dashboard"))
    assert [(p.coalition, p.commitments) for p in response.context["progress"]] == [(world.coalition, 1)]
    assert list(response.context["coalitions"]) == [world.coalition]


@pytest.mark.parametrize(
    "query",
    [
        {"coalition": "\x00"},
        {"coalition": "x" * 5000},
        {"category": "\x00", "status": "\x00"},
        {"page": "99999999999999999999"},
    ],
)
def test_hostile_filters_are_answered_not_crashed(world, client, query):
    log_in(client, world.users["officer_a"])
    response = client.get(reverse("coalitions:commitment_list"), query)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "changes",
    [
        {"quantity": "99999999999"},
        {"value_eur": "1e20"},
        {"country": "\x00"},
        {"notes": "bad\x00byte"},
        {"announced_on": "99999-01-01"},
    ],
)
def test_hostile_create_input_is_a_form_error(world, client, changes):
    log_in(client, world.users["officer_a"])
    before = Commitment.objects.count()
    response = client.post(create_url(), new_data(world, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Commitment.objects.count() == before


def test_edit_with_a_huge_version_is_stale_not_a_crash(world, client):
    log_in(client, world.users["officer_a"])
    response = client.post(edit_url(world.commitment_a), edit_data(world.commitment_a, version="9" * 30))
    world.commitment_a.refresh_from_db()
    assert response.status_code == 200
    assert world.commitment_a.quantity == 111111


def test_editing_after_the_country_left_the_coalition_is_a_form_error(world, client):
    world.a.memberships.filter(coalition=world.coalition).delete()
    log_in(client, world.users["officer_a"])
    commitment = world.commitment_a
    response = client.post(edit_url(commitment), edit_data(commitment))
    commitment.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["The country is not a member of this coalition."]
    assert commitment.version == 1


def test_coalition_page_lists_the_lead_first(world, client):
    log_in(client, world.users["officer_a"])
    memberships = client.get(reverse("coalitions:detail", args=["artillery"])).context["memberships"]
    assert [(m.country.name, m.role) for m in memberships] == [
        ("Latvia", "lead"),
        ("Belgium", "member"),
        ("Sweden", "member"),
    ]


def test_stale_cancel_changes_nothing_and_says_so(world, client):
    log_in(client, world.users["officer_a"])
    commitment = world.commitment_a
    client.post(edit_url(commitment), edit_data(commitment, quantity="200"))
    response = client.post(cancel_url(commitment), {"reason": "Budget withdrawn", "version": 1}, follow=True)
    commitment.refresh_from_db()
    assert "Someone else saved this commitment" in response.content.decode()
    assert (commitment.status, commitment.quantity) == ("in_delivery", 200)

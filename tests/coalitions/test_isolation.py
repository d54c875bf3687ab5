"""Country A's pages never show country B's commitments, and A cannot change B's."""

from decimal import Decimal

import pytest
from django.urls import reverse

from coalitions.models import Commitment
from tests.world import log_in

pytestmark = pytest.mark.django_db

QUANTITY = {"a": "111111", "b": "222222", "b_drones": "333333", "lead": "444444"}
GROUPED = {key: f"{int(value):,}" for key, value in QUANTITY.items()}  # as pages show them: 111,111
REFERENCE = {
    "a": "REF-BELGIUM-A",
    "b": "REF-SWEDEN-B",
    "b_drones": "REF-SWEDEN-DRONES",
    "lead": "REF-LATVIA-L",
}

# What each persona must never see: (the commitments of) other countries outside its rights.
HIDDEN = {
    "officer_a": ("b", "b_drones", "lead"),
    "viewer_a": ("b", "b_drones", "lead"),
    "officer_b": ("a", "lead"),
    "lead_officer": ("b_drones",),
    "observer": ("a", "b", "lead"),
}


@pytest.fixture
def seeded(world):
    """Give every world commitment a distinctive reference and note besides its quantity."""
    for key, reference in REFERENCE.items():
        Commitment.objects.filter(pk=commitment(world, key).pk).update(
            partner_reference=reference,
            value_eur=Decimal(QUANTITY[key]) + Decimal("0.5"),
            notes=f"note {reference}",
        )
    return world


def commitment(w, key):
    return getattr(w, f"commitment_{key}")


def pages(w):
    yield reverse("dashboard")
    yield reverse("coalitions:list")
    yield reverse("coalitions:commitment_list")
    yield reverse("coalitions:commitment_create")
    for coalition in (w.coalition, w.other_coalition):
        yield reverse("coalitions:detail", args=[coalition.slug])
        yield reverse("coalitions:commitment_list") + f"?coalition={coalition.slug}"
    for key in QUANTITY:
        pk = commitment(w, key).pk
        for name in ("commitment_detail", "commitment_update", "commitment_cancel"):
            yield reverse(f"coalitions:{name}", args=[pk])


@pytest.mark.parametrize("persona", HIDDEN)
def test_pages_never_show_what_the_persona_may_not_see(seeded, client, persona):
    log_in(client, seeded.users[persona])
    secrets = [v for key in HIDDEN[persona] for v in (QUANTITY[key], GROUPED[key], REFERENCE[key])]
    leaks = []
    for url in pages(seeded):
        body = client.get(url).content.decode()
        leaks += [(url, secret) for secret in secrets if secret in body]
    assert leaks == []


def test_own_pages_do_show_own_commitment(seeded, client):
    """The no-leak test above would pass on empty pages; this one shows the pages have data."""
    log_in(client, seeded.users["officer_a"])
    detail = client.get(reverse("coalitions:commitment_detail", args=[seeded.commitment_a.pk]))
    listing = client.get(reverse("coalitions:commitment_list"))
    assert REFERENCE["a"] in detail.content.decode()
    assert GROUPED["a"] in listing.content.decode()


def test_create_form_offers_only_own_country_and_its_coalitions(world, client):
    log_in(client, world.users["officer_a"])
    form = client.get(reverse("coalitions:commitment_create")).context["form"]
    assert list(form.fields["country"].queryset) == [world.a]
    assert list(form.fields["coalition"].queryset) == [world.coalition]
    assert list(form.fields["capability"].queryset) == [world.capability]


def test_create_naming_another_country_is_refused(world, client):
    log_in(client, world.users["officer_a"])
    before = set(Commitment.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("coalitions:commitment_create"),
        {
            "country": world.b.pk,
            "coalition": world.coalition.pk,
            "capability": world.capability.pk,
            "quantity": "5",
            "source": "stocks",
            "status": "pledged",
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["country"]
    assert set(Commitment.objects.values_list("pk", flat=True)) == before


def snapshot(commitment):
    commitment.refresh_from_db()
    return (commitment.quantity, commitment.status, commitment.cancel_reason, commitment.version)


@pytest.mark.parametrize("key", ["b", "b_drones", "lead"])
def test_officer_a_cannot_edit_or_cancel_another_countrys_commitment(world, client, key):
    target = commitment(world, key)
    before = snapshot(target)
    log_in(client, world.users["officer_a"])
    edit = client.post(
        reverse("coalitions:commitment_update", args=[target.pk]),
        {
            "capability": target.capability_id,
            "quantity": "1",
            "source": "stocks",
            "status": "pledged",
            "version": 1,
        },
    )
    cancel = client.post(
        reverse("coalitions:commitment_cancel", args=[target.pk]), {"reason": "mine now", "version": 1}
    )
    assert (edit.status_code, cancel.status_code) == (404, 404)
    assert snapshot(target) == before


def test_lead_officer_reads_but_cannot_change_a_members_commitment(world, client):
    target = world.commitment_a
    before = snapshot(target)
    log_in(client, world.users["lead_officer"])
    detail = client.get(reverse("coalitions:commitment_detail", args=[target.pk]))
    edit = client.post(
        reverse("coalitions:commitment_update", args=[target.pk]),
        {
            "capability": target.capability_id,
            "quantity": "1",
            "source": "stocks",
            "status": "pledged",
            "version": 1,
        },
    )
    assert (detail.status_code, edit.status_code) == (200, 403)
    assert snapshot(target) == before


def test_coalition_page_of_a_shows_totals_not_other_countries(world, client):
    log_in(client, world.users["officer_a"])
    response = client.get(reverse("coalitions:detail", args=["artillery"]))
    figures = response.context["figures"]
    assert [row.label for row in figures.countries] == ["Belgium"]
    assert [row.committed for row in figures.capabilities] == [111111 + 222222 + 444444]

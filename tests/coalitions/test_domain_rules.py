"""The rules of the commitment ledger, held by the model, the services and the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coalitions import services
from coalitions.models import Commitment, CommitmentStatus
from tests import factories as f

pytestmark = pytest.mark.django_db


def data(w, **changes):
    return {"country": w.a, "coalition": w.coalition, "capability": w.capability, "quantity": 10} | changes


def test_undisclosed_quantity_is_allowed(world):
    commitment = services.commitment_create(data=data(world, quantity=None))
    assert Commitment.objects.get(pk=commitment.pk).quantity is None


def test_zero_quantity_is_refused_by_the_model(world):
    with pytest.raises(ValidationError) as error:
        services.commitment_create(data=data(world, quantity=0))
    assert error.value.message_dict == {"__all__": ["Constraint “commitment_quantity_positive” is violated."]}


@pytest.mark.parametrize("quantity", [0, -5])
def test_database_refuses_a_quantity_that_is_not_positive(world, quantity):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=world.commitment_a.pk).update(quantity=quantity)


def test_database_refuses_cancelling_without_a_reason(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=world.commitment_a.pk).update(status=CommitmentStatus.CANCELLED)


def test_capability_of_another_coalition_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.commitment_create(data=data(world, country=world.b, capability=world.drone))
    assert error.value.message_dict == {"capability": ["This capability belongs to another coalition."]}


def test_country_that_is_not_a_member_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.commitment_create(data=data(world, coalition=world.other_coalition, capability=world.drone))
    assert error.value.message_dict == {"coalition": ["The country is not a member of this coalition."]}


def test_update_to_another_coalitions_capability_is_refused_and_nothing_changes(world):
    commitment = world.commitment_a
    with pytest.raises(ValidationError):
        services.commitment_update(commitment=commitment, data={"capability": world.drone}, version=1)
    commitment.refresh_from_db()
    assert (commitment.capability, commitment.version) == (world.capability, 1)


def test_stale_update_is_refused(world):
    services.commitment_update(commitment=world.commitment_a, data={"quantity": 5}, version=1)
    with pytest.raises(services.StaleEdit):
        services.commitment_update(commitment=world.commitment_a, data={"quantity": 6}, version=1)
    world.commitment_a.refresh_from_db()
    assert world.commitment_a.quantity == 5


def test_cancel_needs_a_reason(world):
    with pytest.raises(ValidationError):
        services.commitment_cancel(commitment=world.commitment_a, reason="  ", version=1)
    world.commitment_a.refresh_from_db()
    assert world.commitment_a.status == CommitmentStatus.COMMITTED


def test_cancelled_commitment_keeps_its_row_and_history(world):
    commitment = world.commitment_a
    services.commitment_update(commitment=commitment, data={"quantity": 5}, version=1)
    services.commitment_cancel(commitment=commitment, reason="Budget withdrawn", version=2)
    events = list(commitment.events.order_by("pgh_id").values_list("pgh_label", "quantity", "status"))
    assert Commitment.objects.filter(pk=commitment.pk, status="cancelled").exists()
    assert events == [
        ("insert", 111111, "committed"),
        ("update", 5, "committed"),
        ("update", 5, "cancelled"),
    ]


def test_cancelled_commitment_cannot_be_cancelled_again(world):
    commitment = f.CommitmentFactory(
        country=world.a, capability=world.capability, status="cancelled", cancel_reason="first"
    )
    with pytest.raises(ValidationError):
        services.commitment_cancel(commitment=commitment, reason="second", version=1)
    commitment.refresh_from_db()
    assert commitment.cancel_reason == "first"


def test_a_cancelled_commitment_is_not_changed_by_the_service_either(world):
    commitment = f.CommitmentFactory(
        country=world.a, capability=world.capability, status="cancelled", cancel_reason="first"
    )
    with pytest.raises(ValidationError, match="A cancelled commitment cannot be changed"):
        services.commitment_update(commitment=commitment, data={"quantity": 5}, version=1)
    commitment.refresh_from_db()
    assert (commitment.quantity, commitment.status) == (100, "cancelled")

"""Registers: what they refuse (with a reason) and the stage history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coalitions.ventures import sensitive, services
from coalitions.ventures.models import JointVenture, Stage, StageChange
from coalitions.ventures.regions import Oblast
from coalitions.ventures.selectors import stage_history, stage_times

from .world import add_ventures


def venture_data(w, **changes):
    return {
        "country": w.a,
        "coalition": w.coalition,
        "name": "Shell line",
        "partner_company": "Nammo",
        "ukrainian_partner": "Ukroboronprom",
        "kind": "production",
        "oblast": "UA-46",
        "stage": "proposed",
        "stage_since": datetime.date(2026, 3, 1),
        "notes": "",
    } | changes


def test_oblasts_are_ukraines_24_oblasts_kyiv_crimea_and_sevastopol():
    assert len(Oblast.choices) == 27
    assert {"UA-30", "UA-43", "UA-40"} <= set(Oblast.values)


@pytest.mark.parametrize(
    "text",
    [
        "вул. Хрещатик 22",
        "12 Main Street",
        "50.4501, 30.5234",
        "49° 50′ N",
        "Mr. Smith",
        "J. Smith",
        "contact: Olena",
        "ivan@example.com",
        "+380 44 123 4567",
    ],
)
def test_addresses_coordinates_and_people_are_refused(text):
    assert sensitive.problem(text)


@pytest.mark.parametrize("text", ["Rheinmetall Ukraine", "KNDS Ukraine", "Drone repair hub", "Lviv", ""])
def test_organisation_names_and_cities_pass(text):
    assert sensitive.problem(text) is None


def test_venture_create_refuses_an_address_with_the_reason(world):
    with pytest.raises(ValidationError) as error:
        services.venture_create(
            user=world.users["officer_a"], data=venture_data(world, name="12 Main Street")
        )
    assert "street address" in error.value.message_dict["name"][0]
    assert not JointVenture.objects.exists()


def test_venture_create_refuses_a_coalition_the_country_is_not_in(world):
    with pytest.raises(ValidationError) as error:
        services.venture_create(
            user=world.users["officer_a"], data=venture_data(world, coalition=world.other_coalition)
        )
    assert "not a member" in error.value.message_dict["coalition"][0]


def test_venture_create_refuses_a_region_that_is_no_oblast(world):
    with pytest.raises(ValidationError) as error:
        services.venture_create(user=world.users["officer_a"], data=venture_data(world, oblast="DE-BY"))
    assert "oblast" in error.value.message_dict["oblast"][0]


def test_venture_create_refuses_another_countrys_officer(world):
    with pytest.raises(PermissionDenied):
        services.venture_create(user=world.users["officer_b"], data=venture_data(world))


def test_venture_create_records_its_first_stage(world):
    venture = services.venture_create(user=world.users["officer_a"], data=venture_data(world))
    assert list(venture.stage_changes.values_list("stage", "on")) == [("proposed", datetime.date(2026, 3, 1))]


def test_step_backwards_needs_a_reason(world):
    officer = world.users["officer_a"]
    venture = services.venture_create(user=officer, data=venture_data(world, stage="operating"))
    with pytest.raises(ValidationError) as error:
        services.venture_stage_change(
            user=officer, venture=venture, stage=Stage.SETTING_UP, on=datetime.date(2026, 4, 1)
        )
    assert "needs a reason" in error.value.message_dict["reason"][0]
    assert venture.stage_changes.count() == 1
    services.venture_stage_change(
        user=officer, venture=venture, stage=Stage.SETTING_UP, on=datetime.date(2026, 4, 1), reason="Fire"
    )
    assert JointVenture.objects.get(pk=venture.pk).stage == Stage.SETTING_UP


def test_suspending_and_resuming_need_no_reason(world):
    officer = world.users["officer_a"]
    venture = services.venture_create(user=officer, data=venture_data(world, stage="operating"))
    services.venture_stage_change(
        user=officer, venture=venture, stage="suspended", on=datetime.date(2026, 4, 1)
    )
    services.venture_stage_change(
        user=officer, venture=venture, stage="operating", on=datetime.date(2026, 5, 1)
    )
    assert venture.stage_changes.count() == 3


def test_time_in_each_stage_runs_from_one_change_to_the_next(world):
    officer = world.users["officer_a"]
    venture = services.venture_create(user=officer, data=venture_data(world))
    services.venture_stage_change(
        user=officer, venture=venture, stage="signed", on=datetime.date(2026, 3, 11)
    )
    today = datetime.date(2026, 3, 31)
    assert [(r["stage"], r["days"]) for r in stage_history(venture, today)] == [
        ("proposed", 10),
        ("signed", 20),
    ]
    assert stage_times([venture], today) == {venture.pk: {"proposed": 10, "signed": 20}}


def test_stage_history_is_append_only(world):
    venture = services.venture_create(user=world.users["officer_a"], data=venture_data(world))
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        StageChange.objects.filter(venture=venture).update(reason="rewritten")


def test_programme_status_back_needs_a_reason(world):
    add_ventures(world)
    programme = world.programme_a
    data = {
        name: getattr(programme, name)
        for name in (
            "course",
            "capability",
            "host_country",
            "site",
            "starts_on",
            "planned_per_period",
            "instructors",
        )
    }
    with pytest.raises(ValidationError) as error:
        services.programme_update(
            user=world.users["officer_a"],
            programme=programme,
            data=data | {"status": "planned", "status_reason": "", "notes": ""},
            version=programme.version,
        )
    assert "status_reason" in error.value.message_dict

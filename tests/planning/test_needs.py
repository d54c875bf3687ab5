"""Needs: published by analysts (form and admin import), bad input refused with a message,
every change kept in history."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalitions.models import Need
from coalitions.planning import services
from tests.world import log_in

HEADER = "coalition,capability,quantity,unit,year,quarter,month,priority,status,justification\n"


def need_form(world, **changes):
    data = {
        "coalition": world.coalition.pk,
        "capability": world.capability.pk,
        "quantity": 300,
        "year": 2027,
        "quarter": 1,
        "priority": "critical",
        "status": "open",
        "justification": "Winter",
    }
    return data | changes


def test_analyst_publishes_a_need_by_form(world, client):
    log_in(client, world.users["analyst"])
    response = client.post(reverse("planning:need_create"), need_form(world))
    need = Need.objects.get(year=2027, quarter=1)
    assert response.status_code == 302
    assert (need.quantity, need.published_by) == (300, world.users["analyst"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"unit": "persons"}, "is counted in rounds"),
        ({"year": 2100}, "between 2000 and 2099"),
        ({"year": 1999}, "between 2000 and 2099"),
        ({"month": 5}, "not in quarter"),
        ({"quantity": 0}, "greater than or equal to 1"),
    ],
)
def test_bad_needs_are_refused_with_a_message_and_nothing_saved(world, client, changes, message):
    log_in(client, world.users["analyst"])
    response = client.post(reverse("planning:need_create"), need_form(world, **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert Need.objects.count() == 1


def test_a_duplicate_need_is_a_form_error(world, client):
    log_in(client, world.users["analyst"])
    data = need_form(world, year=2026, quarter=4)
    response = client.post(reverse("planning:need_create"), data)
    assert "already exists" in response.content.decode()
    assert Need.objects.count() == 1


def test_only_analysts_publish(world):
    with pytest.raises(PermissionDenied):
        services.need_publish(user=world.users["lead_officer"], data={})


def test_a_change_is_kept_in_history_and_shown(world, client):
    analyst = world.users["analyst"]
    services.need_update(user=analyst, need=world.need, data={"quantity": 5}, version=world.need.version)
    log_in(client, world.users["officer_a"])
    page = client.get(reverse("planning:need_detail", kwargs={"pk": world.need.pk})).content.decode()
    assert "Quantity</span>: 900,001 → 5" in page  # the field's label, then old → new as pages write numbers


def upload(text):
    return SimpleUploadedFile("needs.csv", text.encode(), content_type="text/csv")


def test_admin_import_dry_run_lists_row_errors_and_writes_nothing(world, client):
    log_in(client, world.admin)
    text = HEADER + (
        "artillery,shell-155,100,rounds,2027,1,,high,open,ok\n"
        "artillery,shell-155,100,persons,2027,2,,high,open,wrong unit\n"
        "artillery,shell-155,100,rounds,2150,1,,high,open,wrong year\n"
        "artillery,nope,100,rounds,2027,3,,high,open,unknown capability\n"
    )
    response = client.post(
        reverse("admin:coalitions_need_import"), {"import_file": upload(text), "format": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "is counted in rounds" in page and "between 2000 and 2099" in page
    assert "no capability “nope”" in page
    assert response.context["result"].has_validation_errors()
    assert "confirm_form" not in response.context
    assert Need.objects.count() == 1


def test_admin_import_dry_run_then_confirm_writes_and_reimport_updates(world, client):
    log_in(client, world.admin)
    text = HEADER + (
        "artillery,shell-155,100,rounds,2027,1,,high,open,Spring\n"
        "artillery,shell-155,40,,2027,1,2,medium,open,February\n"
    )
    dry = client.post(reverse("admin:coalitions_need_import"), {"import_file": upload(text), "format": "0"})
    assert Need.objects.count() == 1  # the dry run wrote nothing
    confirm = dry.context["confirm_form"].initial
    done = client.post(reverse("admin:coalitions_need_process_import"), confirm)
    assert done.status_code == 302
    assert sorted(Need.objects.filter(year=2027).values_list("quantity", "month")) == [(40, 2), (100, None)]
    assert Need.objects.get(year=2027, month=None).published_by == world.admin
    again = text.replace("100,rounds", "150,rounds")
    dry = client.post(reverse("admin:coalitions_need_import"), {"import_file": upload(again), "format": "0"})
    client.post(reverse("admin:coalitions_need_process_import"), dry.context["confirm_form"].initial)
    assert sorted(Need.objects.filter(year=2027).values_list("quantity", flat=True)) == [40, 150]

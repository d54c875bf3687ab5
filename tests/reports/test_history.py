"""Every change is kept in history (database triggers), with the user and page where known."""

import datetime

import pghistory
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm
from pghistory.models import MiddlewareEvents

from reports.models import DeliveryLine
from tests import factories as f
from tests.world import log_in


def events_of(obj):
    return list(MiddlewareEvents.objects.tracks(obj).order_by("pgh_created_at", "pgh_id"))


def test_change_through_a_view_is_recorded_with_user_and_page(world, client):
    line = world.delivery_a
    log_in(client, world.users["officer_a"])
    url = reverse(
        "line_edit", kwargs={"pk": world.report_a.pk, "line_kind": "deliveries", "line_pk": line.pk}
    )
    data = {"commitment": world.commitment_a.pk, "delivered_on": "2026-10-11", "quantity": 55, "version": 1}
    assert client.post(url, data).status_code == 302
    event = events_of(line)[-1]
    assert (event.pgh_label, event.pgh_data["quantity"], event.pgh_diff["quantity"]) == (
        "update",
        55,
        [7001, 55],
    )
    assert event.pgh_context == {"user": world.users["officer_a"].pk, "url": url}


def test_queryset_update_is_recorded(world):
    DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(quantity=56)
    with pghistory.context(user=world.users["officer_a"].pk):
        DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(quantity=57)
    without, with_user = events_of(world.delivery_a)[-2:]
    assert (without.pgh_data["quantity"], without.pgh_context) == (56, None)
    assert (with_user.pgh_data["quantity"], with_user.pgh_context["user"]) == (
        57,
        world.users["officer_a"].pk,
    )


def test_raw_sql_is_recorded(world):
    with pghistory.context(user=world.users["analyst"].pk), connection.cursor() as cursor:
        cursor.execute("UPDATE reports_planline SET quantity = 58 WHERE id = %s", [world.plan_a.pk])
    event = events_of(world.plan_a)[-1]
    assert (event.pgh_label, event.pgh_data["quantity"], event.pgh_context["user"]) == (
        "update",
        58,
        world.users["analyst"].pk,
    )


def test_deletes_are_recorded(world):
    pk = world.delivery_a.pk
    DeliveryLine.objects.filter(pk=pk).delete()
    labels = list(
        MiddlewareEvents.objects.filter(pgh_obj_model="reports.DeliveryLine", pgh_obj_id=str(pk))
        .values_list("pgh_label", flat=True)
        .order_by("pgh_created_at")
    )
    assert labels == ["insert", "delete"]


def test_group_membership_and_permissions_are_recorded(world):
    user = f.UserFactory(username="newcomer")
    with pghistory.context(user=world.admin.pk):
        user.groups.add(world.a.group)
        assign_perm("coalitions.view_country", world.b.group, world.a)
        user.groups.remove(world.a.group)
    memberships = apps.get_model("coalitions", "UserGroupMembershipEvent").objects.filter(user=user)
    assert list(memberships.order_by("pgh_id").values_list("pgh_label", "group_id")) == [
        ("insert", world.a.group_id),
        ("delete", world.a.group_id),
    ]
    grants = apps.get_model("coalitions", "CountryGroupObjectPermissionEvent").objects.filter(
        group=world.b.group, content_object=world.a
    )
    assert grants.count() == 1
    assert grants.get().pgh_context.metadata["user"] == world.admin.pk


def test_report_page_shows_its_history_and_lines_history(world, client):
    DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(quantity=60)
    log_in(client, world.users["officer_a"])
    response = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_a.pk}))
    history = response.context["history"]
    models = {e.pgh_obj_model for e in history}
    assert models == {"reports.PartnerReport", "reports.DeliveryLine", "reports.PlanLine"}
    assert any(e.pgh_diff and e.pgh_diff.get("quantity") == [7001, 60] for e in history)


def test_activity_page_filters_by_user_country_and_date(world, client):
    with pghistory.context(user=world.users["officer_b"].pk):
        DeliveryLine.objects.filter(pk=world.delivery_b.pk).update(notes="by sea")
    log_in(client, world.users["reviewer"])
    url = reverse("activity")
    by_user = client.get(url, {"user": world.users["officer_b"].pk}).context["page"].object_list
    assert [(e.pgh_obj_model, e.pgh_label) for e in by_user] == [("reports.DeliveryLine", "update")]
    assert by_user[0].actor == world.users["officer_b"]
    by_country = client.get(url, {"country": world.b.pk}).context["page"].object_list
    assert {e.pgh_data["country_id"] for e in by_country if "country_id" in e.pgh_data} == {world.b.pk}
    assert {"reports.PartnerReport", "coalitions.Commitment"} <= {e.pgh_obj_model for e in by_country}
    future = client.get(url, {"since": "2999-01-01"}).context["page"].object_list
    assert future == []


def test_activity_page_shows_the_last_30_days_unless_asked(world, client):
    long_ago = timezone.now() - datetime.timedelta(days=60)
    apps.get_model("reports", "DeliveryLineEvent").objects.update(pgh_created_at=long_ago)
    log_in(client, world.users["reviewer"])
    recent = client.get(reverse("activity")).context["page"].object_list
    assert "reports.DeliveryLine" not in {e.pgh_obj_model for e in recent}
    day = timezone.localdate(long_ago).isoformat()
    older = client.get(reverse("activity"), {"since": day, "until": day}).context["page"].object_list
    assert {e.pgh_obj_model for e in older} == {"reports.DeliveryLine"}


def test_report_history_is_the_newest_events_of_the_report_and_its_rows_in_order(world):
    """``for_object`` chooses its events in a plain query over the event tables: the same events,
    in the same order, as pghistory's aggregate of every event referencing the report."""
    from reports import history

    report = world.report_a
    for quantity in range(61, 66):
        DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(quantity=quantity)
    world.plan_a.quantity = 8000
    world.plan_a.save()
    DeliveryLine.objects.filter(pk=world.report_b.deliveries.get().pk).update(quantity=66)  # another report
    aggregate = MiddlewareEvents.objects.references(report).order_by("-pgh_created_at", "-pgh_id")
    expected = list(aggregate.values_list("pgh_created_at", "pgh_id", "pgh_slug"))
    assert len(expected) > 8

    def keys(events):  # events of one transaction share a time, and tables their ids: ties
        return [(event.pgh_created_at, event.pgh_id) for event in events]

    shown = history.for_object(report)
    assert keys(shown) == [row[:2] for row in expected]
    assert {event.pgh_slug for event in shown} == {row[2] for row in expected}
    assert keys(history.for_object(report, limit=4)) == [row[:2] for row in expected[:4]]
    assert any(event.pgh_diff == {"quantity": [64, 65]} and event.entry.changes for event in shown)
    country = MiddlewareEvents.objects.references(world.a).order_by("-pgh_created_at", "-pgh_id")
    assert keys(history.for_object(world.a, limit=50)) == keys(country[:50])


def test_report_page_reads_the_same_history_with_the_report(world, client):
    for quantity in (71, 72):
        DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(quantity=quantity)
    log_in(client, world.users["officer_a"])
    response = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_a.pk}))
    from reports import history

    expected = [event.pgh_slug for event in history.for_object(world.report_a)]
    assert [event.pgh_slug for event in response.context["history"]] == expected and len(expected) > 3


def test_each_event_is_read_by_its_table_and_id_with_the_aggregates_data_and_diff(world):
    """``_described`` asks for events by model and id (found by the tables' keys, not by a slug
    computed from every row): the same data, diff, context and order as pghistory's aggregate."""
    from reports import history

    for quantity in (81, 82, 83):
        DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(quantity=quantity)
    world.plan_a.quantity = 8100
    world.plan_a.save()
    aggregate = MiddlewareEvents.objects.references(world.report_a).order_by("-pgh_created_at", "-pgh_id")
    expected = {e.pgh_slug: (e.pgh_data, e.pgh_diff, e.pgh_context_id, e.pgh_obj_id) for e in aggregate}
    shown = history.for_object(world.report_a)
    assert len(shown) == len(expected) > 5
    assert {e.pgh_slug: (e.pgh_data, e.pgh_diff, e.pgh_context_id, e.pgh_obj_id) for e in shown} == expected
    assert sum(1 for e in shown if e.pgh_diff) >= 4  # updates compared with the event before them


def test_the_report_page_shows_its_newest_changes_and_says_so(world, client, monkeypatch):
    from reports import history, selectors

    monkeypatch.setattr(selectors, "REPORT_HISTORY", 3)
    log_in(client, world.users["officer_a"])
    url = reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_a.pk})
    for quantity in (91, 92, 93, 94):
        DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(quantity=quantity)
    response = client.get(url)
    assert len(response.context["history"]) == 3
    assert "The 3 newest changes." in response.content.decode()
    newest = [e.pgh_slug for e in history.for_object(world.report_a)][:3]
    assert [e.pgh_slug for e in response.context["history"]] == newest

"""Delivery and plan lines: who may write them, what is refused, stale edits."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from coalitions.models import CommitmentStatus
from reports import services
from reports.models import DeliveryLine, PlanLine
from tests import factories as f
from tests.world import log_in


def add_url(world, kind="deliveries", report=None):
    return reverse("line_add", kwargs={"pk": (report or world.report_a).pk, "line_kind": kind})


def delivery(world, **overrides):
    data = {
        "commitment": world.commitment_a.pk,
        "delivered_on": "2026-11-02",
        "quantity": 40,
        "notes": "by rail",
    }
    return data | overrides


def test_officer_records_a_delivery(world, client):
    log_in(client, world.users["officer_a"])
    response = client.post(add_url(world), delivery(world))
    assert response.status_code == 302
    assert list(world.report_a.deliveries.values_list("quantity", "notes")) == [(7001, ""), (40, "by rail")]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"delivered_on": "2026-09-30"}, "The delivery date must be inside the period 2026-Q4"),
        ({"quantity": -3}, "Ensure this value is greater than or equal to 1."),
        ({"quantity": 0}, "Ensure this value is greater than or equal to 1."),
        ({"quantity": "many"}, "Enter a whole number."),
        ({"delivered_on": "9999-12-31"}, "Ensure this value is less than or equal to 2099-12-31."),
    ],
)
def test_bad_delivery_is_refused_with_a_message(world, client, overrides, message):
    log_in(client, world.users["officer_a"])
    response = client.post(add_url(world), delivery(world, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert DeliveryLine.objects.filter(report=world.report_a).count() == 1


def test_commitment_of_another_country_cannot_be_chosen(world, client):
    log_in(client, world.users["officer_a"])
    response = client.post(add_url(world), delivery(world, commitment=world.commitment_b.pk))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert DeliveryLine.objects.filter(report=world.report_a).count() == 1


@pytest.mark.parametrize("other", ["country", "coalition"])
def test_service_refuses_commitment_of_another_country_or_coalition(world, other):
    commitment = (
        world.commitment_b
        if other == "country"
        else f.CommitmentFactory(country=world.a, capability=world.drone)
    )
    data = {"commitment": commitment, "delivered_on": datetime.date(2026, 11, 2), "quantity": 1}
    with pytest.raises(ValidationError) as error:
        services.delivery_line_save(report=world.report_a, user=world.users["officer_a"], data=data)
    assert error.value.message_dict == {
        "commitment": ["This commitment belongs to another country or coalition."]
    }
    assert world.report_a.deliveries.count() == 1


def test_service_refuses_a_cancelled_commitment(world):
    world.commitment_a.status, world.commitment_a.cancel_reason = CommitmentStatus.CANCELLED, "Withdrawn"
    world.commitment_a.save()
    data = {"commitment": world.commitment_a, "delivered_on": datetime.date(2026, 11, 2), "quantity": 1}
    with pytest.raises(ValidationError, match="This commitment is cancelled."):
        services.delivery_line_save(report=world.report_a, user=world.users["officer_a"], data=data)


def test_plans_point_at_a_future_period(world, client):
    log_in(client, world.users["officer_a"])
    data = {"commitment": world.commitment_a.pk, "planned_for": "2027-04-01", "quantity": 12}
    assert client.post(add_url(world, "plans"), data).status_code == 302
    plan = PlanLine.objects.get(quantity=12)
    assert (plan.period.label, plan.period.end) == ("2027-Q2", datetime.date(2027, 6, 30))
    with pytest.raises(ValidationError, match="Plans are for a period after 2026-Q4"):
        services.plan_line_save(
            report=world.report_a,
            user=world.users["officer_a"],
            data={"commitment": world.commitment_a, "period": world.period, "quantity": 1},
        )


def test_submitted_report_is_read_only_for_its_officer(world, client):
    log_in(client, world.users["officer_b"])
    data = delivery(world, commitment=world.commitment_b.pk)
    response = client.post(add_url(world, report=world.report_b), data)
    assert response.status_code == 400
    assert "This report is submitted: its lines can no longer be changed." in response.content.decode()
    assert list(world.report_b.deliveries.values_list("quantity", flat=True)) == [7003]


def test_stale_edit_is_refused_and_the_newer_data_kept(world, client):
    line = world.delivery_a
    url = reverse(
        "line_edit", kwargs={"pk": world.report_a.pk, "line_kind": "deliveries", "line_pk": line.pk}
    )
    first = log_in(client, world.users["officer_a"])
    loaded = first.get(url).context["form"]["version"].value()
    colleague = f.country_user(world.a, username="officer-a2")
    second = log_in(Client(), colleague)
    assert second.post(url, delivery(world, quantity=50, version=loaded)).status_code == 302
    response = first.post(url, delivery(world, quantity=60, version=loaded), follow=True)
    assert "Someone else changed this line after you opened it." in response.content.decode()
    line.refresh_from_db()
    assert (line.quantity, line.version) == (50, 2)


def test_stale_delete_is_refused(world, client):
    line = world.delivery_a
    services.delivery_line_save(
        report=world.report_a,
        user=world.users["officer_a"],
        data={"quantity": 9, "commitment": world.commitment_a, "delivered_on": line.delivered_on},
        line=line,
        version=1,
    )
    log_in(client, world.users["officer_a"])
    url = reverse(
        "line_delete", kwargs={"pk": world.report_a.pk, "line_kind": "deliveries", "line_pk": line.pk}
    )
    response = client.post(url, {"version": 1}, follow=True)
    assert "Someone else changed this line" in response.content.decode()
    assert DeliveryLine.objects.filter(pk=line.pk, quantity=9).exists()


def test_report_page_shows_committed_delivered_and_remaining(world, client):
    log_in(client, world.users["officer_a"])
    response = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_a.pk}))
    (row,) = response.context["progress"]
    assert (row.pk, row.committed, row.delivered, row.remaining) == (
        world.commitment_a.pk,
        111111,
        7005,
        111111 - 7005,
    )


def test_usage_line_is_edited_by_the_analyst(world, client):
    line = world.usage_draft.lines.get()
    log_in(client, world.users["analyst"])
    url = reverse("usage_line_edit", kwargs={"pk": world.usage_draft.pk, "line_pk": line.pk})
    data = {
        "received": 10,
        "expended": 4,
        "lost": 1,
        "under_repair": 2,
        "serviceable": 3,
        "notes": "",
        "version": 1,
    }
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    assert (line.expended, line.serviceable, line.version) == (4, 3, 2)
    response = client.post(url, data | {"expended": 9}, follow=True)
    assert "Someone else changed this line" in response.content.decode()
    line.refresh_from_db()
    assert line.expended == 4


# A report of hundreds of lines (an import) is shown a page at a time ----------------------


def many_lines(world, n):
    """``n`` more lines in report A, on the period's first 30 days, quantities 1…n."""
    start = world.period.start
    DeliveryLine.objects.bulk_create(
        DeliveryLine(
            report=world.report_a,
            commitment=world.commitment_a,
            delivered_on=start + datetime.timedelta(days=q % 30),
            quantity=q,
        )
        for q in range(1, n + 1)
    )
    return list(world.report_a.deliveries.values_list("pk", flat=True))  # in the page's order


def report_url(world, query=""):
    return reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_a.pk}) + query


def shown_lines(response) -> list[int]:
    table = response.content.decode().split('id="deliveries"')[1].split("</table>")[0]
    return [int(pk) for pk in re.findall(r'<tr id="line-(\d+)"', table)]


def test_a_report_of_many_lines_shows_them_a_page_at_a_time(world, client):
    ordered = many_lines(world, 249)  # with the world's line: 250
    log_in(client, world.users["officer_a"])

    first = client.get(report_url(world))
    assert shown_lines(first) == ordered[:100]
    html = first.content.decode()
    assert "Lines 1–100 of 250" in html
    assert 'href="?lines_page=2#delivery-lines"' in html and 'href="?lines_page=3#delivery-lines"' in html

    last = client.get(report_url(world, "?lines_page=3"))
    assert shown_lines(last) == ordered[200:]
    assert "Lines 201–250 of 250" in last.content.decode()
    for bad in ("?lines_page=x", "?lines_page=-4", "?lines_page=99999999999999999999"):
        assert client.get(report_url(world, bad)).status_code == 200


def test_the_lines_sort_by_quantity_across_pages(world, client):
    many_lines(world, 149)
    log_in(client, world.users["officer_a"])
    by_quantity = list(world.report_a.deliveries.order_by("-quantity", "-pk").values_list("pk", flat=True))
    response = client.get(report_url(world, "?lines_sort=-quantity&lines_page=2"))
    assert shown_lines(response) == by_quantity[100:]
    assert 'aria-sort="descending"' in response.content.decode()


def test_the_report_needs_count_every_line_not_only_the_page_shown(world, client):
    many_lines(world, 150)
    log_in(client, world.users["officer_a"])
    response = client.get(report_url(world))
    delivered = {row.need.pk: row.delivered for row in response.context["report_needs"]}
    in_quarter = sum(world.report_a.deliveries.values_list("quantity", flat=True))
    assert delivered[world.need.pk] == in_quarter


def test_a_line_added_edited_or_removed_leads_back_to_its_page(world, client):
    ordered = many_lines(world, 249)
    log_in(client, world.users["officer_a"])

    response = client.post(add_url(world), delivery(world))  # 2 November: after every other line
    line = world.report_a.deliveries.get(notes="by rail")
    assert response.url == report_url(world, f"?lines_page=3#line-{line.pk}")
    assert line.pk in shown_lines(client.get(response.url.split("#")[0]))

    first = DeliveryLine.objects.get(pk=ordered[0])
    edit = reverse(
        "line_edit", kwargs={"pk": world.report_a.pk, "line_kind": "deliveries", "line_pk": first.pk}
    )
    data = delivery(world, quantity=41) | {"version": first.version}
    response = client.post(edit, data)
    assert response.status_code == 302
    assert response.url == report_url(world, f"?lines_page=3#line-{first.pk}")  # moved to the last page

    middle = DeliveryLine.objects.get(pk=ordered[150])
    remove = reverse(
        "line_delete", kwargs={"pk": world.report_a.pk, "line_kind": "deliveries", "line_pk": middle.pk}
    )
    response = client.post(remove, {"version": middle.version})
    assert response.url == report_url(world, "?lines_page=2#delivery-lines")
    assert not DeliveryLine.objects.filter(pk=middle.pk).exists()

"""A history people can read, confirmation before what cannot be undone, and the banner of a
returned report."""

import datetime

import pghistory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from coalitions import services as commitment_services
from reports import services
from reports.models import DeliveryLine, PartnerReport, ReportStatus
from tests import factories as f
from tests.world import log_in

pytestmark = pytest.mark.django_db

ACTIVITY = reverse("activity")


def detail(report, kind="partner"):
    return reverse("report_detail", kwargs={"kind": kind, "pk": report.pk})


def transition(report, action, kind="partner"):
    return reverse("report_transition", kwargs={"kind": kind, "pk": report.pk, "action": action})


def entries(response, key="history"):
    return [event.entry for event in response.context[key]]


# History ------------------------------------------------------------------------------------


def test_report_history_shows_labels_names_and_choice_labels_not_ids(world, client):
    log_in(client, world.users["officer_a"])
    approved = entries(client.get(detail(world.report_a_approved)))
    changes = [change for entry in approved for change in entry.changes]
    labels = {str(label) for label, _before, _after in changes}
    assert {"Status", "Decided by"} <= labels
    assert ("Status", "Submitted", "Approved") in [(str(a), b, c) for a, b, c in changes]
    assert ("Decided by", "—", "reviewer") in [(str(a), b, c) for a, b, c in changes]
    assert not labels & {"version", "Version", "id", "decided_by_id", "updated_at", "Updated at"}


def test_history_names_the_actor_and_links_to_the_object(world, client):
    with pghistory.context(user=world.users["officer_a"].pk):
        DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(quantity=60)
    log_in(client, world.users["reviewer"])
    mine = entries(client.get(ACTIVITY, {"user": world.users["officer_a"].pk}), "page")
    (entry,) = [e for e in mine if e.what.startswith("Delivery line")]
    assert entry.actor == "officer-a"
    assert entry.action == "Changed"
    assert entry.url == detail(world.report_a)
    assert [(str(a), b, c) for a, b, c in entry.changes] == [("Quantity", "7,001", "60")]


def test_commitment_history_shows_choice_labels_and_dates_as_people_write_them(world, client):
    commitment = world.commitment_a
    with pghistory.context(user=world.users["officer_a"].pk):
        commitment_services.commitment_update(
            commitment=commitment,
            data={"status": "in_delivery", "announced_on": datetime.date(2026, 3, 4)},
            version=commitment.version,
        )
    log_in(client, world.users["officer_a"])
    response = client.get(reverse("coalitions:commitment_detail", args=[commitment.pk]))
    (latest,) = [entry for entry in entries(response) if entry.action == "Changed"]
    changes = {str(label): (before, after) for label, before, after in latest.changes}
    assert changes["Status"] == ("Committed", "In delivery")
    assert changes["Announced on"][1] == date_format(datetime.date(2026, 3, 4), "SHORT_DATE_FORMAT")
    assert "Version" not in changes and "version" not in changes
    assert "In delivery" in response.content.decode()


def test_history_in_ukrainian_uses_ukrainian_labels(world, client):
    log_in(client, world.users["officer_a"])
    client.cookies["django_language"] = "uk"
    approved = entries(client.get(detail(world.report_a_approved)))
    changes = [(str(a), b, c) for entry in approved for a, b, c in entry.changes]
    assert any(after == "Затверджено" for _label, _before, after in changes), changes


def test_activity_queries_do_not_grow_with_the_rows_and_names_they_show(world, client):
    officer = world.users["officer_b"]

    def change(n):
        with pghistory.context(user=officer.pk):
            capability = f.CapabilityFactory(coalition=world.coalition, code=f"more-{n}")
            f.CommitmentFactory(country=world.b, capability=capability, quantity=n + 1)
            DeliveryLine.objects.filter(pk=world.delivery_b.pk).update(quantity=n + 1)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ACTIVITY, {"user": officer.pk}).status_code == 200
        return len(captured)

    log_in(client, world.users["reviewer"])
    change(0)
    count()
    before = count()
    for n in range(1, 11):
        change(n)
    assert len(client.get(ACTIVITY, {"user": officer.pk}).context["page"].object_list) > 20
    assert count() == before


# Confirmation -------------------------------------------------------------------------------


def test_report_page_offers_actions_as_links_to_a_confirmation(world, client):
    log_in(client, world.users["reviewer"])
    content = client.get(detail(world.report_b)).content.decode()
    assert f'href="{transition(world.report_b, "approve")}"' in content
    assert (
        'id="actions"' in content
        and '<form method="post" action="' + transition(world.report_b, "approve") not in content
    )


def test_approve_confirmation_says_what_will_happen_and_changes_nothing(world, client):
    log_in(client, world.users["reviewer"])
    response = client.get(transition(world.report_b, "approve"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "After approval nobody can change this report" in content
    assert "reopens it as revision 2" in content
    assert "Yes, approve the report" in content
    assert PartnerReport.objects.get(pk=world.report_b.pk).status == ReportStatus.SUBMITTED


def test_confirming_performs_the_action(world, client):
    log_in(client, world.users["reviewer"])
    response = client.post(transition(world.report_b, "approve"), {"comment": ""})
    assert response.status_code == 302
    assert PartnerReport.objects.get(pk=world.report_b.pk).status == ReportStatus.APPROVED


def test_return_without_a_comment_asks_again_on_the_confirmation_page(world, client):
    log_in(client, world.users["reviewer"])
    response = client.post(transition(world.report_b, "return"), {"comment": " "})
    assert response.status_code == 400
    assert [t.name for t in response.templates][0] == "reports/confirm.html"
    assert PartnerReport.objects.get(pk=world.report_b.pk).status == ReportStatus.SUBMITTED


def test_reopen_confirmation_names_the_next_revision(world, client):
    log_in(client, world.users["reviewer"])
    content = client.get(transition(world.report_a_approved, "reopen")).content.decode()
    assert "Yes, reopen as revision 2" in content
    assert "Revision 1 stays readable as superseded." in content


def test_confirmation_of_an_action_the_state_does_not_allow_goes_back_to_the_report(world, client):
    log_in(client, world.users["reviewer"])
    response = client.get(transition(world.report_a, "approve"), follow=True)
    assert response.redirect_chain == [(detail(world.report_a), 302)]
    assert "cannot be approved now" in response.content.decode()


def test_cancel_commitment_page_states_what_happens(world, client):
    log_in(client, world.users["officer_a"])
    content = client.get(
        reverse("coalitions:commitment_cancel", args=[world.commitment_a.pk])
    ).content.decode()
    assert "cannot be undone" in content


# A returned report says so at the top -------------------------------------------------------------


def test_returned_report_shows_a_banner_with_the_comment_who_and_when(world, client):
    services.report_return(report=world.report_b, user=world.users["reviewer"], comment="Dates are wrong.")
    log_in(client, world.users["officer_b"])
    content = client.get(detail(world.report_b)).content.decode()
    banner = content[
        content.index('id="returned"') : content.index("</div>\n</div>", content.index('id="returned"'))
    ]
    assert "Dates are wrong." in banner
    assert "reviewer returned this report on" in banner
    assert content.index('id="returned"') < content.index("<h1")


def test_no_banner_once_the_report_is_submitted_again(world, client):
    returned = services.report_return(report=world.report_b, user=world.users["reviewer"], comment="Dates?")
    services.report_submit(report=returned, user=world.users["officer_b"])
    log_in(client, world.users["officer_b"])
    assert 'id="returned"' not in client.get(detail(world.report_b)).content.decode()


def test_report_page_links_to_its_imports_and_templates_and_the_import_page_back(world, client):
    log_in(client, world.users["officer_a"])
    content = client.get(detail(world.report_a)).content.decode()
    for name in ("imports:report", "imports:report_template"):
        for kind in ("deliveries", "plans"):
            assert f'href="{reverse(name, args=[world.report_a.pk, kind])}"' in content
    back = client.get(reverse("imports:report", args=[world.report_a.pk, "deliveries"])).content.decode()
    assert f'id="back-to-report" href="{detail(world.report_a)}"' in back

import datetime
import re
from io import StringIO

import pghistory
import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from reports import dashboard, selectors, services
from reports.models import DeliveryLine, PartnerReport, ReportingPeriod, UsageReport
from tests.world import log_in

A_QUANTITIES = ("7001", "7002", "7005")
B_QUANTITIES = ("7003", "7004")


def shows(content, number):
    """``number`` in ``content``, plain or grouped by thousands as pages show it (7,003)."""
    return any(re.search(rf"(?<!\w){form}(?!\w)", content) for form in {number, f"{int(number):,}"})


def detail(report, kind="partner"):
    return reverse("report_detail", kwargs={"kind": kind, "pk": report.pk})


# Isolation -----------------------------------------------------------------------------


def test_partner_never_sees_another_countrys_reports_lines_plans_or_history(world, client):
    DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(
        notes="history of A"
    )  # an event that could leak
    log_in(client, world.users["officer_b"])
    # (the approved usage report shows coalition-wide totals received, which partners may read)
    pages = [reverse("report_list"), detail(world.report_b)]
    for url in pages:
        content = client.get(url).content.decode()
        assert [q for q in A_QUANTITIES if shows(content, q)] == [], url
        assert "history of A" not in content
    assert shows(client.get(detail(world.report_b)).content.decode(), "7003")  # own figures are there
    for report in (world.report_a, world.report_a_approved):
        assert client.get(detail(report)).status_code == 404
    line = reverse(
        "line_edit", kwargs={"pk": world.report_a.pk, "line_kind": "plans", "line_pk": world.plan_a.pk}
    )
    assert client.get(line).status_code == 404
    assert list(client.get(reverse("report_list")).context["page"]) == [world.report_b]


def test_report_history_holds_only_that_reports_rows(world, client):
    log_in(client, world.users["officer_a"])
    history = client.get(detail(world.report_a)).context["history"]
    report_ids = {e.pgh_data.get("report_id", e.pgh_data.get("id")) for e in history}
    assert report_ids == {world.report_a.pk}
    content = client.get(detail(world.report_a)).content.decode()
    assert [q for q in B_QUANTITIES if shows(content, q)] == []


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "lead_officer"])
def test_partners_read_only_approved_usage_reports_of_their_coalitions(world, client, persona):
    log_in(client, world.users[persona])
    assert list(client.get(reverse("report_list")).context["usage_reports"]) == [world.usage_report]


def test_observer_sees_no_partner_report(world, client):
    log_in(client, world.users["observer"])
    response = client.get(reverse("report_list"))
    assert (list(response.context["page"]), list(response.context["usage_reports"])) == ([], [])


def test_usage_reports_past_the_first_page_are_reached_by_their_own_pager(world, client, monkeypatch):
    monkeypatch.setattr("config.listing.PAGE_SIZE", 1)
    log_in(client, world.users["analyst"])
    first = client.get(reverse("report_list"), {"page": 1})
    assert 'href="?page=1&amp;usage_page=2"' in first.content.decode()
    pages = [first.context["usage_reports"]]
    while pages[-1].has_next():
        response = client.get(reverse("report_list"), {"page": 1, "usage_page": pages[-1].next_page_number()})
        pages.append(response.context["usage_reports"])
    seen = [report.pk for page in pages for report in page]
    assert sorted(seen) == sorted(UsageReport.objects.values_list("pk", flat=True))


# Query counts ----------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def more_reports(world, n):
    PartnerReport.objects.bulk_create(
        PartnerReport(country=world.lead, coalition=world.coalition, period=world.period, revision=r)
        for r in range(1, n + 1)
    )


def test_report_list_queries_do_not_grow_with_rows(world, client):
    log_in(client, world.users["reviewer"])
    before = count_queries(client, reverse("report_list"))
    more_reports(world, 20)
    assert count_queries(client, reverse("report_list")) == before


def test_review_queue_and_compliance_queries_do_not_grow_with_rows(world, client):
    log_in(client, world.users["reviewer"])
    queue, matrix = (
        count_queries(client, reverse("review_queue")),
        count_queries(client, reverse("compliance")),
    )
    more_reports(world, 20)
    PartnerReport.objects.filter(country=world.lead).update(status="submitted", submitted_at=timezone.now())
    assert count_queries(client, reverse("review_queue")) == queue
    assert count_queries(client, reverse("compliance")) == matrix


def test_period_and_activity_pages_queries_do_not_grow_with_rows(world, client):
    with pghistory.context(user=world.users["officer_a"].pk):  # the page names users: one query
        DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(notes="checked")
    log_in(client, world.users["analyst"])
    periods, activity = (
        count_queries(client, reverse("period_list")),
        count_queries(client, reverse("activity")),
    )
    for n in range(20):
        services.period_open(user=world.users["analyst"], kind="month", start=datetime.date(2030 + n, 1, 1))
    assert count_queries(client, reverse("period_list")) == periods
    assert count_queries(client, reverse("activity")) == activity


def test_report_page_queries_do_not_grow_with_lines(world, client):
    log_in(client, world.users["officer_a"])
    client.get(detail(world.report_a))  # warm Django's content-type cache
    with pghistory.context(user=world.users["officer_a"].pk):  # the history shows who: one query for users
        DeliveryLine.objects.filter(pk=world.delivery_a.pk).update(notes="checked")
    before = count_queries(client, detail(world.report_a))
    DeliveryLine.objects.bulk_create(
        DeliveryLine(
            report=world.report_a, commitment=world.commitment_a, delivered_on=world.period.start, quantity=q
        )
        for q in range(1, 21)
    )
    assert count_queries(client, detail(world.report_a)) == before


def test_an_editable_report_page_queries_do_not_grow_with_its_commitments(world, client):
    """Its delivery and plan forms offer every commitment of the report's country and coalition."""
    from coalitions.models import Commitment

    log_in(client, world.users["officer_a"])
    url = detail(world.report_a)
    client.get(url)
    before = count_queries(client, url)
    Commitment.objects.bulk_create(
        Commitment(country=world.a, coalition=world.coalition, capability=world.capability, quantity=q)
        for q in range(1, 21)
    )
    html = client.get(url).content.decode()
    assert count_queries(client, url) == before
    assert html.count("Belgium – 155 mm shell (1") >= 2 * 11  # 1, 10…19 in both forms


# Review queue, compliance, dashboard -----------------------------------------------------


def test_review_queue_lists_oldest_first_and_flags_past_due(world, client):
    services.report_submit(report=world.report_a, user=world.users["officer_a"])
    ReportingPeriod.objects.filter(pk=world.period.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    log_in(client, world.users["reviewer"])
    context = client.get(reverse("review_queue")).context
    assert [(r, r.past_due) for r in context["page"]] == [
        (world.report_b, True),
        (PartnerReport.objects.get(pk=world.report_a.pk), True),
    ]
    assert [(r, r.past_due) for r in context["usage_page"]] == [(world.usage_submitted, True)]


def test_compliance_rows_give_every_state_with_last_action(world):
    services.report_return(report=world.report_b, user=world.users["reviewer"], comment="Dates?")
    today = datetime.date(2026, 11, 26)
    current = {
        (r["membership"].country.code, r["membership"].coalition.slug): r
        for r in selectors.compliance_rows(world.users["reviewer"], world.period, today)
    }
    assert {key: row["state"] for key, row in current.items()} == {
        ("BE", "artillery"): "draft",
        ("LV", "artillery"): "missing",
        ("SE", "artillery"): "returned",
        ("SE", "drones"): "missing",
    }
    returned = current[("SE", "artillery")]["report"]
    assert (returned.last_status, returned.last_actor) == ("returned", "reviewer")
    past = {
        str(r["membership"].country.code) + r["membership"].coalition.slug: r["state"]
        for r in selectors.compliance_rows(world.users["reviewer"], world.past_period, today)
    }
    assert past == {
        "BEartillery": "approved",
        "LVartillery": "overdue",
        "SEartillery": "overdue",
        "SEdrones": "overdue",
    }
    late = {
        r["state"]
        for r in selectors.compliance_rows(world.users["reviewer"], world.period, datetime.date(2027, 2, 1))
    }
    assert late == {"overdue"}  # returned and not resubmitted by the due date is overdue too


def test_compliance_page_for_a_chosen_period(world, client):
    log_in(client, world.users["analyst"])
    response = client.get(reverse("compliance"), {"period": world.past_period.pk})
    assert response.context["period"] == world.past_period
    assert [r["label"] for r in response.context["page"]][0] == "Approved"


def test_partner_dashboard_lists_own_open_reports(world):
    context = {"due": dashboard.due_reports(world.users["officer_a"])}
    assert context["due"]["rows"] == [world.report_a]
    assert dashboard.due_reports(world.users["officer_b"])["rows"] == []
    html = render_to_string("reports/includes/dashboard_due.html", context)
    assert "2026-Q4" in html


def test_ministry_dashboard_summarises_queue_and_compliance(world):
    context = {"queue": dashboard.waiting_for_review(world.users["reviewer"])}
    assert [item["report"] for item in context["queue"]["rows"]] == [world.report_b, world.usage_submitted]
    assert context["queue"]["total"] == 2
    html = render_to_string("reports/includes/dashboard_queue.html", context)
    assert "2 reports wait for review" in html


# Reminders -------------------------------------------------------------------------------


def test_send_reminders_warns_before_the_due_date_and_when_overdue(world):
    today = timezone.localdate()
    ReportingPeriod.objects.filter(pk=world.period.pk).update(due_on=today + datetime.timedelta(days=3))
    PartnerReport.objects.create(country=world.lead, coalition=world.coalition, period=world.past_period)
    ReportingPeriod.objects.filter(pk=world.past_period.pk).update(due_on=today - datetime.timedelta(days=1))
    out = StringIO()
    call_command("send_reminders", "--days", "3", stdout=out)
    sent = sorted((m.subject.split(":")[0], tuple(m.to)) for m in mail.outbox)
    due = "Report due on " + date_format(today + datetime.timedelta(days=3))
    assert sent == [
        (due, ("analyst@example.org",)),
        (due, ("officer-a@example.org",)),
        ("Report overdue", ("officer-lead@example.org",)),
    ]
    assert out.getvalue().strip() == "3 reminders queued for sending."


def test_send_reminders_sends_nothing_when_nothing_is_due(world):
    ReportingPeriod.objects.update(due_on=timezone.localdate() + datetime.timedelta(days=100))
    call_command("send_reminders", stdout=StringIO())
    assert mail.outbox == []


@pytest.mark.parametrize(("persona", "shown"), [("reviewer", True), ("analyst", True), ("officer_a", False)])
def test_ministry_pages_are_linked_for_the_ministry_only(world, client, persona, shown):
    log_in(client, world.users[persona])
    content = client.get(reverse("report_list")).content.decode()
    assert (reverse("review_queue") in content, reverse("activity") in content) == (shown, shown)
    assert (reverse("usage_create") in content) == (persona == "analyst")


def test_reminders_ask_for_a_country_s_officers_once_however_many_reports(world):
    from reports import emails

    reports = [world.report_a, world.report_b]
    emails.reminders(reports, "due_soon")  # loads the reports' country, period and coalition
    with CaptureQueriesContext(connection) as two:
        emails.reminders(reports, "due_soon")
    with CaptureQueriesContext(connection) as twelve:
        mails = emails.reminders(reports * 6, "due_soon")
    assert (len(twelve), len(mails)) == (len(two), 12)

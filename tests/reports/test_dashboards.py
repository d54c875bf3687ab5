"""Each role's dashboard answers its first question, shows only what the user may see, and
costs the same number of queries whatever the amount of data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import dashboard, services
from reports.models import DeliveryLine, PartnerReport, ReportingPeriod
from tests import factories as f
from tests.world import log_in

TODAY = datetime.date(2026, 12, 5)  # inside the world's current quarter (2026-Q4, due 2027-01-15)


def report_url(report, kind="partner"):
    return reverse("report_detail", kwargs={"kind": kind, "pk": report.pk})


def page(client, user):
    log_in(client, user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response


def test_officer_sees_what_is_due_from_them_and_nothing_of_another_country(world, client):
    response = page(client, world.users["officer_a"])
    html = response.content.decode()

    assert response.context["role"] == "officer"
    assert [r.pk for r in response.context["due"]["rows"]] == [world.report_a.pk]
    assert report_url(world.report_a) in html
    assert "Due from you" in html
    assert report_url(world.report_b) not in html
    assert "Sweden" not in html and "7003" not in html  # B's report and its line
    assert reverse("review_queue") not in html


def test_lead_officer_dashboard_lists_only_their_own_countrys_reports(world, client):
    html = page(client, world.users["lead_officer"]).content.decode()

    assert report_url(world.report_a) not in html
    assert report_url(world.report_b) not in html
    assert "Belgium" not in html and "Sweden" not in html


def test_a_returned_report_shows_the_reviewers_comment_and_overdue_is_marked(world, client):
    services.report_return(report=world.report_b, user=world.users["reviewer"], comment="Dates are wrong")
    ReportingPeriod.objects.filter(pk=world.period.pk).update(due_on=datetime.date(2026, 11, 1))

    context = dashboard.due_reports(world.users["officer_b"], TODAY)

    (row,) = context["rows"]
    assert (row.pk, row.return_comment, row.returned_by, row.overdue) == (
        world.report_b.pk,
        "Dates are wrong",
        "reviewer",
        True,
    )
    assert (context["total"], context["overdue"], context["returned"]) == (1, 1, 1)
    html = page(client, world.users["officer_b"]).content.decode()
    assert "Dates are wrong" in html and "Overdue" in html


def test_viewer_sees_their_countrys_status_and_progress(world, client):
    response = page(client, world.users["viewer_a"])

    assert response.context["role"] == "viewer"
    assert "due" not in response.context
    status = dashboard.country_status(world.users["viewer_a"], TODAY)
    assert [(r["membership"].coalition.slug, r["state"]) for r in status["rows"]] == [("artillery", "draft")]
    (progress,) = response.context["progress"]
    # A's one commitment (111,111) has 7,005 approved: under way; the draft's 7,001 counts nowhere
    assert (progress.coalition.slug, progress.commitments, progress.under_way, progress.awaiting) == (
        "artillery",
        1,
        1,
        0,
    )
    html = response.content.decode()
    assert "Sweden" not in html


def test_reviewer_sees_what_waits_oldest_first_with_resubmissions(world, client):
    reviewer, officer_b = world.users["reviewer"], world.users["officer_b"]
    returned = services.report_return(report=world.report_b, user=reviewer, comment="Check")
    services.report_submit(report=returned, user=officer_b)

    context = dashboard.waiting_for_review(reviewer, TODAY)

    assert [(i["kind"], i["report"].pk) for i in context["rows"]] == [
        ("usage", world.usage_submitted.pk),
        ("partner", world.report_b.pk),
    ]
    assert (context["total"], context["resubmitted"]) == (2, 1)
    assert context["rows"][1]["report"].resubmitted is True
    html = page(client, reviewer).content.decode()
    assert "Resubmitted" in html and reverse("review_queue") in html


def test_analyst_sees_where_coverage_is_lowest(world, client):
    other = f.CapabilityFactory(coalition=world.coalition, code="shell-122", name="122 mm shell")
    f.NeedFactory(capability=other, quantity=1000)
    f.CommitmentFactory(country=world.a, capability=other, quantity=100)

    rows = page(client, world.users["analyst"]).context["coverage"]

    # 122 mm: 100 of 1,000 (10 %); 155 mm: 777,777 of 900,001 (86.4 %)
    assert [(r.label, r.coverage_percent) for r in rows] == [("122 mm shell", 10.0), ("155 mm shell", 86.4)]


def test_observer_sees_approved_figures_of_observed_coalitions_only(world, client):
    observer, officer_b = world.users["observer"], world.users["officer_b"]
    report = PartnerReport.objects.create(
        country=world.b, coalition=world.other_coalition, period=world.period
    )
    DeliveryLine.objects.create(
        report=report,
        commitment=world.commitment_b_drones,
        delivered_on=datetime.date(2026, 10, 5),
        quantity=5555,
    )
    report = services.report_submit(report=report, user=officer_b)

    rows = page(client, observer).context["coalition_figures"]
    assert [(r.coalition, r.committed, r.delivered) for r in rows] == [("Drones", 333333, 0)]
    assert "5555" not in page(client, observer).content.decode()  # submitted, not approved

    services.report_approve(report=report, user=world.users["reviewer"])
    rows = page(client, observer).context["coalition_figures"]
    assert [(r.coalition, r.committed, r.delivered) for r in rows] == [("Drones", 333333, 5555)]


def more_data(world, n):
    """``n`` more of everything a dashboard lists: commitments with approved and submitted
    deliveries, open, returned and submitted reports in other quarters, needs."""
    reviewer = world.users["reviewer"]
    for i in range(n):
        start = datetime.date(2000 + i, 1, 1)
        period = ReportingPeriod.objects.create(
            start=start, end=start.replace(month=3, day=31), due_on=start.replace(month=4, day=15)
        )
        for country, officer in ((world.a, world.users["officer_a"]), (world.b, world.users["officer_b"])):
            commitment = f.CommitmentFactory(country=country, capability=world.capability, quantity=50 + i)
            for status in ("draft", "submitted", "returned"):
                report = PartnerReport.objects.create(
                    country=country,
                    coalition=world.coalition,
                    period=period,
                    revision={"draft": 1, "submitted": 2, "returned": 3}[status],
                )
                DeliveryLine.objects.create(
                    report=report, commitment=commitment, delivered_on=start, quantity=10
                )
                if status != "draft":
                    report = services.report_submit(report=report, user=officer)
                if status == "returned":
                    services.report_return(report=report, user=reviewer, comment=f"Comment {i}")
        capability = f.CapabilityFactory(coalition=world.other_coalition, code=f"more-{i}", name=f"More {i}")
        f.NeedFactory(capability=capability, quantity=100)
        f.CommitmentFactory(country=world.b, capability=capability, quantity=5)


def queries(client, user):
    log_in(client, user)
    client.get(reverse("dashboard"))  # the first request of a session fills caches (content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "persona", ["officer_a", "viewer_a", "lead_officer", "reviewer", "analyst", "ministry_admin", "observer"]
)
def test_dashboard_queries_do_not_grow_with_the_data(world, client, persona):
    user = world.users[persona]
    small = queries(client, user)
    more_data(world, 12)
    large = queries(client, user)

    assert large == small
    if persona in ("officer_a", "reviewer"):  # the lists stop at ROWS and link to the full page
        response = client.get(reverse("dashboard"))
        listed = response.context["due" if persona == "officer_a" else "queue"]
        assert len(listed["rows"]) == dashboard.ROWS and listed["more"]

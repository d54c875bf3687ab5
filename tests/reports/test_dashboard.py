from django.urls import reverse

from reports.models import PartnerReport
from tests.world import log_in


def report_url(report):
    return reverse("report_detail", kwargs={"kind": "partner", "pk": report.pk})


def test_reviewer_dashboard_shows_the_review_queue(world, client):
    log_in(client, world.users["reviewer"])

    page = client.get(reverse("dashboard")).content.decode()

    assert report_url(world.report_b) in page
    assert reverse("review_queue") in page


def test_officer_dashboard_shows_own_open_reports_only(world, client):
    log_in(client, world.users["officer_a"])

    page = client.get(reverse("dashboard")).content.decode()

    assert report_url(world.report_a) in page
    assert report_url(world.report_b) not in page
    assert reverse("review_queue") not in page


def test_review_queue_lists_a_submitted_report_without_submission_time(world, client):
    PartnerReport.objects.filter(pk=world.report_b.pk).update(submitted_at=None)
    log_in(client, world.users["reviewer"])

    response = client.get(reverse("review_queue"))

    assert response.status_code == 200
    assert report_url(world.report_b) in response.content.decode()

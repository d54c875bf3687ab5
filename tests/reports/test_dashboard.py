from django.urls import reverse

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

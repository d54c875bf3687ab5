"""The report page offers what the workflow allows, as flags, not by comparing status names."""

from django.urls import reverse

from tests.world import log_in

FLAGS = ("editable", "may_submit", "may_approve", "may_return", "may_reopen")


def flags(client, user, report, kind="partner"):
    log_in(client, user)
    context = client.get(reverse("report_detail", kwargs={"kind": kind, "pk": report.pk})).context
    return {flag for flag in FLAGS if context[flag]}


def test_officer_may_edit_and_submit_a_draft(world, client):
    assert flags(client, world.users["officer_a"], world.report_a) == {"editable", "may_submit"}


def test_reviewer_may_approve_or_return_a_submitted_report_with_a_comment(world, client):
    assert flags(client, world.users["reviewer"], world.report_b) == {"may_approve", "may_return"}
    # The comment is asked on the confirmation step of returning (the report page links to it).
    page = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_b.pk}))
    confirm = reverse(
        "report_transition", kwargs={"kind": "partner", "pk": world.report_b.pk, "action": "return"}
    )
    assert confirm in page.content.decode()
    assert 'name="comment"' in client.get(confirm).content.decode()


def test_the_author_of_a_submitted_usage_report_may_not_approve_it(world, client):
    world.usage_submitted.author = world.users["reviewer"]
    world.usage_submitted.save()
    assert flags(client, world.users["reviewer"], world.usage_submitted, "usage") == {"may_return"}


def test_reviewer_may_reopen_an_approved_report(world, client):
    assert flags(client, world.users["reviewer"], world.report_a_approved) == {"may_reopen"}


def test_a_draft_offers_no_comment_field(world, client):
    log_in(client, world.users["officer_a"])
    page = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_a.pk}))
    assert 'name="comment"' not in page.content.decode()

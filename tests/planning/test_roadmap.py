"""Roadmaps: approved versions never change (view, admin, ORM, raw SQL); revisions, diff,
progress updates and who may do what."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accounts import access
from coalitions.planning import selectors, services
from coalitions.planning.models import Milestone, MilestoneStatus, RoadmapVersion
from tests import factories as f
from tests.world import log_in


def refused(action):
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        action()


def raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_approved_version_refuses_orm_update_save_and_delete(pworld):
    v1 = pworld.v1
    refused(lambda: RoadmapVersion.objects.filter(pk=v1.pk).update(objectives="changed"))
    refused(lambda: RoadmapVersion.objects.filter(pk=v1.pk).update(status="draft"))
    v1.objectives = "changed"
    refused(v1.save)
    refused(lambda: RoadmapVersion.objects.filter(pk=v1.pk).delete())
    assert RoadmapVersion.objects.get(pk=v1.pk).objectives == "Shells for 2027"


def test_approved_version_refuses_raw_sql(pworld):
    refused(lambda: raw("UPDATE planning_roadmapversion SET objectives = 'x' WHERE id = %s", pworld.v1.pk))
    refused(lambda: raw("DELETE FROM planning_roadmapversion WHERE id = %s", pworld.v1.pk))
    refused(lambda: raw("UPDATE planning_milestone SET title = 'x' WHERE id = %s", pworld.m_a.pk))
    refused(lambda: raw("DELETE FROM planning_milestone WHERE id = %s", pworld.m_a.pk))
    assert Milestone.objects.get(pk=pworld.m_a.pk).title == "Line A opens"


def test_milestones_of_an_approved_version_refuse_orm_changes(pworld):
    refused(lambda: Milestone.objects.filter(pk=pworld.m_a.pk).update(title="x"))
    refused(lambda: Milestone.objects.filter(pk=pworld.m_a.pk).delete())
    refused(
        lambda: Milestone.objects.create(
            version=pworld.v1, key=9, title="late", owner=pworld.a, due_on=datetime.date(2027, 1, 1)
        )
    )
    assert pworld.v1.milestones.count() == 2


def test_approved_version_refuses_changes_through_the_pages(pworld, client):
    log_in(client, pworld.users["lead_officer"])
    edit = reverse("planning:version_edit", kwargs={"pk": pworld.v1.pk})
    response = client.post(edit, {"objectives": "x", "row_version": pworld.v1.version}, follow=True)
    assert "it can no longer change" in response.content.decode()
    add = reverse("planning:milestone_add", kwargs={"pk": pworld.v1.pk})
    client.post(add, {"title": "x", "owner": pworld.a.pk, "due": "2027-Q1", "status": "planned"})
    client.post(reverse("planning:milestone_delete", kwargs={"pk": pworld.m_a.pk}))
    assert RoadmapVersion.objects.get(pk=pworld.v1.pk).objectives == "Shells for 2027"
    assert pworld.v1.milestones.count() == 2


def test_approved_version_is_read_only_in_the_admin(pworld, client):
    log_in(client, pworld.admin)
    change = reverse("admin:planning_roadmapversion_change", args=[pworld.v1.pk])
    assert client.post(change, {"objectives": "x"}).status_code == 403
    delete = reverse("admin:planning_roadmapversion_delete", args=[pworld.v1.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    milestone = reverse("admin:planning_milestone_change", args=[pworld.m_a.pk])
    assert client.post(milestone, {"title": "x"}).status_code == 403
    assert client.get(change).status_code == 200
    assert RoadmapVersion.objects.get(pk=pworld.v1.pk).objectives == "Shells for 2027"


def test_reviewer_approves_a_draft_but_never_their_own(pworld):
    reviewer = pworld.users["reviewer"]
    RoadmapVersion.objects.filter(pk=pworld.v2.pk).update(created_by=reviewer)
    pworld.v2.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.roadmap_approve(user=reviewer, version=pworld.v2)
    with pytest.raises(PermissionDenied):
        services.roadmap_approve(user=pworld.users["lead_officer"], version=pworld.v2)
    other = f.UserFactory(role="reviewer", username="reviewer-2")
    approved = services.roadmap_approve(user=other, version=pworld.v2)
    assert approved.status == "approved"


def test_revision_copies_the_latest_approved_version_and_shows_the_diff(pworld):
    lead = pworld.users["lead_officer"]
    RoadmapVersion.objects.filter(pk=pworld.v2.pk).delete()  # a draft may be deleted
    services.milestone_update_post(
        user=pworld.users["officer_a"],
        milestone=pworld.m_a,
        data={"status": MilestoneStatus.AT_RISK, "note": "late", "on": datetime.date(2026, 11, 1)},
    )
    draft = services.roadmap_draft(user=lead, coalition=pworld.coalition)
    assert draft.number == 2  # the deleted draft's number is free again
    copied = {m.key: m for m in draft.milestones.all()}
    assert copied[1].status == MilestoneStatus.AT_RISK  # the current status travels
    services.milestone_save(
        user=lead,
        version=draft,
        milestone=copied[2],
        data={"title": "Depot ready", "due_on": datetime.date(2026, 6, 30)},
    )
    previous, changes, _objectives = selectors.version_diff(draft)
    assert previous == pworld.v1
    assert [(c.key, c.kind) for c in changes] == [(1, "changed"), (2, "changed")]


def test_milestone_owner_must_be_a_member_or_ukraine(pworld):
    outsider = f.CountryFactory(code="JP", name="Japan")
    with pytest.raises(ValidationError, match="not a member"):
        services.milestone_save(
            user=pworld.users["lead_officer"],
            version=pworld.v2,
            data={"title": "x", "owner": outsider, "due_on": datetime.date(2027, 1, 1)},
        )
    ukraine = f.CountryFactory(code="UA", name="Ukraine", is_recipient=True)
    saved = services.milestone_save(
        user=pworld.users["lead_officer"],
        version=pworld.v2,
        data={"title": "Ukraine's part", "owner": ukraine, "due_on": datetime.date(2027, 1, 1)},
    )
    assert saved.key == 3


def test_milestone_form_shows_a_non_member_owner_error(pworld, client):
    outsider = f.CountryFactory(code="JP", name="Japan")
    log_in(client, pworld.users["lead_officer"])
    url = reverse("planning:milestone_add", kwargs={"pk": pworld.v2.pk})
    response = client.post(url, {"title": "x", "owner": outsider.pk, "due": "2027-Q1", "status": "planned"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert pworld.v2.milestones.count() == 1


def test_another_country_cannot_post_progress_on_a_milestone(pworld, client):
    with pytest.raises(PermissionDenied):
        services.milestone_update_post(
            user=pworld.users["officer_b"],
            milestone=pworld.m_a,
            data={"status": "done", "note": "", "on": datetime.date(2026, 11, 1)},
        )
    log_in(client, pworld.users["officer_b"])
    url = reverse("planning:milestone_update", kwargs={"pk": pworld.m_a.pk})
    assert client.post(url, {"status": "done", "on": "2026-11-01"}).status_code == 403
    assert not pworld.m_a.updates.exists()


def test_overdue_and_at_risk_milestones_are_marked(pworld, client):
    rows = selectors.milestones(pworld.v1, today=datetime.date(2026, 12, 1))
    by_key = {m.key: m for m in rows}
    assert by_key[2].is_overdue and not by_key[1].is_overdue
    log_in(client, pworld.users["officer_b"])
    page = client.get(reverse("planning:roadmap", kwargs={"slug": "artillery"})).content.decode()
    assert "<svg" in page and "timeline__item--overdue" in page
    assert "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_members_do_not_read_drafts(pworld):
    visible = set(selectors.roadmap_versions(pworld.users["officer_a"], pworld.coalition))
    assert visible == {pworld.v1}
    lead = set(selectors.roadmap_versions(pworld.users["lead_officer"], pworld.coalition))
    assert lead == {pworld.v1, pworld.v2}


def test_dashboard_milestones_read_every_coalition_at_once_as_one_by_one(pworld):
    """The dashboard reads the current versions and their milestones of all coalitions in a fixed
    number of queries: the same milestones, updates and marks as ``roadmap_milestones`` per coalition."""
    from coalitions.planning.models import MilestoneUpdate, Roadmap
    from tests.planning.world import approve

    u = pworld.users
    for status, on in ((MilestoneStatus.AT_RISK, 11), (MilestoneStatus.IN_PROGRESS, 10)):
        MilestoneUpdate.objects.create(
            milestone=pworld.m_a, status=status, on=datetime.date(2026, on, 1), author=u["officer_a"]
        )
    other = RoadmapVersion.objects.create(
        roadmap=Roadmap.objects.create(coalition=pworld.other_coalition), number=1, created_by=u["analyst"]
    )
    for key, owner in ((1, pworld.a), (2, pworld.b)):
        Milestone.objects.create(
            version=other, key=key, title=f"Other {key}", owner=owner, due_on=datetime.date(2026, 2, 1)
        )
    approve(other, u["reviewer"])
    for persona in ("officer_a", "officer_b", "lead_officer"):
        user = u[persona]
        own = set(access.country_ids(user))

        def marks(ms):
            return [(m.pk, m.current_status, m.is_overdue, [x.pk for x in m.updates_list]) for m in ms]

        expected = [
            m
            for coalition in access.coalitions_for(user)
            for m in selectors.roadmap_milestones(user, coalition)
            if m.owner_id in own and (m.is_overdue or m.is_at_risk)
        ]
        assert marks(selectors.dashboard(user)["my_milestones"]) == marks(expected)
    assert [m.title for m in selectors.dashboard(u["officer_a"])["my_milestones"]][:1] == ["Line A opens"]
    versions = selectors.current_versions(u["analyst"], [pworld.coalition, pworld.other_coalition])
    expected = {pworld.coalition.pk: pworld.v1.pk, pworld.other_coalition.pk: other.pk}
    assert {c: v.pk for c, v in versions.items()} == expected

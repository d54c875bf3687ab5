"""Planning data on top of the shared world (``tests.world``), built once per world.

Artillery's roadmap: version 1 approved (drafted by L's officer, approved by the reviewer)
with milestone ``m_a`` owned by country A and ``m_lead`` by L; version 2 a draft by L's officer
with ``m_draft``. An open call on ``w.need`` (sent by the analyst).
"""

import datetime

from django.utils import timezone

from coalitions.planning.models import (
    CallForContributions,
    Milestone,
    MilestoneStatus,
    Roadmap,
    RoadmapVersion,
    VersionStatus,
)


def approve(version, reviewer):
    RoadmapVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.APPROVED, approved_by=reviewer, approved_at=timezone.now()
    )
    version.refresh_from_db()
    return version


def planning(w):
    if getattr(w, "roadmap", None):
        return w
    u = w.users
    w.roadmap = Roadmap.objects.create(coalition=w.coalition)
    w.v1 = RoadmapVersion.objects.create(
        roadmap=w.roadmap, number=1, objectives="Shells for 2027", created_by=u["lead_officer"]
    )
    w.m_a = Milestone.objects.create(
        version=w.v1,
        key=1,
        title="Line A opens",
        owner=w.a,
        due_on=datetime.date(2027, 3, 31),
        due_is_quarter=True,
    )
    w.m_lead = Milestone.objects.create(
        version=w.v1,
        key=2,
        title="Depot ready",
        owner=w.lead,
        due_on=datetime.date(2026, 1, 15),
        status=MilestoneStatus.IN_PROGRESS,
    )
    w.v1 = approve(w.v1, u["reviewer"])
    w.v2 = RoadmapVersion.objects.create(
        roadmap=w.roadmap, number=2, objectives="Shells for 2027 and 2028", created_by=u["lead_officer"]
    )
    w.m_draft = Milestone.objects.create(
        version=w.v2, key=1, title="Line A opens", owner=w.a, due_on=datetime.date(2027, 6, 30)
    )
    w.call = CallForContributions.objects.create(
        need=w.need, coalition=w.coalition, gap=w.need.quantity, sent_by=u["analyst"]
    )
    return w

"""Demo planning: needs for the current and next two quarters, approved roadmaps with
progress updates (four coalitions, one with a revision in draft), obligations from most
members (offers to cover, a few needs left with gaps) and one open call.

Runs after devtools.demo.reports (offers go into the members' open reports). Safe to run
again: it does nothing once a roadmap exists.
"""

import datetime
import random

from django.utils import timezone

from accounts import access
from accounts.models import Role, User
from coalitions.models import Cadence, Capability, Coalition, Country, Membership, Need, NeedStatus, Priority
from coalitions.planning import selectors, services
from coalitions.planning.models import MilestoneStatus, Roadmap
from reports import periods
from reports import services as reporting

ROADMAPS = {
    "artillery": [
        ("Joint production of 155 mm shells in Ukraine", 1, MilestoneStatus.IN_PROGRESS),
        ("Counter-battery radar coverage of the front", 2, MilestoneStatus.PLANNED),
        ("Barrel replacement programme", -1, MilestoneStatus.IN_PROGRESS),
        ("Crew training hub", 3, MilestoneStatus.PLANNED),
    ],
    "iamd": [
        ("Second Patriot battery operational", 1, MilestoneStatus.IN_PROGRESS),
        ("Interceptor stock for the winter", 0, MilestoneStatus.PLANNED),
        ("Integrated radar picture", 2, MilestoneStatus.PLANNED),
    ],
    "drone": [
        ("FPV production at 400,000 a quarter", 1, MilestoneStatus.IN_PROGRESS),
        ("Electronic warfare hardening", 2, MilestoneStatus.PLANNED),
        ("Operator school", -1, MilestoneStatus.PLANNED),
    ],
    "demining": [
        ("Mechanical demining fleet", 2, MilestoneStatus.PLANNED),
        ("Survey drones for every brigade", 1, MilestoneStatus.IN_PROGRESS),
    ],
}
COVER_SHARE = (0.15, 0.25, 0.35)


def seed(*, password, stdout):
    if Roadmap.objects.exists():
        stdout.write("planning: demo roadmaps already present")
        return
    today = timezone.localdate()
    analyst = User.objects.filter(role=Role.ANALYST, is_active=True).order_by("pk").first()
    reviewer = User.objects.filter(role=Role.REVIEWER, is_active=True).order_by("pk").first()
    reporting.period_open(user=analyst, kind=Cadence.MONTHLY, start=today)  # monthly members' report
    quarters = [
        periods.shift(Cadence.QUARTERLY, periods.start_of(Cadence.QUARTERLY, today), n) for n in range(3)
    ]
    _needs(analyst, quarters)
    for slug, milestones in ROADMAPS.items():
        _roadmap(Coalition.objects.get(slug=slug), milestones, reviewer, analyst, quarters[0])
    offers = _obligations(quarters[1:])
    call = _call(analyst, quarters[1])
    stdout.write(f"planning: {len(ROADMAPS)} roadmaps, {offers} offers to cover, call on {call}")


def _needs(analyst, quarters):
    """Needs of every capability for the next quarters (published by the analyst)."""
    now = timezone.now()
    for capability in Capability.objects.all():
        base = Need.objects.filter(capability=capability).order_by("-year", "-quarter").first()
        if base is None:
            continue
        for start in quarters:
            Need.objects.get_or_create(
                coalition_id=capability.coalition_id,
                capability=capability,
                year=start.year,
                quarter=periods.quarter_of(start),
                month=None,
                defaults={
                    "quantity": base.quantity,
                    "priority": base.priority,
                    "justification": "Expected consumption at the current intensity.",
                    "published_by": analyst,
                    "published_at": now,
                },
            )
    Need.objects.filter(published_by__isnull=True).update(published_by=analyst, published_at=now)


def _officer(country):
    return access.country_officers(country).filter(role=Role.OFFICER).order_by("pk").first() or (
        access.country_officers(country).order_by("pk").first()
    )


def _roadmap(coalition, milestones, reviewer, analyst, current):
    lead = Membership.objects.filter(coalition=coalition, role="lead").select_related("country").first()
    members = list(
        Membership.objects.filter(coalition=coalition).select_related("country").order_by("country__name")
    )
    drafter = _officer(lead.country) if lead else None
    if drafter is None or not members:
        return
    ukraine = Country.objects.filter(is_recipient=True).first()
    draft = services.roadmap_draft(user=drafter, coalition=coalition)
    services.roadmap_version_save(
        user=drafter,
        version=draft,
        objectives=f"What the {coalition.name} delivers to Ukraine over the next year, and by when.",
        row_version=draft.version,
    )
    rng = random.Random(f"roadmap/{coalition.slug}")
    for n, (title, quarters_ahead, status) in enumerate(milestones):
        owner = ukraine if (n == len(milestones) - 1 and ukraine) else members[n % len(members)].country
        due = periods.end_of(Cadence.QUARTERLY, periods.shift(Cadence.QUARTERLY, current, quarters_ahead))
        services.milestone_save(
            user=drafter,
            version=draft,
            data={"title": title, "owner": owner, "due_on": due, "due_is_quarter": True, "status": status},
        )
    approved = services.roadmap_approve(user=reviewer, version=draft)
    for milestone in selectors.milestones(approved):
        poster = analyst if milestone.owner.is_recipient else _officer(milestone.owner)
        if poster is None:
            continue
        status = rng.choice([MilestoneStatus.IN_PROGRESS, MilestoneStatus.AT_RISK, milestone.status])
        services.milestone_update_post(
            user=poster,
            milestone=milestone,
            data={
                "status": status,
                "note": "Demo progress update.",
                "on": timezone.localdate() - datetime.timedelta(days=rng.randrange(3, 40)),
            },
        )
    if coalition.slug == "artillery":  # a revision in draft, waiting for the reviewer
        revision = services.roadmap_draft(user=drafter, coalition=coalition)
        first = revision.milestones.order_by("key").first()
        services.milestone_save(
            user=drafter,
            version=revision,
            milestone=first,
            data={"due_on": first.due_on + datetime.timedelta(days=92)},
        )


def _obligations(quarters):
    """Most members offer part of the high-priority needs of the next quarters; the rest stay gaps."""
    offers = 0
    needs = Need.objects.filter(
        year__in={q.year for q in quarters},
        status=NeedStatus.OPEN,
        priority__in=(Priority.CRITICAL, Priority.HIGH),
    ).select_related("capability", "coalition")
    for need in needs:
        if (need.year, need.quarter) not in {(q.year, periods.quarter_of(q)) for q in quarters}:
            continue
        rng = random.Random(f"offer/{need.capability.code}/{need.period_label}")
        if rng.random() < 0.3:  # a few needs nobody covers
            continue
        for membership in Membership.objects.filter(coalition=need.coalition).select_related("country"):
            officer = _officer(membership.country)
            if officer is None or rng.random() < 0.35:
                continue
            report = services.open_report(membership.country_id, need.coalition_id)
            if report is None:
                continue
            quantity = max(1, int(need.quantity * rng.choice(COVER_SHARE)))
            schedule = _schedule(report, need, quantity)
            if not schedule:
                continue
            services.need_offer(user=officer, need=need, country=membership.country, schedule=schedule)
            offers += 1
    return offers


def _schedule(report, need, quantity):
    """One line for a quarterly member; the need's quarter split by month for a monthly one."""
    kind = report.period.kind
    if kind == Cadence.MONTHLY:
        months = [periods.shift(Cadence.MONTHLY, need.start, n) for n in range(3)]
        months = [m for m in months if m > report.period.end]
        return [(m, max(1, quantity // 3)) for m in months]
    return [(need.start, quantity)] if need.start > report.period.end else []


def _call(analyst, start):
    """One open call on an urgent need of the next quarter (``start``) or later."""
    for cell in selectors.uncovered_needs(analyst):
        if cell.is_urgent and cell.need.start >= start:
            services.call_send(
                user=analyst, need=cell.need, message="Ukraine asks every member to look at its stocks."
            )
            return cell.need
    return None

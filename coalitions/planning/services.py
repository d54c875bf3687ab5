"""Business actions of planning. Each is atomic, checks the actor's right through
``accounts.access`` and the current state, and leaves nothing half-saved.

- needs: ``need_publish``, ``need_update`` (ministry analysts);
- roadmaps: ``roadmap_draft`` (a new version, n + 1 copied from the latest approved),
  ``roadmap_version_save``, ``milestone_save``, ``milestone_delete`` (lead officers, draft
  only), ``roadmap_approve`` (a reviewer who did not draft it), ``milestone_update_post``
  (the owner country);
- obligations: ``need_offer`` — a commitment created or extended, with plan lines that name
  the need, written through ``coalitions.services`` and ``reports.services`` (the same line
  rules as the report form);
- calls: ``call_send`` (e-mail to the members' officers, a notice on their dashboards).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from coalitions import services as ledger
from coalitions.models import Coalition, Commitment, CommitmentStatus, Country, Membership, Need, NeedStatus
from reports import emails, periods
from reports import services as reporting
from reports.models import PartnerReport
from reports.workflow import EDITABLE

from . import selectors
from .models import (
    CallForContributions,
    CallResponse,
    Milestone,
    MilestoneUpdate,
    Roadmap,
    RoadmapVersion,
    VersionStatus,
)

# Needs ---------------------------------------------------------------------------------


def need_problems(data: dict) -> dict:
    """What is wrong with a need's fields (shared by the form and the admin import)."""
    problems = {}
    capability, coalition = data.get("capability"), data.get("coalition")
    if capability and coalition and capability.coalition_id != coalition.pk:
        problems["capability"] = _("This capability belongs to another coalition.")
    unit = data.get("unit")
    if capability and unit and unit != capability.unit:
        problems["unit"] = _("%(capability)s is counted in %(unit)s, not in %(given)s.") % {
            "capability": capability,
            "unit": capability.get_unit_display(),
            "given": unit,
        }
    year = data.get("year")
    if year is not None and not periods.placeable(datetime.date(min(max(year, 1), 9999), 1, 1)):
        problems["year"] = _("The year must be between %(first)d and %(last)d.") % {
            "first": periods.FIRST_DAY.year,
            "last": periods.LAST_DAY.year,
        }
    month, quarter = data.get("month"), data.get("quarter")
    if month and quarter and periods.quarter_of(datetime.date(2000, month, 1)) != quarter:
        problems["month"] = _("Month %(month)d is not in quarter Q%(quarter)d.") % {
            "month": month,
            "quarter": quarter,
        }
    return problems


NEED_FIELDS = (
    "coalition",
    "capability",
    "quantity",
    "year",
    "quarter",
    "month",
    "priority",
    "justification",
    "status",
)


def _raise(problems: dict) -> None:
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def need_publish(*, user: User, data: dict) -> Need:
    """Publish a need (ministry analysts)."""
    if not access.may_publish_needs(user):
        raise PermissionDenied
    _raise(need_problems(data))
    need = Need(
        **{f: data[f] for f in NEED_FIELDS if f in data}, published_by=user, published_at=timezone.now()
    )
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def need_update(*, user: User, need: Need, data: dict, version: int) -> Need:
    """Change a published need (kept in its history; members see it on the board)."""
    if not access.may_publish_needs(user):
        raise PermissionDenied
    current = Need.objects.select_for_update().get(pk=need.pk)
    if current.version != version:
        raise ledger.StaleEdit
    _raise(need_problems({"coalition": current.coalition, **data}))
    return ledger.versioned_save(current, {f: data[f] for f in NEED_FIELDS if f in data}, clean=True)


# Roadmaps ------------------------------------------------------------------------------


def _require_draft(version: RoadmapVersion, user: User) -> RoadmapVersion:
    locked = RoadmapVersion.objects.select_for_update().select_related("roadmap").get(pk=version.pk)
    if not access.may_draft_roadmap(user, locked.roadmap.coalition_id):
        raise PermissionDenied
    if locked.status != VersionStatus.DRAFT:
        raise ValidationError(_("This version is approved: it can no longer change. Start a revision."))
    return locked


@transaction.atomic
def roadmap_draft(*, user: User, coalition: Coalition) -> RoadmapVersion:
    """Start a draft: version 1, or n + 1 copying the latest approved version's objectives and
    milestones (with their current status). One draft at a time."""
    if not access.may_draft_roadmap(user, coalition):
        raise PermissionDenied
    roadmap, _created = Roadmap.objects.get_or_create(coalition=coalition)
    roadmap = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    if roadmap.versions.filter(status=VersionStatus.DRAFT).exists():
        raise ValidationError(_("A draft of this roadmap already exists: continue it."))
    latest = roadmap.versions.filter(status=VersionStatus.APPROVED).order_by("-number").first()
    number = (roadmap.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = RoadmapVersion.objects.create(
        roadmap=roadmap, number=number, objectives=latest.objectives if latest else "", created_by=user
    )
    if latest is not None:
        Milestone.objects.bulk_create(
            Milestone(
                version=draft,
                key=m.key,
                title=m.title,
                description=m.description,
                owner_id=m.owner_id,
                due_on=m.due_on,
                due_is_quarter=m.due_is_quarter,
                status=m.current_status,
            )
            for m in selectors.milestones(latest)
        )
    return draft


@transaction.atomic
def roadmap_version_save(*, user: User, version: RoadmapVersion, objectives: str, row_version: int):
    locked = _require_draft(version, user)
    if locked.version != row_version:
        raise ledger.StaleEdit
    return ledger.versioned_save(locked, {"objectives": objectives})


def owner_problem(coalition_id: int, owner: Country) -> str | None:
    """A milestone's owner is a member country of the coalition, or Ukraine."""
    if owner.is_recipient:
        return None
    if Membership.objects.filter(coalition_id=coalition_id, country=owner, ended_on__isnull=True).exists():
        return None
    return _("%(country)s is not a member of this coalition: choose a member country or Ukraine.") % {
        "country": owner
    }


@transaction.atomic
def milestone_save(*, user: User, version: RoadmapVersion, data: dict, milestone: Milestone | None = None):
    """Add a milestone to a draft version or change one of its milestones."""
    locked = _require_draft(version, user)
    problem = owner_problem(locked.roadmap.coalition_id, data["owner"]) if "owner" in data else None
    if problem:
        raise ValidationError({"owner": problem})
    if milestone is None:
        key = (
            Milestone.objects.filter(version__roadmap=locked.roadmap).aggregate(k=Max("key"))["k"] or 0
        ) + 1
        milestone = Milestone(version=locked, key=key)
    elif milestone.version_id != locked.pk:
        raise PermissionDenied
    for field, value in data.items():
        setattr(milestone, field, value)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_delete(*, user: User, milestone: Milestone) -> None:
    _require_draft(milestone.version, user)
    milestone.delete()


@transaction.atomic
def roadmap_approve(*, user: User, version: RoadmapVersion) -> RoadmapVersion:
    """Approve a draft: from now on the database refuses any change to it and its milestones."""
    locked = RoadmapVersion.objects.select_for_update().get(pk=version.pk)
    if not access.may_approve_roadmap(user, locked):
        raise PermissionDenied
    if locked.status != VersionStatus.DRAFT:
        raise ValidationError(_("This version is already approved."))
    if not locked.milestones.exists():
        raise ValidationError(_("A roadmap version needs at least one milestone before it is approved."))
    locked.status, locked.approved_by, locked.approved_at = VersionStatus.APPROVED, user, timezone.now()
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()
    return locked


@transaction.atomic
def milestone_update_post(*, user: User, milestone: Milestone, data: dict) -> MilestoneUpdate:
    """Progress on a milestone of the current approved version, by its owner country."""
    if not access.may_update_milestone(user, milestone):
        raise PermissionDenied
    if milestone.version.status != VersionStatus.APPROVED:
        raise ValidationError(_("Progress is posted on milestones of an approved roadmap."))
    if not periods.placeable(data["on"]):
        raise ValidationError({"on": _("Enter a date between 2000 and 2099.")})
    return MilestoneUpdate.objects.create(milestone=milestone, author=user, **data)


# Obligations ---------------------------------------------------------------------------


def open_report(country_id: int, coalition_id: int) -> PartnerReport | None:
    """The report a country's plans are written into: its latest draft or returned report."""
    return (
        PartnerReport.objects.filter(country_id=country_id, coalition_id=coalition_id, status__in=EDITABLE)
        .select_related("period")
        .order_by("-period__start", "-revision")
        .first()
    )


@transaction.atomic
def need_offer(
    *,
    user: User,
    need: Need,
    country: Country,
    schedule: list[tuple[datetime.date, int]],
    commitment: Commitment | None = None,
    undisclosed: bool = False,
) -> Commitment:
    """Offer to cover ``need``: create (or extend) ``country``'s commitment of the need's
    capability and plan its delivery — one plan line per (period start, quantity) of
    ``schedule``, each naming the need, in the country's open report (by quarter, or by month
    for a monthly member). Responds to the need's open calls."""
    if country.pk not in access.offering_country_ids(user, need.coalition_id):
        raise PermissionDenied
    locked_need = Need.objects.select_for_update().get(pk=need.pk)
    if locked_need.status == NeedStatus.WITHDRAWN:
        raise ValidationError(_("This need has been withdrawn: it can no longer be covered."))
    if not schedule:
        raise ValidationError(_("Plan at least one delivery: a period and a quantity."))
    report = open_report(country.pk, need.coalition_id)
    if report is None:
        raise ValidationError(
            _(
                "%(country)s has no open report in this coalition to hold the plan; "
                "it opens with the next period."
            )
            % {"country": country}
        )
    total = sum(quantity for _start, quantity in schedule)
    if commitment is None:
        commitment = ledger.commitment_create(
            data={
                "country": country,
                "coalition": need.coalition,
                "capability": need.capability,
                "quantity": None if undisclosed else total,
                "status": CommitmentStatus.COMMITTED,
                "announced_on": timezone.localdate(),
                "notes": _("Offered to cover the need %(need)s.") % {"need": locked_need},
            }
        )
    else:
        if commitment.country_id != country.pk or commitment.capability_id != need.capability_id:
            raise ValidationError(
                {"commitment": _("Choose a commitment of this capability of your country.")}
            )
        if commitment.quantity is not None:
            commitment = ledger.commitment_update(
                commitment=commitment,
                data={"quantity": commitment.quantity + total},
                version=Commitment.objects.get(pk=commitment.pk).version,
            )
    for start, quantity in schedule:
        reporting.plan_line_save(
            report=report,
            user=user,
            data={"commitment": commitment, "period": start, "quantity": quantity, "need": locked_need},
        )
    for call in CallForContributions.objects.filter(need=locked_need, closed_at=None):
        CallResponse.objects.create(
            call=call, country=country, commitment=commitment, quantity=total, responded_by=user
        )
    return commitment


# Calls ---------------------------------------------------------------------------------


@transaction.atomic
def call_send(*, user: User, need: Need, message: str = "") -> CallForContributions:
    """Call the coalition's members to cover an open need with a gap: a notice on their
    dashboards and an e-mail to their officers, written to the outbox in this transaction
    (``reports.emails.send``) and sent by the worker: a mail failure never fails the call."""
    if not access.may_send_calls(user, need.coalition_id):
        raise PermissionDenied
    if need.status != NeedStatus.OPEN:
        raise ValidationError(_("Only an open need can be called for."))
    cell = selectors.need_cell(user, need)
    if cell.gap <= 0:
        raise ValidationError(_("This need is fully planned: there is no gap to call for."))
    call = CallForContributions.objects.create(
        need=need, coalition=need.coalition, message=message.strip(), gap=cell.gap, sent_by=user
    )
    mails = _call_mails(call)
    if mails:
        emails.send(mails)
    return call


def _call_mails(call: CallForContributions) -> list[tuple]:
    countries = Country.objects.filter(
        memberships__coalition=call.coalition, memberships__ended_on__isnull=True, is_recipient=False
    )
    to = sorted({u.email for country in countries for u in access.country_officers(country) if u.email})
    if not to:
        return []
    url = settings.PORTAL_URL + reverse("planning:need_offer", kwargs={"pk": call.need_id})
    context = {"call": call, "need": call.need, "url": url}
    subject = render_to_string("emails/call_subject.txt", context).strip()
    body = render_to_string("emails/call.txt", context)
    # one message per address: members do not see each other's addresses
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to]

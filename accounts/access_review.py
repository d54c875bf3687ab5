"""Periodic access review: partner and observer accounts keep access only while someone
confirms they need it and they use it.

Every ACCESS_REVIEW_DAYS the focal points (for their country's officers and viewers) and
the ministry administrators (for focal points, observers, and the people of a country
without a focal point) confirm who still needs access. An account is due when its last
confirmation or its last use (last login; the day it joined when it never logged in) is
older than that. Before the day it is due the daily command reminds the person and their
reviewers twice (ACCESS_REVIEW_REMINDER_DAYS before it), and deactivates it on a later run
once both reminders went out. Ministry staff and technical administrators are not reviewed
here (their accounts are the technical administrator's).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import PARTNER_ROLES, Role, User

REVIEWED_ROLES = PARTNER_ROLES | {Role.OBSERVER}


def period():
    return datetime.timedelta(days=settings.ACCESS_REVIEW_DAYS)


def reviewed_accounts():
    return User.objects.filter(
        is_active=True, is_staff=False, is_superuser=False, role__in=REVIEWED_ROLES
    ).prefetch_related("groups__country")


def due_at(user):
    """When ``user``'s access ends unless confirmed (and used) again."""
    confirmed = user.access_confirmed_at or user.date_joined
    used = user.last_login or user.date_joined
    return min(confirmed, used) + period()


def _country(user):
    return next((g.country for g in user.groups.all() if hasattr(g, "country")), None)


def reviewers_of(user, *, focal_points_by_group, ministry_admins):
    """Who confirms ``user``'s access: their country's focal points, else the ministry administrators."""
    if user.role in (Role.OFFICER, Role.VIEWER):
        country = _country(user)
        focal = focal_points_by_group.get(country.group_id, []) if country else []
        if focal:
            return focal
    return ministry_admins


@dataclass
class Outcome:
    reminded: list = field(default_factory=list)
    deactivated: list = field(default_factory=list)
    mails: list = field(default_factory=list)


def _reminder_due(user, deadline, now):
    """Whether ``user`` gets their next reminder on this run (at most one a day, two in all)."""
    if user.access_reminders >= 2:
        return False
    if user.access_reminded_at and timezone.localdate(user.access_reminded_at) >= timezone.localdate(now):
        return False
    before = datetime.timedelta(days=settings.ACCESS_REVIEW_REMINDER_DAYS[user.access_reminders])
    return now >= deadline - before


def _deactivation_due(user, deadline, now):
    reminded_before_today = user.access_reminded_at and timezone.localdate(
        user.access_reminded_at
    ) < timezone.localdate(now)
    return now >= deadline and user.access_reminders >= 2 and reminded_before_today


def _mail(template, to, context):
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"emails/{template}.txt", context)
    return (subject, body, settings.DEFAULT_FROM_EMAIL, to)


def _groups_focal_points():
    by_group = defaultdict(list)
    for user in User.objects.filter(role=Role.FOCAL_POINT, is_active=True).prefetch_related("groups"):
        for group in user.groups.all():
            by_group[group.pk].append(user)
    return by_group


@transaction.atomic
def review(*, now=None):
    """One daily run: remind, deactivate, and answer what was done (mails not yet sent)."""
    now = now or timezone.now()
    outcome = Outcome()
    focal_points_by_group = _groups_focal_points()
    ministry_admins = list(User.objects.filter(role=Role.MINISTRY_ADMIN, is_active=True))
    first_window = datetime.timedelta(days=max(settings.ACCESS_REVIEW_REMINDER_DAYS))
    reviewer_lists = defaultdict(list)
    for user in reviewed_accounts().select_for_update(of=("self",)):
        deadline = due_at(user)
        if _deactivation_due(user, deadline, now):
            user.is_active = False  # the post_save signal ends the user's sessions
            user.save(update_fields=["is_active"])
            outcome.deactivated.append(user)
        elif _reminder_due(user, deadline, now):
            user.access_reminders += 1
            user.access_reminded_at = now
            user.save(update_fields=["access_reminders", "access_reminded_at"])
            outcome.reminded.append(user)
            user.due_at = deadline
            for reviewer in reviewers_of(
                user, focal_points_by_group=focal_points_by_group, ministry_admins=ministry_admins
            ):
                if reviewer.pk != user.pk:
                    reviewer_lists[reviewer].append(user)
            if user.email:
                outcome.mails.append(
                    _mail("access_review_person", [user.email], {"person": user, "due": deadline})
                )
        elif user.access_reminders and now < deadline - first_window:
            # confirmed or used again since the last reminder: the next review starts afresh
            user.access_reminders = 0
            user.access_reminded_at = None
            user.save(update_fields=["access_reminders", "access_reminded_at"])
    people_url = f"{settings.PORTAL_URL}{reverse('people:index')}"
    for reviewer, people in reviewer_lists.items():
        if reviewer.email:
            context = {"reviewer": reviewer, "people": people, "url": people_url}
            outcome.mails.append(_mail("access_review_reviewer", [reviewer.email], context))
    return outcome

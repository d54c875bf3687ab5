"""Read queries of the briefing pages, through ``accounts.access``."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import access
from accounts.models import User
from reports.models import Briefing, PreparedFile


def briefings(user: User) -> QuerySet[Briefing]:
    """The briefings ``user`` may read (the scope check of ``Briefing.scope``), without their PDF."""
    return (
        Briefing.objects.for_user(user).select_related("coalition", "country", "created_by").defer("pdf")
        if access.may_read_briefings(user)
        else Briefing.objects.none()
    )


def get_briefing_pdf(user: User, pk: int) -> Briefing:
    """One briefing with its PDF, if ``user`` may read it; 404 otherwise."""
    return get_object_or_404(Briefing.objects.for_user(user), pk=pk)


def preparing(user: User) -> QuerySet[PreparedFile]:
    """The user's own briefings still being prepared in the background, or failed (with why),
    newest first; a ready one is in ``briefings`` (its prepared file expires on its own)."""
    return (
        PreparedFile.objects.filter(owner=user, kind="briefing", expires_at__gt=timezone.now())
        .exclude(status=PreparedFile.Status.READY)
        .defer("content")
    )

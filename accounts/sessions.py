"""Session lifetime: record each login's session so that a user's sessions can all end."""

import time

from django.contrib.sessions.models import Session
from django.utils import timezone

from .models import UserSession

LOGIN_AT_KEY = "login_at"
SEEN_AT_KEY = "seen_at"  # when the idle timeout was last renewed (accounts.middleware)


def session_start(*, request, user):
    """Remember when and with which session ``user`` logged in."""
    request.session[LOGIN_AT_KEY] = request.session[SEEN_AT_KEY] = int(time.time())
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.update_or_create(session_key=request.session.session_key, defaults={"user": user})
    # Forget this user's sessions that ended meanwhile: their few keys are looked up by primary
    # key (comparing them with the whole session table scanned it on every login).
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    alive = Session.objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
    UserSession.objects.filter(user=user).exclude(
        session_key__in=list(alive.values_list("session_key", flat=True))
    ).delete()


def sessions_end(*, user):
    """End every session of ``user`` on every device."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()

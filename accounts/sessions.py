"""Session lifetime: record each login's session so that a user's sessions can all end."""

import time

from django.contrib.sessions.models import Session

from .models import UserSession

LOGIN_AT_KEY = "login_at"


def session_start(*, request, user):
    """Remember when and with which session ``user`` logged in."""
    request.session[LOGIN_AT_KEY] = int(time.time())
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.update_or_create(session_key=request.session.session_key, defaults={"user": user})
    # Forget this user's sessions that ended meanwhile (expired ones once clearsessions ran).
    UserSession.objects.filter(user=user).exclude(
        session_key__in=Session.objects.values("session_key")
    ).delete()


def sessions_end(*, user):
    """End every session of ``user`` on every device."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()

import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_otp import user_has_device

from .security import requires_second_factor
from .sessions import LOGIN_AT_KEY, SEEN_AT_KEY


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body exceeds REQUEST_MAX_BYTES before reading any of it.

    Django reads no more than Content-Length bytes, so a body without one is never read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(_("Invalid Content-Length."), status=400, content_type="text/plain")
        if length > settings.REQUEST_MAX_BYTES:
            message = _("The request is too large (at most %(mb)d MB).") % {
                "mb": settings.REQUEST_MAX_BYTES // (1024 * 1024)
            }
            return HttpResponse(message, status=413, content_type="text/plain")
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """End a session SESSION_ABSOLUTE_SECONDS after its login, however active it was, and renew
    its idle timeout (SESSION_COOKIE_AGE) when it was last renewed SESSION_REFRESH_SECONDS ago.

    Renewing on every request (SESSION_SAVE_EVERY_REQUEST) wrote a session row on every page
    view; once a minute keeps the idle timeout within a minute of exact.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_KEY, 0)
            now = time.time()
            if now - login_at > settings.SESSION_ABSOLUTE_SECONDS:
                request.session.flush()
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(SEEN_AT_KEY, 0) > settings.SESSION_REFRESH_SECONDS:
                request.session[SEEN_AT_KEY] = int(now)  # saved: a new expiry date
        return self.get_response(request)


# Pages an account that still needs its second factor may reach.
SECOND_FACTOR_EXEMPT = {"login", "logout", "set_language"}
SECOND_FACTOR_EXEMPT_NAMESPACES = {"two_factor"}


class SecondFactorRequiredMiddleware:
    """Send accounts that need a second factor to set one up, or to log in with it, first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not requires_second_factor(user):
            return None
        match = request.resolver_match
        if match.url_name in SECOND_FACTOR_EXEMPT or SECOND_FACTOR_EXEMPT_NAMESPACES & set(match.namespaces):
            return None
        if user_has_device(user):  # has a device but this session did not use it: log in again
            request.session.flush()
            return redirect_to_login(request.get_full_path())
        return redirect("two_factor:setup")

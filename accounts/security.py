"""Who needs a second factor, and where a request really comes from."""

from django.conf import settings

from .models import PASSWORD_ONLY_ROLES


def requires_second_factor(user):
    """Ministry, observer, focal point and admin accounts always; partner officers and viewers
    when PARTNER_2FA_REQUIRED is set."""
    if user.role not in PASSWORD_ONLY_ROLES or user.is_staff or user.is_superuser:
        return True
    return settings.PARTNER_2FA_REQUIRED


def login_username(request, credentials):
    """The username of a login attempt for django-axes (two_factor's login form prefixes its fields)."""
    if credentials and credentials.get("username"):
        return credentials["username"]
    return request.POST.get("auth-username")


def client_ip(request):
    """The client's address for django-axes.

    Behind TRUSTED_PROXY_COUNT reverse proxies, each appending the address it saw to
    X-Forwarded-For, the client is the entry that the outermost proxy appended; anything
    further left was sent by the client and may be forged.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if ip.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")

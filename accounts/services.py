"""Business actions on users."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.db import transaction

from accounts import access
from coalitions.models import Country


def user_country(user):
    """The country whose group ``user`` is in (None for ministry staff, observers, admins)."""
    return Country.objects.filter(group__user=user).first()


@transaction.atomic
def user_country_set(*, user, country):
    """Put ``user`` in ``country``'s group and out of every other country's (None: no country)."""
    keep = [country.group_id] if country else []
    user.groups.remove(*user.groups.filter(country__isnull=False).exclude(pk__in=keep))
    if country:
        user.groups.add(country.group)
    access.forget(user)


def lockout_clear(*, attempt: AccessAttempt):
    """Lift the lock (and forget the failures) of one username from one address."""
    return reset(ip=attempt.ip_address, username=attempt.username)

from axes.models import AccessAttempt
from axes.utils import reset


def lockout_clear(*, attempt: AccessAttempt):
    """Lift the lock (and forget the failures) of one username from one address."""
    return reset(ip=attempt.ip_address, username=attempt.username)

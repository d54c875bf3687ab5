"""Logging a Django test ``Client`` in, for the tests and the benchmark."""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.security import requires_second_factor


def log_in(client, user):
    """Log ``client`` in as ``user`` (None leaves it anonymous).

    Accounts that need a second factor are logged in as verified with a TOTP device.
    """
    client.logout()
    if user is not None:
        client.force_login(user)
        if requires_second_factor(user):
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="default", defaults={"confirmed": True}
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return client

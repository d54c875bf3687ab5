"""Two-factor and login-lockout pages."""

from axes.models import AccessAttempt

from . import LOGIN, Case, expect

PARTNERS = ("officer_a", "viewer_a", "officer_b", "lead_officer")
# logged in verified by tests.world.log_in (focal points manage accounts: they need one too)
SECOND_FACTOR = ("focal_point_b", "analyst", "reviewer", "ministry_admin", "observer")


def _partners(status):
    return dict.fromkeys(PARTNERS, status)


def _verified(status):
    return dict.fromkeys(SECOND_FACTOR, status)


def _attempt(w):
    attempt, _ = AccessAttempt.objects.get_or_create(
        username="officer-b",
        ip_address="203.0.113.9",
        user_agent="test",
        defaults={"failures_since_start": 5},
    )
    return {"pk": attempt.pk}


CASES = [
    Case("two_factor:profile", expected=expect(200)),
    # Accounts with a device are sent on to "setup complete"; partners may set one up.
    Case("two_factor:setup", expected=expect(200, **_verified(302))),
    # The QR code exists only while a setup is under way.
    Case("two_factor:qr", expected=expect(404)),
    # Pages for verified sessions: partners without a device are sent to log in with one.
    Case("two_factor:setup_complete", expected=expect(200, **_partners(LOGIN), focal_point_b=200)),
    Case("two_factor:backup_tokens", expected=expect(200, **_partners(LOGIN), focal_point_b=200)),
    Case(
        "two_factor:backup_tokens",
        method="post",
        expected=expect(302, **_partners(LOGIN), focal_point_b=302),
    ),
    # Accounts that must have a second factor may not turn it off.
    Case("two_factor:disable", expected=expect(403, **_partners(302), focal_point_b=403)),
    Case("lockouts", expected=expect(403, reviewer=200)),
    Case("lockout_clear", kwargs=_attempt, method="post", expected=expect(403, reviewer=302)),
]

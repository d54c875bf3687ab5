"""One small world shared by the permission matrix and the isolation tests.

Country A (BE) and country B (SE) are plain members of the Artillery coalition;
country L (LV) leads it. B is also a member of Drones, which A is not in. Each
country has a commitment with a quantity nobody else has, so a leak shows.
"""

from types import SimpleNamespace

from django.contrib.auth.models import Group

from accounts.models import Role
from coalitions.models import MembershipRole

from . import factories as f

PERSONAS = (
    "anonymous",
    "officer_a",
    "viewer_a",
    "officer_b",
    "lead_officer",
    "analyst",
    "reviewer",
    "observer",
    "deactivated",
)


def build_world():
    w = SimpleNamespace()
    w.a = f.CountryFactory(code="BE", name="Belgium")
    w.b = f.CountryFactory(code="SE", name="Sweden")
    w.lead = f.CountryFactory(code="LV", name="Latvia")
    w.coalition = f.CoalitionFactory(slug="artillery", name="Artillery")
    w.other_coalition = f.CoalitionFactory(slug="drones", name="Drones")
    f.MembershipFactory(coalition=w.coalition, country=w.a)
    f.MembershipFactory(coalition=w.coalition, country=w.b)
    f.MembershipFactory(coalition=w.coalition, country=w.lead, role=MembershipRole.LEAD)
    f.MembershipFactory(coalition=w.other_coalition, country=w.b)
    w.capability = f.CapabilityFactory(coalition=w.coalition, code="shell-155", name="155 mm shell")
    w.drone = f.CapabilityFactory(coalition=w.other_coalition, code="fpv", name="FPV drone")
    w.need = f.NeedFactory(capability=w.capability, quantity=900001)
    w.commitment_a = f.CommitmentFactory(country=w.a, capability=w.capability, quantity=111111)
    w.commitment_b = f.CommitmentFactory(country=w.b, capability=w.capability, quantity=222222)
    w.commitment_b_drones = f.CommitmentFactory(country=w.b, capability=w.drone, quantity=333333)
    w.commitment_lead = f.CommitmentFactory(country=w.lead, capability=w.capability, quantity=444444)
    w.users = {
        "anonymous": None,
        "officer_a": f.country_user(w.a, username="officer-a"),
        "viewer_a": f.country_user(w.a, role=Role.VIEWER, username="viewer-a"),
        "officer_b": f.country_user(w.b, username="officer-b"),
        "lead_officer": f.country_user(w.lead, username="officer-lead"),
        "analyst": f.UserFactory(role=Role.ANALYST, username="analyst"),
        "reviewer": f.UserFactory(role=Role.REVIEWER, username="reviewer"),
        "observer": f.observer_user([w.other_coalition], username="observer"),
        "deactivated": f.country_user(w.a, username="gone", is_active=False),
    }
    w.admin = f.UserFactory(role=Role.ADMIN, username="admin", is_staff=True, is_superuser=True)
    w.observer_group = Group.objects.get(name="observers-test")
    return w


def log_in(client, user):
    """Log ``client`` in as ``user`` the way every test does (None leaves it anonymous).

    Accounts that need a second factor are logged in as verified with a TOTP device.
    """
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.security import requires_second_factor

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

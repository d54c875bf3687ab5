"""One small world shared by the permission matrix and the isolation tests.

Country A (BE) and country B (SE) are plain members of the Artillery coalition
(B's people are managed by its focal point, an officer of B too);
country L (LV) leads it. B is also a member of Drones, which A is not in. Each
country has a commitment with a quantity nobody else has, so a leak shows.
"""

import datetime
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core import mail

from accounts.models import Role
from coalitions.models import MembershipRole
from reports import services
from reports.models import DeliveryLine, PartnerReport, PlanLine, ReportingPeriod

from . import factories as f

PERSONAS = (
    "anonymous",
    "officer_a",
    "viewer_a",
    "officer_b",
    "focal_point_b",
    "lead_officer",
    "analyst",
    "reviewer",
    "ministry_admin",
    "observer",
    "deactivated",
)


def build_world(*, reports=True):
    """The shared world; ``reports=False`` leaves out the reports (for tests that make their own)."""
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
        "focal_point_b": f.country_user(w.b, role=Role.FOCAL_POINT, username="focal-b"),
        "lead_officer": f.country_user(w.lead, username="officer-lead"),
        "analyst": f.UserFactory(role=Role.ANALYST, username="analyst"),
        "reviewer": f.UserFactory(role=Role.REVIEWER, username="reviewer"),
        "ministry_admin": f.UserFactory(role=Role.MINISTRY_ADMIN, username="ministry-admin"),
        "observer": f.observer_user([w.other_coalition], username="observer"),
        "deactivated": f.country_user(w.a, username="gone", is_active=False),
    }
    w.admin = f.UserFactory(role=Role.ADMIN, username="admin", is_staff=True, is_superuser=True)
    w.observer_group = Group.objects.get(name="observers-test")
    if reports:
        add_reports(w)
    return w


def add_reports(w):
    """Reports in every state; every line quantity (7001…) is unique, so a leak shows.

    - ``w.report_a`` (A, current quarter): draft with ``w.delivery_a`` and ``w.plan_a``;
    - ``w.report_b`` (B, current quarter): submitted with ``w.delivery_b`` and ``w.plan_b``;
    - ``w.report_a_approved`` (A, past quarter): approved with ``w.delivery_a_approved``;
    - ``w.usage_report`` (Artillery, past quarter): approved; ``w.usage_submitted``
      (Artillery, current quarter): submitted; ``w.usage_draft`` (Drones, current): draft;
      all written by the analyst.
    """
    u = w.users
    w.period = ReportingPeriod.objects.create(
        start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31), due_on=datetime.date(2027, 1, 15)
    )
    w.past_period = ReportingPeriod.objects.create(
        start=datetime.date(2026, 7, 1), end=datetime.date(2026, 9, 30), due_on=datetime.date(2026, 10, 15)
    )
    w.next_period = ReportingPeriod.objects.create(
        start=datetime.date(2027, 1, 1), end=datetime.date(2027, 3, 31), due_on=datetime.date(2027, 4, 15)
    )

    def report(country, period, *lines):
        made = PartnerReport.objects.create(country=country, coalition=w.coalition, period=period)
        commitment = {w.a: w.commitment_a, w.b: w.commitment_b}[country]
        day = period.start + datetime.timedelta(days=9)
        deliveries = [
            DeliveryLine.objects.create(
                report=made, commitment=commitment, delivered_on=day, quantity=quantity
            )
            for quantity in lines
        ]
        return made, deliveries

    w.report_a, (w.delivery_a,) = report(w.a, w.period, 7001)
    w.plan_a = PlanLine.objects.create(
        report=w.report_a, commitment=w.commitment_a, period=w.next_period, quantity=7002
    )
    w.report_b, (w.delivery_b,) = report(w.b, w.period, 7003)
    w.plan_b = PlanLine.objects.create(
        report=w.report_b, commitment=w.commitment_b, period=w.next_period, quantity=7004
    )
    w.report_b = services.report_submit(report=w.report_b, user=u["officer_b"])
    w.report_a_approved, (w.delivery_a_approved,) = report(w.a, w.past_period, 7005)
    services.report_submit(report=w.report_a_approved, user=u["officer_a"])
    w.report_a_approved = services.report_approve(report=w.report_a_approved, user=u["reviewer"])

    w.usage_report = services.usage_report_create(
        user=u["analyst"], coalition=w.coalition, period=w.past_period
    )
    w.usage_report.lines.update(expended=7006)
    services.report_submit(report=w.usage_report, user=u["analyst"])
    w.usage_report = services.report_approve(report=w.usage_report, user=u["reviewer"])
    w.usage_submitted = services.usage_report_create(
        user=u["analyst"], coalition=w.coalition, period=w.period
    )
    w.usage_submitted = services.report_submit(report=w.usage_submitted, user=u["analyst"])
    w.usage_draft = services.usage_report_create(
        user=u["analyst"], coalition=w.other_coalition, period=w.period
    )
    if hasattr(mail, "outbox"):  # under live_server the transitions above mailed at once
        mail.outbox.clear()


def log_in(client, user):
    """Log ``client`` in as ``user`` the way every test does (None leaves it anonymous)."""
    from devtools.testing import log_in as verified_log_in

    return verified_log_in(client, user)

"""Demo briefings: one per coalition that has a lead country, made by that country's officer
(``officer-<code>``; the analyst where there is none) for the demo's two quarters.

Runs after devtools.demo.reports. Safe to run again: a coalition that has a briefing gets none.
"""

from django.utils import timezone

from accounts import access
from accounts.models import Role, User
from coalitions.models import LEAD_ROLES, Cadence, Membership, MembershipRole
from reports import periods
from reports.briefings.services import build_briefing
from reports.models import Briefing


def seed(*, password, stdout):
    current = periods.start_of(Cadence.QUARTERLY, timezone.localdate())
    past = periods.shift(Cadence.QUARTERLY, current, -1)
    period_from, period_to = periods.label(Cadence.QUARTERLY, past), periods.label(Cadence.QUARTERLY, current)
    analyst = User.objects.filter(role=Role.ANALYST, is_active=True).order_by("pk").first()
    made = 0
    leads = Membership.objects.filter(role__in=LEAD_ROLES).select_related("coalition", "country")
    leads = sorted(leads, key=lambda m: (m.coalition.name, m.role != MembershipRole.LEAD, m.country.name))
    for membership in leads:
        coalition = membership.coalition
        if Briefing.objects.filter(coalition=coalition).exists():
            continue
        officer = User.objects.filter(username=f"officer-{str(membership.country.code).lower()}").first()
        user = officer if officer and access.may_brief(officer, coalition) else analyst
        if user is None:
            continue
        build_briefing(user=user, coalition=coalition, period_from=period_from, period_to=period_to)
        made += 1
    stdout.write(f"briefings: {made} demo briefings made ({period_from} to {period_to})")

from io import StringIO

import pytest
from django.core.management import call_command
from pghistory.models import MiddlewareEvents

from accounts.models import Role
from coalitions.models import Cadence, Country
from reports.models import PartnerReport, ReportStatus, ReviewEvent, UsageReport
from tests import factories as f


@pytest.fixture
def partners(db):
    coalition = f.CoalitionFactory(slug="air-defence")
    f.CountryFactory(code="UA", name="Ukraine", is_recipient=True)
    for n, code in enumerate(["DE", "FR", "NL", "PL", "CZ", "DK"]):
        country = f.CountryFactory(code=code, name=f"Country {code}")
        f.CommitmentFactory(
            country=country, capability=f.CapabilityFactory(coalition=coalition), quantity=100 + n
        )
        f.country_user(country, username=f"officer-{code.lower()}")
    monthly = Country.objects.get(code="CZ").memberships.get()
    monthly.cadence = Cadence.MONTHLY
    monthly.save()
    f.UserFactory(role=Role.ANALYST, username="analyst")
    f.UserFactory(role=Role.REVIEWER, username="reviewer")
    return coalition


def test_seed_demo_creates_every_state_and_runs_again_unchanged(partners):
    call_command("seed_demo", stdout=StringIO())
    statuses = set(PartnerReport.objects.values_list("status", flat=True))
    assert statuses == {s.value for s in ReportStatus}
    assert PartnerReport.objects.filter(revision=2, status=ReportStatus.DRAFT).count() == 1
    assert ReviewEvent.objects.filter(to_status=ReportStatus.RETURNED).exclude(comment="").exists()
    assert set(UsageReport.objects.values_list("status", flat=True)) == {"approved", "draft"}
    assert not PartnerReport.objects.filter(country__code="UA").exists()  # the recipient
    # A monthly member owes no quarterly report; its monthly ones come from its offers to cover needs.
    cz = PartnerReport.objects.filter(country__code="CZ", coalition=partners)
    assert not cz.exclude(period__kind=Cadence.MONTHLY).exists()
    counts = (PartnerReport.objects.count(), ReviewEvent.objects.count(), UsageReport.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (PartnerReport.objects.count(), ReviewEvent.objects.count(), UsageReport.objects.count()) == counts


def test_seed_demo_changes_carry_the_command_in_history(partners):
    call_command("seed_demo", stdout=StringIO())
    contexts = MiddlewareEvents.objects.filter(pgh_obj_model="reports.DeliveryLine").values_list(
        "pgh_context", flat=True
    )
    assert {c["command"] for c in contexts} == {"seed_demo"}

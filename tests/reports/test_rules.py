"""The line rules (reports.rules): each one fails on one input and passes on another, in both wordings.

No database: the rules read only the objects they are given.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from coalitions.models import Coalition, Commitment, CommitmentStatus
from reports import rules
from reports.models import Cadence, PartnerReport, ReportingPeriod

Q4 = ReportingPeriod(
    kind=Cadence.QUARTERLY,
    start=datetime.date(2026, 10, 1),
    end=datetime.date(2026, 12, 31),
    due_on=datetime.date(2027, 1, 31),
)
REPORT = PartnerReport(country_id=1, coalition_id=10, period=Q4)


def commitment(**overrides):
    values = {"pk": 7, "country_id": 1, "coalition": Coalition(pk=10, name="Artillery")}
    return Commitment(**(values | overrides))


def test_commitment_of_the_reports_country_and_coalition_passes():
    assert rules.commitment(REPORT, commitment()) is None
    assert rules.commitment(REPORT, commitment(), wording=rules.IMPORT) is None


def test_commitment_of_another_country_fails():
    other = commitment(country_id=2)
    assert rules.commitment(REPORT, other) == "This commitment belongs to another country or coalition."
    assert rules.commitment(REPORT, other, wording=rules.IMPORT) == (
        "commitment 7 is another country's commitment; report only your own"
    )


def test_commitment_of_another_coalition_fails():
    other = commitment(coalition=Coalition(pk=11, name="Drones"))
    assert rules.commitment(REPORT, other) == "This commitment belongs to another country or coalition."
    assert rules.commitment(REPORT, other, wording=rules.IMPORT) == (
        "commitment 7 belongs to the Drones coalition, not this report's"
    )


def test_a_coalition_named_coalition_is_not_called_a_coalition_twice():
    other = commitment(coalition=Coalition(pk=11, name="Drone Coalition"))
    assert rules.commitment(REPORT, other, wording=rules.IMPORT) == (
        "commitment 7 belongs to the Drone Coalition, not this report's"
    )


def test_cancelled_commitment_fails():
    cancelled = commitment(status=CommitmentStatus.CANCELLED)
    assert rules.commitment(REPORT, cancelled) == "This commitment is cancelled."
    assert rules.commitment(REPORT, cancelled, wording=rules.IMPORT) == "commitment 7 is cancelled"


@pytest.mark.parametrize("day", [datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)])
def test_delivery_dated_inside_the_period_passes(day):
    assert rules.delivery_date(REPORT, day) is None


def test_delivery_dated_outside_the_period_fails():
    day = datetime.date(2027, 1, 1)
    assert rules.delivery_date(REPORT, day) == (
        "The delivery date must be inside the period 2026-Q4 (2026-10-01 – 2026-12-31)."
    )
    assert rules.delivery_date(REPORT, day, wording=rules.IMPORT) == (
        "2027-01-01 is outside the report's period (2026-10-01 to 2026-12-31)"
    )


def test_plan_for_a_later_period_passes():
    assert rules.plan_period(REPORT, datetime.date(2027, 1, 1)) is None


def test_plan_for_the_reports_own_period_fails():
    assert rules.plan_period(REPORT, Q4.start) == "Plans are for a period after 2026-Q4."
    assert rules.plan_period(REPORT, Q4.start, wording=rules.IMPORT) == (
        "must be a period after the report's (2026-Q4)"
    )


@pytest.mark.parametrize("quantity", [1, Decimal("0.5")])
def test_quantity_above_zero_passes(quantity):
    assert rules.quantity(quantity) is None


@pytest.mark.parametrize(
    ("quantity", "form", "imported"),
    [
        (0, "The quantity must be more than zero.", "must be greater than zero"),
        (-4, "The quantity must be more than zero.", "cannot be negative"),
        (None, "The quantity must be more than zero.", "must be greater than zero"),
    ],
)
def test_quantity_of_zero_or_less_fails(quantity, form, imported):
    assert rules.quantity(quantity) == form
    assert rules.quantity(quantity, wording=rules.IMPORT) == imported


def test_delivery_dated_today_or_before_passes():
    today = timezone.localdate()
    assert rules.delivery_not_future(today) is None
    assert rules.delivery_not_future(today - datetime.timedelta(days=400), wording=rules.IMPORT) is None


def test_delivery_dated_in_the_future_fails():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    day = tomorrow.isoformat()
    assert rules.delivery_not_future(tomorrow) == (
        f"The delivery date {day} is in the future: record a delivery once it has arrived."
    )
    assert rules.delivery_not_future(tomorrow, wording=rules.IMPORT) == (
        f"{day} is in the future; record a delivery once it has arrived"
    )

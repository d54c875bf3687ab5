import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from coalitions.models import Cadence
from reports import figures, selectors, services
from reports.models import PartnerReport, ReportingPeriod
from tests import factories as f
from tests.world import log_in


def delivered_a(world):
    return figures.delivered_to_date([world.commitment_a.pk]).get(world.commitment_a.pk, 0)


def test_delivered_to_date_changes_only_on_approval(world):
    assert delivered_a(world) == 7005  # the approved past quarter; the draft's 7001 does not count
    report = services.report_submit(report=world.report_a, user=world.users["officer_a"])
    assert delivered_a(world) == 7005
    assert figures.provisional([world.commitment_a.pk]) == {world.commitment_a.pk: 7001}
    services.report_approve(report=report, user=world.users["reviewer"])
    assert delivered_a(world) == 7005 + 7001


def test_reopened_report_counts_its_last_approved_revision_until_the_new_one_is_approved(world):
    officer, reviewer = world.users["officer_a"], world.users["reviewer"]
    draft = services.report_reopen(report=world.report_a_approved, user=reviewer, reason="Typo")
    assert delivered_a(world) == 7005
    line = draft.deliveries.get()
    data = {"commitment": world.commitment_a, "delivered_on": line.delivered_on, "quantity": 7000}
    services.delivery_line_save(report=draft, user=officer, data=data, line=line, version=1)
    draft = services.report_submit(report=draft, user=officer)
    assert delivered_a(world) == 7005
    services.report_approve(report=draft, user=reviewer)
    assert delivered_a(world) == 7000


def test_period_open_creates_one_report_per_membership_on_the_cadence(world):
    ukraine = f.CountryFactory(code="UA", name="Ukraine", is_recipient=True)
    f.MembershipFactory(coalition=world.coalition, country=ukraine)
    monthly = world.b.memberships.get(coalition=world.other_coalition)
    monthly.cadence = Cadence.MONTHLY
    monthly.save()
    period, created = services.period_open(
        user=world.users["analyst"], kind=Cadence.QUARTERLY, start=datetime.date(2027, 5, 20)
    )
    assert (period.label, period.start, period.end, period.due_on) == (
        "2027-Q2",
        datetime.date(2027, 4, 1),
        datetime.date(2027, 6, 30),
        datetime.date(2027, 7, 15),
    )
    reports = PartnerReport.objects.filter(period=period)
    assert sorted(reports.values_list("country__code", "coalition__slug")) == [
        ("BE", "artillery"),
        ("LV", "artillery"),
        ("SE", "artillery"),
    ]
    month, created = services.period_open(
        user=world.users["analyst"], kind=Cadence.MONTHLY, start=datetime.date(2027, 5, 20)
    )
    assert (month.label, created) == ("2027-05", 1)
    assert list(PartnerReport.objects.filter(period=month).values_list("country__code", flat=True)) == ["SE"]


def test_a_country_that_joined_after_a_period_owes_it_no_report_anywhere(world):
    latvia = world.lead.memberships.get(coalition=world.coalition)
    latvia.joined_on = datetime.date(2027, 9, 1)
    latvia.save()
    period, _created = services.period_open(
        user=world.users["analyst"], kind=Cadence.QUARTERLY, start=datetime.date(2027, 5, 20)
    )
    assert not PartnerReport.objects.filter(period=period, country=world.lead).exists()
    assert world.lead not in [
        row["membership"].country for row in selectors.compliance_rows(world.users["analyst"], period)
    ]


def test_opening_a_period_again_adds_only_missing_reports(world):
    period, created = services.period_open(
        user=world.users["analyst"], kind=Cadence.QUARTERLY, start=world.period.start
    )
    assert (period, created) == (world.period, 2)  # Latvia (Artillery) and Sweden (Drones) had none yet
    assert services.period_open(user=world.users["analyst"], kind="quarter", start=world.period.start)[1] == 0


def test_only_analysts_open_periods_with_a_sane_due_date(world):
    with pytest.raises(PermissionDenied):
        services.period_open(user=world.users["reviewer"], kind="quarter", start=datetime.date(2027, 4, 1))
    with pytest.raises(ValidationError, match="cannot be before the end"):
        services.period_open(
            user=world.users["analyst"],
            kind="quarter",
            start=datetime.date(2027, 4, 1),
            due_on=datetime.date(2027, 5, 1),
        )
    assert not ReportingPeriod.objects.filter(start=datetime.date(2027, 4, 1)).exists()


def test_open_period_form_reports_bad_input(world, client):
    log_in(client, world.users["analyst"])
    response = client.post(
        reverse("period_list"), {"kind": "quarter", "start": "2027-04-01", "due_on": "2027-05-01"}
    )
    assert response.status_code == 400
    assert "The due date cannot be before the end of the period" in response.content.decode()


def test_a_period_beyond_the_calendar_the_portal_keeps_is_refused_in_the_form(world, client):
    log_in(client, world.users["analyst"])
    before = ReportingPeriod.objects.count()
    response = client.post(reverse("period_list"), {"kind": "quarter", "start": "9999-11-15"})
    assert response.status_code == 400
    assert "less than or equal to 2099-12-31" in response.content.decode()
    assert ReportingPeriod.objects.count() == before


def test_open_period_help_is_in_the_users_language(world, client):
    log_in(client, world.users["analyst"])
    with translation.override("en"):  # the middleware's choice of language ends with the test
        client.post(reverse("set_language"), {"language": "uk"})
        html = client.get(reverse("period_list")).content.decode()
    assert "Залиште порожнім, щоб термін становив 15 дн. після завершення періоду." in html


def test_usage_report_is_prefilled_from_approved_deliveries(world):
    services.report_approve(report=world.report_b, user=world.users["reviewer"])
    report = services.usage_report_create(
        user=world.users["analyst"], coalition=world.coalition, period=world.next_period
    )
    assert list(report.lines.values_list("capability__code", "received")) == [("shell-155", 0)]
    usage = world.usage_submitted  # current quarter, created before B's approval
    assert list(usage.lines.values_list("received", flat=True)) == [0]
    again = services.received_in_period(world.coalition, world.period)
    assert again == {world.capability.pk: 7003}


def test_usage_report_for_the_same_coalition_and_period_is_refused(world):
    with pytest.raises(ValidationError, match="already exists"):
        services.usage_report_create(
            user=world.users["analyst"], coalition=world.coalition, period=world.period
        )

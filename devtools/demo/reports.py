"""Demo reporting cycle: last quarter (approved, one reopened into revision 2) and the
current quarter with reports in every state, plus usage reports.

Runs after devtools.demo.coalitions and works on whatever memberships, commitments and users exist.
Safe to run again: it does nothing once last quarter holds approved reports.
"""

import datetime
import itertools

from django.utils import timezone

from accounts import access
from accounts.models import Role, User
from coalitions.models import Cadence, Coalition, Commitment, CommitmentStatus
from reports import checks, periods, services
from reports.models import PartnerReport, ReportStatus
from reports.workflow import COUNTED

from . import ventures as ventures_demo

RESUBMITTED = "resubmitted"  # returned, then submitted again: marked in the review queue
CURRENT_STATES = ("draft", "submitted", "returned", "approved", RESUBMITTED)


def seed(*, password, stdout):
    today = timezone.localdate()
    current = periods.start_of(Cadence.QUARTERLY, today)
    past = periods.shift(Cadence.QUARTERLY, current, -1)
    if PartnerReport.objects.filter(
        period__kind=Cadence.QUARTERLY, period__start=past, status__in=COUNTED
    ).exists():
        stdout.write("reports: demo reporting cycle already present")
        return
    analyst = _ministry_user(Role.ANALYST, "demo-analyst", password)
    reviewer = _ministry_user(Role.REVIEWER, "demo-reviewer", password)
    past_period, _n = services.period_open(user=analyst, kind=Cadence.QUARTERLY, start=past)
    current_period, _n = services.period_open(user=analyst, kind=Cadence.QUARTERLY, start=current)
    past_reports = _writable(past_period)
    for report in past_reports:
        _fill(report)
        _approve(report, reviewer)
    if past_reports:
        services.report_reopen(
            report=past_reports[0], user=reviewer, reason="Demo: a delivery date was wrong."
        )
    for report, state in zip(_writable(current_period), itertools.cycle(CURRENT_STATES), strict=False):
        _fill(report)
        _bring_to(report, state, reviewer)
    _usage_reports(analyst, reviewer, past_period, current_period)
    stdout.write(f"reports: demo periods {past_period} and {current_period} seeded")


def _ministry_user(role, username, password):
    user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
    if user is None:
        user = User.objects.create_user(username=username, role=role, email=f"{username}@example.org")
        user.set_password(password)
        user.save()
    return user


def _officer(report):
    return access.country_officers(report.country).order_by("pk").first()


def _writable(period):
    """The period's reports whose country has an officer to write them, with their commitments."""
    reports = PartnerReport.objects.filter(period=period, revision=1).select_related(
        "country", "coalition", "period"
    )
    return [r for r in reports.order_by("coalition__name", "country__name") if _officer(r) is not None]


def _fill(report):
    """One delivery line per commitment of the report's country and coalition."""
    officer = _officer(report)
    commitments = Commitment.objects.filter(country=report.country, coalition=report.coalition).exclude(
        status=CommitmentStatus.CANCELLED
    )
    day = min(report.period.start + datetime.timedelta(days=10), timezone.localdate())
    for commitment in commitments[:3]:
        quantity = max(1, (commitment.quantity or 10) // 10)
        data = {"commitment": commitment, "delivered_on": day, "quantity": quantity, "notes": "Demo delivery"}
        services.delivery_line_save(report=report, user=officer, data=data)
    ventures_demo.fill(report, officer)


def _submit(report):
    """Submit as the country's officer, explaining each data check warning first."""
    officer = _officer(report)
    explanations = {flag.pk: "Demo: checked with the partner." for flag in checks.flags_of(report)}
    if explanations:
        services.flags_explain(report=report, user=officer, explanations=explanations)
    return services.report_submit(report=report, user=officer)


def _approve(report, reviewer):
    report = _submit(report)
    return services.report_approve(report=report, user=reviewer)


def _bring_to(report, state, reviewer):
    if state == ReportStatus.DRAFT:
        return
    report = _submit(report)
    if state in (ReportStatus.RETURNED, RESUBMITTED):
        report = services.report_return(
            report=report, user=reviewer, comment="Demo: please add the delivery notes."
        )
        if state == RESUBMITTED:
            _submit(report)
    elif state == ReportStatus.APPROVED:
        services.report_approve(report=report, user=reviewer)


def _usage_reports(analyst, reviewer, past_period, current_period):
    coalitions = Coalition.objects.filter(memberships__isnull=False).distinct()
    for coalition in coalitions:
        report = services.usage_report_create(user=analyst, coalition=coalition, period=past_period)
        report.lines.filter(received__gt=0).update(serviceable=1)
        report = services.report_submit(report=report, user=analyst)
        services.report_approve(report=report, user=reviewer)
    first = coalitions.first()
    if first is not None:
        services.usage_report_create(user=analyst, coalition=first, period=current_period)

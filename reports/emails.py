"""E-mails of the reporting cycle, written to the outbox in the transaction that causes them."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from accounts import access
from accounts.models import Role, User

from . import outbox, workflow


def reviewers():
    return User.objects.filter(role=Role.REVIEWER, is_active=True)


def writers(report):
    """Who writes ``report``: the country's officers, or the usage report's author."""
    if workflow.is_partner_report(report):
        return access.country_officers(report.country)
    return User.objects.filter(pk=report.author_id, is_active=True)


def recipients(report, action):
    users = reviewers() if action == "submit" else writers(report)
    return _addresses(users)


def _addresses(users):
    return sorted({u.email for u in users if u.email})


def detail_url(report):
    kind = "partner" if workflow.is_partner_report(report) else "usage"
    path = reverse("report_detail", kwargs={"kind": kind, "pk": report.pk})
    return f"{settings.PORTAL_URL}{path}"


def message(report, template, to, **context):
    context |= {"report": report, "url": detail_url(report)}
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"emails/{template}.txt", context)
    return (subject, body, settings.DEFAULT_FROM_EMAIL, to)


def notify(report, action, comment=""):
    """On submit tell the reviewers; on return or approval tell the writers (through the outbox)."""
    if action not in {"submit", "return", "approve"}:
        return
    to = recipients(report, action)
    if to:
        send([message(report, action, to, comment=comment, actor=report.decided_by or report.submitted_by)])


def send(mails):
    """Queue ``mails`` ((subject, body, from, to) tuples) in the outbox; answer how many.

    They are written in the caller's transaction and sent by the worker with retries
    (``reports.outbox``): a mail server that is down never fails the action that caused them.
    """
    return len(outbox.mails_queue(mails))


def reminders(reports, template):
    """Reminder messages for ``reports`` (sent by the send_reminders command)."""
    mails, addresses = [], {}
    for report in reports:
        key = report.country_id if workflow.is_partner_report(report) else ("author", report.author_id)
        if key not in addresses:  # one query per country (or author), not per report
            addresses[key] = _addresses(writers(report))
        to = addresses[key]
        if to:
            mails.append(message(report, template, to))
    return mails

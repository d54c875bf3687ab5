import datetime

import pghistory
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import compliance, emails
from reports.models import PartnerReport, UsageReport


class Command(BaseCommand):
    help = _("E-mail the writers of reports due in N days and of overdue reports. Run daily.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help=_("Warn this many days before the due date."))

    def handle(self, *args, days, **options):
        today = timezone.localdate()
        with pghistory.context(command="send_reminders"):
            mails = []
            for model in (PartnerReport, UsageReport):
                open_reports = compliance.owed(model.objects.all()).select_related(
                    "period", "coalition", *(["country"] if model is PartnerReport else [])
                )
                due = open_reports.filter(period__due_on=today + datetime.timedelta(days=days))
                mails += emails.reminders(due, "due_soon")
                mails += emails.reminders(compliance.overdue(open_reports, today), "overdue")
            queued = emails.send(mails) if mails else 0  # the outbox: the worker sends them, with retries
        self.stdout.write(_("%(count)d reminders queued for sending.") % {"count": queued})

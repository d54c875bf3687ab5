import pghistory
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from accounts import access_review
from accounts.invitations import invitations_expire


class Command(BaseCommand):
    help = _(
        "Daily access review: expire old invitations, remind the people whose access is due for "
        "review and their reviewers, and deactivate accounts not confirmed or not used in time."
    )

    def handle(self, *args, **options):
        from reports.emails import send

        with pghistory.context(command="review_access"):
            expired = invitations_expire()
            outcome = access_review.review()
        sent = send(outcome.mails) if outcome.mails else 0
        if sent < len(outcome.mails):
            self.stderr.write(
                _("%(count)d reminders could not be sent; the log says why.")
                % {"count": len(outcome.mails) - sent}
            )
        self.stdout.write(
            _("%(expired)d invitations expired, %(reminded)d accounts reminded, %(deactivated)d deactivated.")
            % {
                "expired": expired,
                "reminded": len(outcome.reminded),
                "deactivated": len(outcome.deactivated),
            }
        )
        for user in outcome.deactivated:
            self.stdout.write(_("Deactivated: %(username)s") % {"username": user.get_username()})

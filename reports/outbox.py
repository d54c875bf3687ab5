"""The e-mail outbox: mails are rows written in the transaction of the change that causes them.

``mails_queue`` writes them and defers a job in the same transaction (procrastinate's Django
connector uses the request's connection), so a rolled-back action sends nothing and a
committed one always has its mails. The worker sends each mail (``mail_send``); a failure
counts an attempt and sets the next one ``OUTBOX_RETRY_SECONDS × 2^(n-1)`` later (at most an
hour), which the every-minute ``outbox_flush`` task picks up. After ``OUTBOX_MAX_ATTEMPTS``
the mail is *failed*; administrators see pending and failed mails in the admin and resend.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from . import background
from .models import OutboxMail

logger = logging.getLogger(__name__)
MAX_BACKOFF = datetime.timedelta(hours=1)


def mails_queue(mails):
    """Write ``mails`` ((subject, body, from, to) tuples) to the outbox and queue their sending."""
    from . import tasks

    with transaction.atomic():
        rows = OutboxMail.objects.bulk_create(
            OutboxMail(
                subject=subject[:998],
                body=body,
                from_email=sender,
                to=list(to),
                next_attempt_at=timezone.now(),
            )
            for subject, body, sender, to in mails
        )
        for row in rows:
            background.defer(tasks.outbox_send, mail_id=row.pk)
    return rows


def backoff(attempts):
    """How long after its ``attempts``-th failure a mail is tried again."""
    seconds = settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(datetime.timedelta(seconds=seconds), MAX_BACKOFF)


def mail_send(*, mail_id, now=None):
    """Send one pending mail whose attempt is due; answer whether it went.

    The row is locked (``skip_locked``) while it is sent, so two workers never send it twice.
    """
    now = now or timezone.now()
    with transaction.atomic():
        mail = (
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, status=OutboxMail.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if mail is None:
            return False
        try:
            message = EmailMessage(
                mail.subject, mail.body, mail.from_email, mail.to, connection=get_connection()
            )
            message.send()
        except Exception as error:  # any failure of the mail server is a failed attempt
            mail.attempts += 1
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            if mail.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                mail.status = OutboxMail.Status.FAILED
                mail.next_attempt_at = None
            else:
                mail.next_attempt_at = now + backoff(mail.attempts)
            logger.warning("Sending mail %s failed (attempt %s): %s", mail.pk, mail.attempts, mail.last_error)
            mail.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        mail.attempts += 1
        mail.status = OutboxMail.Status.SENT
        mail.sent_at = timezone.now()
        mail.next_attempt_at = None
        mail.save(update_fields=["attempts", "status", "sent_at", "next_attempt_at"])
        return True


def mails_send_due(*, now=None):
    """Send every pending mail whose attempt is due; answer how many went."""
    now = now or timezone.now()
    due = OutboxMail.objects.filter(status=OutboxMail.Status.PENDING, next_attempt_at__lte=now)
    return sum(
        mail_send(mail_id=pk, now=now) for pk in due.order_by("next_attempt_at").values_list("pk", flat=True)
    )


def mails_resend(*, mails):
    """Put failed (or pending) mails back in the queue for an attempt now."""
    from . import tasks

    with transaction.atomic():
        ids = list(mails.exclude(status=OutboxMail.Status.SENT).values_list("pk", flat=True))
        OutboxMail.objects.filter(pk__in=ids).update(
            status=OutboxMail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        for pk in ids:
            background.defer(tasks.outbox_send, mail_id=pk)
    return len(ids)

"""The background tasks (procrastinate; jobs live in PostgreSQL, run by `manage.py procrastinate worker`).

Tasks are thin: each calls one service. Mail and prepared files have queues of their own so
that a long export never holds up an e-mail (a worker takes both unless told otherwise).
"""

from procrastinate.contrib.django import app

from . import outbox, prepared
from .figures import kept
from .imports import uploads


@app.task(name="outbox_send", queue="mail")
def outbox_send(mail_id):
    outbox.mail_send(mail_id=mail_id)


@app.periodic(cron="* * * * *")
@app.task(name="outbox_flush", queue="mail", queueing_lock="outbox_flush")
def outbox_flush(timestamp):
    """Every minute: the retries that are due (and any mail whose first job was lost)."""
    outbox.mails_send_due()


@app.task(name="prepare_file", queue="files")
def prepare_file(file_id):
    prepared.file_build(file_id=file_id)


@app.periodic(cron="*/10 * * * *")
@app.task(name="housekeeping", queueing_lock="housekeeping")
def housekeeping(timestamp):
    """Every ten minutes: remove expired prepared files, uploads nobody confirmed and figures
    kept for a data version that has changed since."""
    prepared.files_remove_expired()
    uploads.sweep()
    kept.remove_stale()

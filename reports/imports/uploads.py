"""Uploaded files kept between preview and confirm, in the database.

The bytes are a ``PendingUpload`` row, so whichever app server answers the confirm reads
what another one previewed; the session (in the database too) remembers which tokens it
owns and for what (``purpose``, e.g. ``report:12:deliveries``). The confirm step gets
nothing from the client but the token, and reads the file again from here. A session keeps
at most ``KEEP`` uploads; uploads nobody confirmed within ``MAX_AGE`` are swept.
"""

import datetime
import re
import secrets

from django.utils import timezone

from reports.models import PendingUpload

SESSION_KEY = "imports"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_AGE = 24 * 3600
KEEP = 5  # uploads a session keeps waiting for confirmation


def store(request, data, *, purpose, name, encoding):
    sweep()
    token = secrets.token_urlsafe(24)
    PendingUpload.objects.create(
        token=token, user=request.user, purpose=purpose, name=name[:200], encoding=encoding, data=data
    )
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {"purpose": purpose, "name": name[:200], "encoding": encoding}
    old = list(uploads)[:-KEEP]
    for key in old:
        del uploads[key]
    PendingUpload.objects.filter(token__in=old).delete()
    request.session[SESSION_KEY] = uploads
    return token


def load(request, token, *, purpose):
    """(bytes, metadata) of this session's upload ``token`` made for ``purpose``, or None."""
    meta = request.session.get(SESSION_KEY, {}).get(token or "")
    if not (meta and TOKEN.match(token) and meta["purpose"] == purpose):
        return None
    upload = PendingUpload.objects.filter(token=token, user=request.user, purpose=purpose).first()
    if upload is None:
        return None
    return bytes(upload.data), meta


def discard(request, token):
    uploads = request.session.get(SESSION_KEY, {})
    if uploads.pop(token, None) is not None:
        request.session[SESSION_KEY] = uploads
        PendingUpload.objects.filter(token=token).delete()


def sweep(*, now=None):
    """Forget uploads nobody confirmed within a day; answer how many."""
    limit = (now or timezone.now()) - datetime.timedelta(seconds=MAX_AGE)
    return PendingUpload.objects.filter(created_at__lt=limit).delete()[0]

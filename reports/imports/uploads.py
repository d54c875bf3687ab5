"""Uploaded files kept on the server between preview and confirm.

The bytes go to ``IMPORT_UPLOAD_DIR/<token>``; the session remembers which tokens it
owns and for what (``purpose``, e.g. ``report:12:deliveries``). The confirm step gets
nothing from the client but the token, and reads the file again from here.
"""

import re
import secrets
import time

from django.conf import settings

SESSION_KEY = "imports"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
MAX_AGE = 24 * 3600
KEEP = 5  # uploads a session keeps waiting for confirmation


def _directory():
    directory = settings.IMPORT_UPLOAD_DIR
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def store(request, data, *, purpose, name, encoding):
    sweep()
    token = secrets.token_urlsafe(24)
    (_directory() / token).write_bytes(data)
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {"purpose": purpose, "name": name[:200], "encoding": encoding}
    for old in list(uploads)[:-KEEP]:
        del uploads[old]
        (_directory() / old).unlink(missing_ok=True)
    request.session[SESSION_KEY] = uploads
    return token


def load(request, token, *, purpose):
    """(bytes, metadata) of this session's upload ``token`` made for ``purpose``, or None."""
    meta = request.session.get(SESSION_KEY, {}).get(token or "")
    if not (meta and TOKEN.match(token) and meta["purpose"] == purpose):
        return None
    path = _directory() / token
    if not path.exists():
        return None
    return path.read_bytes(), meta


def discard(request, token):
    uploads = request.session.get(SESSION_KEY, {})
    if uploads.pop(token, None) is not None:
        request.session[SESSION_KEY] = uploads
        (_directory() / token).unlink(missing_ok=True)


def sweep():
    """Forget uploads nobody confirmed within a day."""
    limit = time.time() - MAX_AGE
    for path in _directory().iterdir():
        try:
            old = path.stat().st_mtime < limit
        except FileNotFoundError:  # a concurrent store() or discard() removed it: nothing to sweep
            continue
        if old and path.is_file():
            path.unlink(missing_ok=True)

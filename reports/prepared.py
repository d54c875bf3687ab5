"""Prepared files: a file made by a background task for the user who asked for it.

Any task may produce one: ``file_request`` names a *kind* from ``BUILDERS`` (a dotted path to
a function ``builder(*, owner, **args) -> bytes``), writes the row and queues the job in the
caller's transaction; the worker runs the builder (``file_build``) in the owner's language and
keeps the bytes in the database, or in the shared storage ``PREPARED_FILES_STORAGE`` names,
never on one server's disk. Only the owner downloads it (another user gets 404, as for a
missing file), until ``PREPARED_FILE_HOURS`` after it was ready; ``files_remove_expired``
(every ten minutes) deletes it then.
"""

import datetime
import logging
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from . import background
from .models import PreparedFile

logger = logging.getLogger(__name__)

# kind -> builder. "briefing" is the hook for briefings of all coalitions.
BUILDERS = {
    "export": "reports.exports.prepared.build_export",
    "briefing": "reports.briefings.build_briefing",
}
DATABASE = "database"


class BuildRefused(Exception):
    """A builder's refusal whose message (translated) the owner is shown."""


def _lifetime():
    return datetime.timedelta(hours=settings.PREPARED_FILE_HOURS)


def file_request(*, owner, kind, name, content_type, args=None):
    """Queue the making of a file of ``kind`` for ``owner``; answer its row (status *preparing*)."""
    from . import tasks

    if kind not in BUILDERS:
        raise ValueError(f"no builder for prepared files of kind {kind!r}")
    params = {"args": args or {}, "language": translation.get_language()}
    with transaction.atomic():
        prepared = PreparedFile.objects.create(
            owner=owner,
            kind=kind,
            params=params,
            name=name[:255],
            content_type=content_type,
            expires_at=timezone.now() + _lifetime(),
        )
        background.defer(tasks.prepare_file, file_id=prepared.pk)
    return prepared


def file_build(*, file_id):
    """Run the builder of a file still being prepared and keep what it made (the worker's part)."""
    prepared = (
        PreparedFile.objects.select_related("owner")
        .filter(pk=file_id, status=PreparedFile.Status.PREPARING)
        .first()
    )
    if prepared is None:
        return
    try:
        if not prepared.owner.is_active:
            raise PermissionError("the account was deactivated")
        builder = import_string(BUILDERS[prepared.kind])
        with translation.override(prepared.params.get("language") or settings.LANGUAGE_CODE):
            data = builder(owner=prepared.owner, **prepared.params.get("args", {}))
    except Exception as error:  # the user sees "failed" (and a refusal's reason); the log has the rest
        prepared.status = PreparedFile.Status.FAILED
        if isinstance(error, BuildRefused):
            prepared.error = str(error)[:2000]
        else:
            logger.exception("Preparing file %s (%s) failed", prepared.pk, prepared.kind)
        prepared.save(update_fields=["status", "error"])
        return
    _store(prepared, data)
    now = timezone.now()
    prepared.status = PreparedFile.Status.READY
    prepared.size = len(data)
    prepared.ready_at = now
    prepared.expires_at = now + _lifetime()
    prepared.save(update_fields=["status", "size", "ready_at", "expires_at", "content", "storage_name"])


def _store(prepared, data):
    alias = settings.PREPARED_FILES_STORAGE
    if alias == DATABASE:
        prepared.content = data
    else:
        name = f"prepared/{secrets.token_urlsafe(16)}-{prepared.name}"
        prepared.storage_name = storages[alias].save(name, ContentFile(data))


def file_content(prepared):
    """The bytes of a ready file."""
    if prepared.storage_name:
        with storages[settings.PREPARED_FILES_STORAGE].open(prepared.storage_name, "rb") as file:
            return file.read()
    return bytes(prepared.content)


def files_remove_expired(*, now=None):
    """Delete the files past their time (and their bytes in the shared storage); answer how many."""
    expired = PreparedFile.objects.filter(expires_at__lte=now or timezone.now())
    if settings.PREPARED_FILES_STORAGE != DATABASE:
        storage = storages[settings.PREPARED_FILES_STORAGE]
        for name in expired.exclude(storage_name="").values_list("storage_name", flat=True):
            storage.delete(name)
    return expired.delete()[0]

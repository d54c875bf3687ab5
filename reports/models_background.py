"""Work that outlives one request, kept in the database so that every app server sees it.

- ``OutboxMail``: an e-mail written in the transaction of the change that caused it and sent
  by the worker (``reports.outbox``), retried with back-off until it goes or fails for good.
- ``PreparedFile``: a file made by a background task for its owner (large exports, briefings;
  ``reports.prepared``), downloadable by its owner only, removed after
  ``PREPARED_FILE_HOURS``.
- ``PendingUpload``: an uploaded spreadsheet waiting between preview and confirm
  (``reports.imports.uploads``), so that any app server can confirm what another previewed.

They are operational records, not the portal's data: their history is not tracked (the
mails' and files' own states say what happened, and tracking would copy every file's bytes).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    from_email = models.CharField(_("from"), max_length=254)
    to = models.JSONField(_("to"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbox e-mail")
        verbose_name_plural = _("outbox e-mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return self.subject


class PreparedFile(models.Model):
    class Status(models.TextChoices):
        PREPARING = "preparing", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prepared_files"
    )
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(default=dict, blank=True)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREPARING)
    content = models.BinaryField(null=True, blank=True)  # PREPARED_FILES_STORAGE = "database"
    storage_name = models.CharField(max_length=255, blank=True)  # or the name in that storage
    size = models.BigIntegerField(_("size"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("prepared file")
        verbose_name_plural = _("prepared files")

    def __str__(self):
        return self.name


class PendingUpload(models.Model):
    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=120)
    name = models.CharField(max_length=200)
    encoding = models.CharField(max_length=40, blank=True)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("upload awaiting confirmation")
        verbose_name_plural = _("uploads awaiting confirmation")

    def __str__(self):
        return self.name

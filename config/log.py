"""Logging filters the settings install."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """A 403 is expected traffic (a partner opening a ministry page): one warning line, no traceback.

    Django logs every ``PermissionDenied`` on ``django.request`` with the exception attached;
    this filter keeps the record but drops the traceback and says who was refused.
    """

    def filter(self, record):
        if getattr(record, "status_code", None) == 403:
            request = getattr(record, "request", None)
            user = getattr(request, "user", None)
            record.exc_info = record.exc_text = None
            record.msg = "Forbidden: %s %s (user %s)"
            record.args = (
                getattr(request, "method", "?"),
                getattr(request, "path", "?"),
                getattr(user, "username", "") or "anonymous",
            )
        return True

"""Operations: the health check for the proxy, and each user's prepared files."""

import datetime

from django.utils import timezone

from . import Case, expect, public


def officer_a_file(world):
    """A ready file of A's officer: only they may download it (everyone else: 404)."""
    from reports.models import PreparedFile

    file = PreparedFile.objects.create(
        owner=world.users["officer_a"],
        kind="export",
        name="deliveries.csv",
        content_type="text/csv",
        status=PreparedFile.Status.READY,
        content=b"line_reference\n",
        size=15,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    return {"pk": file.pk}


CASES = [
    Case("healthz", expected=public(200)),
    Case("healthz", method="post", expected=public(405)),
    Case("exports:files", expected=expect(200)),
    Case("exports:file", kwargs=officer_a_file, expected=expect(404, officer_a=200)),
]

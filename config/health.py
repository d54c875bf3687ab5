"""``/healthz`` for the proxy or load balancer: is this app server fit to take requests?

200 ``ok`` when the database answers, every migration is applied and no job has waited longer
than ``HEALTHZ_QUEUE_STUCK_MINUTES`` for a worker; otherwise 503 with the one word of what
failed (``database``, ``migrations``, ``queue``). No login, and nothing else is revealed.
Migrations are checked until they are found applied once (a process's code does not change).
"""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)
_migrated = False

STUCK_JOBS_SQL = """
SELECT EXISTS (
    SELECT 1 FROM procrastinate_jobs AS job
    WHERE job.status = 'todo'
      AND COALESCE(job.scheduled_at, (SELECT min(event.at) FROM procrastinate_events AS event
                                      WHERE event.job_id = job.id))
          < now() - make_interval(mins => %s)
)
"""


def _migrations_applied():
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def problem():
    """What keeps this server from serving (``database``, ``migrations``, ``queue``), or None."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            if not _migrations_applied():
                return "migrations"
            cursor.execute(STUCK_JOBS_SQL, [settings.HEALTHZ_QUEUE_STUCK_MINUTES])
            if cursor.fetchone()[0]:
                return "queue"
    except DatabaseError:
        logger.exception("Health check: the database is unreachable")
        return "database"
    return None


@login_not_required
@never_cache
@require_safe
def healthz(request):
    failed = problem()
    return HttpResponse(failed or "ok", status=503 if failed else 200, content_type="text/plain")

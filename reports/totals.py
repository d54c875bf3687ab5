"""Delivered totals per approved partner report and capability (``ReportTotal``).

A trigger on ``PartnerReport`` writes a report's totals when it becomes approved
(``models.FILL_TOTALS``). ``fill_missing`` writes them, with the same SQL
(``models.fill_totals``), for every approved or superseded report that has none: reports
approved before the table existed (migration 0004, which keeps its own copy of this SQL)
or loaded with the triggers off (``seed_load``).
"""

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

from .models import fill_totals, sql_statuses
from .workflow import COUNTED

# Reports approved or superseded (the counted states) that have no totals yet.
FILL_MISSING = fill_totals(
    f"l.report_id IN (SELECT r.id FROM reports_partnerreport r WHERE r.status IN ({sql_statuses(COUNTED)})"
    " AND NOT EXISTS (SELECT 1 FROM reports_reporttotal t WHERE t.report_id = r.id))"
)


def fill_missing(connection: BaseDatabaseWrapper | None = None) -> int:
    """Write the totals of approved and superseded reports that have none; return the rows written."""
    with (connection or default_connection).cursor() as cursor:
        cursor.execute(FILL_MISSING)
        return cursor.rowcount

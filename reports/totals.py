"""Delivered totals per approved partner report and capability (``ReportTotal``).

A trigger on ``PartnerReport`` writes a report's totals when it becomes approved
(``models.FILL_TOTALS``). ``fill_missing`` writes them for every approved or superseded
report that has none: reports approved before the table existed (migration) or loaded
with the triggers off (``seed_load``).
"""

from django.db import connection as default_connection

FILL_MISSING = """
    INSERT INTO reports_reporttotal (report_id, capability_id, quantity)
    SELECT l.report_id, c.capability_id, SUM(l.quantity)
    FROM reports_deliveryline l
    JOIN reports_partnerreport r ON r.id = l.report_id
    JOIN coalitions_commitment c ON c.id = l.commitment_id
    WHERE r.status IN ('approved', 'superseded')
      AND NOT EXISTS (SELECT 1 FROM reports_reporttotal t WHERE t.report_id = r.id)
    GROUP BY l.report_id, c.capability_id
"""


def fill_missing(connection=None):
    """Write the totals of approved and superseded reports that have none; return the rows written."""
    with (connection or default_connection).cursor() as cursor:
        cursor.execute(FILL_MISSING)
        return cursor.rowcount

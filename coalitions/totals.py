"""Delivered and provisional quantity per commitment (``CommitmentTotal``), kept by the database.

Like the per-report totals (``reports.totals``), these are written by PostgreSQL itself, so
every path keeps them true — services, imports, the admin, bulk updates and raw SQL:

- a delivery line inserted, changed or removed in a report that counts (submitted,
  approved, superseded — or one already gone) refreshes its commitment(s);
- a partner report changing status (submit, return, approve, reopen, the legacy path) or
  removed refreshes the commitments of every revision of the same country × coalition ×
  period (approving revision n + 1 stops its superseded revision n from counting).

A refresh recomputes the commitment's sums from its lines (never adds a difference, so a
refresh cannot drift) after locking the commitment's row in id order: two transactions
touching the same commitment take turns, and the second one sums what the first committed.

Delivered follows the figures' counting rule (``reports.figures.counting``): the lines of
the latest revision that was approved (the approved one, or the superseded one while its
successor is not approved). Provisional: the lines of submitted reports.

Migration ``coalitions 0008_commitment_totals`` installs ``FUNCTION`` and ``TRIGGERS`` (a
frozen copy; ``tests/coalitions/test_commitment_totals.py`` checks that the database runs
this text) and fills the table with ``REFILL``. ``refill`` serves data loaded with the
triggers off (``seed_load``).
"""

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

COUNTED = "'approved', 'superseded'"  # reports.workflow.COUNTED, as SQL
SUBMITTED = "'submitted'"
EDITABLE = "'draft', 'returned'"  # reports.workflow.EDITABLE: their lines count nowhere

# The lines (alias l, with their report r) whose quantities count as delivered.
DELIVERED_LINES = f"""r.status IN ({COUNTED}) AND NOT EXISTS (
        SELECT 1 FROM reports_partnerreport n
        WHERE n.country_id = r.country_id AND n.coalition_id = r.coalition_id
          AND n.period_id = r.period_id AND n.revision > r.revision AND n.status IN ({COUNTED}))"""

SUMS = f"""
        SELECT l.commitment_id,
               COALESCE(SUM(l.quantity) FILTER (WHERE {DELIVERED_LINES}), 0) AS delivered,
               COALESCE(SUM(l.quantity) FILTER (WHERE r.status = {SUBMITTED}), 0) AS provisional
        FROM reports_deliveryline l JOIN reports_partnerreport r ON r.id = l.report_id
        WHERE {{where}}
        GROUP BY l.commitment_id"""

FUNCTION = f"""
CREATE OR REPLACE FUNCTION coalitions_commitment_totals_refresh(ids bigint[]) RETURNS void AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    INSERT INTO coalitions_commitmenttotal (commitment_id, delivered, provisional)
    SELECT DISTINCT c.id, 0, 0 FROM coalitions_commitment c WHERE c.id = ANY(ids) ORDER BY c.id
    ON CONFLICT (commitment_id) DO NOTHING;
    PERFORM 1 FROM coalitions_commitmenttotal t WHERE t.commitment_id = ANY(ids)
    ORDER BY t.commitment_id FOR UPDATE;
    -- a new statement, so a new snapshot: it sums what a transaction we waited for committed
    UPDATE coalitions_commitmenttotal t
    SET delivered = COALESCE(s.delivered, 0), provisional = COALESCE(s.provisional, 0)
    FROM unnest(ids) AS x(id)
    LEFT JOIN ({SUMS.format(where="l.commitment_id = ANY(ids)")}
    ) s ON s.commitment_id = x.id
    WHERE t.commitment_id = x.id;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION coalitions_commitment_totals_line() RETURNS trigger AS $$
DECLARE
    ids bigint[] := ARRAY[]::bigint[];
BEGIN
    -- lines of a draft or returned report count nowhere; any other report (or none) may count
    IF TG_OP <> 'INSERT' AND NOT EXISTS (
        SELECT 1 FROM reports_partnerreport r WHERE r.id = OLD.report_id AND r.status IN ({EDITABLE})
    ) THEN
        ids := ids || OLD.commitment_id;
    END IF;
    IF TG_OP <> 'DELETE' AND NOT EXISTS (
        SELECT 1 FROM reports_partnerreport r WHERE r.id = NEW.report_id AND r.status IN ({EDITABLE})
    ) THEN
        ids := ids || NEW.commitment_id;
    END IF;
    PERFORM coalitions_commitment_totals_refresh(ids);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION coalitions_commitment_totals_report() RETURNS trigger AS $$
BEGIN
    PERFORM coalitions_commitment_totals_refresh(ARRAY(
        SELECT DISTINCT l.commitment_id
        FROM reports_deliveryline l JOIN reports_partnerreport r ON r.id = l.report_id
        WHERE r.country_id = OLD.country_id AND r.coalition_id = OLD.coalition_id
          AND r.period_id = OLD.period_id
        UNION
        SELECT l.commitment_id FROM reports_deliveryline l WHERE l.report_id = OLD.id
        ORDER BY 1
    ));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = """
CREATE TRIGGER coalitions_commitment_totals_line
AFTER INSERT OR UPDATE OR DELETE ON reports_deliveryline
FOR EACH ROW EXECUTE FUNCTION coalitions_commitment_totals_line();

CREATE TRIGGER coalitions_commitment_totals_report
AFTER UPDATE OF status ON reports_partnerreport
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION coalitions_commitment_totals_report();

CREATE TRIGGER coalitions_commitment_totals_report_gone
AFTER DELETE ON reports_partnerreport
FOR EACH ROW EXECUTE FUNCTION coalitions_commitment_totals_report();
"""

DROP = """
DROP TRIGGER IF EXISTS coalitions_commitment_totals_report_gone ON reports_partnerreport;
DROP TRIGGER IF EXISTS coalitions_commitment_totals_report ON reports_partnerreport;
DROP TRIGGER IF EXISTS coalitions_commitment_totals_line ON reports_deliveryline;
DROP FUNCTION IF EXISTS coalitions_commitment_totals_report();
DROP FUNCTION IF EXISTS coalitions_commitment_totals_line();
DROP FUNCTION IF EXISTS coalitions_commitment_totals_refresh(bigint[]);
"""

# Every commitment's totals at once (the migration's backfill; data loaded with triggers off).
REFILL = f"""
DELETE FROM coalitions_commitmenttotal;
INSERT INTO coalitions_commitmenttotal (commitment_id, delivered, provisional)
{SUMS.format(where=f"r.status IN ({COUNTED}, {SUBMITTED})")};
"""


def refill(connection: BaseDatabaseWrapper | None = None) -> None:
    """Recompute every commitment's totals (after loading lines with the triggers off)."""
    with (connection or default_connection).cursor() as cursor:
        cursor.execute(REFILL)

from django.db import migrations

# The triggers reports.figures.kept added for the dashboard (WATCHED's last seven tables and
# WATCHED_COLUMNS), frozen here: a migration never imports live application code. A test checks
# that the database runs the live module's function on the live module's tables.
TABLES = (
    "reports_reviewevent",
    "coalitions_commitmenttotal",
    "planning_roadmap",
    "planning_roadmapversion",
    "planning_milestone",
    "planning_milestoneupdate",
    "planning_callforcontributions",
)

TRIGGERS = "".join(
    f"""
CREATE TRIGGER reports_figures_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION reports_figures_changed();"""
    for table in TABLES
) + """
CREATE TRIGGER reports_figures_changed AFTER INSERT OR UPDATE OF username OR DELETE OR TRUNCATE
ON accounts_user FOR EACH STATEMENT EXECUTE FUNCTION reports_figures_changed();"""

DROP = "".join(
    f"\nDROP TRIGGER IF EXISTS reports_figures_changed ON {table};" for table in (*TABLES, "accounts_user")
)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0012_kept_figures"),
        ("planning", "0001_initial"),
        ("accounts", "0004_api_tokens"),
    ]

    operations = [migrations.RunSQL(TRIGGERS, DROP)]

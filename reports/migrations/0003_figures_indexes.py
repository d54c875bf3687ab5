# Index for the consolidated figures and exports (issue 4): lines of a set of reports
# (one coalition, one country) are summed by an index-only scan.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_finality")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS deliveryline_report_cover "
            "ON reports_deliveryline (report_id) INCLUDE (commitment_id, quantity)",
            "DROP INDEX IF EXISTS deliveryline_report_cover",
        ),
    ]

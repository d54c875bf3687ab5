# The covering index of 0003 (raw SQL) is now declared on DeliveryLine.Meta. The database
# already holds it under the same name and definition:
#   CREATE INDEX deliveryline_report_cover ON reports_deliveryline (report_id)
#   INCLUDE (commitment_id, quantity)
# so this migration only records it in Django's state and builds nothing.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('coalitions', '0002_history_of_permissions'),
        ('reports', '0004_report_totals'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name='deliveryline',
                    index=models.Index(
                        fields=['report'], include=('commitment', 'quantity'), name='deliveryline_report_cover'
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]

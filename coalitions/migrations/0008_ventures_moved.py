# The bare admin tables of joint ventures and training programmes are replaced by the
# ``ventures`` app; their rows (if any) were copied there by ventures 0002_moved.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('coalitions', '0007_commitment_totals'),
        ('ventures', '0002_moved'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='jointventureevent',
            name='pgh_obj',
        ),
        migrations.RemoveField(
            model_name='jointventureevent',
            name='coalition',
        ),
        migrations.RemoveField(
            model_name='jointventureevent',
            name='country',
        ),
        migrations.RemoveField(
            model_name='jointventureevent',
            name='pgh_context',
        ),
        migrations.RemoveField(
            model_name='trainingprogramme',
            name='coalition',
        ),
        migrations.RemoveField(
            model_name='trainingprogramme',
            name='country',
        ),
        migrations.RemoveField(
            model_name='trainingprogrammeevent',
            name='pgh_obj',
        ),
        migrations.RemoveField(
            model_name='trainingprogrammeevent',
            name='coalition',
        ),
        migrations.RemoveField(
            model_name='trainingprogrammeevent',
            name='country',
        ),
        migrations.RemoveField(
            model_name='trainingprogrammeevent',
            name='pgh_context',
        ),
        migrations.DeleteModel(
            name='JointVenture',
        ),
        migrations.DeleteModel(
            name='JointVentureEvent',
        ),
        migrations.DeleteModel(
            name='TrainingProgramme',
        ),
        migrations.DeleteModel(
            name='TrainingProgrammeEvent',
        ),
    ]

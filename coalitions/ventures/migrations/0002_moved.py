"""Copy the rows of the old bare admin tables (coalitions.JointVenture, coalitions.TrainingProgramme)
into the ventures app before coalitions 0007 drops them. Frozen: no live app code."""

import datetime

from django.db import migrations


def move(apps, schema_editor):
    OldVenture = apps.get_model("coalitions", "JointVenture")
    OldProgramme = apps.get_model("coalitions", "TrainingProgramme")
    Venture = apps.get_model("ventures", "JointVenture")
    StageChange = apps.get_model("ventures", "StageChange")
    Programme = apps.get_model("ventures", "TrainingProgramme")
    for old in OldVenture.objects.all():
        since = old.started_on or datetime.date.today()
        venture = Venture.objects.create(
            country_id=old.country_id,
            coalition_id=old.coalition_id,
            name=old.name,
            partner_company=old.name,
            kind=old.kind,
            stage="proposed",
            stage_since=since,
            notes=old.notes,
        )
        StageChange.objects.create(venture=venture, stage="proposed", on=since, reason="moved")
    for old in OldProgramme.objects.all():
        notes = old.notes
        if old.trainees_trained:
            notes = f"{notes}\nTrained before the move: {old.trainees_trained}".strip()
        Programme.objects.create(
            country_id=old.country_id,
            coalition_id=old.coalition_id,
            course=old.name,
            host_country_id=old.country_id,
            site="",
            starts_on=datetime.date.today(),
            planned_per_period=old.trainees_planned,
            notes=notes,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("ventures", "0001_initial"),
        ("coalitions", "0005_names_in_english_and_ukrainian"),
    ]

    operations = [migrations.RunPython(move, migrations.RunPython.noop)]

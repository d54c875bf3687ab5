from io import StringIO

from django.core.management import call_command

from coalitions.ventures.models import JointVenture, Stage, TrainingThroughput, VentureOutput
from tests.reports.test_demo import partners  # noqa: F401  (the fixture)


def test_seed_demo_has_ventures_in_every_stage_and_figures_in_approved_reports(partners):  # noqa: F811
    call_command("seed_demo", stdout=StringIO())
    assert set(JointVenture.objects.values_list("stage", flat=True)) == set(Stage.values)
    assert VentureOutput.objects.filter(report__status="approved").exists()
    assert TrainingThroughput.objects.filter(report__status="approved").exists()
    counts = (JointVenture.objects.count(), VentureOutput.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (JointVenture.objects.count(), VentureOutput.objects.count()) == counts

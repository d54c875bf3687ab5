"""Ventures and programmes added to the shared world (``tests.world``), made once per world.

- ``w.venture_a``: country A's venture in Artillery, region Volyn, in a draft report's
  output (``w.output_a``, quantity 8101) and an approved one (``w.output_a_approved``, 8102);
- ``w.venture_b``: country B's venture in Artillery, region **Zakarpattia** (the marker that
  must never reach A), with approved output (``w.output_b_approved``, 8103), so A's people
  read its name, kind, stage and output;
- ``w.programme_a`` / ``w.programme_b``: training programmes with throughput (8111…);
- ``w.report_b_approved``: B's approved report of the past quarter;
- ``w.venture_a2``, ``w.programme_a2``: A's, with nothing reported yet; ``w.venture_b_proposed``:
  B's, with no approved output (so no other member reads it).
"""

import datetime

from coalitions.ventures import services as venture_services
from coalitions.ventures.models import (
    JointVenture,
    StageChange,
    TrainingProgramme,
    TrainingThroughput,
    VentureCapacity,
    VentureOutput,
)
from reports import services
from reports.models import PartnerReport

MARKER_REGION = "UA-21"  # Zakarpattia Oblast: B's venture only
MARKER_TEXT = "Zakarpattia"


def venture(country, coalition, name, oblast, *, stage="operating", since=datetime.date(2026, 1, 5)):
    made = JointVenture.objects.create(
        country=country,
        coalition=coalition,
        name=name,
        partner_company=f"{name} GmbH",
        ukrainian_partner="Ukrainian Armour",
        kind="production",
        oblast=oblast,
        stage=stage,
        stage_since=since,
    )
    StageChange.objects.create(venture=made, stage="proposed", on=datetime.date(2025, 6, 1))
    if stage != "proposed":
        StageChange.objects.create(venture=made, stage=stage, on=since)
    return made


def programme(country, coalition, course):
    return TrainingProgramme.objects.create(
        country=country,
        coalition=coalition,
        course=course,
        host_country=country,
        site="Sample City",
        starts_on=datetime.date(2026, 1, 1),
        planned_per_period=40,
        instructors=4,
        status="running",
    )


def add_ventures(w):
    if getattr(w, "venture_a", None) is not None:
        return w
    u = w.users
    w.venture_a = venture(w.a, w.coalition, "Belgian Shell Works", "UA-07")
    w.venture_b = venture(w.b, w.coalition, "Swedish Barrel Line", MARKER_REGION)
    for v in (w.venture_a, w.venture_b):
        VentureCapacity.objects.create(venture=v, capability=w.capability, monthly_capacity=10000)
    w.venture_a2 = venture(w.a, w.coalition, "Belgian Repair Base", "UA-07")
    VentureCapacity.objects.create(venture=w.venture_a2, capability=w.capability, monthly_capacity=10000)
    w.venture_b_proposed = venture(w.b, w.coalition, "Swedish Fuze Plant", MARKER_REGION, stage="proposed")
    w.programme_a = programme(w.a, w.coalition, "Belgian gunnery course")
    w.programme_a2 = programme(w.a, w.coalition, "Belgian maintenance course")
    w.programme_b = programme(w.b, w.coalition, "Swedish gunnery course")
    w.output_a = VentureOutput.objects.create(
        report=w.report_a, venture=w.venture_a, capability=w.capability, quantity=8101
    )
    w.training_a = TrainingThroughput.objects.create(
        report=w.report_a, programme=w.programme_a, started=8111, completed=8112
    )
    # the approved report of A: reopen-free, so add lines through a fresh report of an earlier quarter
    w.report_a_old = PartnerReport.objects.create(
        country=w.a, coalition=w.coalition, period=w.past_period, revision=2
    )
    w.output_a_approved = VentureOutput.objects.create(
        report=w.report_a_old, venture=w.venture_a, capability=w.capability, quantity=8102
    )
    w.training_a_approved = TrainingThroughput.objects.create(
        report=w.report_a_old, programme=w.programme_a, started=8120, completed=8114
    )
    w.report_b_approved = PartnerReport.objects.create(
        country=w.b, coalition=w.coalition, period=w.past_period
    )
    w.output_b_approved = VentureOutput.objects.create(
        report=w.report_b_approved, venture=w.venture_b, capability=w.capability, quantity=8103
    )
    w.training_b_approved = TrainingThroughput.objects.create(
        report=w.report_b_approved, programme=w.programme_b, started=8117, completed=8116
    )
    for report, officer in ((w.report_a_old, u["officer_a"]), (w.report_b_approved, u["officer_b"])):
        services.report_submit(report=report, user=officer)
        services.report_approve(report=report, user=u["reviewer"])
    w.venture_services = venture_services
    return w

"""Demo joint ventures (one in every stage) and training programmes, registered through the
services by each country's officer; ``fill`` adds their output and trainees to a report
before devtools.demo.reports submits it, so past quarters hold approved figures.

Runs after devtools.demo.coalitions and before devtools.demo.reports. Safe to run again: it
does nothing once ventures exist.
"""

import datetime

from accounts import access
from coalitions.models import Capability, Membership
from coalitions.ventures import services
from coalitions.ventures.models import JointVenture, TrainingProgramme, TrainingStatus, VentureOutput

# (name, kind, oblast, stages with their dates): every stage appears at least once.
VENTURES = [
    (
        "Shell line Zhytomyr",
        "production",
        "UA-18",
        [("signed", "2025-05-12"), ("setting_up", "2025-09-01"), ("operating", "2026-02-02")],
    ),
    (
        "Barrel relining works",
        "repair",
        "UA-46",
        [("signed", "2025-04-01"), ("setting_up", "2025-07-15"), ("operating", "2025-12-01")],
    ),
    (
        "Armour maintenance hub",
        "maintenance",
        "UA-05",
        [("signed", "2025-10-20"), ("setting_up", "2026-03-02")],
    ),
    ("Drone airframe plant", "production", "UA-56", [("signed", "2026-06-30")]),
    ("Radar repair shop", "repair", "UA-32", []),
    (
        "Fuze assembly line",
        "production",
        "UA-53",
        [
            ("signed", "2025-03-03"),
            ("setting_up", "2025-06-02"),
            ("operating", "2025-11-03"),
            ("suspended", "2026-08-17"),
        ],
    ),
    (
        "Track repair depot",
        "repair",
        "UA-68",
        [
            ("signed", "2024-11-04"),
            ("setting_up", "2025-02-03"),
            ("operating", "2025-05-05"),
            ("closed", "2026-04-30"),
        ],
    ),
]
PROGRAMMES = [("Gunnery course", "Demo City", 60, 6), ("Maintenance instructors' course", "Demo Town", 24, 3)]
PROPOSED_ON = datetime.date(2024, 9, 2)


def seed(*, password, stdout):
    if JointVenture.objects.exists():
        stdout.write("ventures: demo ventures already present")
        return
    memberships = [
        m
        for m in Membership.objects.filter(country__is_recipient=False).select_related("country", "coalition")
        if access.country_officers(m.country).exists()
        and Capability.objects.filter(coalition=m.coalition).exists()
    ][: len(VENTURES)]
    for membership, (name, kind, oblast, stages) in zip(memberships, VENTURES, strict=False):
        _venture(membership, name, kind, oblast, stages)
    for membership, (course, site, planned, instructors) in zip(memberships, PROGRAMMES * 3, strict=False):
        _programme(membership, course, site, planned, instructors)
    stdout.write(
        f"ventures: {JointVenture.objects.count()} ventures, {TrainingProgramme.objects.count()} programmes"
    )


def _officer(country):
    return access.country_officers(country).order_by("pk").first()


def _venture(membership, name, kind, oblast, stages):
    officer = _officer(membership.country)
    capability = Capability.objects.filter(coalition=membership.coalition).order_by("code").first()
    venture = services.venture_create(
        user=officer,
        data={
            "country": membership.country,
            "coalition": membership.coalition,
            "name": name,
            "partner_company": f"{membership.country.name} Defence Industries",
            "ukrainian_partner": "Ukrainian Defence Industry JSC",
            "kind": kind,
            "oblast": oblast,
            "stage": "proposed",
            "stage_since": PROPOSED_ON,
            "notes": "Demo venture.",
        },
    )
    services.venture_capacity_set(user=officer, venture=venture, capability=capability, monthly_capacity=400)
    for stage, day in stages:
        venture = services.venture_stage_change(
            user=officer, venture=venture, stage=stage, on=datetime.date.fromisoformat(day)
        )


def _programme(membership, course, site, planned, instructors):
    services.programme_create(
        user=_officer(membership.country),
        data={
            "country": membership.country,
            "coalition": membership.coalition,
            "course": course,
            "capability": None,
            "host_country": membership.country,
            "site": site,
            "starts_on": datetime.date(2025, 10, 6),
            "planned_per_period": planned,
            "instructors": instructors,
            "status": TrainingStatus.RUNNING,
            "notes": "",
        },
    )


def fill(report, officer):
    """Output of the report country's operating ventures and trainees of its programmes."""
    ventures = JointVenture.objects.filter(country=report.country, coalition=report.coalition)
    for venture in ventures.prefetch_related("capacities__capability"):
        if venture.stage not in ("operating", "suspended", "closed"):
            continue
        for capacity in venture.capacities.all():
            if VentureOutput.objects.filter(
                report=report, venture=venture, capability=capacity.capability
            ).exists():
                continue
            quantity = capacity.monthly_capacity * (3 if report.period.kind == "quarter" else 1) * 4 // 5
            data = {"venture": venture, "capability": capacity.capability, "quantity": quantity, "notes": ""}
            services.venture_output_save(report=report, user=officer, data=data)
    programmes = TrainingProgramme.objects.filter(
        country=report.country, coalition=report.coalition, starts_on__lte=report.period.end
    )
    for programme in programmes:
        if report.training_lines.filter(programme=programme).exists():
            continue
        data = {
            "programme": programme,
            "started": programme.planned_per_period,
            "completed": programme.planned_per_period - 4,
            "notes": "",
        }
        services.training_line_save(report=report, user=officer, data=data)

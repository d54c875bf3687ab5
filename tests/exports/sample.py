"""Reports, lines and usage on top of the shared world, with values nobody else has.

Lines are created while their report is a draft; the report's status is set afterwards
with ``update()`` (the workflow forbids changing lines of approved reports).
"""

import datetime
from types import SimpleNamespace

from reports.models import DeliveryLine, PartnerReport, ReportingPeriod, UsageLine, UsageReport

Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), datetime.date(2026, 4, 30))
Q2 = (datetime.date(2026, 4, 1), datetime.date(2026, 6, 30), datetime.date(2026, 7, 30))

# (reference, quantity, notes) of country A's approved artillery report in 2026-Q1
A_LINES = [
    ("A-1", 1001, "=1+2"),
    ("+1", 1002, "==1"),
    ("-1", 1003, "Партія снарядів"),
    ("@SUM(A1)", 1004, "\tleading tab"),
    ("A-5", 1005, "-5 rounds"),
]


def period(dates):
    start, end, due = dates
    return ReportingPeriod.objects.create(start=start, end=end, due_on=due)


# The way each status is reached, one allowed transition at a time (the database checks them).
PATHS = {
    "draft": [],
    "submitted": ["submitted"],
    "returned": ["submitted", "returned"],
    "approved": ["submitted", "approved"],
    "superseded": ["submitted", "approved", "superseded"],
}


def bring_to(model, pk, status):
    for step in PATHS[status]:
        model.objects.filter(pk=pk).update(status=step)


def report(country, coalition, when, status, revision=1, lines=()):
    """A report with ``lines`` (commitment, reference, quantity, notes), then put in ``status``."""
    made = PartnerReport.objects.create(country=country, coalition=coalition, period=when, revision=revision)
    for commitment, reference, quantity, notes in lines:
        DeliveryLine.objects.create(
            report=made,
            commitment=commitment,
            delivered_on=when.start + datetime.timedelta(days=9),
            quantity=quantity,
            notes=notes,
            line_reference=reference,
        )
    bring_to(PartnerReport, made.pk, status)
    made.refresh_from_db()
    return made


def usage(coalition, when, capability, status, expended):
    made = UsageReport.objects.create(coalition=coalition, period=when)
    UsageLine.objects.create(
        report=made, capability=capability, received=700, expended=expended, notes="=cmd"
    )
    bring_to(UsageReport, made.pk, status)
    return made


def build_data(world):
    w = world
    d = SimpleNamespace(world=w, q1=period(Q1), q2=period(Q2))
    art, drones = w.coalition, w.other_coalition
    d.a_old = report(w.a, art, d.q1, "superseded", lines=[(w.commitment_a, "A-old", 7001, "")])
    d.a = report(w.a, art, d.q1, "approved", revision=2, lines=[(w.commitment_a, *line) for line in A_LINES])
    d.a_draft = report(w.a, art, d.q2, "draft", lines=[(w.commitment_a, "A-draft", 5001, "")])
    d.b = report(w.b, art, d.q1, "approved", lines=[(w.commitment_b, "B-1", 2001, "")])
    d.b_sub = report(w.b, art, d.q2, "submitted", lines=[(w.commitment_b, "B-sub", 2002, "")])
    d.b_drones = report(w.b, drones, d.q1, "approved", lines=[(w.commitment_b_drones, "B-drones", 3001, "")])
    d.lead = report(w.lead, art, d.q1, "approved", lines=[(w.commitment_lead, "L-1", 4001, "")])
    d.usage_art = usage(art, d.q1, w.capability, "approved", 601)
    d.usage_drones = usage(drones, d.q1, w.drone, "draft", 9)
    return d

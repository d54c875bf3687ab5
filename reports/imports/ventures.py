"""Venture output and training throughput lines of one partner report, from a spreadsheet.

Same path as deliveries and plans (``readers.read_upload`` → ``values`` → rows → lines),
the same line rules (``reports.rules``: own country and coalition, begun by the period's
end, quantity above zero). Natural keys: a venture output line is venture + capability
code; a training line is its programme. Both templates carry a reference sheet of the
report's ventures (with the capability codes they serve) or programmes.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalitions.models import Capability
from coalitions.ventures.models import JointVenture, TrainingProgramme, TrainingThroughput, VentureOutput
from coalitions.ventures.services import first_stage_day
from reports import rules

from . import values
from .lines import ERROR, Kind, classify, quantity

OUTPUT_HEADER = ["venture_id", "venture", "capability_code", "capability", "quantity", "notes"]
TRAINING_HEADER = ["programme_id", "programme", "started", "completed", "notes"]


def _check_outputs(rows, report, user):
    ids = {row.values["venture_id"] for row in rows if "venture_id" in row.values}
    ventures = {
        v.pk: v for v in JointVenture.objects.for_user(user).filter(pk__in=ids).prefetch_related("capacities")
    }
    codes = {row.values.get("capability_code") for row in rows} - {None, ""}
    capabilities = {c.code: c for c in Capability.objects.filter(code__in=codes)}
    existing = {
        (line.venture_id, line.capability_id): line for line in VentureOutput.objects.filter(report=report)
    }
    seen = {}
    for row in rows:
        venture = ventures.get(row.values.get("venture_id"))
        code = row.values.get("capability_code", "")
        capability = capabilities.get(code)
        if "venture_id" in row.values and venture is None:
            row.error(
                "venture_id",
                _("unknown joint venture %(pk)d: not one of %(country)s's")
                % {"pk": row.values["venture_id"], "country": report.country},
            )
        elif venture is not None and (
            problem := rules.own_item(report, venture, wording=rules.IMPORT)
            or rules.started_by(report, first_stage_day(venture), wording=rules.IMPORT)
        ):
            row.error("venture_id", problem)
        if not code:
            row.error("capability_code", _("is missing"))
        elif capability is None:
            row.error("capability_code", _("“%(code)s” is not a capability code") % {"code": code[:40]})
        elif venture is not None and capability.pk not in {c.capability_id for c in venture.capacities.all()}:
            row.error("capability_code", _("the venture does not serve “%(code)s”") % {"code": code[:40]})
        if row.action == ERROR:
            continue
        key = (venture.pk, capability.pk)
        if key in seen:
            row.error("capability_code", _("repeats the line of row %(line)d") % {"line": seen[key]})
            continue
        seen[key] = row.line
        fields = {
            "venture_id": venture.pk,
            "capability_id": capability.pk,
            "quantity": row.values["quantity"],
            "notes": row.values.get("notes", ""),
        }
        classify(row, existing.get(key), fields)


def _check_training(rows, report, user):
    ids = {row.values["programme_id"] for row in rows if "programme_id" in row.values}
    programmes = {p.pk: p for p in TrainingProgramme.objects.for_user(user).filter(pk__in=ids)}
    existing = {line.programme_id: line for line in TrainingThroughput.objects.filter(report=report)}
    seen = {}
    for row in rows:
        programme = programmes.get(row.values.get("programme_id"))
        if "programme_id" in row.values and programme is None:
            row.error(
                "programme_id",
                _("unknown training programme %(pk)d: not one of %(country)s's")
                % {"pk": row.values["programme_id"], "country": report.country},
            )
        elif programme is not None and (
            problem := rules.own_item(report, programme, wording=rules.IMPORT)
            or rules.started_by(report, programme.starts_on, wording=rules.IMPORT)
        ):
            row.error("programme_id", problem)
        started, completed = row.values.get("started", 0), row.values.get("completed", 0)
        both = "started" in row.values and "completed" in row.values
        if both and (problem := rules.quantity(started + completed, wording=rules.IMPORT)):
            row.error("started", problem)
        if row.action == ERROR:
            continue
        if programme.pk in seen:
            row.error("programme_id", _("repeats the line of row %(line)d") % {"line": seen[programme.pk]})
            continue
        seen[programme.pk] = row.line
        fields = {
            "programme_id": programme.pk,
            "started": started,
            "completed": completed,
            "notes": row.values.get("notes", ""),
        }
        classify(row, existing.get(programme.pk), fields)


def _venture_reference(report, user):
    ventures = JointVenture.objects.editable_by(user).filter(
        country_id=report.country_id, coalition_id=report.coalition_id
    )
    rows = [
        [
            v.pk,
            v.name,
            c.capability.code,
            c.capability.name,
            c.capability.get_unit_display(),
            c.monthly_capacity,
        ]
        for v in ventures.prefetch_related("capacities__capability")
        for c in v.capacities.all()
    ]
    header = ["venture_id", "venture", "capability_code", "capability", "unit", "monthly_capacity"]
    return _("Joint ventures"), header, rows


def _programme_reference(report, user):
    programmes = TrainingProgramme.objects.editable_by(user).filter(
        country_id=report.country_id, coalition_id=report.coalition_id
    )
    rows = [[p.pk, p.course, p.site, p.planned_per_period] for p in programmes]
    return _("Training programmes"), ["programme_id", "programme", "site", "planned_per_period"], rows


OUTPUTS = Kind(
    "outputs",
    VentureOutput,
    OUTPUT_HEADER,
    ("venture_id", "capability_code", "quantity"),
    ("venture_id", "capability_id", "quantity", "notes"),
    label=gettext_lazy("Import joint venture output"),
    parsers={
        "venture_id": values.positive_int,
        "capability_code": lambda v: values.text(v, max_length=40),
        "quantity": quantity,
    },
    check=_check_outputs,
    reference=_venture_reference,
)
TRAINING = Kind(
    "training",
    TrainingThroughput,
    TRAINING_HEADER,
    ("programme_id", "started", "completed"),
    ("programme_id", "started", "completed", "notes"),
    label=gettext_lazy("Import training throughput"),
    parsers={"programme_id": values.positive_int, "started": values.count, "completed": values.count},
    check=_check_training,
    reference=_programme_reference,
)

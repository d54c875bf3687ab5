"""Business actions on the venture and training registers and their report lines.

Each is atomic, checks the actor's rights through ``accounts.access`` (own country,
officer role) and refuses, with a message per field, what the registers must not hold:
addresses, coordinates and people's names (``sensitive``), a coalition the country is not a
member of, a region that is not one of Ukraine's, a step backwards without a reason.
Report lines go through ``reports.services.report_line_save`` with the line rules of
``reports.rules``, like deliveries.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import User
from coalitions.models import Membership
from coalitions.services import StaleEdit, versioned_save
from reports import rules
from reports.models import PartnerReport
from reports.services import report_line_save

from . import sensitive
from .models import (
    STAGE_RANK,
    TRAINING_RANK,
    JointVenture,
    Stage,
    StageChange,
    TrainingProgramme,
    TrainingThroughput,
    VentureCapacity,
    VentureOutput,
)
from .regions import Oblast

VENTURE_TEXTS = ("name", "partner_company", "ukrainian_partner", "notes")
PROGRAMME_TEXTS = ("course", "site", "notes")


def _require_country(user, country):
    if not access.can_edit_country(user, country.pk):
        raise PermissionDenied


def _check_member(country, coalition, errors):
    if not Membership.objects.filter(country=country, coalition=coalition, ended_on__isnull=True).exists():
        errors["coalition"] = _(
            "%(country)s is not a member of %(coalition)s: register it in a coalition your country "
            "belongs to."
        ) % {"country": country, "coalition": coalition}


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def backwards(old: str, new: str, ranks: dict) -> bool:
    """Whether moving from ``old`` to ``new`` goes back (and so needs a reason)."""
    return ranks[new] < ranks[old]


def _venture_errors(data: dict) -> dict:
    errors = sensitive.problems(data, VENTURE_TEXTS)
    if data.get("oblast") not in Oblast.values:
        errors["oblast"] = _("Choose one of Ukraine's oblasts (or Kyiv, Sevastopol, Crimea).")
    return errors


@transaction.atomic
def venture_create(*, user: User, data: dict) -> JointVenture:
    """Register a venture of one of ``user``'s countries, its first stage dated ``stage_since``."""
    _require_country(user, data["country"])
    errors = _venture_errors(data)
    _check_member(data["country"], data["coalition"], errors)
    _check_day(data["stage_since"], "stage_since", errors)
    _raise(errors)
    venture = JointVenture.objects.create(**data)
    StageChange.objects.create(venture=venture, stage=venture.stage, on=venture.stage_since, by=user)
    return venture


@transaction.atomic
def venture_update(*, user: User, venture: JointVenture, data: dict, version: int) -> JointVenture:
    """Change a venture's description (not its stage: ``venture_stage_change``)."""
    current = JointVenture.objects.select_for_update().get(pk=venture.pk)
    _require_country(user, current.country)
    if current.version != version:
        raise StaleEdit
    _raise(_venture_errors(data))
    return versioned_save(current, data)


def _check_day(day, field, errors):
    if day > timezone.localdate():
        errors[field] = _("The date %(day)s is in the future: record a stage once it is reached.") % {
            "day": day.isoformat()
        }


@transaction.atomic
def venture_stage_change(
    *, user: User, venture: JointVenture, stage: str, on: datetime.date, reason: str = ""
) -> JointVenture:
    """Move a venture to ``stage`` from ``on``; a step backwards needs a ``reason``."""
    current = JointVenture.objects.select_for_update().get(pk=venture.pk)
    _require_country(user, current.country)
    reason, errors = reason.strip(), {}
    if stage == current.stage:
        errors["stage"] = _("The venture is already in this stage.")
    elif backwards(current.stage, stage, STAGE_RANK) and not reason:
        errors["reason"] = _("Going back from “%(old)s” to “%(new)s” needs a reason.") % {
            "old": Stage(current.stage).label,
            "new": Stage(stage).label,
        }
    if on < current.stage_since:
        errors["on"] = _("The date cannot be before the current stage began (%(day)s).") % {
            "day": current.stage_since.isoformat()
        }
    _check_day(on, "on", errors)
    errors |= sensitive.problems({"reason": reason}, ["reason"])
    _raise(errors)
    StageChange.objects.create(venture=current, stage=stage, on=on, reason=reason, by=user)
    return versioned_save(current, {"stage": stage, "stage_since": on})


@transaction.atomic
def venture_capacity_set(*, user: User, venture: JointVenture, capability, monthly_capacity: int):
    """Set the monthly capacity of a capability the venture serves (added when new)."""
    _require_country(user, venture.country)
    errors = {}
    if capability.coalition_id != venture.coalition_id:
        errors["capability"] = _("This capability belongs to another coalition.")
    if not monthly_capacity or monthly_capacity <= 0:
        errors["monthly_capacity"] = _("The monthly capacity must be more than zero.")
    _raise(errors)
    capacity, _created = VentureCapacity.objects.update_or_create(
        venture=venture, capability=capability, defaults={"monthly_capacity": monthly_capacity}
    )
    return capacity


@transaction.atomic
def venture_capacity_remove(*, user: User, capacity: VentureCapacity) -> None:
    _require_country(user, capacity.venture.country)
    if VentureOutput.objects.filter(venture=capacity.venture, capability=capacity.capability).exists():
        raise ValidationError(_("Output of this capability has been reported: it cannot be removed."))
    capacity.delete()


def _programme_errors(data: dict) -> dict:
    errors = sensitive.problems(data, PROGRAMME_TEXTS)
    capability = data.get("capability")
    if capability is not None and capability.coalition_id != data["coalition"].pk:
        errors["capability"] = _("This capability belongs to another coalition.")
    return errors


@transaction.atomic
def programme_create(*, user: User, data: dict) -> TrainingProgramme:
    _require_country(user, data["country"])
    errors = _programme_errors(data)
    _check_member(data["country"], data["coalition"], errors)
    _raise(errors)
    return TrainingProgramme.objects.create(**data)


@transaction.atomic
def programme_update(
    *, user: User, programme: TrainingProgramme, data: dict, version: int
) -> TrainingProgramme:
    """Change a programme; a status step backwards needs ``data["status_reason"]``."""
    current = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
    _require_country(user, current.country)
    if current.version != version:
        raise StaleEdit
    data = data | {"country": current.country, "coalition": current.coalition}
    errors = _programme_errors(data)
    reason = data.get("status_reason", "").strip()
    if backwards(current.status, data["status"], TRAINING_RANK) and not reason:
        errors["status_reason"] = _("Going back to an earlier status needs a reason.")
    errors |= sensitive.problems({"status_reason": reason}, ["status_reason"])
    _raise(errors)
    return versioned_save(current, data)


# Report lines ----------------------------------------------------------------------------


def check_output(report: PartnerReport, data: dict) -> dict:
    """The line rules of a venture output line (form and import alike)."""
    venture, capability = data["venture"], data["capability"]
    errors = {
        "venture": rules.own_item(report, venture) or rules.started_by(report, first_stage_day(venture)),
        "quantity": rules.quantity(data.get("quantity")),
    }
    if not errors["venture"] and not venture.capacities.filter(capability=capability).exists():
        errors["capability"] = _("The venture does not serve this capability: add it to the venture first.")
    _raise({k: v for k, v in errors.items() if v})
    return data


def first_stage_day(venture) -> datetime.date:
    first = venture.stage_changes.order_by("on", "id").values_list("on", flat=True).first()
    return first or venture.stage_since


def check_training(report: PartnerReport, data: dict) -> dict:
    programme = data["programme"]
    started, completed = data.get("started") or 0, data.get("completed") or 0
    errors = {
        "programme": rules.own_item(report, programme) or rules.started_by(report, programme.starts_on),
        "started": rules.quantity(started + completed) and _("Give the trainees who started or completed."),
    }
    _raise({k: v for k, v in errors.items() if v})
    return data


@transaction.atomic
def venture_output_save(
    *, report: PartnerReport, user: User, data: dict, line: VentureOutput | None = None, version=None
) -> VentureOutput:
    """Add a venture output line to ``report`` or, with ``line`` and its ``version``, change it."""
    twins = VentureOutput.objects.filter(
        report=report, venture=data["venture"], capability=data["capability"]
    )
    if twins.exclude(pk=getattr(line, "pk", None)).exists():
        raise ValidationError(
            {"capability": _("This report already has a line for this venture and capability.")}
        )
    return report_line_save(
        VentureOutput, check_output, report=report, user=user, data=data, line=line, version=version
    )


@transaction.atomic
def training_line_save(
    *, report: PartnerReport, user: User, data: dict, line: TrainingThroughput | None = None, version=None
) -> TrainingThroughput:
    """Add a training throughput line to ``report`` or, with ``line`` and its ``version``, change it."""
    twins = TrainingThroughput.objects.filter(report=report, programme=data["programme"])
    if twins.exclude(pk=getattr(line, "pk", None)).exists():
        raise ValidationError({"programme": _("This report already has a line for this programme.")})
    return report_line_save(
        TrainingThroughput, check_training, report=report, user=user, data=data, line=line, version=version
    )

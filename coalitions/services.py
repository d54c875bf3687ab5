"""Business actions on the coalition ledger."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from .models import LEAD_ROLES, Commitment, CommitmentStatus, Country, Membership

COUNTRY_PERMS = ("coalitions.view_country", "coalitions.report_country")


def country_group_name(country):
    return f"country-{str(country.code).lower()}"


def country_group_ensure(*, country):
    """Give ``country`` its group holding the view and report rights on it."""
    if country.group_id is None:
        group, _created = Group.objects.get_or_create(name=country_group_name(country))
        Country.objects.filter(pk=country.pk).update(group=group)
        country.group = group
    for perm in COUNTRY_PERMS:
        assign_perm(perm, country.group, country)
    return country.group


def lead_access_sync(*, country, coalition):
    """Grant or withdraw lead read access on ``coalition`` for ``country``'s group."""
    if country.group_id is None:
        return
    leads = Membership.objects.filter(country=country, coalition=coalition, role__in=LEAD_ROLES)
    if leads.exists():
        assign_perm("coalitions.lead_coalition", country.group, coalition)
    else:
        remove_perm("coalitions.lead_coalition", country.group, coalition)


class StaleEdit(Exception):
    """The object changed since the form was loaded."""


def commitment_create(*, data):
    commitment = Commitment(**data)
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def commitment_update(*, commitment, data, version):
    """Save ``data`` onto ``commitment`` unless someone saved it after ``version`` was read."""
    current = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if current.version != version:
        raise StaleEdit
    for field, value in data.items():
        setattr(current, field, value)
    current.full_clean()
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    return current


@transaction.atomic
def commitment_cancel(*, commitment, reason, version):
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Say why the commitment is cancelled.")})
    if commitment.status == CommitmentStatus.CANCELLED:
        raise ValidationError(_("This commitment is already cancelled."))
    return commitment_update(
        commitment=commitment,
        data={"status": CommitmentStatus.CANCELLED, "cancel_reason": reason.strip()},
        version=version,
    )

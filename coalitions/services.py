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
    leads = Membership.objects.filter(
        country=country, coalition=coalition, role__in=LEAD_ROLES, ended_on__isnull=True
    )
    if leads.exists():
        assign_perm("coalitions.lead_coalition", country.group, coalition)
    else:
        remove_perm("coalitions.lead_coalition", country.group, coalition)


class StaleEdit(Exception):
    """The object changed since the form was loaded."""


def versioned_save(obj, data, *, clean=False):
    """Save ``data`` onto ``obj`` (locked by the caller) and move its version on by one."""
    for field, value in data.items():
        setattr(obj, field, value)
    if clean:
        obj.full_clean()
    obj.version = F("version") + 1
    obj.save()
    obj.refresh_from_db()
    return obj


def commitment_create(*, data):
    commitment = Commitment(**data)
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def commitment_update(*, commitment, data, version):
    """Save ``data`` onto ``commitment`` unless someone saved it after ``version`` was read."""
    current = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if current.is_cancelled:  # checked on the locked row: it may have been cancelled meanwhile
        raise ValidationError(_("A cancelled commitment cannot be changed."))
    if current.version != version:
        raise StaleEdit
    saved = versioned_save(current, data, clean=True)
    from reports import checks  # the reports app builds on this one

    checks.refresh_open_reports(country_id=saved.country_id, coalition_id=saved.coalition_id)
    return saved


@transaction.atomic
def commitment_cancel(*, commitment, reason, version):
    if not reason.strip():
        raise ValidationError({"cancel_reason": _("Say why the commitment is cancelled.")})
    return commitment_update(
        commitment=commitment,
        data={"status": CommitmentStatus.CANCELLED, "cancel_reason": reason.strip()},
        version=version,
    )

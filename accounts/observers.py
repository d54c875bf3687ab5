"""Observer organisations (NSATU, …): created by the ministry administrator, who chooses the
coalitions each one observes.

An observer organisation is a Django group (``access.observer_groups``) whose rights are
``coalitions.observe_coalition`` grants on ``Coalition`` rows; its people are observers
invited into it. The grants are kept in history (``CoalitionGroupObjectPermission`` is
tracked), so the activity page tells when an organisation starts or stops observing.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, get_objects_for_group, remove_perm

from accounts import access
from coalitions.models import Coalition

OBSERVE = "coalitions.observe_coalition"


def observed_coalitions(group):
    """The coalitions ``group`` observes."""
    return get_objects_for_group(group, OBSERVE, klass=Coalition, accept_global_perms=False).order_by("name")


def _check(user, coalitions):
    if not access.may_manage_observers(user):
        raise PermissionDenied
    if not coalitions:
        raise ValidationError({"coalitions": _("Choose at least one coalition to observe.")})


@transaction.atomic
def observer_organisation_create(*, user, name, coalitions):
    """A new observer organisation called ``name`` observing ``coalitions`` (at least one).

    The name must be free among all groups (country groups included, whatever the case)."""
    _check(user, coalitions)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the organisation's name.")})
    if Group.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("The name %(name)s is already used.") % {"name": name}})
    group = Group.objects.create(name=name)
    for coalition in coalitions:
        assign_perm(OBSERVE, group, coalition)
    return group


@transaction.atomic
def observer_organisation_coalitions_set(*, user, group, coalitions):
    """``group`` observes exactly ``coalitions`` (at least one) from now on.

    Returns the coalitions added and those removed. Its observers' rights change at once
    (their next request reads them afresh).
    """
    _check(user, coalitions)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if not access.observer_groups().filter(pk=group.pk).exists():
        raise ValidationError(_("%(name)s is not an observer organisation.") % {"name": group.name})
    current = set(observed_coalitions(group))
    wanted = set(coalitions)
    added = sorted(wanted - current, key=lambda c: c.name)
    removed = sorted(current - wanted, key=lambda c: c.name)
    for coalition in added:
        assign_perm(OBSERVE, group, coalition)
    for coalition in removed:
        remove_perm(OBSERVE, group, coalition)
    return added, removed

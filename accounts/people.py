"""Business actions on people: deactivation, role changes, access confirmation.

Who may act on whom is decided in ``accounts.access`` (``people_for``, ``may_change_person``);
every action here checks it on the locked row and is kept in the user's history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import PARTNER_ROLES, Role, User
from accounts.services import user_country


def _locked(actor, person):
    current = User.objects.select_for_update().get(pk=person.pk)
    if not access.may_change_person(actor, current):
        raise PermissionDenied
    return current


def active_focal_points(country):
    if country is None or country.group_id is None:
        return User.objects.none()
    return User.objects.filter(groups=country.group_id, role=Role.FOCAL_POINT, is_active=True)


def _check_not_last_focal_point(person):
    if person.role != Role.FOCAL_POINT or not person.is_active:
        return
    country = user_country(person)
    if not active_focal_points(country).exclude(pk=person.pk).exists():
        raise ValidationError(
            _("%(name)s is the last focal point of %(country)s: invite another focal point first.")
            % {"name": person.get_username(), "country": country}
        )


@transaction.atomic
def person_deactivate(*, actor, person):
    """Deactivate ``person``: their sessions end at once (accounts.signals)."""
    if person.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    current = _locked(actor, person)
    if not current.is_active:
        raise ValidationError(_("This account is already deactivated."))
    _check_not_last_focal_point(current)
    current.is_active = False
    current.save(update_fields=["is_active"])
    return current


@transaction.atomic
def person_role_set(*, actor, person, role):
    """Change a partner's role within what ``actor`` may grant (a focal point: officer or viewer)."""
    current = _locked(actor, person)
    if role not in access.invitable_roles(actor) or role not in PARTNER_ROLES:
        raise ValidationError({"role": _("You cannot give this role.")})
    if current.role not in PARTNER_ROLES:
        raise ValidationError({"role": _("Only a partner's role changes here.")})
    if current.role == role:
        return current
    if role != Role.FOCAL_POINT:
        _check_not_last_focal_point(current)
    current.role = role
    current.save(update_fields=["role"])
    access.forget(current)
    return current


@transaction.atomic
def access_confirm(*, actor, people):
    """Confirm that ``people`` still need access: their review starts again from today.

    All or nothing: one person ``actor`` may not review refuses the whole confirmation.
    """
    people = list(User.objects.select_for_update().filter(pk__in=[p.pk for p in people]))
    if not people:
        raise ValidationError(_("Choose the people who still need access."))
    if not all(access.may_change_person(actor, person) and person.is_active for person in people):
        raise PermissionDenied
    now = timezone.now()
    for person in people:
        person.access_confirmed_at = now
        person.access_reminders = 0
        person.access_reminded_at = None
        person.save(update_fields=["access_confirmed_at", "access_reminders", "access_reminded_at"])
    return people

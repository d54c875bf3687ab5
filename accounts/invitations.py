"""Invitations: how people get an account without anyone typing a password for them.

A ministry administrator invites focal points (and observers); a focal point invites their
own country's officers and viewers. The link carries a random token; only its SHA-256 is
stored, so the database alone never opens an invitation. A link works once, until it
expires (INVITATION_MAX_AGE_HOURS); sending it again makes a new link and revokes the old.
"""

import datetime
import hashlib
import secrets

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import PARTNER_ROLES, Invitation, InvitationStatus, Role, User

TOKEN_BYTES = 32


def token_new():
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    return hashlib.sha256(str(token).encode("utf-8", "surrogatepass")).hexdigest()


def accept_url(token):
    return f"{settings.PORTAL_URL}{reverse('invitation_accept', kwargs={'token': token})}"


def _mail(invitation, token):
    context = {
        "invitation": invitation,
        "url": accept_url(token),
        "hours": settings.INVITATION_MAX_AGE_HOURS,
        "sender": invitation.invited_by,
    }
    subject = render_to_string("emails/invitation_subject.txt", context).strip()
    body = render_to_string("emails/invitation.txt", context)
    return (subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])


def _queue_mail(invitation, token):
    from reports.emails import send  # the outbox: written in this transaction, sent by the worker

    send([_mail(invitation, token)])


def sent_in_last_hour(sender):
    since = timezone.now() - datetime.timedelta(hours=1)
    return Invitation.objects.filter(invited_by=sender, created_at__gte=since).count()


def _check_rate(sender):
    limit = settings.INVITATION_RATE_PER_HOUR
    if sent_in_last_hour(sender) >= limit:
        raise ValidationError(
            _("You have sent %(limit)d invitations in the last hour, the most allowed; try again later.")
            % {"limit": limit}
        )


def _check_target(sender, role, country, group):
    """The sender may invite into ``role`` and ``country`` (or observer ``group``)."""
    if role not in access.invitable_roles(sender):
        raise PermissionDenied
    if role in PARTNER_ROLES:
        if country is None or group is not None:
            raise ValidationError({"country": _("Choose the country the person works for.")})
        if country.is_recipient:
            raise ValidationError({"country": _("Ukraine's staff are not invited as partners.")})
        if not access.may_manage_people(sender, country):
            raise PermissionDenied
    elif role == Role.OBSERVER and (group is None or country is not None):
        raise ValidationError({"group": _("Choose the observer organisation.")})


def _create(*, sender, email, role, country, group, resent_from=None):
    token = token_new()
    now = timezone.now()
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        country=country,
        group=group,
        token_hash=token_hash(token),
        invited_by=sender,
        created_at=now,
        expires_at=now + datetime.timedelta(hours=settings.INVITATION_MAX_AGE_HOURS),
        resent_from=resent_from,
    )
    _queue_mail(invitation, token)
    return invitation, token


@transaction.atomic
def invitation_create(*, sender, email, role, country=None, group=None):
    """Invite ``email`` into ``role`` (of ``country``, or observer ``group``); mail the link.

    Returns the invitation and its token (the token is in the e-mail and nowhere else).
    Whether the address already has an account changes nothing here: the answer must not
    tell the sender.
    """
    User.objects.select_for_update().get(pk=sender.pk)  # one sender's invitations are counted in turn
    _check_target(sender, role, country, group)
    _check_rate(sender)
    email = User.objects.normalize_email(email.strip())
    pending = access.invitations_for(sender).filter(
        email__iexact=email, status=InvitationStatus.PENDING, expires_at__gt=timezone.now()
    )
    if pending.exists():
        raise ValidationError(
            {"email": _("An invitation to this address is still open: send it again or revoke it.")}
        )
    return _create(sender=sender, email=email, role=role, country=country, group=group)


def _close(invitation, status, user):
    invitation.status = status
    invitation.closed_at = timezone.now()
    invitation.closed_by = user
    invitation.save(update_fields=["status", "closed_at", "closed_by"])


def _locked(user, invitation):
    """``invitation`` locked, if ``user`` manages it (404 otherwise, like a missing one)."""
    from django.http import Http404

    found = access.invitations_for(user).select_for_update().filter(pk=invitation.pk).first()
    if found is None:
        raise Http404
    return found


@transaction.atomic
def invitation_revoke(*, user, invitation):
    current = _locked(user, invitation)
    if current.status != InvitationStatus.PENDING:
        raise ValidationError(_("Only an open invitation can be revoked."))
    _close(current, InvitationStatus.REVOKED, user)
    return current


@transaction.atomic
def invitation_resend(*, user, invitation):
    """Send a new link for an open or expired invitation; the old link stops working."""
    User.objects.select_for_update().get(pk=user.pk)
    current = _locked(user, invitation)
    if current.status not in (InvitationStatus.PENDING, InvitationStatus.EXPIRED):
        raise ValidationError(_("An accepted or revoked invitation cannot be sent again."))
    _check_target(user, current.role, current.country, current.group)
    _check_rate(user)
    if current.status == InvitationStatus.PENDING:
        _close(current, InvitationStatus.REVOKED, user)
    return _create(
        sender=user,
        email=current.email,
        role=current.role,
        country=current.country,
        group=current.group,
        resent_from=current,
    )


def invitation_open(token):
    """The open invitation of ``token``, or None (unknown, forged, used, revoked or expired)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        return None
    return (
        Invitation.objects.select_related("country", "group", "invited_by")
        .filter(token_hash=token_hash(token), status=InvitationStatus.PENDING, expires_at__gt=timezone.now())
        .first()
    )


class InvitationClosed(Exception):
    """The link is not (or no longer) an open invitation."""


@transaction.atomic
def invitation_accept(*, token, username, first_name, last_name, password):
    """Create the invited person's account, put it in its country (or observer) group and
    close the invitation. The password has passed the portal's validators (the form)."""
    found = invitation_open(token)
    if found is None:
        raise InvitationClosed
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    if invitation.status != InvitationStatus.PENDING or invitation.expires_at <= timezone.now():
        raise InvitationClosed  # accepted or revoked meanwhile
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is taken: choose another.")})
    user = User(
        username=username,
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
        role=invitation.role,
        access_confirmed_at=timezone.now(),
    )
    user.set_password(password)
    user.save()
    pghistory.context(user=user.pk)  # the events of this acceptance are the new user's
    group = invitation.country.group if invitation.country_id else invitation.group
    if group is not None:
        user.groups.add(group)
    _close(invitation, InvitationStatus.ACCEPTED, user)
    return user


@transaction.atomic
def invitations_expire(*, now=None):
    """Mark open invitations past their expiry as expired (so the record says so)."""
    now = now or timezone.now()
    stale = Invitation.objects.filter(status=InvitationStatus.PENDING, expires_at__lte=now)
    count = 0
    for invitation in stale.select_for_update(skip_locked=True):
        invitation.status = InvitationStatus.EXPIRED
        invitation.closed_at = now
        invitation.save(update_fields=["status", "closed_at"])
        count += 1
    return count

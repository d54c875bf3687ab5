"""Invitations: a single-use, expiring link stored only as a hash creates one account."""

import datetime
import hashlib

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import invitations
from accounts.models import Invitation, InvitationStatus, Role, User
from tests import factories as f
from tests.world import log_in

PASSWORD = "a-long-unusual-passphrase-17"


def accept_data(username="newcomer", password=PASSWORD, again=None):
    return {
        "username": username,
        "first_name": "New",
        "last_name": "Comer",
        "password1": password,
        "password2": again or password,
    }


def invite(world, *, sender="focal_point_b", email="new@example.org", role=Role.OFFICER, country=None):
    return invitations.invitation_create(
        sender=world.users[sender], email=email, role=role, country=country or world.b
    )


def accept_url(token):
    return reverse("invitation_accept", kwargs={"token": token})


# Sending ----------------------------------------------------------------------------------


def test_invitation_mails_a_link_after_commit_and_stores_only_the_tokens_hash(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite(world)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.filter(pk=invitation.pk).values().get())
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert accept_url(token) in mail.outbox[0].body
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(hours=72)


@override_settings(INVITATION_MAX_AGE_HOURS=5)
def test_invitation_lifetime_is_a_setting(world):
    invitation, _token = invite(world)
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(hours=5)


def test_unreachable_mail_server_does_not_fail_the_invitation(world, django_capture_on_commit_callbacks):
    with (
        override_settings(EMAIL_BACKEND="tests.reports.test_workflow.UnreachableMailServer"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        invitation, _token = invite(world)
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.PENDING


def test_focal_point_cannot_invite_into_another_country(world):
    with pytest.raises(PermissionDenied):
        invite(world, country=world.a)
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("role", [Role.FOCAL_POINT, Role.OBSERVER, Role.ANALYST, Role.REVIEWER, Role.ADMIN])
def test_focal_point_cannot_invite_above_officer(world, role):
    with pytest.raises(PermissionDenied):
        invite(world, role=role)
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("persona", ["officer_b", "viewer_a", "analyst", "reviewer", "observer"])
def test_only_focal_points_and_the_ministry_administrator_invite(world, persona):
    with pytest.raises(PermissionDenied):
        invite(world, sender=persona, country=world.b)
    assert Invitation.objects.count() == 0


def test_ministry_administrator_invites_focal_points_and_observers(world):
    focal, _ = invite(world, sender="ministry_admin", role=Role.FOCAL_POINT, country=world.a)
    observer, _ = invitations.invitation_create(
        sender=world.users["ministry_admin"],
        email="nato@example.org",
        role=Role.OBSERVER,
        group=world.observer_group,
    )
    assert (focal.country, observer.group) == (world.a, world.observer_group)


def test_invite_form_offers_a_focal_point_only_officer_and_viewer_of_their_country(world, client):
    log_in(client, world.users["focal_point_b"])
    form = client.get(reverse("people:invite")).context["form"]
    assert [value for value, _label in form.fields["role"].choices] == ["officer", "viewer"]
    assert list(form.fields["country"].queryset) == [world.b]
    assert "group" not in form.fields


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "not-an-address", "role": "officer"}, "email"),
        ({"email": "x@example.org", "role": "focal_point"}, "role"),
        ({"email": "x@example.org", "role": "officer", "country": "999999"}, "country"),
    ],
)
def test_invite_page_refuses_bad_input_with_a_message_and_sends_nothing(world, client, data, field):
    log_in(client, world.users["focal_point_b"])
    response = client.post(reverse("people:invite"), {"country": world.b.pk} | data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert Invitation.objects.count() == 0
    assert mail.outbox == []


def test_invite_page_answers_alike_whether_the_address_has_an_account(world, client):
    log_in(client, world.users["focal_point_b"])
    known = client.post(
        reverse("people:invite"), {"email": "officer-a@example.org", "role": "officer", "country": world.b.pk}
    )
    client = log_in(Client(), world.users["focal_point_b"])
    unknown = client.post(
        reverse("people:invite"), {"email": "nobody@example.org", "role": "officer", "country": world.b.pk}
    )
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    said = [m.message.replace("officer-a", "nobody") for m in get_messages(known.wsgi_request)]
    assert said == [m.message for m in get_messages(unknown.wsgi_request)] != []
    assert Invitation.objects.count() == 2


@override_settings(INVITATION_RATE_PER_HOUR=3)
def test_invitations_are_rate_limited_per_sender(world):
    for n in range(3):
        invite(world, email=f"p{n}@example.org")
    with pytest.raises(ValidationError, match="3 invitations in the last hour"):
        invite(world, email="p3@example.org")
    # another sender is counted apart
    invite(world, sender="ministry_admin", email="p3@example.org")
    # an hour later the sender may invite again
    Invitation.objects.filter(invited_by=world.users["focal_point_b"]).update(
        created_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    invite(world, email="p4@example.org")
    assert Invitation.objects.count() == 5


@override_settings(INVITATION_RATE_PER_HOUR=1)
def test_resending_counts_against_the_rate_limit(world):
    invitation, _token = invite(world)
    with pytest.raises(ValidationError):
        invitations.invitation_resend(user=world.users["focal_point_b"], invitation=invitation)
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.PENDING


def test_an_open_invitation_to_the_same_address_is_not_sent_twice(world):
    invite(world)
    with pytest.raises(ValidationError, match="still open"):
        invite(world, email="NEW@example.org")


# Revoking and resending -------------------------------------------------------------------


def test_revoked_link_shows_the_closed_page(world, client):
    invitation, token = invite(world)
    invitations.invitation_revoke(user=world.users["focal_point_b"], invitation=invitation)
    response = client.post(accept_url(token), accept_data())
    assert response.status_code == 404
    assert response.templates[0].name == "accounts/invitation_closed.html"
    assert not User.objects.filter(username="newcomer").exists()


def test_resending_makes_a_new_link_and_the_old_one_stops_working(world, client):
    invitation, old = invite(world)
    again, new = invitations.invitation_resend(user=world.users["focal_point_b"], invitation=invitation)
    assert (again.resent_from, again.email, again.country) == (invitation, invitation.email, world.b)
    assert client.get(accept_url(old)).status_code == 404
    assert client.get(accept_url(new)).status_code == 200


def test_expired_invitation_can_be_sent_again(world):
    invitation, _token = invite(world)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert invitations.invitations_expire() == 1
    again, _new = invitations.invitation_resend(user=world.users["focal_point_b"], invitation=invitation)
    assert again.status == InvitationStatus.PENDING


def test_focal_point_cannot_revoke_another_countrys_invitation(world):
    from django.http import Http404

    invitation, _token = invite(world, sender="ministry_admin", country=world.a)
    with pytest.raises(Http404):
        invitations.invitation_revoke(user=world.users["focal_point_b"], invitation=invitation)
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.PENDING


# Accepting --------------------------------------------------------------------------------


def test_accepting_creates_the_account_in_the_country_and_logs_it_in(world, client):
    invitation, token = invite(world)
    page = client.get(accept_url(token))
    assert page.status_code == 200
    response = client.post(accept_url(token), accept_data())
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    user = User.objects.get(username="newcomer")
    assert (user.role, user.email, user.get_full_name()) == (Role.OFFICER, "new@example.org", "New Comer")
    assert list(user.groups.all()) == [world.b.group]
    assert user.check_password(PASSWORD)
    assert client.get(reverse("dashboard")).wsgi_request.user == user
    invitation.refresh_from_db()
    assert (invitation.status, invitation.closed_by) == (InvitationStatus.ACCEPTED, user)


def test_link_works_once(world, client):
    _invitation, token = invite(world)
    client.post(accept_url(token), accept_data())
    client.logout()
    second = client.post(accept_url(token), accept_data(username="someone-else"))
    assert second.status_code == 404
    assert not User.objects.filter(username="someone-else").exists()


def test_role_with_a_second_factor_is_sent_to_set_it_up(world, client):
    _invitation, token = invite(world, sender="ministry_admin", role=Role.FOCAL_POINT, country=world.a)
    response = client.post(accept_url(token), accept_data())
    assert response["Location"] == reverse("two_factor:setup")
    # until it is set up, every other page sends the new focal point back there
    assert client.get(reverse("people:index"))["Location"] == reverse("two_factor:setup")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (accept_data(password="short"), "password1"),
        (accept_data(password="password123"), "password1"),
        (accept_data(username="newcomer-kyiv", password="newcomer-kyiv1"), "password1"),  # like the name
        (accept_data(again="another-long-passphrase-99"), "password2"),
        (accept_data(username="bad name!"), "username"),
        (accept_data(username="officer-a"), "username"),  # taken
    ],
)
def test_bad_name_or_password_is_refused_with_a_message_and_creates_nothing(world, client, data, field):
    invitation, token = invite(world)
    users = User.objects.count()
    response = client.post(accept_url(token), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert User.objects.count() == users
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.PENDING


def test_accepting_while_logged_in_as_someone_else_is_refused(world, client):
    _invitation, token = invite(world)
    log_in(client, world.users["officer_a"])
    response = client.post(accept_url(token), accept_data())
    assert response.status_code == 403
    assert "officer-a" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()
    assert client.get(reverse("dashboard")).wsgi_request.user == world.users["officer_a"]


def test_accept_page_is_not_cached(world, client):
    _invitation, token = invite(world)
    assert "no-cache" in client.get(accept_url(token))["Cache-Control"]


# Tokens: random, tampered, expired -------------------------------------------------------


def _tamper(token, index, char):
    index %= len(token)
    changed = token[:index] + char + token[index + 1 :]
    return changed if changed != token else token[:index] + ("A" if char != "A" else "B") + token[index + 1 :]


def test_no_token_but_the_open_one_grants_access(world, client):
    """Random strings, tampered copies of a real token and the expired real token: never an account."""
    _open, token = invite(world, email="open@example.org")
    expired, expired_token = invite(world, email="expired@example.org")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    users = User.objects.count()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    tokens = st.one_of(
        st.text(alphabet=alphabet, min_size=1, max_size=80),
        st.text(min_size=1, max_size=60).filter(lambda t: "/" not in t),
        st.builds(_tamper, st.just(token), st.integers(0, 100), st.sampled_from(alphabet)),
        st.builds(lambda n: token[:n], st.integers(1, len(token) - 1)),
        st.builds(lambda extra: token + extra, st.text(alphabet=alphabet, min_size=1, max_size=5)),
        st.just(expired_token),
        st.just(hashlib.sha256(token.encode()).hexdigest()),  # the stored hash is not a key
    )

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(candidate=tokens)
    def never_grants(candidate):
        assert invitations.invitation_open(candidate) is None
        with pytest.raises(invitations.InvitationClosed):
            invitations.invitation_accept(
                token=candidate, username="intruder", first_name="I", last_name="N", password=PASSWORD
            )
        try:
            url = accept_url(candidate)
        except Exception:  # not even a URL of the portal
            return
        response = client.post(url, accept_data(username="intruder"))
        assert response.status_code == 404
        assert User.objects.count() == users

    never_grants()
    assert invitations.invitation_open(token) is not None  # the real link still works


def test_expired_invitations_are_marked_and_recorded(world):
    invitation, _token = invite(world)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert invitations.invitations_expire() == 1
    labels = list(invitation.events.order_by("pgh_id").values_list("pgh_label", flat=True))
    assert labels == ["sent", "expired"]


def test_ukraine_is_no_partner_country(world):
    ukraine = f.CountryFactory(code="UA", name="Ukraine", is_recipient=True)
    with pytest.raises((ValidationError, PermissionDenied)):
        invite(world, sender="ministry_admin", country=ukraine)

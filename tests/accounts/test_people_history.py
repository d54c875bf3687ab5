"""Everything about people is on record, and the activity page says it in words."""

import datetime

import pghistory
from django.urls import reverse
from django.utils import timezone

from accounts import invitations, people
from accounts.models import Invitation, Role, User
from reports import history
from tests.world import log_in

PASSWORD = "a-long-unusual-passphrase-17"


def test_activity_page_tells_who_did_what_to_invitations_accounts_and_groups(world, client):
    focal, officer = world.users["focal_point_b"], world.users["officer_b"]
    with pghistory.context(user=focal.pk):
        invitation, token = invitations.invitation_create(
            sender=focal, email="new@example.org", role=Role.VIEWER, country=world.b
        )
        revoked, _ = invitations.invitation_create(
            sender=focal, email="gone@example.org", role=Role.VIEWER, country=world.b
        )
        invitations.invitation_revoke(user=focal, invitation=revoked)
        stale, _ = invitations.invitation_create(
            sender=focal, email="late@example.org", role=Role.VIEWER, country=world.b
        )
        people.person_role_set(actor=focal, person=officer, role=Role.VIEWER)
        people.person_deactivate(actor=focal, person=officer)
    with pghistory.context(url="/accounts/invitation/…/"):
        invitations.invitation_accept(
            token=token, username="newcomer", first_name="N", last_name="C", password=PASSWORD
        )
    Invitation.objects.filter(pk=stale.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pghistory.context(command="review_access"):
        invitations.invitations_expire()

    log_in(client, world.users["ministry_admin"])
    said = set()
    # in a test every event has the same time, so the page is asked for one author at a time
    for query in ({"user": focal.pk}, {"user": User.objects.get(username="newcomer").pk}, {}):
        events = client.get(reverse("activity"), query).context["page"].object_list
        said |= {(e.summary, e.actor.get_username() if e.actor else e.command) for e in events if e.summary}
    expired = history.page_of(history.activity(), 1, 1000).object_list
    said |= {(e.summary, e.command) for e in expired if e.command}
    assert {
        ("Invitation sent to new@example.org as Partner viewer", "focal-b"),
        ("Invitation to gone@example.org revoked", "focal-b"),
        ("Invitation to late@example.org expired", "review_access"),
        ("officer-b is now Partner viewer", "focal-b"),
        ("officer-b deactivated", "focal-b"),
        ("Account newcomer created as Partner viewer", "newcomer"),
        ("newcomer joined Sweden", "newcomer"),
        ("Invitation to new@example.org accepted", "newcomer"),
    } <= said
    html = client.get(reverse("activity"), {"user": focal.pk}).content.decode()
    assert "officer-b deactivated" in html
    assert token not in html


def test_user_history_keeps_neither_password_nor_last_login(world):
    user = world.users["officer_a"]
    user.set_password("another-long-passphrase-1")
    user.last_login = timezone.now()
    user.save()
    events = user.events.all()
    assert list(events.values_list("pgh_label", flat=True)) == ["created"]
    assert "password" not in events.values().get()

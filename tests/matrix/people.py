"""People pages (focal points, the ministry administrator), the invitation link, memberships.

B's focal point manages B's officers and viewers; the ministry administrator manages every
country's people and the memberships. Another country's page or account answers 404; one
the user may see but not manage 403.
"""

from accounts import invitations
from accounts.models import Invitation, Role
from coalitions.models import Membership

from . import Case, expect

MANAGERS_ONLY = expect(403, focal_point_b=302, ministry_admin=302)
MINISTRY_ADMIN_ONLY = expect(403, ministry_admin=200)
LOGGED_IN_REFUSED = dict.fromkeys(expect(403), 403) | {"anonymous": 404, "deactivated": 404}


def country(code):
    return lambda w: {"code": code}


def _invite(w, sender, country, role=Role.OFFICER):
    """A new open invitation (a new address each call: one world may serve several cases)."""
    email = f"new-{Invitation.objects.count()}@example.org"
    return invitations.invitation_create(sender=w.users[sender], email=email, role=role, country=country)


def invitation_of_b(w):
    return {"pk": _invite(w, "ministry_admin", w.b)[0].pk}


def invitation_of_a(w):
    return {"pk": _invite(w, "ministry_admin", w.a)[0].pk}


def open_token(w):
    return {"token": _invite(w, "focal_point_b", w.b, Role.VIEWER)[1]}


def revoked_token(w):
    invitation, token = _invite(w, "focal_point_b", w.b, Role.VIEWER)
    invitations.invitation_revoke(user=w.users["focal_point_b"], invitation=invitation)
    return {"token": token}


def accept_data(w):
    return {
        "username": "joiner",
        "first_name": "Jo",
        "last_name": "Iner",
        "password1": "a-long-unusual-passphrase-17",
        "password2": "a-long-unusual-passphrase-17",
    }


def person(name):
    return lambda w: {"pk": w.users[name].pk}


def observer_organisation(w):
    return {"pk": w.observer_group.pk}


def country_group_of_b(w):
    return {"pk": w.b.group_id}


def membership_of_a(w):
    return {"pk": Membership.objects.get(country=w.a, coalition=w.coalition).pk}


CASES = [
    # A focal point goes on to their own country's page; the ministry administrator sees all.
    Case("people:index", expected=expect(403, focal_point_b=302, ministry_admin=200)),
    Case(
        "people:country",
        kwargs=country("se"),
        expected=expect(403, focal_point_b=200, ministry_admin=200, officer_a=404, viewer_a=404)
        | {"lead_officer": 404, "observer": 404},
    ),
    Case(
        "people:country",
        kwargs=country("be"),
        expected=expect(403, officer_b=404, focal_point_b=404, ministry_admin=200)
        | {"lead_officer": 404, "observer": 404},
    ),
    Case("people:country", kwargs=country("zz"), expected=expect(404)),
    Case("people:invite", expected=expect(403, focal_point_b=200, ministry_admin=200)),
    # Into B: the focal point invites; the ministry administrator then finds that invitation open.
    Case(
        "people:invite",
        method="post",
        data=lambda w: {"email": "someone@example.org", "role": "officer", "country": w.b.pk},
        expected=expect(403, focal_point_b=302, ministry_admin=400),
    ),
    # Into A: B's focal point cannot choose another country.
    Case(
        "people:invite",
        method="post",
        data=lambda w: {"email": "someone@example.org", "role": "officer", "country": w.a.pk},
        expected=expect(403, focal_point_b=400, ministry_admin=302),
    ),
    Case(
        "people:confirm",
        method="post",
        data=lambda w: {"people": [w.users["officer_b"].pk]},
        expected=MANAGERS_ONLY,
    ),
    Case("people:invitation_revoke", kwargs=invitation_of_b, method="post", expected=MANAGERS_ONLY),
    Case(
        "people:invitation_revoke",
        kwargs=invitation_of_a,
        method="post",
        expected=expect(403, focal_point_b=404, ministry_admin=302),
    ),
    Case("people:invitation_resend", kwargs=invitation_of_b, method="post", expected=MANAGERS_ONLY),
    Case("people:deactivate", kwargs=person("officer_b"), method="post", expected=MANAGERS_ONLY),
    Case(
        "people:deactivate",
        kwargs=person("viewer_a"),
        method="post",
        expected=expect(403, focal_point_b=404, ministry_admin=302),
    ),
    # A focal point changes no focal point (not even themselves); the ministry administrator may.
    Case(
        "people:deactivate",
        kwargs=person("focal_point_b"),
        method="post",
        expected=expect(403, focal_point_b=403, ministry_admin=302),
    ),
    Case(
        "people:role",
        kwargs=person("officer_b"),
        method="post",
        data=lambda w: {"role": "viewer"},
        expected=MANAGERS_ONLY,
    ),
    # The invitation link: for visitors only; a forged token shows the one closed page.
    Case(
        "invitation_accept",
        kwargs=lambda w: {"token": "forged-token-forged-token"},
        expected=LOGGED_IN_REFUSED,
    ),
    Case(
        "invitation_accept",
        kwargs=open_token,
        expected=LOGGED_IN_REFUSED | {"anonymous": 200, "deactivated": 200},
    ),
    # A revoked link creates nothing, for anyone (accepting an open one: tests/accounts/test_invitations.py).
    Case(
        "invitation_accept", kwargs=revoked_token, method="post", data=accept_data, expected=LOGGED_IN_REFUSED
    ),
    # Memberships: the ministry administrator's.
    Case("memberships:list", expected=MINISTRY_ADMIN_ONLY),
    Case("memberships:add", expected=MINISTRY_ADMIN_ONLY),
    Case(
        "memberships:add",
        method="post",
        data=lambda w: {
            "country": "NO",
            "coalition": w.coalition.pk,
            "role": "member",
            "cadence": "quarter",
            "first_period": "2027-Q1",
        },
        expected=expect(403, ministry_admin=302),
    ),
    Case("memberships:end", kwargs=membership_of_a, expected=MINISTRY_ADMIN_ONLY),
    Case(
        "memberships:end",
        kwargs=membership_of_a,
        method="post",
        data=lambda w: {"ended_on": "2026-12-31"},
        expected=expect(403, ministry_admin=302),
    ),
    # Observer organisations: the ministry administrator's; a country's group is none.
    Case("people:observers", expected=MINISTRY_ADMIN_ONLY),
    Case("people:observer_add", expected=MINISTRY_ADMIN_ONLY),
    Case(
        "people:observer_add",
        method="post",
        data=lambda w: {"name": "NSATU", "coalitions": [w.coalition.pk]},
        expected=expect(403, ministry_admin=302),
    ),
    Case("people:observer_change", kwargs=observer_organisation, expected=MINISTRY_ADMIN_ONLY),
    Case(
        "people:observer_change",
        kwargs=observer_organisation,
        method="post",
        data=lambda w: {"coalitions": [w.coalition.pk, w.other_coalition.pk]},
        expected=expect(403, ministry_admin=302),
    ),
    Case(
        "people:observer_change",
        kwargs=country_group_of_b,
        method="post",
        data=lambda w: {"coalitions": [w.coalition.pk]},
        expected=expect(403, ministry_admin=404),
    ),
]

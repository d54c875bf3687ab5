"""Readable sentences for the activity page's events about people: invitations, accounts,
roles, group memberships (a user's country), coalition memberships and the coalitions an
observer organisation observes."""

from django.apps import apps
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from accounts.models import Role


def _role(value):
    try:
        return Role(value).label
    except ValueError:
        return value or ""


INVITATION = {
    "sent": lambda d: _("Invitation sent to %(email)s as %(role)s") % d,
    "resent": lambda d: _("Invitation sent again to %(email)s as %(role)s") % d,
    "accepted": lambda d: _("Invitation to %(email)s accepted") % d,
    "revoked": lambda d: _("Invitation to %(email)s revoked") % d,
    "expired": lambda d: _("Invitation to %(email)s expired") % d,
}
USER = {
    "created": lambda d: _("Account %(username)s created as %(role)s") % d,
    "role_changed": lambda d: _("%(username)s is now %(role)s") % d,
    "deactivated": lambda d: _("%(username)s deactivated") % d,
    "reactivated": lambda d: _("%(username)s reactivated") % d,
    "access_confirmed": lambda d: _("Access of %(username)s confirmed") % d,
    "details_changed": lambda d: _("Name or e-mail of %(username)s changed") % d,
}
OBSERVING = {
    "insert": lambda d: _("%(group)s observes %(coalition)s") % d,
    "delete": lambda d: _("%(group)s no longer observes %(coalition)s") % d,
}
API_TOKEN = {
    "created": lambda d: _("API token “%(name)s” (%(access)s) created") % d,
    "revoked": lambda d: _("API token “%(name)s” revoked") % d,
    "used": lambda d: _("API token “%(name)s” used") % d,
    "deleted": lambda d: _("API token “%(name)s” deleted") % d,
}
GROUP = {
    "insert": lambda d: _("%(username)s joined %(group)s") % d,
    "delete": lambda d: _("%(username)s left %(group)s") % d,
}


def _membership(data, label, names):
    values = {
        "country": names["countries"].get(data.get("country_id"), data.get("country_id")),
        "coalition": names["coalitions"].get(data.get("coalition_id"), data.get("coalition_id")),
        "role": data.get("role", ""),
    }
    if data.get("ended_on"):
        return _("%(country)s's membership of %(coalition)s ends on %(day)s") % (
            values | {"day": data["ended_on"]}
        )
    if label == "insert":
        return _("%(country)s joined %(coalition)s (%(role)s)") % values
    return ""


def _observe_permission_id():
    Permission = apps.get_model("auth.Permission")
    return (
        Permission.objects.filter(content_type__app_label="coalitions", codename="observe_coalition")
        .values_list("pk", flat=True)
        .first()
    )


def _names(events):
    users, groups, countries, coalitions = set(), set(), set(), set()
    for event in events:
        data = event.pgh_data or {}
        users.add(data.get("user_id"))
        groups.add(data.get("group_id"))
        countries.add(data.get("country_id"))
        coalitions.add(data.get("coalition_id"))
        if event.pgh_obj_model == "coalitions.CoalitionGroupObjectPermission":
            coalitions.add(data.get("content_object_id"))
    User = apps.get_model("accounts.User")
    Country = apps.get_model("coalitions.Country")
    Coalition = apps.get_model("coalitions.Coalition")
    country_of_group = dict(
        Country.objects.filter(group_id__in=groups - {None}).values_list("group_id", "name")
    )
    return {
        "users": dict(User.objects.filter(pk__in=users - {None}).values_list("pk", "username")),
        "groups": {
            pk: country_of_group.get(pk, name)
            for pk, name in Group.objects.filter(pk__in=groups - {None}).values_list("pk", "name")
        },
        "countries": dict(Country.objects.filter(pk__in=countries - {None}).values_list("pk", "name")),
        "coalitions": dict(Coalition.objects.filter(pk__in=coalitions - {None}).values_list("pk", "name")),
    }


def describe(events):
    """Give each of ``events`` a ``summary`` sentence ("" for events of other models)."""
    people_models = {
        "accounts.Invitation",
        "accounts.User",
        "coalitions.UserGroupMembership",
        "coalitions.Membership",
        "coalitions.CoalitionGroupObjectPermission",
        "accounts.ApiToken",
    }
    relevant = [e for e in events if e.pgh_obj_model in people_models]
    names = _names(relevant) if relevant else {}
    ids = {id(e) for e in relevant}
    for event in events:
        event.summary = _summary(event, names) if id(event) in ids else ""
    return events


def _summary(event, names):
    data, label, model = event.pgh_data or {}, event.pgh_label, event.pgh_obj_model
    if model == "accounts.Invitation":
        if label == "sent" and data.get("resent_from_id"):
            label = "resent"
        return INVITATION.get(label, lambda d: "")(
            {"email": data.get("email", ""), "role": _role(data.get("role"))}
        )
    if model == "accounts.User":
        values = {"username": data.get("username", ""), "role": _role(data.get("role"))}
        return USER.get(label, lambda d: "")(values)
    if model == "accounts.ApiToken":
        values = {"name": data.get("name", ""), "access": data.get("access", "")}
        return API_TOKEN.get(label, lambda d: "")(values)
    if model == "coalitions.UserGroupMembership":
        values = {
            "username": names["users"].get(data.get("user_id"), data.get("user_id")),
            "group": names["groups"].get(data.get("group_id"), data.get("group_id")),
        }
        return GROUP.get(label, lambda d: "")(values)
    if model == "coalitions.CoalitionGroupObjectPermission":
        if data.get("permission_id") != _observe_permission_id():
            return ""
        values = {
            "group": names["groups"].get(data.get("group_id"), data.get("group_id")),
            "coalition": names["coalitions"].get(
                data.get("content_object_id"), data.get("content_object_id")
            ),
        }
        return OBSERVING.get(label, lambda d: "")(values)
    return _membership(data, label, names)

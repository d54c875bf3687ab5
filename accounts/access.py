"""The one scoping policy of the portal.

Every list, detail page, form, chart and export gets its rows through this module:
``Model.objects.for_user(user)`` (``ScopedQuerySet``) or the helpers below. Views
never filter by country by hand.

Rights come from django-guardian object permissions held by the user's groups:
- ``coalitions.view_country`` / ``coalitions.report_country`` on a ``Country``: the
  country's own group (one group per country);
- ``coalitions.lead_coalition`` on a ``Coalition``: the lead country's group, granted
  and withdrawn with lead memberships;
- ``coalitions.observe_coalition`` on a ``Coalition``: an observer's group.
The user's role says what kind of access those rights give (officer writes, viewer reads).
"""

import functools
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from guardian.shortcuts import get_objects_for_user

from accounts.models import MINISTRY_ROLES, OFFICER_ROLES, PARTNER_ROLES, Role
from accounts.security import requires_second_factor

CACHE_ATTR = "_access_cache"


@dataclass(frozen=True)
class Scope:
    """How a model's rows relate to countries and coalitions.

    ``country`` and ``coalition`` are lookup paths; ``approved`` is the filter that
    keeps only approved rows (what observers and non-lead members may read of others).
    ``members_read_approved`` lets every member country read the approved rows of
    its coalitions (Ukraine's usage reports). ``leads_read_all`` lets the lead countries
    of a coalition read all of its rows that belong to no country (roadmap drafts).

    The paths the figure filters (``reports.filters``) read: ``category`` the capability
    category; ``day`` the date a period range filters by, or ``quarter`` the (year,
    quarter number) fields of rows kept by quarter. None: that filter does not apply.
    """

    country: str | None = "country"
    coalition: str = "coalition"
    approved: Q | None = None
    members_read_approved: bool = False
    leads_read_all: bool = False
    category: str | None = None
    day: str | None = None
    quarter: tuple[str, str] | None = None


def _cache(user):
    cache = getattr(user, CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, CACHE_ATTR, cache)
    return cache


def forget(user):
    """Drop what this module remembered about ``user`` (after its rights changed)."""
    if hasattr(user, CACHE_ATTR):
        delattr(user, CACHE_ATTR)


# Object permissions read by _ids: model → its direct-FK user and group permission models.
OBJECT_PERMISSION_MODELS = {
    "coalitions.Country": (
        "coalitions.CountryUserObjectPermission",
        "coalitions.CountryGroupObjectPermission",
    ),
    "coalitions.Coalition": (
        "coalitions.CoalitionUserObjectPermission",
        "coalitions.CoalitionGroupObjectPermission",
    ),
}


def _ids(user, key, perm, model_label):
    """Ids of the ``model_label`` objects on which ``user`` holds ``perm`` (``app.codename``),
    directly or through a group. Every page asks for several of these: the first call reads
    all of the user's country and coalition permissions in one query (guardian's
    ``get_objects_for_user`` took one query, and ~3 ms of Python, for each), kept for the
    request. Superusers go through guardian (which grants them everything)."""
    cache = _cache(user)
    if key not in cache:
        if user.is_superuser:
            model = apps.get_model(model_label)
            objects = get_objects_for_user(user, perm, klass=model, accept_global_perms=False)
            cache[key] = sorted(objects.values_list("id", flat=True))
        else:
            cache[key] = sorted(_held(user).get((model_label, perm.partition(".")[2]), ()))
    return cache[key]


def _object_permissions(user):
    """{(model label, codename): {object ids}} of every country and coalition permission the
    user holds, directly or through a group, in one query.

    The permission rows are told apart by their content type's id (Django keeps those per
    process, as guardian does) rather than by joining ``django_content_type`` in every branch:
    PostgreSQL took ~1 ms to plan the eight joins, ~0.3 ms this. (Reading the memberships in
    the same statement, through the view permissions, took it 2–6 ms to plan: they are a query
    of their own, ``member_coalition_ids``.)"""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    groups = f"SELECT group_id FROM {user.groups.through._meta.db_table} WHERE user_id = %s"
    parts, params, labels = [], [], {}
    for model_label, (user_perms, group_perms) in OBJECT_PERMISSION_MODELS.items():
        content_type = ContentType.objects.get_for_model(apps.get_model(model_label)).pk
        labels[content_type] = model_label
        for through, who in ((user_perms, "user_id = %s"), (group_perms, f"group_id IN ({groups})")):
            parts.append(
                "SELECT %s AS content_type, permission_id, content_object_id AS id "
                f"FROM {apps.get_model(through)._meta.db_table} WHERE {who}"
            )
            params += [content_type, user.pk]
    sql = (
        f"SELECT r.content_type, p.codename, r.id FROM ({' UNION ALL '.join(parts)}) AS r "
        "JOIN auth_permission p ON p.id = r.permission_id AND p.content_type_id = r.content_type"
    )
    held = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for content_type, codename, object_id in cursor.fetchall():
            held.setdefault((labels[content_type], codename), set()).add(int(object_id))
    return held


def _held(user):
    cache = _cache(user)
    if "object_permissions" not in cache:
        cache["object_permissions"] = _object_permissions(user)
    return cache["object_permissions"]


def is_active(user):
    return bool(user and user.is_authenticated and user.is_active)


def is_ministry(user):
    return is_active(user) and user.role in MINISTRY_ROLES


def is_reviewer(user):
    return is_active(user) and user.role == Role.REVIEWER


def is_analyst(user):
    return is_active(user) and user.role == Role.ANALYST


def is_partner(user):
    return is_active(user) and user.role in PARTNER_ROLES


def may_turn_off_second_factor(user):
    """Only accounts that need no second factor may turn theirs off."""
    return is_active(user) and not requires_second_factor(user)


def may_manage_lockouts(user):
    """Ministry reviewers and administrators see and lift login lockouts."""
    return is_active(user) and (user.role in (Role.REVIEWER, Role.ADMIN) or user.is_superuser)


def is_observer(user):
    return is_active(user) and user.role == Role.OBSERVER


def country_ids(user):
    """Ids of the countries whose own data the user reads (their country group)."""
    if not is_partner(user):
        return []
    return _ids(user, "countries", "coalitions.view_country", "coalitions.Country")


def editable_country_ids(user):
    """Ids of the countries the user may edit and report for."""
    if not (is_partner(user) and user.role in OFFICER_ROLES):
        return []
    return _ids(user, "editable", "coalitions.report_country", "coalitions.Country")


def lead_coalition_ids(user):
    """Coalitions the user's country leads or co-leads: every member's data, read only."""
    if not is_partner(user):
        return []
    return _ids(user, "lead", "coalitions.lead_coalition", "coalitions.Coalition")


def observed_coalition_ids(user):
    if not is_observer(user):
        return []
    return _ids(user, "observed", "coalitions.observe_coalition", "coalitions.Coalition")


def member_coalition_ids(user):
    """Coalitions the user's countries belong to."""
    cache = _cache(user)
    if "member" not in cache:
        coalitions = _column("coalitions.Membership", "coalition_id", "country_id", country_ids(user))
        cache["member"] = sorted(set(coalitions))
    return cache["member"]


def _column(model_label, column, key, values):
    """``column`` of the rows of ``model_label`` whose ``key`` is one of ``values``: a query of
    ~0.1 ms, which through the ORM (and the model's order, joining two tables) took ~0.4 ms."""
    from django.db import connection

    if not values:
        return []
    table = apps.get_model(model_label)._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {key} = ANY(%s)", [list(values)])
        return [row[0] for row in cursor.fetchall()]


def coalition_ids(user):
    """Coalitions whose pages (and coalition-wide totals) the user may see; None means all."""
    if is_ministry(user):
        return None
    if is_observer(user):
        return observed_coalition_ids(user)
    return sorted(set(member_coalition_ids(user)) | set(lead_coalition_ids(user)))


def coalitions_for(user):
    Coalition = apps.get_model("coalitions.Coalition")
    ids = coalition_ids(user)
    return Coalition.objects.all() if ids is None else Coalition.objects.filter(id__in=ids)


def coalitions_totals(queryset, user):
    """Rows of every coalition the user may see that may be summed into coalition-wide totals.

    Partners see totals of their coalitions without other countries' breakdown; observers
    see approved figures only.
    """
    if not is_active(user):
        return queryset.none()
    ids = coalition_ids(user)
    scope = queryset.model.scope
    rows = queryset if ids is None else queryset.filter(**{f"{scope.coalition}__in": ids})
    if is_observer(user) and scope.approved is not None:
        rows = rows.filter(scope.approved)
    return rows


def memberships_for(user):
    """Memberships whose reporting the user follows: own countries' and led coalitions'; ministry all."""
    Membership = apps.get_model("coalitions.Membership")
    if is_ministry(user):
        return Membership.objects.all()
    if not is_partner(user):
        return Membership.objects.none()
    return Membership.objects.filter(
        Q(country_id__in=country_ids(user)) | Q(coalition_id__in=lead_coalition_ids(user))
    )


def visible(queryset, user, scope=None):
    """The rows of ``queryset`` that ``user`` may read (``scope``: the model's own by default,
    for a model that declares none yet)."""
    if not is_active(user):
        return queryset.none()
    if is_ministry(user):
        return queryset
    scope = scope or queryset.model.scope
    return queryset.filter(_partner_filter(user, scope) | _observer_filter(user, scope))


def reads_one_country_at_most(user, scope):
    """Whether every row of a model with ``scope`` that ``user`` reads is of one country at
    most, known without a query: a partner of one country that leads no coalition, on a model
    whose rows members do not share (``visible``). False means "perhaps more": ask the rows."""
    return (
        is_partner(user)
        and not user.is_superuser
        and len(country_ids(user)) <= 1
        and not lead_coalition_ids(user)
        and not scope.members_read_approved
        and not scope.leads_read_all
    )


def _partner_filter(user, scope):
    allowed = Q(pk__in=[])
    if not is_partner(user):
        return allowed
    if scope.country:
        allowed |= Q(**{f"{scope.country}__in": country_ids(user)})
        # lead countries read every member's data; rows of no member country (Ukraine's
        # usage reports) they read like any member, approved only
        allowed |= Q(**{f"{scope.coalition}__in": lead_coalition_ids(user)})
    if scope.members_read_approved:
        allowed |= Q(**{f"{scope.coalition}__in": member_coalition_ids(user)}) & scope.approved
    if scope.leads_read_all:
        allowed |= Q(**{f"{scope.coalition}__in": lead_coalition_ids(user)})
    return allowed


def _observer_filter(user, scope):
    if not is_observer(user):
        return Q(pk__in=[])
    observed = Q(**{f"{scope.coalition}__in": observed_coalition_ids(user)})
    return observed & scope.approved if scope.approved is not None else observed


def editable(queryset, user):
    """The rows of ``queryset`` that ``user`` may change (own country, officer role)."""
    scope = queryset.model.scope
    if not scope.country:
        return queryset.none()
    return queryset.filter(**{f"{scope.country}__in": editable_country_ids(user)})


def own(queryset, user):
    """The rows of the user's own countries (not those read through lead or observer rights)."""
    scope = queryset.model.scope
    if not scope.country:
        return queryset.none()
    return queryset.filter(**{f"{scope.country}__in": country_ids(user)})


def may_add_commitments(user):
    """Officers add commitments for the countries they edit."""
    return bool(editable_country_ids(user))


def can_edit_country(user, country_id):
    return country_id in editable_country_ids(user)


def may_change(user, obj):
    """Whether ``user`` may change ``obj`` (own country, officer role)."""
    country_id = _path_value(obj, obj.scope.country) if obj.scope.country else None
    return country_id is not None and can_edit_country(user, country_id)


def _path_value(obj, path):
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
    return getattr(obj, f"{last}_id")


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user):
        return visible(self, user)

    def editable_by(self, user):
        return editable(self, user)


def may_import(user):
    """Officers import into their reports; analysts import historical data."""
    return may_add_commitments(user) or may_import_history(user)


def may_import_history(user):
    """Ministry analysts onboard historical commitments and deliveries of every country."""
    return is_analyst(user)


def may_read_briefings(user):
    """Ministry staff and partners list and download the briefings of what they may see."""
    return is_ministry(user) or is_partner(user)


def may_make_briefings(user):
    """Ministry staff and partner officers make briefings (of the scopes ``may_brief`` allows)."""
    return is_ministry(user) or (is_partner(user) and user.role in OFFICER_ROLES)


def may_brief(user, coalition=None, country=None):
    """Whether ``user`` may make a briefing of ``coalition`` (None: all coalitions) narrowed to
    ``country`` (None: the whole coalition): the ministry any; a partner officer their own
    country in a coalition it belongs to, and a whole coalition their country leads."""
    if not may_make_briefings(user):
        return False
    if is_ministry(user):
        return True
    if coalition is None:
        return False
    if coalition.pk in lead_coalition_ids(user):
        return True
    return (
        country is not None and country.pk in country_ids(user) and coalition.pk in member_coalition_ids(user)
    )


def country_officers(country):
    """Active officers of ``country`` (members of its group): who writes its reports."""
    User = apps.get_model("accounts.User")
    if country.group_id is None:
        return User.objects.none()
    return User.objects.filter(groups=country.group_id, role__in=OFFICER_ROLES, is_active=True)


def require(predicate, user, *args):
    """403 unless ``predicate(user, *args)``: how a view checks a right on an object it has fetched."""
    if not predicate(user, *args):
        raise PermissionDenied


def requires(predicate, *, methods=None):
    """Declare who may open a view: 403 unless ``predicate(request.user)``.

    ``methods`` (e.g. ``("POST",)``) limits the check to those methods, so a page that many
    read and few change declares both. Put it under ``require_POST``/``require_safe`` so a
    wrong method still answers 405. On a class-based view:
    ``@method_decorator(requires(...), name="dispatch")``.
    """

    def decorator(view):
        @functools.wraps(view)
        def checked(request, *args, **kwargs):
            if methods is None or request.method in methods:
                require(predicate, request.user)
            return view(request, *args, **kwargs)

        return checked

    return decorator


# --- People: invitations, focal points, access review ---------------------------------------


def is_ministry_admin(user):
    """Ministry administrators add countries to coalitions, invite focal points and observers
    and review their access."""
    return is_active(user) and user.role == Role.MINISTRY_ADMIN


def is_focal_point(user):
    return is_partner(user) and user.role == Role.FOCAL_POINT


def may_manage_memberships(user):
    return is_ministry_admin(user)


def managed_country_ids(user):
    """Countries whose people ``user`` manages: a focal point their own; the ministry
    administrator every country (None)."""
    if is_ministry_admin(user):
        return None
    if is_focal_point(user):
        return country_ids(user)
    return []


def may_manage_people(user, country=None):
    """Whether ``user`` manages people (of ``country`` when given)."""
    ids = managed_country_ids(user)
    if ids is None:
        return True
    return bool(ids) and (country is None or country.pk in ids)


def may_see_people(user, country):
    """Whether ``country``'s people page exists for ``user`` (404 otherwise, 403 if not managed)."""
    return is_ministry(user) or country.pk in country_ids(user)


def observer_groups():
    """Observer organisations (NSATU, …): groups that observe a coalition and are no country's
    group. The one definition: the invite form offers these, the observers page lists them."""
    Group = apps.get_model("auth.Group")
    return (
        Group.objects.filter(country__isnull=True, coalitiongroupobjectpermission__isnull=False)
        .distinct()
        .order_by("name")
    )


def may_manage_observers(user):
    """The ministry administrator creates observer organisations and chooses what they observe."""
    return is_ministry_admin(user)


def invitable_roles(user):
    """The roles ``user`` may invite people into: a focal point never above officer."""
    if is_ministry_admin(user):
        return [Role.FOCAL_POINT, Role.OFFICER, Role.VIEWER, Role.OBSERVER]
    if is_focal_point(user):
        return [Role.OFFICER, Role.VIEWER]
    return []


def people_for(user):
    """The accounts ``user`` manages (lists them, invites, deactivates, confirms their access).

    A focal point: their own country's officers and viewers, and the country's other focal
    points (listed, never changed: see ``may_change_person``). The ministry administrator:
    every partner and observer account.
    """
    User = apps.get_model("accounts.User")
    ids = managed_country_ids(user)
    people = User.objects.filter(is_staff=False, is_superuser=False)
    if ids is None:
        return people.filter(role__in=PARTNER_ROLES | {Role.OBSERVER})
    if not ids:
        return User.objects.none()
    return people.filter(role__in=PARTNER_ROLES, groups__country__in=ids).distinct()


def may_change_person(user, person):
    """Whether ``user`` may deactivate ``person`` or confirm their access (never themselves;
    focal points only their country's officers and viewers)."""
    return people_for(user).filter(pk=person.pk).exists() and may_change_listed(user, person)


def may_change_listed(user, person):
    """``may_change_person`` for a ``person`` already taken from ``people_for(user)``."""
    if person.pk == user.pk:
        return False
    return is_ministry_admin(user) or person.role in (Role.OFFICER, Role.VIEWER)


def invitations_for(user):
    """Invitations ``user`` sees, revokes and resends: a focal point their own country's
    officers' and viewers'; the ministry administrator all."""
    Invitation = apps.get_model("accounts.Invitation")
    ids = managed_country_ids(user)
    if ids is None:
        return Invitation.objects.all()
    if is_focal_point(user):
        return Invitation.objects.filter(country_id__in=ids, role__in=invitable_roles(user))
    return Invitation.objects.none()


# --- Planning: roadmaps, needs, calls for contributions (coalitions.planning) ---------------


def _coalition_id(coalition):
    return getattr(coalition, "pk", coalition)


def is_officer(user):
    return is_partner(user) and user.role in OFFICER_ROLES


def leads(user, coalition):
    """Whether ``user``'s country leads or co-leads ``coalition``."""
    return _coalition_id(coalition) in lead_coalition_ids(user)


def may_publish_needs(user):
    """Ministry analysts publish, change and withdraw Ukraine's needs."""
    return is_analyst(user)


def may_draft_roadmap(user, coalition=None):
    """Officers of the lead and co-lead countries draft their coalition's roadmap."""
    if not is_officer(user):
        return False
    return bool(lead_coalition_ids(user)) if coalition is None else leads(user, coalition)


def may_approve_roadmap(user, version=None):
    """Ministry reviewers approve roadmap versions, never one they drafted."""
    return is_reviewer(user) and (version is None or version.created_by_id != user.pk)


def may_send_calls(user, coalition=None):
    """A lead officer (for the coalitions its country leads) or a ministry analyst."""
    return is_analyst(user) or may_draft_roadmap(user, coalition)


def offering_country_ids(user, coalition):
    """The countries ``user`` may offer cover for in ``coalition``: own, edited, members."""
    Membership = apps.get_model("coalitions.Membership")
    editable_ids = editable_country_ids(user)
    if not editable_ids:
        return []
    return sorted(
        Membership.objects.filter(
            coalition_id=_coalition_id(coalition), country_id__in=editable_ids, ended_on__isnull=True
        ).values_list("country_id", flat=True)
    )


def may_offer_cover(user, coalition=None):
    """Officers of a member country offer to cover a need of their coalition."""
    if coalition is None:
        return is_officer(user) and bool(editable_country_ids(user))
    return bool(offering_country_ids(user, coalition))


def may_update_milestone(user, milestone):
    """The owner country's officers post progress; for Ukraine's milestones, ministry analysts."""
    if milestone.owner.is_recipient:
        return is_analyst(user)
    return can_edit_country(user, milestone.owner_id)


def may_read_needs_board(user):
    """Partners (totals, and the breakdown they may see) and the ministry; observers read
    approved figures only, and the board holds plans."""
    return is_ministry(user) or is_partner(user)


def breakdown_country_ids(user, coalition):
    """The countries whose share of a coalition's needs board ``user`` sees: None for all (the
    ministry and the coalition's lead countries), else the user's own countries."""
    if is_ministry(user) or leads(user, coalition):
        return None
    return country_ids(user)


# --- Joint ventures and training ------------------------------------------------------------


def may_see_region(user, venture):
    """A venture's region (oblast) is shown to the ministry and the owning country only: not to
    other members, lead countries or observers, whatever else of it they read."""
    return is_ministry(user) or venture.country_id in country_ids(user)


def may_register_ventures(user):
    """Officers register their own countries' ventures and training programmes."""
    return bool(editable_country_ids(user))


def may_list_ventures(user):
    """Ministry staff and partners read the registers; observers read the figures only."""
    return is_ministry(user) or is_partner(user)


def region_visible_q(user, country_path):
    """Rows (by the country at ``country_path``) whose venture region ``user`` may see, as a Q:
    ``may_see_region`` for querysets (exports write the region only where this holds)."""
    if is_ministry(user):
        return Q()
    return Q(**{f"{country_path}__in": country_ids(user)})


# --- API tokens -------------------------------------------------------------------------------


def may_write_through_api(user):
    """Read-and-write API tokens are for the roles that write their country's data (officers);
    checked when a token is created and again on every write it makes."""
    return may_add_commitments(user)


def api_tokens_for(user):
    """The user's own API tokens: nobody manages another person's tokens."""
    ApiToken = apps.get_model("accounts.ApiToken")
    if not is_active(user):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)

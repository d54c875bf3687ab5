"""People pages: focal points and the ministry administrator invite, deactivate and review
accounts; the invitation link creates one.

Rights are declared at the top of each view (``access.requires``) and decided in
``accounts.access``; another country's page or account answers 404, one the user may see but
not manage 403.
"""

import pghistory
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from coalitions.models import Country
from config.forms import service_errors_add

from . import access, access_review, invitations, people
from .forms_people import AcceptForm, ConfirmForm, InviteForm, RoleForm
from .models import InvitationStatus, Role, User
from .security import requires_second_factor

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _error(request, error):
    messages.error(request, " ".join(error.messages))


def _people(user, country=None):
    groups = Prefetch("groups", to_attr="group_list")
    rows = (
        access.people_for(user)
        .prefetch_related(groups, "groups__country")
        .order_by("-is_active", "role", "username")
    )
    if country is not None:
        rows = rows.filter(groups=country.group_id)
    rows = list(rows)
    for person in rows:
        person.may_change = access.may_change_listed(user, person)
        person.due = access_review.due_at(person) if person.is_active else None
    return rows


def _invitations(user, **filters):
    return (
        access.invitations_for(user)
        .filter(
            status__in=(InvitationStatus.PENDING, InvitationStatus.EXPIRED), resent_as__isnull=True, **filters
        )
        .select_related("country", "group", "invited_by")
    )


@access.requires(access.may_manage_people)
def people_index(request):
    """Focal points go to their country; the ministry administrator sees every country."""
    user = request.user
    if not access.is_ministry_admin(user):
        country = Country.objects.filter(pk__in=access.managed_country_ids(user)).first()
        if country is None:
            raise PermissionDenied
        return redirect("people:country", code=str(country.code).lower())
    managed = [p for p in _people(user) if p.role in (Role.FOCAL_POINT, Role.OBSERVER)]
    context = {
        "countries": Country.objects.filter(is_recipient=False).order_by("name"),
        "people": managed,
        "invitations": _invitations(user, role__in=(Role.FOCAL_POINT, Role.OBSERVER)),
        "confirm_form": _confirm_form(user, managed),
        "role_form": RoleForm(user=user),
        "review_days": settings.ACCESS_REVIEW_DAYS,
    }
    return render(request, "accounts/people_index.html", context)


def _country(user, code):
    country = get_object_or_404(Country, code=code.upper(), is_recipient=False)
    if not access.may_see_people(user, country):
        raise Http404
    access.require(access.may_manage_people, user, country)
    return country


def _confirm_form(user, rows, data=None):
    ids = [p.pk for p in rows if p.may_change and p.is_active]
    return ConfirmForm(data, user=user, people=User.objects.filter(pk__in=ids).order_by("username"))


def people_country(request, code):
    user = request.user
    country = _country(user, code)
    rows = _people(user, country)
    context = {
        "country": country,
        "people": rows,
        "invitations": _invitations(user, country=country),
        "confirm_form": _confirm_form(user, rows),
        "role_form": RoleForm(user=user),
        "focal_points": sum(1 for p in rows if p.role == Role.FOCAL_POINT and p.is_active),
        "review_days": settings.ACCESS_REVIEW_DAYS,
    }
    return render(request, "accounts/people_country.html", context)


def _back(request, country=None):
    if country is not None:
        return redirect("people:country", code=str(country.code).lower())
    return redirect("people:index")


@access.requires(access.may_manage_people)
def invite(request):
    user = request.user
    country = None
    if request.GET.get("country"):
        country = Country.objects.filter(code=request.GET["country"].upper()).first()
    form = InviteForm(request.POST or None, user=user, country=country)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                invitations.invitation_create(
                    sender=user,
                    email=data["email"],
                    role=data["role"],
                    country=data["country"] if data["role"] != Role.OBSERVER else None,
                    group=data.get("group") if data["role"] == Role.OBSERVER else None,
                )
            except ValidationError as error:
                service_errors_add(form, error)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": data["email"]})
                return _back(request, data["country"] if data["role"] != Role.OBSERVER else None)
    context = {"form": form, "hours": settings.INVITATION_MAX_AGE_HOURS}
    return render(request, "accounts/invite.html", context, status=status)


def _invitation(user, pk):
    access.require(access.may_manage_people, user)
    return get_object_or_404(access.invitations_for(user), pk=pk)


def _invitation_act(request, pk, service, done):
    """Revoke or resend one invitation the user manages; ``done`` is the success message."""
    invitation = _invitation(request.user, pk)
    try:
        service(user=request.user, invitation=invitation)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, done % {"email": invitation.email})
    return _back(request, invitation.country)


@require_POST
def invitation_revoke(request, pk):
    return _invitation_act(request, pk, invitations.invitation_revoke, _("Invitation to %(email)s revoked."))


@require_POST
def invitation_resend(request, pk):
    return _invitation_act(
        request, pk, invitations.invitation_resend, _("Invitation sent again to %(email)s.")
    )


def _person(user, pk):
    access.require(access.may_manage_people, user)
    person = get_object_or_404(access.people_for(user), pk=pk)
    access.require(access.may_change_person, user, person)
    return person


def _person_country(person):
    return Country.objects.filter(group__user=person).first()


@require_POST
def person_deactivate(request, pk):
    person = _person(request.user, pk)
    try:
        people.person_deactivate(actor=request.user, person=person)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("%(name)s is deactivated.") % {"name": person.get_username()})
    return _back(request, _person_country(person))


@require_POST
def person_role(request, pk):
    person = _person(request.user, pk)
    form = RoleForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
        return _back(request, _person_country(person))
    try:
        people.person_role_set(actor=request.user, person=person, role=form.cleaned_data["role"])
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": person.get_username(), "role": Role(form.cleaned_data["role"]).label},
        )
    return _back(request, _person_country(person))


@require_POST
@access.requires(access.may_manage_people)
def access_confirm(request):
    user = request.user
    country = None
    if request.POST.get("country"):
        country = _country(user, request.POST["country"])
    rows = _people(user, country)
    form = _confirm_form(user, rows, request.POST)
    if form.is_valid():
        confirmed = people.access_confirm(actor=user, people=form.cleaned_data["people"])
        messages.success(
            request,
            _("Access confirmed for %(count)d people; the others are deactivated when their review is due.")
            % {"count": len(confirmed)},
        )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("people", [])))
    return _back(request, country)


# --- The invitation link --------------------------------------------------------------------


def _closed(request):
    """One plain page for every link that is not an open invitation."""
    return render(request, "accounts/invitation_closed.html", status=404)


@login_not_required
@never_cache
def invitation_accept(request, token):
    if request.user.is_authenticated:
        context = {"username": request.user.get_username()}
        return render(request, "accounts/invitation_logged_in.html", context, status=403)
    invitation = invitations.invitation_open(token)
    if invitation is None:
        return _closed(request)
    form = AcceptForm(request.POST or None, invitation=invitation)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                # the record keeps where it happened, not the link's token
                with pghistory.context(url=request.path.replace(token, "…")):
                    user = invitations.invitation_accept(
                        token=token,
                        username=data["username"],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        password=data["password1"],
                    )
            except invitations.InvitationClosed:
                return _closed(request)
            except ValidationError as error:
                service_errors_add(form, error)
            else:
                return _welcome(request, user)
    return render(
        request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation}, status=status
    )


def _welcome(request, user):
    login(request, user, backend=BACKEND)
    if requires_second_factor(user):
        messages.success(request, _("Welcome. Your role needs a second factor: set it up now."))
        return redirect("two_factor:setup")
    messages.success(request, _("Welcome to the portal."))
    return redirect("dashboard")

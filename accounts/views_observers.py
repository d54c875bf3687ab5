"""The ministry administrator's observer organisations: create one, choose what it observes.

The changes themselves are made in ``accounts.observers``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from coalitions.models import CoalitionGroupObjectPermission
from config.forms import service_errors_add

from . import access, observers
from .forms_people import ObserverOrganisationForm
from .models import Role


def _organisations():
    groups = list(
        access.observer_groups().annotate(
            people=Count("user", filter=Q(user__role=Role.OBSERVER, user__is_active=True), distinct=True)
        )
    )
    grants = (
        CoalitionGroupObjectPermission.objects.filter(
            group__in=groups,
            permission__codename="observe_coalition",
            permission__content_type__app_label="coalitions",
        )
        .select_related("content_object")
        .order_by("content_object__name")
    )
    by_group = {}
    for grant in grants:
        by_group.setdefault(grant.group_id, []).append(grant.content_object)
    for group in groups:
        group.coalitions = by_group.get(group.pk, [])
    return groups


def _data(request):
    """The POSTed form (an empty one too: unticking every coalition is still an answer)."""
    return request.POST if request.method == "POST" else None


@access.requires(access.may_manage_observers)
def observer_list(request):
    return render(request, "accounts/observers.html", {"organisations": _organisations()})


@access.requires(access.may_manage_observers)
def observer_add(request):
    form = ObserverOrganisationForm(_data(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                group = observers.observer_organisation_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    coalitions=form.cleaned_data["coalitions"],
                )
            except ValidationError as error:
                service_errors_add(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s created. Invite its observers next.") % {"name": group.name},
                )
                return redirect("people:observers")
    return render(request, "accounts/observer_form.html", {"form": form, "group": None}, status=status)


@access.requires(access.may_manage_observers)
def observer_change(request, pk):
    group = get_object_or_404(access.observer_groups(), pk=pk)
    initial = {"coalitions": list(observers.observed_coalitions(group))}
    form = ObserverOrganisationForm(_data(request), group=group, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                observers.observer_organisation_coalitions_set(
                    user=request.user, group=group, coalitions=form.cleaned_data["coalitions"]
                )
            except ValidationError as error:
                service_errors_add(form, error)
            else:
                messages.success(request, _("%(name)s's coalitions saved.") % {"name": group.name})
                return redirect("people:observers")
    return render(request, "accounts/observer_form.html", {"form": form, "group": group}, status=status)

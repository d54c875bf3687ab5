"""The ministry administrator's memberships page: countries join and leave coalitions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts import access
from config.forms import service_errors_add

from . import memberships
from .forms_memberships import MembershipAddForm, MembershipEndForm
from .models import Membership


@access.requires(access.may_manage_memberships)
def membership_list(request):
    rows = Membership.objects.select_related("country", "coalition").order_by(
        "coalition__name", "ended_on", "country__name"
    )
    return render(request, "coalitions/memberships.html", {"memberships": rows})


@access.requires(access.may_manage_memberships)
def membership_add(request):
    form = MembershipAddForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                membership, reports = memberships.membership_add(
                    user=request.user,
                    country_code=data["country"],
                    coalition=data["coalition"],
                    role=data["role"],
                    cadence=data["cadence"],
                    first_period_start=data["first_period_start"],
                )
            except ValidationError as error:
                service_errors_add(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "%(country)s joined %(coalition)s; %(reports)d reports opened. "
                        "Invite its focal point next."
                    )
                    % {"country": membership.country, "coalition": membership.coalition, "reports": reports},
                )
                return redirect("memberships:list")
    return render(request, "coalitions/membership_form.html", {"form": form}, status=status)


@access.requires(access.may_manage_memberships)
def membership_end(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("country", "coalition"), pk=pk)
    form = MembershipEndForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                memberships.membership_end(user=request.user, membership=membership, **form.cleaned_data)
            except ValidationError as error:
                service_errors_add(form, error)
            else:
                messages.success(
                    request,
                    _("The membership of %(country)s in %(coalition)s has ended.")
                    % {
                        "country": membership.country,
                        "coalition": membership.coalition,
                    },
                )
                return redirect("memberships:list")
    return render(
        request, "coalitions/membership_end.html", {"form": form, "membership": membership}, status=status
    )

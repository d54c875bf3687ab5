"""Registers of joint ventures and training programmes (rows through ``selectors``; rights
declared with ``requires``; changes through ``services``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.access import requires
from coalitions.services import StaleEdit
from config.forms import service_errors_add

from . import forms, selectors, services
from .models import Stage

PAGE_SIZE = 50
STALE = gettext_lazy(
    "Someone else changed this after you opened it. Their version is shown; your changes were not saved."
)


@require_safe
@requires(access.may_list_ventures)
def venture_list(request):
    form = forms.VentureFilterForm(request.GET or None, user=request.user)
    rows = selectors.venture_queryset(request.user)
    rows = form.filter(rows) if form.is_bound else rows
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "ventures": selectors.mask_regions(request.user, list(page.object_list)),
        "may_register": access.may_register_ventures(request.user),
    }
    return render(request, "ventures/venture_list.html", context)


@require_safe
@requires(access.is_ministry)
def ventures_by_stage(request):
    context = {"groups": selectors.ventures_by_stage(request.user), "stages": Stage}
    return render(request, "ventures/ventures_by_stage.html", context)


@require_safe
@requires(access.may_list_ventures)
def venture_detail(request, pk):
    venture = selectors.get_venture(request.user, pk)
    return render(request, "ventures/venture_detail.html", _detail_context(request, venture))


def _detail_context(request, venture, **forms_in_use):
    user = request.user
    editable = access.may_change(user, venture)
    context = {
        "venture": venture,
        "editable": editable,
        "capacities": venture.capacities.select_related("capability"),
        "stages": selectors.stage_history(venture),
        "output": selectors.venture_output_per_period(user, venture),
    }
    if editable:
        context["stage_form"] = forms_in_use.get("stage_form") or forms.StageForm(
            initial={"on": selectors.today()}
        )
        context["capacity_form"] = forms_in_use.get("capacity_form") or forms.CapacityForm(venture=venture)
    return context


def _form_page(request, form, save, *, saved, detail, title, stale=None, **context):
    """The register and edit pages of ventures and programmes: on a valid POST ``save()`` (a
    service call, returning the saved row); a refusal shown in the form, a stale edit sent back
    to the ``stale`` URL name with the other version shown, success to ``detail`` of the row."""
    if request.method == "POST" and form.is_valid():
        try:
            row = save()
        except StaleEdit:
            messages.error(request, STALE)
            return redirect(stale, pk=form.instance.pk)
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            messages.success(request, saved)
            return redirect(detail, pk=row.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "ventures/form.html", {"form": form, "title": title, **context}, status=status)


@require_http_methods(["GET", "POST"])
@requires(access.may_register_ventures)
def venture_create(request):
    form = forms.VentureForm(
        request.POST or None, user=request.user, initial={"stage_since": selectors.today()}
    )
    return _form_page(
        request,
        form,
        lambda: services.venture_create(user=request.user, data=form.data_for_service()),
        saved=_("The joint venture was registered."),
        detail="ventures:venture_detail",
        title=_("Register a joint venture"),
    )


@require_http_methods(["GET", "POST"])
@requires(access.may_register_ventures)  # and the object's own: *_for_edit
def venture_update(request, pk):
    venture = selectors.venture_for_edit(request.user, pk)
    form = forms.VentureEditForm(request.POST or None, instance=venture)
    return _form_page(
        request,
        form,
        lambda: services.venture_update(
            user=request.user,
            venture=venture,
            data=form.data_for_service(),
            version=form.cleaned_data["version"],
        ),
        saved=_("The joint venture was saved."),
        detail="ventures:venture_detail",
        stale="ventures:venture_update",
        title=_("Edit %(name)s") % {"name": venture.name},
        venture=venture,
    )


@require_POST
@requires(access.may_register_ventures)  # and the object's own: *_for_edit
def venture_stage(request, pk):
    venture = selectors.venture_for_edit(request.user, pk)
    form = forms.StageForm(request.POST)
    if form.is_valid():
        try:
            services.venture_stage_change(user=request.user, venture=venture, **form.cleaned_data)
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            messages.success(request, _("The stage was changed."))
            return redirect("ventures:venture_detail", pk=pk)
    context = _detail_context(request, venture, stage_form=form)
    return render(request, "ventures/venture_detail.html", context, status=400)


@require_POST
@requires(access.may_register_ventures)  # and the object's own: *_for_edit
def capacity_set(request, pk):
    venture = selectors.venture_for_edit(request.user, pk)
    form = forms.CapacityForm(request.POST, venture=venture)
    if form.is_valid():
        try:
            services.venture_capacity_set(user=request.user, venture=venture, **form.cleaned_data)
        except ValidationError as error:
            service_errors_add(form, error)
        else:
            messages.success(request, _("The capacity was saved."))
            return redirect("ventures:venture_detail", pk=pk)
    context = _detail_context(request, venture, capacity_form=form)
    return render(request, "ventures/venture_detail.html", context, status=400)


@require_POST
@requires(access.may_register_ventures)  # and the object's own: *_for_edit
def capacity_remove(request, pk, capacity_pk):
    venture = selectors.venture_for_edit(request.user, pk)
    capacity = get_object_or_404(venture.capacities, pk=capacity_pk)
    try:
        services.venture_capacity_remove(user=request.user, capacity=capacity)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The capability was removed from the venture."))
    return redirect("ventures:venture_detail", pk=pk)


@require_safe
@requires(access.may_list_ventures)
def programme_list(request):
    page = Paginator(selectors.programmes_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "may_register": access.may_register_ventures(request.user)}
    return render(request, "ventures/programme_list.html", context)


@require_safe
@requires(access.may_list_ventures)
def programme_detail(request, pk):
    programme = selectors.get_programme(request.user, pk)
    context = {
        "programme": programme,
        "editable": access.may_change(request.user, programme),
        "throughput": selectors.training_per_period(request.user, programme),
    }
    return render(request, "ventures/programme_detail.html", context)


@require_http_methods(["GET", "POST"])
@requires(access.may_register_ventures)
def programme_create(request):
    form = forms.ProgrammeForm(request.POST or None, user=request.user)
    return _form_page(
        request,
        form,
        lambda: services.programme_create(user=request.user, data=form.data_for_service()),
        saved=_("The training programme was registered."),
        detail="ventures:programme_detail",
        title=_("Register a training programme"),
    )


@require_http_methods(["GET", "POST"])
@requires(access.may_register_ventures)  # and the object's own: *_for_edit
def programme_update(request, pk):
    programme = selectors.programme_for_edit(request.user, pk)
    form = forms.ProgrammeEditForm(request.POST or None, instance=programme)
    return _form_page(
        request,
        form,
        lambda: services.programme_update(
            user=request.user,
            programme=programme,
            data=form.data_for_service(),
            version=form.cleaned_data["version"],
        ),
        saved=_("The training programme was saved."),
        detail="ventures:programme_detail",
        stale="ventures:programme_update",
        title=_("Edit %(name)s") % {"name": programme.course},
        programme=programme,
    )

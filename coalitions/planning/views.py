"""Planning pages: roadmaps, the needs board, needs, offers to cover and calls.

Rows come through ``selectors`` (scoped by ``accounts.access``); actions through
``services``. Each view declares its right with ``requires``; a right on one object is
checked with ``access.require`` once the (visible) object is fetched: 404 for what the
user may not see, 403 for what they see but may not change.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from accounts.access import requires
from coalitions.models import Country
from coalitions.services import StaleEdit
from reports import history, periods

from . import forms, selectors, services, svg
from .models import Milestone, RoadmapVersion, VersionStatus

STALE = gettext_lazy(
    "Someone else saved this while you were editing it. Nothing was saved: make your changes again."
)


def _coalition(request, slug):
    return get_object_or_404(access.coalitions_for(request.user), slug=slug)


def _version(request, pk):
    return get_object_or_404(
        RoadmapVersion.objects.for_user(request.user).select_related("roadmap__coalition"), pk=pk
    )


def _draft_of(request, pk):
    version = _version(request, pk)
    access.require(access.may_draft_roadmap, request.user, version.roadmap.coalition)
    if version.status != VersionStatus.DRAFT:
        messages.error(request, _("This version is approved: it can no longer change. Start a revision."))
        return None, redirect("planning:version", slug=version.roadmap.coalition.slug, number=version.number)
    return version, None


# Roadmaps ------------------------------------------------------------------------------


@require_safe
def roadmap(request, slug):
    coalition = _coalition(request, slug)
    user = request.user
    current = selectors.current_version(user, coalition)
    rows = selectors.milestones(current) if current else []
    for milestone in rows:
        milestone.may_update = access.may_update_milestone(user, milestone)
    context = {
        "coalition": coalition,
        "current": current,
        "milestones": rows,
        "timeline": svg.timeline(rows),
        "versions": selectors.roadmap_versions(user, coalition),
        "draft": selectors.draft_version(user, coalition),
        "may_draft": access.may_draft_roadmap(user, coalition),
    }
    return render(request, "planning/roadmap.html", context)


@require_safe
def version(request, slug, number):
    coalition = _coalition(request, slug)
    version = get_object_or_404(selectors.roadmap_versions(request.user, coalition), number=number)
    previous, changes, objectives_changed = selectors.version_diff(version)
    rows = selectors.milestones(version)
    is_draft = version.status == VersionStatus.DRAFT
    context = {
        "coalition": coalition,
        "version": version,
        "milestones": rows,
        "timeline": svg.timeline(rows),
        "previous": previous,
        "changes": changes,
        "objectives_changed": objectives_changed,
        "may_edit": is_draft and access.may_draft_roadmap(request.user, coalition),
        "may_approve": is_draft and access.may_approve_roadmap(request.user, version),
        "is_current": version == selectors.current_version(request.user, coalition),
    }
    return render(request, "planning/version.html", context)


@require_POST
@requires(access.may_draft_roadmap)
def roadmap_draft(request, slug):
    coalition = _coalition(request, slug)
    access.require(access.may_draft_roadmap, request.user, coalition)
    try:
        draft = services.roadmap_draft(user=request.user, coalition=coalition)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("planning:roadmap", slug=slug)
    messages.success(request, _("Version %(number)d was started.") % {"number": draft.number})
    return redirect("planning:version", slug=slug, number=draft.number)


@require_http_methods(["GET", "POST"])
def version_edit(request, pk):
    version, refused = _draft_of(request, pk)
    if refused:
        return refused
    initial = {"objectives": version.objectives, "row_version": version.version}
    form = forms.VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.roadmap_version_save(
                user=request.user,
                version=version,
                objectives=form.cleaned_data["objectives"],
                row_version=form.cleaned_data["row_version"],
            )
        except StaleEdit:
            form.add_error(None, STALE)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The objectives were saved."))
            return redirect("planning:version", slug=version.roadmap.coalition.slug, number=version.number)
    return render(request, "planning/form.html", _form_context(version, form, _("Objectives")))


def _form_context(version, form, title, **extra):
    return {"version": version, "coalition": version.roadmap.coalition, "form": form, "title": title, **extra}


@require_http_methods(["GET", "POST"])
def milestone_add(request, pk):
    version, refused = _draft_of(request, pk)
    if refused:
        return refused
    return _milestone_form(request, version, None)


@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk):
    milestone = get_object_or_404(Milestone.objects.for_user(request.user), pk=pk)
    version, refused = _draft_of(request, milestone.version_id)
    if refused:
        return refused
    return _milestone_form(request, version, milestone)


def _milestone_form(request, version, milestone):
    coalition = version.roadmap.coalition
    form = forms.MilestoneForm(request.POST or None, instance=milestone, coalition=coalition)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_save(
                user=request.user, version=version, data=form.milestone_data(), milestone=milestone
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The milestone was saved."))
            return redirect("planning:version", slug=coalition.slug, number=version.number)
    title = _("Edit milestone") if milestone else _("Add a milestone")
    return render(request, "planning/form.html", _form_context(version, form, title))


@require_POST
def milestone_delete(request, pk):
    milestone = get_object_or_404(Milestone.objects.for_user(request.user), pk=pk)
    version, refused = _draft_of(request, milestone.version_id)
    if refused:
        return refused
    services.milestone_delete(user=request.user, milestone=milestone)
    messages.success(request, _("The milestone was removed from the draft."))
    return redirect("planning:version", slug=version.roadmap.coalition.slug, number=version.number)


@require_POST
@requires(access.may_approve_roadmap)
def version_approve(request, pk):
    version = _version(request, pk)
    access.require(access.may_approve_roadmap, request.user, version)
    try:
        services.roadmap_approve(user=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(number)d is approved.") % {"number": version.number})
    return redirect("planning:version", slug=version.roadmap.coalition.slug, number=version.number)


@require_http_methods(["GET", "POST"])
def milestone_update(request, pk):
    try:
        milestone = selectors.milestone_for_update(request.user, pk)
    except Milestone.DoesNotExist:
        raise Http404 from None
    access.require(access.may_update_milestone, request.user, milestone)
    form = forms.MilestoneUpdateForm(
        request.POST or None, initial={"on": timezone.localdate(), "status": milestone.status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update_post(user=request.user, milestone=milestone, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The progress update was posted."))
            return redirect("planning:roadmap", slug=milestone.version.roadmap.coalition.slug)
    context = _form_context(
        milestone.version, form, _("Post progress on %(title)s") % {"title": milestone.title}
    )
    return render(request, "planning/form.html", context)


# Needs ---------------------------------------------------------------------------------


@require_safe
@requires(access.may_read_needs_board)
def board(request, slug):
    coalition = _coalition(request, slug)
    # unfiltered, the board starts at the current quarter: what is still to be covered
    current = periods.label(periods.QUARTERLY, timezone.localdate())
    form = forms.BoardFilterForm(request.GET or None, initial={"first": current})
    valid = form.is_valid() if form.is_bound else True
    filters = form.cleaned_data if form.is_bound else {"first": current}
    cells = selectors.needs_board(request.user, coalition, filters) if valid else []
    context = {
        "coalition": coalition,
        "form": form,
        "valid": valid,
        "cells": cells,
        "breakdown_all": access.breakdown_country_ids(request.user, coalition) is None,
        "may_publish": access.may_publish_needs(request.user),
        "may_offer": access.may_offer_cover(request.user, coalition),
        "may_call": access.may_send_calls(request.user, coalition),
        "export_query": f"coalition={coalition.slug}",
    }
    return render(request, "planning/board.html", context)


@require_http_methods(["GET", "POST"])
@requires(access.may_publish_needs)
def need_create(request):
    form = forms.NeedForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            need = services.need_publish(user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        except IntegrityError:
            form.add_error(None, _("This coalition already has a need of this capability for this period."))
        else:
            messages.success(request, _("The need was published."))
            return redirect("planning:need_detail", pk=need.pk)
    return render(request, "planning/need_form.html", {"form": form})


def _need(request, pk):
    return get_object_or_404(selectors.needs(request.user), pk=pk)


@require_safe
@requires(access.may_read_needs_board)
def need_detail(request, pk):
    need = _need(request, pk)
    user = request.user
    context = {
        "need": need,
        "cell": selectors.need_cell(user, need),
        "plans": selectors.need_plan_lines(user, need),
        "calls": selectors.calls(user).filter(need=need),
        "history": history.of_object(need),
        "may_publish": access.may_publish_needs(user),
        "may_offer": access.may_offer_cover(user, need.coalition_id) and not need.is_withdrawn,
        "may_call": access.may_send_calls(user, need.coalition_id) and need.status == "open",
    }
    return render(request, "planning/need_detail.html", context)


@require_http_methods(["GET", "POST"])
@requires(access.may_publish_needs)
def need_edit(request, pk):
    need = _need(request, pk)
    form = forms.NeedForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.need_update(user=request.user, need=need, data=data, version=data.pop("version") or 0)
        except StaleEdit:
            form.add_error(None, STALE)
        except ValidationError as error:
            form.add_error(None, error)
        except IntegrityError:
            form.add_error(None, _("This coalition already has a need of this capability for this period."))
        else:
            messages.success(request, _("The need was saved."))
            return redirect("planning:need_detail", pk=need.pk)
    return render(request, "planning/need_form.html", {"form": form, "need": need})


def offered_periods(need, country_id):
    """The periods an offer may plan: after the open report's period, of its cadence, up to
    two years ahead (plan lines go to periods after the report's, ``reports.rules``)."""
    report = services.open_report(country_id, need.coalition_id)
    if report is None:
        return []
    kind, start = report.period.kind, periods.shift(report.period.kind, report.period.start, 1)
    count = 24 if kind == periods.MONTHLY else 8
    starts = [periods.shift(kind, start, n) for n in range(count)]
    return [(day, periods.label(kind, day)) for day in starts]


@require_http_methods(["GET", "POST"])
@requires(access.may_offer_cover)
def need_offer(request, pk):
    need = _need(request, pk)
    ids = access.offering_country_ids(request.user, need.coalition_id)
    if not ids:
        raise PermissionDenied
    countries = Country.objects.filter(pk__in=ids)
    form = forms.OfferForm(
        request.POST or None, need=need, countries=countries, periods_offered=offered_periods(need, ids[0])
    )
    if need.is_withdrawn:
        form.add_error(None, _("This need has been withdrawn: it can no longer be covered."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commitment = services.need_offer(
                user=request.user,
                need=need,
                country=data["country"],
                schedule=data["schedule"],
                commitment=data["commitment"],
                undisclosed=data["undisclosed"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        except StaleEdit:
            form.add_error(None, STALE)
        else:
            messages.success(request, _("Your offer was recorded: the plan is in your open report."))
            return redirect("coalitions:commitment_detail", pk=commitment.pk)
    cell = selectors.need_cell(request.user, need)
    return render(request, "planning/offer.html", {"need": need, "form": form, "cell": cell})


@require_http_methods(["GET", "POST"])
@requires(access.may_send_calls)
def call_send(request, pk):
    need = _need(request, pk)
    access.require(access.may_send_calls, request.user, need.coalition_id)
    form = forms.CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_send(user=request.user, need=need, message=form.cleaned_data["message"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The call was sent to the coalition's members."))
            return redirect("planning:need_detail", pk=need.pk)
    cell = selectors.need_cell(request.user, need)
    return render(request, "planning/call_form.html", {"need": need, "form": form, "cell": cell})


@require_safe
def calls(request):
    return render(request, "planning/calls.html", {"calls": selectors.calls(request.user)[:200]})

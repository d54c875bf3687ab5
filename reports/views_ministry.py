"""Ministry pages: review queue, periods, compliance matrix, activity, new usage reports.

Each view's ``requires`` lines say who may open it.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts import access
from accounts.access import requires
from coalitions.planning import selectors as planning_selectors

from . import checks, compliance, forms, history, lists, selectors, services
from .filters import FigureFilters
from .models import DataFlag, ReportingPeriod
from .pages import PAGE_SIZE, apply_errors

ACTIVITY_DAYS = datetime.timedelta(days=30)


@require_safe
@requires(access.is_ministry)
def review_queue(request):
    form = forms.ReportFilterForm(request.GET or None, user=request.user, statuses=False)
    partner, usage = lists.review_queue(request.GET), lists.review_queue_usage(request.GET)
    page = partner.paginate(partner.apply(form.filter(selectors.queue_rows(request.user, "partner"))))
    usage_page = usage.paginate(usage.apply(form.filter(selectors.queue_rows(request.user, "usage"))))
    context = {
        "form": form,
        "listing": partner,
        "usage_listing": usage,
        "page": selectors.mark_past_due(page),
        "usage_page": selectors.mark_past_due(usage_page),
    }
    return render(request, "reports/review_queue.html", context)


@requires(access.is_ministry)
@requires(access.is_analyst, methods=("POST",))
def period_list(request):
    form = forms.PeriodOpenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                period, created = services.period_open(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(request, form, error)
            else:
                messages.success(
                    request,
                    _("Period %(period)s is open: %(count)d new reports.")
                    % {"period": period, "count": created},
                )
                return redirect("period_list")
    periods = ReportingPeriod.objects.all()
    context = {"periods": periods, "form": form if access.is_analyst(request.user) else None}
    return render(request, "reports/period_list.html", context, status=status)


@require_safe
@requires(access.is_ministry)
def compliance_view(request):
    form = forms.ComplianceFilterForm(request.GET or None, user=request.user)
    filters = form.values
    period = filters.pop("period", None) or compliance.current_period()
    show_obligations = filters.pop("obligations", False)
    listing = lists.compliance(request.GET, obligations=show_obligations)
    rows = selectors.compliance_rows(request.user, period, listing=listing, **filters) if period else []
    page = listing.paginate(rows)
    if show_obligations:
        declared = planning_selectors.obligation_pairs()
        for row in page:
            m = row["membership"]
            row["no_obligation"] = (m.country_id, m.coalition_id) not in declared
    context = {
        "form": form,
        "period": period,
        "listing": listing,
        "page": page,
        "show_obligations": show_obligations,
    }
    return render(request, "reports/compliance.html", context)


@require_safe
@requires(access.is_ministry)
def activity(request):
    since = timezone.localdate() - ACTIVITY_DAYS
    form = forms.ActivityFilterForm(request.GET or None, initial={"since": since})
    filters = form.cleaned_data if form.is_valid() else {}
    filters["since"] = filters.get("since") or since  # a window keeps the union over event tables small
    listing = lists.activity(request.GET)
    with history.no_jit():
        page = history.page_of(
            history.activity(**filters, oldest_first=not listing.descending),
            request.GET.get("page"),
            PAGE_SIZE,
        )
    listing.page = page
    return render(request, "reports/activity.html", {"form": form, "page": page, "listing": listing})


@requires(access.is_analyst)
def usage_create(request):
    form = forms.UsageReportForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                report = services.usage_report_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(request, form, error)
            else:
                messages.success(request, _("Usage report created."))
                return redirect("report_detail", kind="usage", pk=report.pk)
    return render(request, "reports/usage_form.html", {"form": form}, status=status)


@requires(access.is_analyst)
def data_checks(request):
    filters = FigureFilters(request.user, request.GET)
    rule_form = forms.FlagFilterForm(request.GET or None)
    rule = rule_form.cleaned_data.get("rule", "") if rule_form.is_valid() else ""
    valid = filters.is_valid() and (not request.GET or rule_form.is_valid())
    rows = checks.open_flags(request.user, filters, rule) if valid else DataFlag.objects.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(part for part in (filters.query_string(), f"rule={rule}" if rule else "") if part)
    context = {
        "filters": filters,
        "rule_form": rule_form,
        "page": page,
        "query": query,
        "rules": checks.WARNINGS,
    }
    return render(request, "reports/data_checks.html", context, status=200 if valid else 400)

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

from accounts import access
from accounts.access import requires
from coalitions.planning import selectors as planning_selectors

from . import checks, compliance, forms, history, selectors, services
from .filters import FigureFilters
from .models import DataFlag, ReportingPeriod
from .pages import PAGE_SIZE, apply_errors

ACTIVITY_DAYS = datetime.timedelta(days=30)


@requires(access.is_ministry)
def review_queue(request):
    return render(request, "reports/review_queue.html", {"items": selectors.review_queue_items(request.user)})


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


@requires(access.is_ministry)
def compliance_view(request):
    form = forms.PeriodChoiceForm(request.GET or None)
    period = form.cleaned_data.get("period") if form.is_valid() else None
    period = period or compliance.current_period()
    rows = selectors.compliance_rows(request.user, period) if period else []
    show_obligations = form.is_valid() and form.cleaned_data.get("obligations")
    declared = planning_selectors.obligation_pairs() if show_obligations else set()
    for row in rows:
        row["label"] = compliance.label(row["state"])
        m = row["membership"]
        row["no_obligation"] = show_obligations and (m.country_id, m.coalition_id) not in declared
    context = {"form": form, "period": period, "rows": rows, "show_obligations": show_obligations}
    return render(request, "reports/compliance.html", context)


@requires(access.is_ministry)
def activity(request):
    since = timezone.localdate() - ACTIVITY_DAYS
    form = forms.ActivityFilterForm(request.GET or None, initial={"since": since})
    filters = form.cleaned_data if form.is_valid() else {}
    filters["since"] = filters.get("since") or since  # a window keeps the union over event tables small
    with history.no_jit():
        page = history.page_of(history.activity(**filters), request.GET.get("page"), PAGE_SIZE)
    return render(request, "reports/activity.html", {"form": form, "page": page})


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

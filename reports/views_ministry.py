"""Ministry pages: review queue, periods, compliance matrix, activity, new usage reports."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access

from . import checks, compliance, forms, history, services
from .filters import FigureFilters
from .models import DataFlag, PartnerReport, ReportingPeriod, ReportStatus, UsageReport
from .views import PAGE_SIZE, apply_errors

ACTIVITY_DAYS = datetime.timedelta(days=30)


def require_ministry(user):
    if not access.is_ministry(user):
        raise PermissionDenied


def require_analyst(user):
    if not access.is_analyst(user):
        raise PermissionDenied


def review_queue_items(user):
    """Submitted partner and usage reports, oldest submission first."""
    submitted = {"status": ReportStatus.SUBMITTED}
    partner = (
        PartnerReport.objects.for_user(user)
        .filter(**submitted)
        .select_related("period", "country", "coalition")
        .annotate(flag_count=Count("flags"))
    )
    usage = (
        UsageReport.objects.for_user(user)
        .filter(**submitted)
        .select_related("period", "coalition", "author")
        .annotate(flag_count=Count("flags"))
    )
    today = timezone.localdate()
    items = [("partner", r) for r in partner] + [("usage", r) for r in usage]
    # reports put in "submitted" outside the workflow (history imports, load data) have no time
    items.sort(key=lambda item: item[1].submitted_at or item[1].created_at)
    return [{"kind": kind, "report": r, "overdue": r.period.due_on < today} for kind, r in items]


def review_queue(request):
    require_ministry(request.user)
    return render(request, "reports/review_queue.html", {"items": review_queue_items(request.user)})


def period_list(request):
    require_ministry(request.user)
    form = forms.PeriodOpenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not access.is_analyst(request.user):
            raise PermissionDenied
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


def compliance_view(request):
    require_ministry(request.user)
    form = forms.PeriodChoiceForm(request.GET or None)
    period = form.cleaned_data.get("period") if form.is_valid() else None
    period = period or compliance.current_period()
    rows = compliance.rows(period) if period else []
    for row in rows:
        row["label"] = compliance.label(row["state"])
    return render(request, "reports/compliance.html", {"form": form, "period": period, "rows": rows})


def activity(request):
    require_ministry(request.user)
    since = timezone.localdate() - ACTIVITY_DAYS
    form = forms.ActivityFilterForm(request.GET or None, initial={"since": since})
    filters = form.cleaned_data if form.is_valid() else {}
    filters["since"] = filters.get("since") or since  # a window keeps the union over event tables small
    with history.no_jit():
        page = history.page_of(history.activity(**filters), request.GET.get("page"), PAGE_SIZE)
    return render(request, "reports/activity.html", {"form": form, "page": page})


def usage_create(request):
    if not access.is_analyst(request.user):
        raise PermissionDenied
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


def data_checks(request):
    require_analyst(request.user)
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

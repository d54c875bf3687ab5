"""Pages of the reporting cycle: the dashboard, reports, lines, review actions.

Rows come through ``reports.selectors`` (404 for what the user may not see). Every
signed-in user may open these pages; a view that needs a right on the report checks it
with ``access.require`` once it has the report (403), and the services decide what the
user may do (403) and whether the report's state allows it (message, 400).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import access
from coalitions.planning import selectors as planning_selectors
from coalitions.services import StaleEdit
from coalitions.ventures import forms as venture_forms
from coalitions.ventures import selectors as venture_selectors
from coalitions.ventures import services as venture_services
from coalitions.ventures.models import TrainingThroughput, VentureOutput

from . import checks, compliance, figures, forms, history, lists, selectors, services, workflow
from . import dashboard as dashboard_selectors
from .figures import kept
from .models import DeliveryLine, PlanLine
from .pages import apply_errors

LINE_KINDS = {
    "deliveries": (DeliveryLine, forms.DeliveryLineForm, services.delivery_line_save),
    "plans": (PlanLine, forms.PlanLineForm, services.plan_line_save),
    "outputs": (VentureOutput, venture_forms.OutputLineForm, venture_services.venture_output_save),
    "training": (TrainingThroughput, venture_forms.TrainingLineForm, venture_services.training_line_save),
}
STALE = gettext_lazy(
    "Someone else changed this line after you opened it. Their version is shown; your changes were not saved."
)


@require_safe
def dashboard(request):
    """Each role's first question (``reports.dashboard``), in a bounded number of rows: the same
    HTML until the data change, so kept per data version and person (``reports.figures.kept``)."""
    body = kept.html("dashboard", request.user, None, lambda: _dashboard_body(request.user), personal=True)
    return render(request, "reports/dashboard.html", {"body": body})


def _dashboard_body(user):
    context = {"coalitions": access.coalitions_for(user), **dashboard_selectors.context(user)}
    context["planning"] = planning_selectors.dashboard(user)
    return render_to_string("reports/includes/dashboard_body.html", context)


@require_safe
def report_list(request):
    form = forms.ReportFilterForm(request.GET or None, user=request.user)
    partner, usage = lists.partner_reports(request.GET), lists.usage_reports(request.GET)
    page = partner.paginate(partner.apply(form.filter(selectors.report_rows(request.user, "partner"))))
    usage_page = usage.paginate(usage.apply(form.filter(selectors.report_rows(request.user, "usage"))))
    context = {
        "form": form,
        "listing": partner,
        "usage_listing": usage,
        "page": selectors.mark_overdue(page),
        "usage_reports": selectors.mark_overdue(usage_page),
    }
    return render(request, "reports/report_list.html", context)


def _has(report, part):
    """Whether ``report`` has rows of ``part`` (``selectors.report_for_page``; True when unknown)."""
    return getattr(report, f"has_{part}", True)


def detail_context(request, report, **forms_in_use):
    user = request.user
    partner = workflow.is_partner_report(report)
    editable = workflow.may_edit_lines(user, report)
    actions = workflow.actions_for(user, report)
    timeline = list(report.timeline.select_related("actor")) if _has(report, "timeline") else []
    context = {
        "report": report,
        "kind": "partner" if partner else "usage",
        "editable": editable,
        "actions": [(a, workflow.ACTION_LABELS[a]) for a in actions],
        # what the template may offer: may_submit, may_approve, may_return, may_reopen
        **{f"may_{action}": action in actions for action in workflow.ACTION_LABELS},
        "overdue": compliance.is_overdue(report),
        "comment_form": forms_in_use.get("comment_form") or forms.CommentForm(),
        "timeline": timeline,
        "history": history.for_object(
            report, limit=selectors.REPORT_HISTORY, slugs=getattr(report, "history_slugs", None)
        ),
        "history_newest": selectors.REPORT_HISTORY,
        "revisions": selectors.report_revisions(user, report),
        "returned": selectors.last_return(report, timeline),
        "report_needs": [],  # a partner report's: ``partner_context``
    }
    if access.is_reviewer(user):
        context["queue_previous"], context["queue_next"] = selectors.queue_neighbours(user, report)
    context |= flags_context(report, editable, forms_in_use.get("flags"))
    if partner:
        context |= partner_context(request, report, editable, forms_in_use)
    else:
        context["lines"] = report.lines.select_related("capability")
    return context


def flags_context(report, editable, form=None):
    """The report's data check flags, and the form to explain them while its writer may edit it."""
    flags = (
        list(checks.flags_of(report).select_related("explained_by", *checks.MESSAGE_RELATED))
        if _has(report, "flags")
        else []
    )
    context = {"flags": flags}
    if editable and flags:
        context["flag_form"] = form or forms.FlagExplainForm(flags=flags)
    return context


@require_POST
def flags_explain(request, kind, pk):
    report = selectors.get_report(request.user, kind, pk)
    access.require(workflow.may_edit, request.user, report)
    form = forms.FlagExplainForm(
        request.POST, flags=checks.flags_of(report).select_related(*checks.MESSAGE_RELATED)
    )
    if form.is_valid():
        try:
            services.flags_explain(report=report, user=request.user, explanations=form.explanations())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Explanations saved."))
            return redirect("report_detail", kind=kind, pk=report.pk)
    return render(
        request, "reports/report_detail.html", detail_context(request, report, flags=form), status=400
    )


def partner_context(request, report, editable, forms_in_use):
    commitments, capabilities = selectors.report_commitment_rows(report, request.user)
    by_day = selectors.delivered_by_day(report)
    capabilities = selectors.line_capabilities(capabilities, {row[0] for row in by_day})
    # an import brings hundreds of lines: the page shows them a page at a time
    listing = lists.delivery_lines(request.GET, editable=editable)
    count = sum(row[3] for row in by_day)
    lines = listing.paginate(listing.apply(selectors.delivery_line_values(report)), count=count)
    plans = (
        list(report.plans.select_related("commitment__capability", "period")) if _has(report, "plans") else []
    )
    deliveries = [(capabilities[commitment][0], day, quantity) for commitment, day, quantity, _n in by_day]
    named = [plan.need_id for plan in plans if plan.need_id is not None]
    context = {
        "deliveries": lines.object_list,
        "delivery_listing": listing,
        "capability_names": {pk: name for pk, (_capability, name) in capabilities.items()},
        "plans": plans,
        "progress": figures.progress(commitments),
        "report_needs": planning_selectors.report_needs(report, deliveries=deliveries, named=named),
        "outputs": venture_selectors.report_outputs(report) if _has(report, "venture_outputs") else [],
        "training_lines": venture_selectors.report_training(report) if _has(report, "training_lines") else [],
    }
    if editable:
        context["output_form"] = forms_in_use.get("outputs") or venture_forms.OutputLineForm(
            report=report, user=request.user
        )
        context["training_form"] = forms_in_use.get("training") or venture_forms.TrainingLineForm(
            report=report, user=request.user
        )
        context["delivery_form"] = forms_in_use.get("deliveries") or forms.DeliveryLineForm(
            report=report, user=request.user
        )
        context["plan_form"] = forms_in_use.get("plans") or forms.PlanLineForm(
            report=report, user=request.user
        )
    return context


def report_detail(request, kind, pk):
    report = selectors.report_for_page(request.user, kind, pk)
    return render(request, "reports/report_detail.html", detail_context(request, report))


@require_http_methods(["GET", "POST"])
def report_transition(request, kind, pk, action):
    """GET: the confirmation page saying what the action will do (with the comment field);
    POST: the action itself, through ``services.TRANSITION_SERVICES``."""
    report = selectors.get_report(request.user, kind, pk)
    workflow.require(request.user, report, action)
    if request.method == "GET":
        try:
            workflow.check_state(report, action)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("report_detail", kind=kind, pk=report.pk)
        return render(
            request, "reports/confirm.html", confirm_context(report, kind, action, forms.CommentForm())
        )
    form = forms.CommentForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        result = services.TRANSITION_SERVICES[action](report, request.user, comment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        kept = forms.CommentForm(initial={"comment": comment})
        if (
            action in workflow.NEEDS_COMMENT
            and not comment.strip()
            and workflow.is_allowed_now(report, action)
        ):
            context = confirm_context(report, kind, action, kept)
            return render(request, "reports/confirm.html", context, status=400)
        context = detail_context(request, report, comment_form=kept)
        return render(request, "reports/report_detail.html", context, status=400)
    messages.success(
        request,
        _("Report %(report)s: %(action)s done.")
        % {"report": result, "action": workflow.ACTION_LABELS[action]},
    )
    return redirect("report_detail", kind=kind, pk=result.pk)


def confirm_context(report, kind, action, form):
    return {
        "report": report,
        "kind": kind,
        "action": action,
        "label": workflow.ACTION_LABELS[action],
        "consequences": workflow.consequences(report, action),
        "form": form,
        "comment_required": action in workflow.NEEDS_COMMENT,
    }


def _line_kind(line_kind):
    if line_kind not in LINE_KINDS:
        raise Http404
    return LINE_KINDS[line_kind]


def _form_data(form):
    if hasattr(form, "line_data"):
        return form.line_data()
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


@require_POST
def line_add(request, pk, line_kind):
    _model, form_class, save = _line_kind(line_kind)
    report = selectors.get_report(request.user, "partner", pk)
    access.require(workflow.may_edit, request.user, report)
    form = form_class(request.POST, report=report, user=request.user)
    if form.is_valid():
        try:
            line = save(report=report, user=request.user, data=_form_data(form))
        except ValidationError as error:
            apply_errors(request, form, error)
        else:
            messages.success(request, _("Line added."))
            warn_line(request, line)
            return redirect(_line_url(report, line))
    context = detail_context(request, report, **{line_kind: form})
    return render(request, "reports/report_detail.html", context, status=400)


def _line_url(report, line=None, page=None) -> str:
    """The report page where ``line`` (or page ``page`` of its delivery lines) is shown."""
    url = reverse("report_detail", kwargs={"kind": "partner", "pk": report.pk})
    lines = lists.delivery_lines(QueryDict())
    if isinstance(line, DeliveryLine):
        return f"{url}?{lines.param('page')}={selectors.delivery_line_page(line)}#line-{line.pk}"
    return f"{url}{lines.url(page=page)}" if page else url


def warn_line(request, line):
    """The data check warnings about a delivery line just saved, as messages."""
    if isinstance(line, DeliveryLine):
        for flag in line.flags.select_related(*checks.MESSAGE_RELATED):
            messages.warning(request, _("Data check: %(message)s") % {"message": flag.message})


def _get_line(request, pk, line_kind, line_pk):
    model, form_class, save = _line_kind(line_kind)
    report = selectors.get_report(request.user, "partner", pk)
    access.require(workflow.may_edit, request.user, report)
    line = get_object_or_404(
        model.objects.select_related("period") if model is PlanLine else model, pk=line_pk, report=report
    )
    return report, line, form_class, save


def _edit(request, *, report, kind, form, save):
    """Show ``form`` for a line of ``report``; on POST save it with ``save(form)``, which returns
    the address to go back to."""
    if not workflow.is_editable(report):
        messages.error(request, _("This report can no longer be changed."))
        return redirect("report_detail", kind=kind, pk=report.pk)
    if request.method == "POST" and form.is_valid():
        try:
            done = save(form)
        except StaleEdit:
            messages.error(request, STALE)
            return redirect(request.path)
        except ValidationError as error:
            apply_errors(request, form, error)
        else:
            messages.success(request, _("Line saved."))
            return redirect(done)
    context = {"report": report, "kind": kind, "form": form}
    return render(request, "reports/line_form.html", context, status=400 if request.method == "POST" else 200)


def line_edit(request, pk, line_kind, line_pk):
    report, line, form_class, save = _get_line(request, pk, line_kind, line_pk)
    form = form_class(request.POST or None, instance=line, report=report, user=request.user)

    def save_form(form):
        version = form.cleaned_data["version"]
        saved = save(report=report, user=request.user, data=_form_data(form), line=line, version=version)
        warn_line(request, saved)
        return _line_url(report, saved)

    return _edit(request, report=report, kind="partner", form=form, save=save_form)


@require_POST
def line_delete(request, pk, line_kind, line_pk):
    report, line, _form_class, _save = _get_line(request, pk, line_kind, line_pk)
    version = request.POST.get("version", "")
    version = int(version) if version.isdigit() else None
    # back to the page of lines it was on (the page before when it was the last one's only line)
    page = selectors.delivery_line_page(line) if isinstance(line, DeliveryLine) else None
    try:
        services.line_delete(line=line, user=request.user, version=version)
    except StaleEdit:
        messages.error(request, STALE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Line removed."))
    return redirect(_line_url(report, page=page))


def usage_line_edit(request, pk, line_pk):
    report = selectors.get_report(request.user, "usage", pk)
    access.require(workflow.may_edit, request.user, report)
    line = get_object_or_404(report.lines.select_related("capability"), pk=line_pk)
    form = forms.UsageLineForm(request.POST or None, instance=line)

    def save_form(form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        services.usage_line_save(
            line=line, user=request.user, data=data, version=form.cleaned_data["version"]
        )
        return reverse("report_detail", kwargs={"kind": "usage", "pk": report.pk})

    return _edit(request, report=report, kind="usage", form=form, save=save_form)

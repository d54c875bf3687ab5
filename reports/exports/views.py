import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts import access
from reports import figures, prepared, selectors
from reports.figures import kept
from reports.figures import ventures as venture_figures
from reports.filters import FigureFilters

from . import prepared as prepared_exports
from . import writers
from .datasets import DATASETS, report_id

FORMATS = ("csv", "xlsx")


def figures_page(request):
    filters = FigureFilters(request.user, request.GET)
    if filters.is_valid():  # the same HTML until the data change: kept per data version and reader
        what = f"figures-page {request.path}"
        body = kept.html(what, request.user, filters, lambda: _figures_body(request, filters))
    else:
        body = _figures_body(request, filters)  # the form's errors and no figures
    context = {"filters": filters, "links": _links(filters), "body": body}
    return render(request, "exports/figures.html", context)


def _figures_body(request, filters):
    """The filter form and every figure of the page (``reports.figures``)."""
    result = figures.consolidated(request.user, filters)
    context = {"filters": filters, "action": request.path, **figures.display(result)}
    context |= venture_figures.context(request.user, filters=filters)
    return render_to_string("exports/figures_body.html", context)


def index(request):
    filters = FigureFilters(request.user, request.GET)
    return render(request, "exports/index.html", {"filters": filters, "links": _links(filters)})


def _links(filters):
    """Download links of the filtered view; none while the filters are invalid."""
    if not filters.is_valid():
        return []
    query = filters.query_string()
    shown = [d for d in DATASETS.values() if d.allowed is None or d.allowed(filters.user)]
    return [{"dataset": d, "query": query, "formats": FORMATS} for d in shown]


def download(request, dataset, fmt):
    if dataset not in DATASETS or fmt not in FORMATS:
        raise Http404
    if DATASETS[dataset].allowed:
        access.require(DATASETS[dataset].allowed, request.user)
    filters = FigureFilters(request.user, request.GET)
    if not filters.is_valid():
        context = {"filters": filters, "links": _links(filters)}
        return render(request, "exports/index.html", context, status=400)
    spec = DATASETS[dataset]
    source = spec.source(request.user, filters, request.GET)
    name = f"{dataset}_{_scope(request, dataset, filters)}_{datetime.date.today():%Y-%m-%d}.{fmt}"
    if prepared_exports.background_needed(source, fmt):
        return _prepare(request, dataset, fmt, name)
    if fmt == "csv":
        return writers.csv_response(spec.header, source, name)
    try:
        notes = spec.notes() if spec.notes else ()
        return writers.xlsx_response(spec.header, source, name, title=dataset, notes=notes)
    except writers.TooManyRows:
        error = _(
            "This view has more rows than an XLSX sheet holds (%(rows)s). "
            "Download it as CSV, or narrow the filters."
        ) % {"rows": number_format(writers.XLSX_ROWS_MAX - 1, force_grouping=True)}
        context = {"filters": filters, "links": _links(filters), "error": error}
        return render(request, "exports/index.html", context, status=400)


def _prepare(request, dataset, fmt, name):
    """A large file is made by the worker: the user gets it from their prepared files."""
    prepared.file_request(
        owner=request.user,
        kind="export",
        name=name,
        content_type=writers.CSV_TYPE if fmt == "csv" else writers.XLSX_TYPE,
        args={"dataset": dataset, "fmt": fmt, "query": request.GET.urlencode()},
    )
    messages.success(request, _("Your file is being prepared. It appears below when it is ready."))
    return redirect("exports:files")


def _scope(request, dataset, filters):
    """What the file covers, for its name: the report, the filters or the user's reach."""
    if dataset == "deliveries" and (report := report_id(request.GET)) is not None:
        return f"report-{report}"
    label = filters.scope_label()
    if label != "all":
        return label
    user = request.user
    if access.is_partner(user):
        return "-".join(selectors.own_country_codes(user)) or "none"
    return "observed" if access.is_observer(user) else "all"

"""Upload → preview (dry run) → confirm, for report lines and for legacy history.

The confirm views take only a token from the client; the file is read again from the
server's copy and checked in full (rights included) before anything is written.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from accounts.access import requires
from reports import selectors, workflow

from . import services, sheets, uploads
from .forms import HistoryOptionsForm, HistoryUploadForm, UploadForm
from .kinds import KINDS
from .safety import Refused

HISTORY = "history"
PREVIEW_IDS = "preview_%s"  # the preview's options beside the upload form's: no duplicate ids


def index(request):
    reports = selectors.importable_reports(request.user)
    context = {"reports": reports, "may_import_history": access.may_import_history(request.user)}
    return render(request, "imports/index.html", context)


def _report(request, pk, kind):
    if kind not in KINDS:
        raise Http404
    report = selectors.get_report(request.user, "partner", pk)
    access.require(workflow.may_edit_lines, request.user, report)
    return report, KINDS[kind]


def _received(form):
    """The uploaded bytes, refused when over the size limit before they are read."""
    upload = form.cleaned_data["file"]
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise Refused(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
        )
    return upload.read(), upload.name


def report_template(request, pk, kind):
    report, kind = _report(request, pk, kind)
    commitments = list(selectors.report_commitments(report, request.user))
    response = HttpResponse(
        sheets.report_template(report, kind, commitments, request.user),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{kind.slug}-template-{report.country.code}-{report.coalition.slug}-{report.period.label}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_import(request, pk, kind):
    report, kind = _report(request, pk, kind)
    context = {"report": report, "kind": kind}
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "imports/report.html", context | {"form": form}, status=status)
    try:
        data, name = _received(form)
    except Refused as refused:
        form.add_error("file", str(refused))
        return render(request, "imports/report.html", context | {"form": form}, status=400)
    encoding = form.cleaned_data["encoding"]
    preview = services.report_lines_import(
        user=request.user, report=report, kind=kind, data=data, encoding=encoding
    )
    if preview.file_errors:
        for error in preview.file_errors:
            form.add_error("file", error)
        return render(request, "imports/report.html", context | {"form": form}, status=400)
    purpose = f"report:{report.pk}:{kind.slug}"
    token = uploads.store(request, data, purpose=purpose, name=name, encoding=encoding)
    context |= {"form": UploadForm(), "preview": preview, "token": token, "file_name": name}
    return render(request, "imports/report.html", context)


@require_POST
def report_confirm(request, pk, kind):
    report, kind = _report(request, pk, kind)
    token = request.POST.get("token", "")
    stored = uploads.load(request, token, purpose=f"report:{report.pk}:{kind.slug}")
    context = {"report": report, "kind": kind, "form": UploadForm()}
    if stored is None:
        messages.error(
            request, _("This upload is no longer available; upload the file again. Nothing was saved.")
        )
        return render(request, "imports/report.html", context, status=400)
    data, meta = stored
    preview = services.report_lines_import(
        user=request.user, report=report, kind=kind, data=data, encoding=meta["encoding"], dry_run=False
    )
    if not preview.is_clean:
        messages.error(request, _("The file has problems; nothing was saved."))
        context |= {"preview": preview, "token": token, "file_name": meta["name"]}
        return render(request, "imports/report.html", context, status=400)
    uploads.discard(request, token)
    counts = preview.counts
    messages.success(
        request,
        _("Imported: %(add)d lines added, %(update)d updated, %(unchanged)d unchanged.") % counts,
    )
    return redirect("imports:report", pk=report.pk, kind=kind.slug)


def _history_page(request, preview, token, name, options, status=200):
    """The preview with its summary, the options form and Confirm first, the rows after."""
    context = {
        "form": HistoryUploadForm(),
        "preview": preview,
        "token": token,
        "file_name": name,
        "options_form": options,
    }
    return render(request, "imports/history.html", context, status=status)


def _options_form(options):
    """The preview's options as the user chose them, shown again for the next step."""
    members_from = options["members_from"]
    initial = {"add_memberships": options["add_memberships"]}
    if members_from:
        initial["members_from"] = members_from.isoformat()
    return HistoryOptionsForm(initial=initial, auto_id=PREVIEW_IDS)


@requires(access.may_import_history)
def history_import(request):
    form = HistoryUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "imports/history.html", {"form": form}, status=status)
    try:
        data, name = _received(form)
    except Refused as refused:
        form.add_error("file", str(refused))
        return render(request, "imports/history.html", {"form": form}, status=400)
    encoding, options = form.cleaned_data["encoding"], form.options()
    preview = services.history_import(user=request.user, data=data, encoding=encoding, **options)
    if preview.file_errors:
        for error in preview.file_errors:
            form.add_error("file", error)
        return render(request, "imports/history.html", {"form": form}, status=400)
    token = uploads.store(request, data, purpose=HISTORY, name=name, encoding=encoding)
    return _history_page(request, preview, token, name, _options_form(options))


@require_POST
@requires(access.may_import_history)
def history_confirm(request):
    token = request.POST.get("token", "")
    stored = uploads.load(request, token, purpose=HISTORY)
    if stored is None:
        messages.error(
            request, _("This upload is no longer available; upload the file again. Nothing was saved.")
        )
        return render(request, "imports/history.html", {"form": HistoryUploadForm()}, status=400)
    data, meta = stored
    options_form = HistoryOptionsForm(request.POST, auto_id=PREVIEW_IDS)
    valid = options_form.is_valid()
    options = options_form.options() if valid else {"add_memberships": False, "members_from": None}
    write = valid and "confirm" in request.POST
    preview = services.history_import(
        user=request.user, data=data, encoding=meta["encoding"], dry_run=not write, **options
    )
    if write and preview.written:
        uploads.discard(request, token)
        messages.success(
            request,
            _("Imported %(commitments)d commitments (%(add)d new, %(update)d updated).") % preview.counts
            + " "
            + _("Skipped %(skipped)d rows.") % preview.counts,
        )
        return redirect("imports:history")
    if not valid:
        return _history_page(request, preview, token, meta["name"], options_form, status=400)
    return _history_page(request, preview, token, meta["name"], _options_form(options))

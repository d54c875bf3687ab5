"""Imports as business actions: the preview and the confirm run the same checks.

``report_lines_import`` reads, checks and (unless ``dry_run``) writes the lines of one
report in one transaction while holding a lock on the report row, so only one import
per report runs at a time and a failure anywhere leaves the database as it was.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F

from accounts import access
from coalitions.services import StaleEdit
from reports import checks, workflow
from reports.models import PartnerReport

from . import kiel, readers, safety
from .lines import ADD, DELIVERIES, UPDATE, Preview, build_preview, preview_lines


@transaction.atomic
def report_lines_import(*, user, report, kind, data, encoding="", dry_run=True):
    """The preview of importing ``data`` into ``report``; written when clean and not ``dry_run``."""
    report = PartnerReport.objects.select_for_update().select_related("period").get(pk=report.pk)
    workflow.require_line_edit(user, report)
    try:
        table = readers.read_upload(data, encoding)
    except safety.Refused as refused:
        return Preview(file_errors=[str(refused)])
    preview = build_preview(table, report=report, user=user, kind=kind)
    if preview.is_clean and not dry_run:
        _write_lines(preview, report, kind)
        checks.refresh(report)
    elif preview.is_clean and kind is DELIVERIES:
        preview.warnings = checks.partner_findings(report, preview_lines(preview, report))
    return preview


@transaction.atomic
def report_lines_push(*, user, report, kind, headers, rows, versions=None, dry_run=True):
    """``report_lines_import`` for lines that arrive as values (the API) rather than a file.

    ``rows`` are lists of cells under ``headers`` (names of ``kind``'s columns); they pass the
    same row checks, natural keys and line rules as an uploaded sheet, and are written in the
    same way (all or nothing, under the report's lock). ``versions`` (row number → version)
    refuses with ``StaleEdit`` a row whose existing line has moved on since it was read.
    Row numbers start at 0, as the API counts.
    """
    report = PartnerReport.objects.select_for_update().select_related("period").get(pk=report.pk)
    workflow.require_line_edit(user, report)
    table = readers.Table(headers=list(headers), rows=list(enumerate(rows)))
    preview = build_preview(table, report=report, user=user, kind=kind)
    versions = versions or {}
    stale = [
        row.line
        for row in preview.rows
        if row.target is not None and versions.get(row.line) not in (None, row.target.version)
    ]
    if stale:
        raise StaleEdit(stale)
    if preview.is_clean and not dry_run:
        _write_lines(preview, report, kind)
        checks.refresh(report)
    elif preview.is_clean and kind is DELIVERIES:
        preview.warnings = checks.partner_findings(report, preview_lines(preview, report))
    return preview


def _write_lines(preview, report, kind):
    model = kind.model
    added = [model(report=report, **row.values) for row in preview.rows if row.action == ADD]
    model.objects.bulk_create(added, batch_size=1000)
    updated = []
    for row in preview.rows:
        if row.action == UPDATE:
            for name, value in row.values.items():
                setattr(row.target, name, value)
            row.target.version = F("version") + 1
            updated.append(row.target)
    if updated:
        model.objects.bulk_update(updated, [*kind.fields, "version"], batch_size=1000)


def history_import(*, user, data, encoding="", add_memberships=False, members_from=None, dry_run=True):
    """Preview (and unless ``dry_run`` write) a Kiel tracker sheet as legacy history.

    ``members_from`` (a quarter's first day) is where memberships added for donors start.
    """
    if not access.may_import_history(user):
        raise PermissionDenied
    return kiel.history_import(
        user=user,
        data=data,
        encoding=encoding,
        add_memberships=add_memberships,
        members_from=members_from,
        dry_run=dry_run,
    )

"""The XLSX template a partner officer fills in for one report."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from reports.exports.writers import FORMULA_PREFIXES

from .lines import DELIVERIES


def _row(sheet, cells):
    sheet.append(cells)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"  # never a live formula


def report_template(report, kind, commitments, user=None):
    """Bytes of an XLSX workbook: the lines sheet to fill, the commitments (or, for venture
    output and training, the report's ventures or programmes), an example."""
    book = Workbook()
    lines = book.active
    lines.title = _("Lines")
    _row(lines, kind.header)
    if kind.reference is not None:
        return _reference_template(book, report, kind, user)
    reference = book.create_sheet(_("Commitments"))
    _row(reference, ["commitment_id", "capability", "unit", "quantity", "announced_on", "status"])
    for c in commitments:
        _row(
            reference,
            [c.pk, c.capability.name, c.capability.get_unit_display(), c.quantity, c.announced_on, c.status],
        )
    example = book.create_sheet(_("Example"))
    _row(example, kind.header)
    _row(example, _example(report, kind, commitments[0] if commitments else None))
    _row(example, [])
    _row(example, [_("Fill the Lines sheet; one row per line. Only the first sheet is read.")])
    _row(example, [_("Required columns: %(columns)s.") % {"columns": ", ".join(kind.required)}])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _reference_template(book, report, kind, user):
    title, header, rows = kind.reference(report, user)
    reference = book.create_sheet(title)
    _row(reference, header)
    for row in rows:
        _row(reference, row)
    example = book.create_sheet(_("Example"))
    _row(example, kind.header)
    first = dict(zip(header, rows[0], strict=False)) if rows else {}
    sample = {"quantity": 100, "started": 20, "completed": 18, "notes": _("Example")}
    _row(example, [first.get(name, sample.get(name, "")) for name in kind.header])
    _row(example, [])
    _row(example, [_("Fill the Lines sheet; one row per line. Only the first sheet is read.")])
    _row(example, [_("Required columns: %(columns)s.") % {"columns": ", ".join(kind.required)}])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _example(report, kind, commitment):
    capability = commitment.capability.name if commitment else ""
    common = {
        "commitment_id": commitment.pk if commitment else 1,
        "country": report.country.name,
        "coalition": report.coalition.name,
        "capability": capability,
        "period": report.period.label,
        "quantity": 100,
        "notes": _("Example: first batch"),
    }
    if kind is DELIVERIES:
        common |= {"line_reference": "DL-001", "delivered_on": report.period.start, "report_status": ""}
    else:
        common |= {"planned_period": _("e.g. 2027-Q1")}
    return [common.get(name, "") for name in kind.header]

"""Delivery and plan lines of one partner report: columns, row checks, add/update/unchanged.

The deliveries header is the export's header (the contract with the export):
``line_reference, commitment_id, country, coalition, capability, period, delivered_on,
quantity, notes, report_status``. Only ``commitment_id``, ``delivered_on`` and
``quantity`` are required; ``line_reference`` and ``notes`` are optional; the other
columns are informational and ignored.

Natural key of a delivery line: its ``line_reference`` when given, else commitment +
delivered_on. Of a plan line: its ``line_reference`` when given, else commitment + planned
period. (The API's batches, ``reports.api``, always name a ``line_reference``, so a retry
updates rather than duplicates.)

What a row must satisfy (own commitment, not cancelled, date in the period, plan after it,
quantity above zero) is ``reports.rules``, the same rules the report form applies; this
module resolves commitments and periods in bulk and words the problems per row and column.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from coalitions.models import Commitment
from reports import checks, rules
from reports.exports.datasets import DELIVERIES_HEADER
from reports.models import DeliveryLine, PlanLine, ReportingPeriod
from reports.periods import parse_label

from . import values
from .values import Problem

ADD, UPDATE, UNCHANGED, ERROR = "add", "update", "unchanged", "error"
# The deliveries export's columns: what is exported imports back unchanged.
DELIVERY_HEADER = list(DELIVERIES_HEADER)
PLAN_HEADER = [
    "commitment_id",
    "country",
    "coalition",
    "capability",
    "planned_period",
    "quantity",
    "notes",
    "line_reference",
]


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type
    header: list
    required: tuple
    fields: tuple  # what the import writes
    label: object = ""  # the page's heading
    parsers: dict | None = None  # column → cell parser, beside ``PARSERS``
    check: object = None  # (rows, report, user): resolves and classifies the rows (else deliveries/plans)
    reference: object = None  # (report, user) → (sheet title, header, rows) for the template


DELIVERIES = Kind(
    "deliveries",
    DeliveryLine,
    DELIVERY_HEADER,
    ("commitment_id", "delivered_on", "quantity"),
    ("commitment_id", "delivered_on", "quantity", "notes", "line_reference"),
)
PLANS = Kind(
    "plans",
    PlanLine,
    PLAN_HEADER,
    ("commitment_id", "planned_period", "quantity"),
    ("commitment_id", "period_id", "quantity", "notes", "line_reference"),
)
KINDS = {kind.slug: kind for kind in (DELIVERIES, PLANS)}


@dataclass
class Row:
    line: int
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (column, message)
    action: str = ADD
    target: object = None  # the existing line an update or unchanged row matches

    def error(self, column, message):
        self.errors.append((column, message))
        self.action = ERROR


@dataclass
class Preview:
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    note: str = ""
    warnings: list = field(default_factory=list)  # data check warnings (reports.checks.Finding)

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self):
        return {action: self.count(action) for action in (ADD, UPDATE, UNCHANGED, ERROR)}

    @property
    def problems(self):
        """(row, column, message) in the order of the rows, then of the columns."""
        order = {name: i for i, name in enumerate(DELIVERY_HEADER + PLAN_HEADER)}
        problems = [(row.line, column, message) for row in self.rows for column, message in row.errors]
        return sorted(problems, key=lambda problem: (problem[0], order.get(problem[1], -1)))

    @property
    def is_clean(self):
        return not self.file_errors and not self.problems


def check_header(headers, kind):
    """File errors for a header that is not ``kind``'s (missing, unknown, duplicated)."""
    errors, seen = [], set()
    expected = ", ".join(kind.header)
    for header in headers:
        name = header.lower()
        if not name:
            continue
        if name in seen:
            errors.append(_("The column “%(name)s” appears twice.") % {"name": header})
        elif name not in kind.header:
            errors.append(
                _("Unknown column “%(name)s”. Expected columns: %(expected)s.")
                % {"name": header, "expected": expected}
            )
        seen.add(name)
    for name in kind.required:
        if name not in seen:
            errors.append(
                _("The column “%(name)s” is missing. Expected columns: %(expected)s.")
                % {"name": name, "expected": expected}
            )
    return errors


def build_preview(table, *, report, user, kind):
    preview = Preview(note=table.note, file_errors=check_header(table.headers, kind))
    if preview.file_errors:
        return preview
    names = [header.lower() for header in table.headers]
    preview.rows = [_parse(number, cells, names, kind) for number, cells in table.rows]
    if kind.check is not None:
        kind.check(preview.rows, report, user)
        return preview
    _check_commitments(preview.rows, report, user)
    if kind is DELIVERIES:
        _check_deliveries(preview.rows, report)
    else:
        _check_plans(preview.rows, report)
    return preview


def _parse(number, cells, names, kind):
    row = Row(line=number)
    if len(cells) > len(names) and any(not values.is_blank(c) for c in cells[len(names) :]):
        row.error("", _("has values in columns without a header"))
    raw = dict(zip(names, cells, strict=False))
    for name, parse in (PARSERS | (kind.parsers or {})).items():
        if name not in names:
            continue
        try:
            row.values[name] = parse(raw.get(name))
        except Problem as problem:
            row.error(name, str(problem))
    return row


def classify(row, target, fields):
    """Add, update or unchanged: ``row`` against the existing line ``target`` (None: new)."""
    _classify(row, target, fields)


def quantity(value):
    """A line's quantity from a cell: a number (``values``) that passes the quantity rule, whole."""
    if values.is_blank(value):
        raise Problem(_("is missing"))
    if problem := rules.quantity(values.decimal(value), wording=rules.IMPORT):
        raise Problem(problem)
    return values.positive_int(value)


PARSERS = {
    "commitment_id": values.positive_int,
    "delivered_on": values.date,
    "quantity": quantity,
    "notes": values.text,
    "line_reference": lambda v: values.text(v, max_length=100),
    "planned_period": values.text,
}


def _check_commitments(rows, report, user):
    ids = {row.values["commitment_id"] for row in rows if "commitment_id" in row.values}
    visible = Commitment.objects.for_user(user).filter(pk__in=ids).select_related("coalition")
    found = {commitment.pk: commitment for commitment in visible}
    for row in rows:
        pk = row.values.get("commitment_id")
        if pk is None:
            continue
        commitment = found.get(pk)
        if commitment is None:
            row.error(
                "commitment_id",
                _("unknown commitment %(pk)d: not one of %(country)s's commitments")
                % {"pk": pk, "country": report.country},
            )
        elif problem := rules.commitment(report, commitment, wording=rules.IMPORT):
            row.error("commitment_id", problem)


def _check_deliveries(rows, report):
    existing = list(DeliveryLine.objects.filter(report=report))
    by_reference = {line.line_reference: line for line in existing if line.line_reference}
    by_pair = {}
    for line in existing:
        if not line.line_reference:
            by_pair.setdefault((line.commitment_id, line.delivered_on), line)
    seen = {}
    for row in rows:
        day = row.values.get("delivered_on")
        problem = day and (
            rules.delivery_date(report, day, wording=rules.IMPORT)
            or rules.delivery_not_future(day, wording=rules.IMPORT)
        )
        if problem:
            row.error("delivered_on", problem)
        if row.action == ERROR:
            continue
        reference = row.values.get("line_reference", "")
        key = ("ref", reference) if reference else ("pair", row.values["commitment_id"], day)
        if key in seen:
            row.error("line_reference", _("repeats the line of row %(line)d") % {"line": seen[key]})
            continue
        seen[key] = row.line
        target = by_reference.get(reference) if reference else by_pair.get(key[1:])
        _classify(row, target, _delivery_fields(row.values))


def _delivery_fields(data):
    return {
        "commitment_id": data["commitment_id"],
        "delivered_on": data["delivered_on"],
        "quantity": data["quantity"],
        "notes": data.get("notes", ""),
        "line_reference": data.get("line_reference", ""),
    }


def _classify(row, target, fields):
    row.values = fields
    row.target = target
    if target is None:
        row.action = ADD
    elif all(getattr(target, name) == value for name, value in fields.items()):
        row.action = UNCHANGED
    else:
        row.action = UPDATE


def preview_lines(preview, report):
    """The report's delivery lines as they would be once ``preview`` is confirmed (``checks.Line``)."""
    changed = {row.target.pk: row for row in preview.rows if row.target is not None}
    lines = [
        checks.Line(line.commitment_id, line.delivered_on, line.quantity, id=line.pk)
        for line in DeliveryLine.objects.filter(report=report).exclude(pk__in=list(changed))
    ]
    for row in preview.rows:
        values = row.values
        pk = row.target.pk if row.target is not None else None
        lines.append(
            checks.Line(
                values["commitment_id"], values["delivered_on"], values["quantity"], id=pk, row=row.line
            )
        )
    return lines


def parse_period_label(label: str) -> tuple[str, datetime.date] | None:
    """(kind, start) of a label such as ``2026-Q4`` or ``2026-11``, or None: the calendar's."""
    return parse_label(label)


def _check_plans(rows, report):
    keys = {parse_period_label(row.values.get("planned_period", "")) for row in rows} - {None}
    periods = {
        (p.kind, p.start): p
        for p in ReportingPeriod.objects.filter(start__in={start for _kind, start in keys})
        if (p.kind, p.start) in keys
    }
    lines = list(PlanLine.objects.filter(report=report))
    by_reference = {line.line_reference: line for line in lines if line.line_reference}
    by_pair = {(line.commitment_id, line.period_id): line for line in lines if not line.line_reference}
    seen = {}
    for row in rows:
        label = row.values.get("planned_period", "")
        period = periods.get(parse_period_label(label)) if label else None
        if label and period is None:
            row.error("planned_period", _("“%(label)s” is not a reporting period") % {"label": label[:40]})
        elif not label and "planned_period" in row.values:
            row.error("planned_period", _("is missing"))
        elif period and (problem := rules.plan_period(report, period.start, wording=rules.IMPORT)):
            row.error("planned_period", problem)
        if row.action == ERROR:
            continue
        reference = row.values.get("line_reference", "")
        pair = (row.values["commitment_id"], period.pk)
        key = ("ref", reference) if reference else ("pair", *pair)
        if key in seen:
            column = "line_reference" if reference else "planned_period"
            row.error(column, _("repeats the line of row %(line)d") % {"line": seen[key]})
            continue
        seen[key] = row.line
        fields = {
            "commitment_id": pair[0],
            "period_id": period.pk,
            "quantity": row.values["quantity"],
            "notes": row.values.get("notes", ""),
            "line_reference": reference,
        }
        _classify(row, by_reference.get(reference) if reference else by_pair.get(pair), fields)

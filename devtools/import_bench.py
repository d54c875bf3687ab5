"""``bench_import``: how long a big report import takes next to a plain ``bulk_create``.

Runs inside a transaction that is rolled back: the database is left as it was.
"""

import csv
import datetime
import io
import time

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import Role
from coalitions.models import Capability, Coalition, Commitment, Country, Membership
from reports.imports import services
from reports.imports.lines import DELIVERIES, DELIVERY_HEADER
from reports.models import DeliveryLine, PartnerReport, ReportingPeriod


def bench_import(rows=10_000):
    """Seconds for preview and confirm of a ``rows``-line CSV import, and for bulk_create."""
    with transaction.atomic():
        report, commitments, user = _setup()
        data = _csv(_lines(rows, commitments, report.period.start))
        figures = {"rows": rows, "bytes": len(data)}
        lines = [
            DeliveryLine(report=report, **fields) for fields in _lines(rows, commitments, report.period.start)
        ]
        with transaction.atomic():
            figures["bulk_create_s"] = _timed(DeliveryLine.objects.bulk_create, lines, batch_size=1000)
            transaction.set_rollback(True)
        figures["preview_s"] = _timed(
            services.report_lines_import, user=user, report=report, kind=DELIVERIES, data=data
        )
        figures["confirm_s"] = _timed(
            services.report_lines_import, user=user, report=report, kind=DELIVERIES, data=data, dry_run=False
        )
        figures["imported"] = DeliveryLine.objects.filter(report=report).count()
        transaction.set_rollback(True)
    figures["confirm_vs_bulk_create"] = round(figures["confirm_s"] / figures["bulk_create_s"], 1)
    return figures


def _timed(function, *args, **kwargs):
    started = time.perf_counter()
    function(*args, **kwargs)
    return round(time.perf_counter() - started, 3)


def _setup():
    country, _ = Country.objects.get_or_create(code="IS", defaults={"name": "Iceland"})
    coalition = Coalition.objects.create(slug="bench-import", name="Bench")
    Membership.objects.get_or_create(coalition=coalition, country=country)
    capability = Capability.objects.create(
        coalition=coalition,
        code="bench-import-shell",
        name="Bench shell",
        category="ammunition",
        unit="rounds",
    )
    commitments = [
        Commitment.objects.create(country=country, coalition=coalition, capability=capability, quantity=10**6)
        for _ in range(10)
    ]
    start = datetime.date(2001, 1, 1)
    period = ReportingPeriod.objects.create(
        kind="quarter", start=start, end=datetime.date(2001, 3, 31), due_on=datetime.date(2001, 4, 30)
    )
    report = PartnerReport.objects.create(country=country, coalition=coalition, period=period)
    user = get_user_model().objects.create(username="bench-import-officer", role=Role.OFFICER)
    user.groups.add(country.group)
    return report, commitments, user


def _lines(rows, commitments, start):
    return [
        {
            "line_reference": f"B-{n}",
            "commitment": commitments[n % len(commitments)],
            "delivered_on": start + datetime.timedelta(days=n % 90),
            "quantity": 1 + n % 500,
        }
        for n in range(rows)
    ]


def _csv(lines):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(DELIVERY_HEADER)
    for line in lines:
        day, commitment = line["delivered_on"].isoformat(), line["commitment"].pk
        writer.writerow([line["line_reference"], commitment, "", "", "", "", day, line["quantity"], "", ""])
    return buffer.getvalue().encode()

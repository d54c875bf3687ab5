import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from reports.imports.lines import DELIVERY_HEADER
from reports.models import PartnerReport, ReportingPeriod
from tests.world import build_world


@pytest.fixture
def world(db):
    """The shared world without its reports: these tests make the reports they import into."""
    return build_world(reports=False)


def quarter(start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31)):
    period, _ = ReportingPeriod.objects.get_or_create(
        kind="quarter", start=start, defaults={"end": end, "due_on": end + datetime.timedelta(days=30)}
    )
    return period


@pytest.fixture
def report(world):
    """A draft report of country A in the Artillery coalition for 2026-Q4."""
    return PartnerReport.objects.create(country=world.a, coalition=world.coalition, period=quarter())


def csv_bytes(rows, header=DELIVERY_HEADER, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=DELIVERY_HEADER, build=None):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    if build:
        build(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def delivery(commitment, day="2026-11-05", quantity=10, reference="", notes=""):
    return {
        "line_reference": reference,
        "commitment_id": commitment.pk,
        "delivered_on": day,
        "quantity": quantity,
        "notes": notes,
    }


def rows_of(*lines, header=DELIVERY_HEADER):
    return [[line.get(name, "") for name in header] for line in lines]


def upload(client, report, data, name="lines.csv", kind="deliveries", **extra):
    url = reverse("imports:report", kwargs={"pk": report.pk, "kind": kind})
    return client.post(url, {"file": SimpleUploadedFile(name, data), **extra})


def confirm(client, report, token, kind="deliveries"):
    url = reverse("imports:report_confirm", kwargs={"pk": report.pk, "kind": kind})
    return client.post(url, {"token": token})

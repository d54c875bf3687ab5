import csv
import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.world import log_in


def download(client, user, dataset, fmt, query=""):
    log_in(client, user)
    url = reverse("exports:download", kwargs={"dataset": dataset, "fmt": fmt})
    return client.get(f"{url}?{query}" if query else url)


def body(response):
    if not response.streaming:
        return response.content
    return b"".join(response.streaming_content)


def parse(response, fmt):
    """Header and rows of a CSV or XLSX response; XLSX cells as the text CSV would hold."""
    data = body(response)
    if fmt == "csv":
        assert data.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(data)).active
        rows = [[as_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    return rows[0], rows[1:]


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value)


def xlsx_cells(response):
    sheet = load_workbook(io.BytesIO(body(response))).active
    return list(sheet.iter_rows(min_row=2))

"""CSV and XLSX writers, and the one rule that neutralises formula-like text.

``neutralise`` (Python) and ``neutralised`` (the same rule as an SQL expression, for
rows streamed by COPY) prefix a text that a spreadsheet would run as a formula with an
apostrophe. Both read ``FORMULA_PREFIXES``; a test checks they agree.
"""

import contextlib
import csv
import io
import os
import tempfile

import xlsxwriter
from django.db import connection, transaction
from django.db.models import Case, CharField, Value, When
from django.db.models.functions import Concat, Left
from django.db.models.lookups import In
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff".encode()
CHUNK = 64 * 1024
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_TEXT_MAX = 32_767  # characters in one cell, Excel's limit
XLSX_ROWS_MAX = 1_048_576  # rows in one sheet, the header included
# Rows are written one by one and not kept (constant memory); text stays text (formula-like
# text is neutralised by ``neutralise``); dates get a date format.
XLSX_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": "yyyy-mm-dd",
}


def neutralise(value):
    """``value`` with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value[:1] in FORMULA_PREFIXES:
        return "'" + value
    return value


def neutralised(expression):
    """The SQL form of ``neutralise`` for a text expression."""
    return Case(
        When(In(Left(expression, 1), list(FORMULA_PREFIXES)), then=Concat(Value("'"), expression)),
        default=expression,
        output_field=CharField(),
    )


def _csv_line(values):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(values)
    return out.getvalue().encode()


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(header, source, filename):
    """A streamed CSV (UTF-8 with BOM) of a queryset (via COPY) or of Python rows."""
    return _attachment(StreamingHttpResponse(csv_chunks(header, source), content_type=CSV_TYPE), filename)


def csv_chunks(header, source):
    """The CSV file (UTF-8 with BOM) in chunks, rows of a queryset via COPY."""
    chunks = copy_chunks(source) if hasattr(source, "query") else row_chunks(source)
    return _prefixed(BOM + _csv_line(header), chunks, translation.get_language())


def _prefixed(first, chunks, language):
    """The stream, in the request's language: rows made lazily (names, labels) are made after
    the view has returned, when the request's language may no longer be active."""
    yield first
    with translation.override(language):
        yield from chunks


def copy_sql(queryset, cursor):
    """``COPY (<the queryset's SQL, parameters bound client-side>) TO STDOUT`` as CSV."""
    sql, params = queryset.query.sql_with_params()
    return f"COPY ({cursor.mogrify(sql, params)}) TO STDOUT WITH (FORMAT csv)"


def copy_chunks(queryset):
    """The queryset's rows as CSV straight from PostgreSQL, in ~64 KiB chunks."""
    buffer = bytearray()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(copy_sql(queryset, cursor.cursor)) as copy,
    ):
        for data in copy:
            buffer += data
            if len(buffer) >= CHUNK:
                yield bytes(buffer)
                buffer.clear()
    if buffer:
        yield bytes(buffer)


def row_chunks(rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
        if out.tell() >= CHUNK:
            yield out.getvalue().encode()
            out.seek(0)
            out.truncate()
    yield out.getvalue().encode()


def _xlsx_value(value):
    """A cell value: text without the control characters XLSX cannot hold, neutralised, and
    cut to Excel's limit (XlsxWriter would otherwise drop the rest of the row)."""
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))[:XLSX_TEXT_MAX]
    return value


WIDTH_SAMPLE = 1000  # rows read to size the columns
WIDTH_MAX = 60  # characters; longer text (notes) wraps in the cell


def _width(value):
    if value is None:
        return 0
    if hasattr(value, "isoformat"):
        return 10
    return len(str(value))


class TooManyRows(Exception):
    """More rows than one XLSX sheet holds."""


def xlsx_response(header, source, filename, title, notes=()):
    """An XLSX of the rows (bold frozen header with a filter, columns as wide as their
    text), written to a temporary file and streamed from it; ``notes`` (texts)
    go on a second sheet (what the columns count)."""
    path = xlsx_file(header, source, title, notes)
    response = StreamingHttpResponse(FileChunks(path), content_type=XLSX_TYPE)
    return _attachment(response, filename)


def xlsx_file(header, source, title, notes=()):
    """Write the rows with XlsxWriter (constant memory) to a temporary file; return its path.

    Raises ``TooManyRows`` when the rows do not fit in a sheet (XlsxWriter would drop the
    rest): a queryset is counted first, rows from Python are counted as they come.
    """
    if hasattr(source, "query") and source.count() >= XLSX_ROWS_MAX:
        raise TooManyRows
    rows = source.iterator(chunk_size=5000) if hasattr(source, "query") else source
    with tempfile.NamedTemporaryFile(prefix="portal-export-", suffix=".xlsx", delete=False) as file:
        path = file.name
    try:
        with xlsxwriter.Workbook(path, XLSX_OPTIONS) as workbook:  # closed (its temporary files too) on error
            sheet = workbook.add_worksheet(title[:31])
            sheet.write_row(0, 0, header, workbook.add_format({"bold": True}))
            sheet.freeze_panes(1, 0)
            widths = [len(str(name)) for name in header]
            number = 0
            with transaction.atomic():
                for number, row in enumerate(rows, start=1):
                    if number >= XLSX_ROWS_MAX:
                        raise TooManyRows
                    values = [_xlsx_value(value) for value in row]
                    sheet.write_row(number, 0, values)
                    if number <= WIDTH_SAMPLE:
                        widths = [max(w, _width(v)) for w, v in zip(widths, values, strict=False)]
            sheet.autofilter(0, 0, number, len(header) - 1)
            for column, width in enumerate(widths):
                sheet.set_column(column, column, min(width, WIDTH_MAX) + 2)
            if notes:
                about = workbook.add_worksheet(str(_("Definitions"))[:31])
                for number, note in enumerate(notes):
                    about.write_string(number, 0, str(note))
    except BaseException:
        os.unlink(path)
        raise
    return path


def xlsx_bytes(header, source, title, notes=()):
    """The XLSX file's bytes (for a prepared file); the temporary file is removed."""
    path = xlsx_file(header, source, title, notes)
    try:
        with open(path, "rb") as file:
            return file.read()
    finally:
        os.unlink(path)


class FileChunks:
    """A saved file sent in chunks and deleted once the response is closed."""

    def __init__(self, path):
        self.path = path

    def __iter__(self):
        with open(self.path, "rb") as file:
            while chunk := file.read(CHUNK):
                yield chunk

    def close(self):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)

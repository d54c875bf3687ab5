"""CSV and XLSX files → a ``Table`` of header and rows of raw cells.

Cells keep their spreadsheet type (text, number, date); a formula cell becomes
``FORMULA`` so the row checks can refuse it. Blank rows are dropped. The caller has
already passed the file through ``safety.inspect``.
"""

import codecs
import csv
import datetime
import io
import logging
import re
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from . import safety
from .safety import Refused

logger = logging.getLogger(__name__)
FORMULA = object()
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CYRILLIC_RUN = re.compile(rb"[\xc0-\xff]{3,}")


@dataclass
class Table:
    headers: list
    rows: list = field(default_factory=list)  # (line number as the user sees it, [cells])
    note: str = ""


def read_upload(data, encoding=""):
    """``safety.inspect`` then ``read``: the one way into an uploaded file; raises ``Refused``.

    A hostile or damaged file can make the standard library or openpyxl fail anywhere
    (``zipfile`` raises ``NotImplementedError`` for a too-new zip version, for one), so any
    failure to read the upload is a refusal for the user and a log line for the administrator.
    """
    try:
        return read(data, safety.inspect(data), encoding)
    except Refused:
        raise
    except Exception as error:
        logger.warning("An uploaded file was refused: reading it failed with %r", error, exc_info=True)
        raise Refused(
            _("The file could not be read; save it again from Excel or LibreOffice and upload it again.")
        ) from error


def read(data, kind, encoding=""):
    if kind == "xlsx":
        return read_xlsx(data)
    return read_csv(data, encoding)


def decode(data, encoding=""):
    """The text of ``data`` and a note when the encoding had to be guessed."""
    if encoding:
        try:
            return data.decode("utf-8-sig" if encoding == "utf-8" else encoding), ""
        except UnicodeDecodeError as error:
            raise Refused(_("The file is not valid %(encoding)s text.") % {"encoding": encoding}) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), ""
    if b"\x00" in data[:4096]:
        raise Refused(
            _(
                "This is not a CSV or XLSX file (it holds binary data). If it is UTF-16 text, "
                "choose UTF-16 as its encoding."
            )
        )
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    high = sum(1 for byte in data if byte >= 0x80)
    runs = sum(len(run) for run in CYRILLIC_RUN.findall(data))
    guess = "windows-1251" if runs * 2 >= high else "windows-1252"
    note = _(
        "The file is not UTF-8; it was read as %(encoding)s. If the text looks wrong, choose the "
        "file's encoding and upload it again (or save it as CSV UTF-8)."
    ) % {"encoding": guess}
    return _strict(data, guess), note


def _strict(data, encoding):
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise Refused(
            _("The file's text encoding could not be recognised: save it as CSV UTF-8 and upload it again.")
        ) from error


def read_csv(data, encoding=""):
    text, note = decode(data, encoding)
    if CONTROL_CHARS.search(text):
        raise Refused(_("This is not a CSV or XLSX file (it holds binary data)."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise Refused(_("The CSV file could not be read: %(error)s") % {"error": error}) from error
    return _table(enumerate(lines, start=1), note)


def read_xlsx(data):
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()
            rows = sheet.iter_rows(max_col=settings.IMPORT_MAX_COLUMNS + 1)
            return _table(((n, [_cell(c) for c in row]) for n, row in enumerate(rows, start=1)), "")
        finally:
            book.close()


def _cell(cell):
    if getattr(cell, "data_type", None) == "f":
        return FORMULA
    value = cell.value
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    return value


def _table(numbered_rows, note):
    table = None
    for number, cells in numbered_rows:
        if number > settings.IMPORT_MAX_ROWS + 1:
            raise Refused(
                _("The file has more than %(limit)d rows; split it into smaller files.")
                % {"limit": settings.IMPORT_MAX_ROWS}
            )
        while cells and is_blank(cells[-1]):
            cells.pop()
        if len(cells) > settings.IMPORT_MAX_COLUMNS:
            raise Refused(
                _("The file has more than %(limit)d columns.") % {"limit": settings.IMPORT_MAX_COLUMNS}
            )
        if table is None:
            if cells:
                _refuse_formulas(number, cells, headers=None)
                table = Table(headers=[header_text(c) for c in cells], note=note)
        elif cells:
            _refuse_formulas(number, cells, headers=table.headers)
            table.rows.append((number, list(cells)))
    if table is None:
        raise Refused(_("The file has no header row."))
    return table


def _refuse_formulas(number, cells, headers):
    """A formula in the header row, or in a column without a name, would be dropped unseen: refuse it.

    Formulas in named columns reach the row checks, which report them by row and column.
    """
    for index, cell in enumerate(cells):
        if cell is FORMULA and (headers is None or index >= len(headers) or not headers[index]):
            raise Refused(
                _("Cell %(cell)s holds a formula; type the value itself (formulas are not accepted).")
                % {"cell": f"{_column_letter(index)}{number}"}
            )


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def header_text(value):
    if value is None or value is FORMULA:
        return ""
    return str(value).replace("\ufeff", "").strip()

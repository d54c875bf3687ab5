"""Checks every uploaded file passes before anything parses it.

``inspect(data)`` answers the kind of file ("csv" or "xlsx") or raises ``Refused`` with a
message for the user: too big, a zip bomb, an archive that is not a workbook, a binary
file, too many rows. Nothing here trusts the file name or the browser's content type.
"""

import io
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, .doc
XLSX_PARTS = {"[Content_Types].xml", "xl/workbook.xml"}


class Refused(Exception):
    """The file is refused as a whole; the message says why, in plain words."""


def inspect(data):
    """Return "csv" or "xlsx" for ``data`` (bytes), or raise ``Refused``."""
    if not data:
        raise Refused(_("The file is empty."))
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise Refused(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)}
        )
    if data.startswith(ZIP_MAGIC):
        check_xlsx(data)
        return "xlsx"
    if data.startswith(OLE_MAGIC):
        raise Refused(_("This is an old Excel (.xls) file: save it as .xlsx or CSV and upload it again."))
    check_csv_shape(data)
    return "csv"


def check_xlsx(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise Refused(_("The XLSX file is damaged or incomplete.")) from error
    if len(entries) > settings.IMPORT_XLSX_MAX_ENTRIES:
        raise Refused(_("The XLSX file holds too many parts (%(count)d).") % {"count": len(entries)})
    if not {entry.filename for entry in entries} >= XLSX_PARTS:
        raise Refused(_("This archive is not an Excel workbook. Upload a CSV or XLSX file."))
    total = sum(entry.file_size for entry in entries)
    if total > settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES:
        raise Refused(
            _("The XLSX file would unpack to %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(total),
                "limit": filesizeformat(settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES),
            }
        )
    for entry in entries:
        if (
            entry.file_size > 1024 * 1024
            and entry.file_size > entry.compress_size * settings.IMPORT_XLSX_MAX_RATIO
        ):
            raise Refused(_("The XLSX file is compressed suspiciously well; it is refused as a zip bomb."))


def check_csv_shape(data):
    """A cheap bound on the number of lines before the CSV reader runs."""
    lines = max(data.count(b"\n"), data.count(b"\n\x00"), data.count(b"\x00\n"))
    if lines > settings.IMPORT_MAX_ROWS + 1:
        raise Refused(
            _("The file has more than %(limit)d rows; split it into smaller files.")
            % {"limit": settings.IMPORT_MAX_ROWS}
        )

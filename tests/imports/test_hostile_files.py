"""Hostile and broken files, generated here: refused with a clear message, nothing written."""

import io
import random
import struct
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from coalitions.models import Commitment
from reports.imports import safety
from reports.models import DeliveryLine, PartnerReport, PlanLine
from tests.world import log_in

from .conftest import csv_bytes, delivery, rows_of, upload, xlsx_bytes

WORKBOOK_PARTS = ("[Content_Types].xml", "xl/workbook.xml")


def zip_of(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb(size):
    return zip_of({**dict.fromkeys(WORKBOOK_PARTS, b"<x/>"), "xl/worksheets/sheet1.xml": b"0" * size})


def random_bytes(seed, size=4096):
    return random.Random(seed).randbytes(size)


def truncated_xlsx(world):
    data = xlsx_bytes(rows_of(delivery(world.commitment_a)))
    return data[: len(data) // 2]


def newer_zip_version(world):
    """A workbook whose central directory says it needs a newer zip version than Python reads."""
    data = bytearray(zip_of(dict.fromkeys(WORKBOOK_PARTS, b"<x/>")))
    struct.pack_into("<H", data, data.find(b"PK\x01\x02") + 6, 82)
    return bytes(data)


def formula_in_header(world):
    def build(sheet):
        sheet["A1"] = "=1+1"  # whatever its cached value, the column name is a formula

    return xlsx_bytes(rows_of(delivery(world.commitment_a)), build=build)


CORPUS = {
    # name: (builder(world), file name, message fragment)
    "over the size limit": (lambda w: b"a,b\n" * 400, "big.csv", "the limit is 1000"),
    "zip bomb by size": (lambda w: zip_bomb(3 * 1024 * 1024), "bomb.xlsx", "would unpack to"),
    "zip bomb by ratio": (lambda w: zip_bomb(1536 * 1024), "ratio.xlsx", "zip bomb"),
    "too many zip entries": (
        lambda w: zip_of({f"x{i}.xml": b"" for i in range(60)} | dict.fromkeys(WORKBOOK_PARTS, b"")),
        "parts.xlsx",
        "too many parts",
    ),
    "zip that is not a workbook": (
        lambda w: zip_of({"readme.txt": b"hi"}),
        "lines.xlsx",
        "not an Excel workbook",
    ),
    "workbook with broken XML": (
        lambda w: zip_of(dict.fromkeys(WORKBOOK_PARTS, b"<<<not xml")),
        "broken.xlsx",
        "could not be read",
    ),
    "truncated workbook": (truncated_xlsx, "cut.xlsx", "damaged or incomplete"),
    "old xls": (lambda w: safety.OLE_MAGIC + b"\x00" * 600, "old.xls", "old Excel (.xls)"),
    "png named csv": (
        lambda w: b"\x89PNG\r\n\x1a\n" + random_bytes(1, 400),
        "lines.csv",
        "not a CSV or XLSX",
    ),
    "pdf named xlsx": (lambda w: b"%PDF-1.7\n\x00\x01binary", "lines.xlsx", "not a CSV or XLSX"),
    "random bytes": (lambda w: random_bytes(7, 900), "random.csv", "not a CSV or XLSX"),
    "empty file": (lambda w: b"", "empty.csv", "The submitted file is empty."),
    "too many csv rows": (
        lambda w: csv_bytes([["1", "2026-11-01", "1"]] * 30),
        "rows.csv",
        "more than 20 rows",
    ),
    "too many xlsx rows": (
        lambda w: xlsx_bytes(rows_of(*[delivery(w.commitment_a)] * 30)),
        "rows.xlsx",
        "more than 20 rows",
    ),
    "too many columns": (lambda w: b",".join([b"c"] * 40) + b"\n", "wide.csv", "more than 30 columns"),
    "cell larger than the csv reader allows": (
        lambda w: b"notes\n" + b"x" * 200_000 + b"\n",
        "long.csv",
        "could not be read",
    ),
    "zip asking for a newer zip version": (newer_zip_version, "version.xlsx", "could not be read"),
    "formula in the header row": (formula_in_header, "header.xlsx", "Cell A1 holds a formula"),
}


@pytest.fixture
def limits(settings):
    settings.IMPORT_MAX_BYTES = 400_000
    settings.IMPORT_MAX_ROWS = 20
    settings.IMPORT_MAX_COLUMNS = 30
    settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024
    settings.IMPORT_XLSX_MAX_ENTRIES = 50
    return settings


@pytest.mark.parametrize("name", CORPUS)
def test_hostile_file_is_refused_with_a_message(name, world, report, client, limits):
    build, file_name, message = CORPUS[name]
    if name == "over the size limit":
        limits.IMPORT_MAX_BYTES = 1000
    log_in(client, world.users["officer_a"])

    started = time.perf_counter()
    response = upload(client, report, build(world), name=file_name)
    elapsed = time.perf_counter() - started

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "token" not in response.context
    assert DeliveryLine.objects.count() == 0
    assert elapsed < 5


def test_zip_bomb_is_refused_before_openpyxl_runs(settings):
    data = zip_bomb(200 * 1024 * 1024)  # 200 MB of zeros in about 200 KB

    started = time.perf_counter()
    with pytest.raises(safety.Refused):
        safety.inspect(data)

    assert len(data) < 400_000
    assert time.perf_counter() - started < 0.05


def test_real_workbook_passes_the_checks(world):
    assert safety.inspect(xlsx_bytes(rows_of(delivery(world.commitment_a)))) == "xlsx"


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_never_break_the_page(seed, world, report, client):
    log_in(client, world.users["officer_a"])

    response = upload(client, report, random_bytes(seed, 64 + seed * 50))

    assert response.status_code in (200, 400)
    assert DeliveryLine.objects.count() == 0


def table_counts():
    return [model.objects.count() for model in (DeliveryLine, PlanLine, Commitment, PartnerReport)]


CELLS = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(
        ["2026-11-05", "05.11.2026", "46335", "=1+1", "1,5", "", "undisclosed", "\ufeff", "\x00"]
    ),
)


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    header=st.lists(
        st.sampled_from(["commitment_id", "delivered_on", "quantity", "notes", "line_reference", "junk", ""]),
        max_size=6,
    ),
    rows=st.lists(st.lists(CELLS, max_size=7), max_size=8),
    delimiter=st.sampled_from([",", ";"]),
    confirm_it=st.booleans(),
)
def test_any_csv_content_never_causes_a_server_error(
    world, report, client, header, rows, delimiter, confirm_it
):
    log_in(client, world.users["officer_a"])
    before = table_counts()
    buffer = io.StringIO()
    buffer.write(delimiter.join(header) + "\n")
    buffer.writelines(delimiter.join(row) + "\n" for row in rows)
    data = buffer.getvalue().encode("utf-8", errors="surrogatepass")

    response = upload(client, report, data)
    clean = response.status_code == 200 and response.context["preview"].is_clean
    if confirm_it and response.status_code == 200:
        from .conftest import confirm

        response = confirm(client, report, response.context["token"])

    assert response.status_code in (200, 302, 400)
    confirmed = confirm_it and clean and response.status_code == 302
    assert table_counts() == before or confirmed


def test_content_decides_the_kind_not_the_extension(world, report, client):
    log_in(client, world.users["officer_a"])
    lines = rows_of(delivery(world.commitment_a))

    as_xlsx = upload(client, report, csv_bytes(lines), name="really-a-csv.xlsx")
    as_csv = upload(client, report, xlsx_bytes(lines), name="really-a-workbook.csv")

    assert as_xlsx.context["preview"].counts["add"] == as_csv.context["preview"].counts["add"] == 1


def test_a_formula_under_a_column_without_a_name_is_refused(world, report, client):
    def build(sheet):
        sheet["L2"] = "=SUM(C2:C9)"

    log_in(client, world.users["officer_a"])
    response = upload(
        client, report, xlsx_bytes(rows_of(delivery(world.commitment_a)), build=build), "a.xlsx"
    )

    assert response.status_code == 400
    assert "Cell L2 holds a formula" in response.content.decode()


@pytest.mark.parametrize("kind", ["deliveries", "plans", "history"])
def test_newer_zip_version_is_refused_on_every_upload_page(kind, world, report, client, caplog):
    user = world.users["analyst" if kind == "history" else "officer_a"]
    log_in(client, user)
    before = table_counts()

    if kind == "history":
        response = client.post(
            "/imports/history/", {"file": SimpleUploadedFile("v.xlsx", newer_zip_version(world))}
        )
    else:
        response = upload(client, report, newer_zip_version(world), name="v.xlsx", kind=kind)

    assert response.status_code == 400
    assert "The file could not be read" in response.content.decode()
    assert table_counts() == before
    assert [r.getMessage() for r in caplog.records if r.name == "reports.imports.readers"] == [
        "An uploaded file was refused: reading it failed with NotImplementedError('zip file version 8.2')"
    ]

"""``manage.py bench``: export and dashboard speed on the data of ``seed_load``, in one table.

Each measurement runs in its own Python process (``--measure NAME``) so its peak memory
(maximum resident set size) is its own. Run it on a database filled by ``seed_load``.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from coalitions.models import Coalition
from devtools import page_bench
from devtools.api_bench import bench_api
from devtools.import_bench import bench_import
from devtools.testing import log_in
from reports import figures
from reports.briefings.services import build_briefing
from reports.exports import datasets, writers
from reports.filters import FigureFilters
from reports.models import DeliveryLine

SAMPLE = 50_000
IMPORT_ROWS = 10_000
REPEATED = {"csv_view", "copy", "xlsx_sample", "import_export_sample"}
REPEAT = 20
DASHBOARD_ROUNDS = 40
HAND_SQL = [
    # delivered from the approved reports' totals, provisional from the lines of submitted reports
    """SELECT t.capability_id, r.period_id, SUM(t.quantity)
       FROM reports_reporttotal t JOIN reports_partnerreport r ON r.id = t.report_id
       WHERE r.status = 'approved' GROUP BY 1, 2""",
    """SELECT c.capability_id, r.period_id, SUM(l.quantity)
       FROM reports_deliveryline l JOIN reports_partnerreport r ON r.id = l.report_id
       JOIN coalitions_commitment c ON c.id = l.commitment_id
       WHERE r.status = 'submitted' GROUP BY 1, 2""",
    """SELECT r.country_id, SUM(t.quantity)
       FROM reports_reporttotal t JOIN reports_partnerreport r ON r.id = t.report_id
       WHERE r.status = 'approved' GROUP BY 1""",
    """SELECT r.country_id, SUM(l.quantity)
       FROM reports_deliveryline l JOIN reports_partnerreport r ON r.id = l.report_id
       WHERE r.status = 'submitted' GROUP BY 1""",
    """SELECT capability_id, date_part('year', announced_on), date_part('quarter', announced_on),
              SUM(quantity), COUNT(*) FILTER (WHERE quantity IS NULL)
       FROM coalitions_commitment WHERE status <> 'cancelled' GROUP BY 1, 2, 3""",
    """SELECT country_id, SUM(quantity), COUNT(*) FILTER (WHERE quantity IS NULL)
       FROM coalitions_commitment WHERE status <> 'cancelled' GROUP BY 1""",
    "SELECT capability_id, year, quarter, SUM(quantity) FROM coalitions_need GROUP BY 1, 2, 3",
    """SELECT u.capability_id, r.period_id, SUM(u.expended) FROM reports_usageline u
       JOIN reports_usagereport r ON r.id = u.report_id WHERE r.status = 'approved' GROUP BY 1, 2""",
]


def analyst():
    return User.objects.get(username="bench-analyst")


def officer():
    return User.objects.get(username="bench-officer")


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def client(user=None):
    return log_in(Client(HTTP_HOST="localhost"), user or analyst())


def download(fmt):
    url = reverse("exports:download", kwargs={"dataset": "deliveries", "fmt": fmt})
    web = client()
    started = time.perf_counter()
    chunks = iter(web.get(url).streaming_content)
    size = len(next(chunks)) + len(next(chunks, b""))  # the header, then the first rows
    first_byte = time.perf_counter() - started
    size += sum(len(chunk) for chunk in chunks)
    return time.perf_counter() - started, {"bytes": size, "first_byte_ms": first_byte * 1000}


def scoped_deliveries():
    user = analyst()
    return datasets.deliveries(user, FigureFilters(user, {}), {})


def copy_to_stdout():
    queryset = scoped_deliveries()
    started = time.perf_counter()
    size = sum(len(chunk) for chunk in writers.copy_chunks(queryset))
    return time.perf_counter() - started, {"bytes": size}


def xlsx_sample():
    queryset = scoped_deliveries()[:SAMPLE]
    started = time.perf_counter()
    path = writers.xlsx_file(datasets.DELIVERIES_HEADER, queryset, "deliveries")
    seconds = time.perf_counter() - started
    size = os.path.getsize(path)
    os.unlink(path)
    return seconds, {"bytes": size}


def import_export_sample():
    from import_export import fields, resources

    class DeliveryResource(resources.ModelResource):
        country = fields.Field(attribute="report__country__code", column_name="country")
        coalition = fields.Field(attribute="report__coalition__slug", column_name="coalition")
        capability = fields.Field(attribute="commitment__capability__code", column_name="capability")
        period = fields.Field(attribute="report__period__label", column_name="period")
        report_status = fields.Field(attribute="report__status", column_name="report_status")

        class Meta:
            model = DeliveryLine
            fields = ("line_reference", "commitment", "country", "coalition", "capability", "period")
            fields += ("delivered_on", "quantity", "notes", "report_status")
            export_order = fields

    rows = (
        DeliveryLine.objects.for_user(analyst())
        .filter(report__status__in=["approved", "submitted"])
        .select_related("report__country", "report__coalition", "report__period", "commitment__capability")
        .order_by("id")[:SAMPLE]
    )
    started = time.perf_counter()
    data = DeliveryResource().export(queryset=rows).export("xlsx")
    return time.perf_counter() - started, {"bytes": len(data)}


def percentiles(results):
    results = sorted(results)
    return {"p50": statistics.median(results), "p95": results[int(0.95 * (len(results) - 1))]}


def timings(action):
    action()  # warm up
    results = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        action()
        results.append((time.perf_counter() - started) * 1000)
    return percentiles(results)


@override_settings(FIGURES_KEPT=False)  # the page computed, as before figures were kept
def dashboard(user=None, query=""):
    web = client(user)
    url = f"{reverse('exports:figures')}?{query}"
    return 0, timings(lambda: web.get(url))


def run_hand_sql():
    with connection.cursor() as cursor:
        for sql in HAND_SQL:
            cursor.execute(sql)
            cursor.fetchall()


@override_settings(FIGURES_KEPT=False)  # the page computed, as before figures were kept
def dashboard_side_by_side():
    """The full figures page, its aggregate (``figures.consolidated``) and the hand-written SQL,
    taken in turns (DASHBOARD_ROUNDS of each after one warm-up round), so that the load of a
    shared machine falls on all three alike."""
    user, web, url = analyst(), client(), reverse("exports:figures")
    if web.get(url).status_code != 200:
        raise CommandError(f"{url} did not answer 200 to the ministry user")
    actions = {
        "dashboard": lambda: web.get(url),
        "aggregate": lambda: figures.consolidated(user, FigureFilters(user, {})),
        "hand_sql": run_hand_sql,
    }
    results = {name: [] for name in actions}
    for round_ in range(DASHBOARD_ROUNDS + 1):
        for name, action in actions.items():
            started = time.perf_counter()
            action()
            if round_:  # the first round warms up
                results[name].append((time.perf_counter() - started) * 1000)
    return 0, {name: percentiles(values) for name, values in results.items()}


def report_import():
    """A 10,000-line report import, preview and confirm, next to a plain bulk_create (rolled back)."""
    result = bench_import(rows=IMPORT_ROWS)
    return result["confirm_s"], result


API_ROWS = 1000


def api_side_by_side():
    """A 1,000-line batch through the API next to the import; 1,000 commitments as one API page
    next to the CSV export (rolled back)."""
    result = bench_api(rows=API_ROWS)
    return result["api_push_s"], result


BRIEFING_RANGE = {"period_from": "2025-Q1", "period_to": "2026-Q4"}  # 8 quarters of seed_load's 16


def briefing(slug=None):
    """A briefing PDF of 8 quarters (one coalition, or all with ``slug=None``) as the ministry
    sees it, through ``build_briefing``; rolled back, so the bench leaves no briefing behind."""
    coalition = Coalition.objects.get(slug=slug) if slug else None
    with transaction.atomic():
        started, cpu = time.perf_counter(), time.process_time()
        made = build_briefing(user=analyst(), coalition=coalition, **BRIEFING_RANGE)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        transaction.set_rollback(True)
    return seconds, {"pages": made.pages, "size_kb": len(made.pdf) / 1024, "cpu_s": cpu}


MEASURES = {
    "csv_view": lambda: download("csv"),
    "copy": copy_to_stdout,
    "xlsx_view": lambda: download("xlsx"),
    "xlsx_sample": xlsx_sample,
    "import_export_sample": import_export_sample,
    "dashboard": dashboard_side_by_side,
    "dashboard_coalition": lambda: dashboard(query="coalition=drones"),
    "dashboard_partner": lambda: dashboard(officer()),
    "import": report_import,
    "pages": lambda: (0, page_bench.measure_pages()),
    "api": api_side_by_side,
    "briefing_coalition": lambda: briefing("drones"),
    "briefing_all": briefing,
}


class Command(BaseCommand):
    help = "Measure CSV/XLSX export and the figures dashboard against their baselines."

    def add_arguments(self, parser):
        parser.add_argument("--measure", choices=sorted(MEASURES), help="run one measurement (internal)")
        parser.add_argument("--skip", nargs="*", default=[], choices=sorted(MEASURES))
        parser.add_argument("--only", nargs="*", default=[], choices=sorted(MEASURES), help="run these only")
        parser.add_argument("--rounds", type=int, default=3, help="runs of the rows/s measurements")

    def handle(self, *args, measure=None, skip=(), only=(), rounds=3, **options):
        settings.DEBUG = False
        if measure:
            seconds, extra = MEASURES[measure]()
            self.stdout.write(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), **extra}))
            return
        if not User.objects.filter(username="bench-analyst").exists():
            raise CommandError("Run `manage.py seed_load --deliveries N` first.")
        rows = scoped_deliveries().count()
        results = {}
        for round_ in range(rounds):  # the machine is shared: interleave, keep the fastest run
            for name in MEASURES:
                if name in skip or (only and name not in only) or (round_ and name not in REPEATED):
                    continue
                result = self._run(name)
                if name not in results or result["seconds"] < results[name]["seconds"]:
                    results[name] = result
        self._table(rows, results, rounds)

    def _run(self, name):
        self.stderr.write(f"measuring {name}…")
        command = [sys.executable, sys.argv[0], "bench", "--measure", name]
        output = subprocess.run(command, check=True, capture_output=True, text=True, env=os.environ).stdout
        return json.loads(output.strip().splitlines()[-1])

    def _table(self, rows, r, rounds):
        def rate(name, count=rows):
            return count / r[name]["seconds"] if name in r else 0

        def line(label, value, memory="", note=""):
            self.stdout.write(f"| {label:<44} | {value:>16} | {memory:>10} | {note}")

        self.stdout.write(f"deliveries dataset: {rows:,} rows (ministry user, no filters)")
        self.stdout.write(f"rows/s: fastest of {rounds} interleaved runs (XLSX through the view: one run); ")
        self.stdout.write(
            f"ms: {REPEAT} requests after a warm-up; full page, aggregate and hand SQL: "
            f"{DASHBOARD_ROUNDS} of each, taken in turns; peak RSS of the measuring process"
        )
        line("measurement", "rows/s or ms", "peak RSS", "")
        line("-" * 44, "-" * 16, "-" * 10, "")
        for name, label in (
            ("csv_view", "CSV export through the view"),
            ("copy", "COPY (same query) TO STDOUT"),
        ):
            if name in r:
                first = r[name].get("first_byte_ms")
                note = f"first rows after {first:,.0f} ms" if first is not None else ""
                line(label, f"{rate(name):,.0f} rows/s", f"{r[name]['peak_mb']:.0f} MB", note)
        if "csv_view" in r and "copy" in r:
            line("CSV ÷ COPY", f"{rate('csv_view') / rate('copy'):.2f} ×", "", "goal ≥ 0.8 ×, < 100 MB")
        if "xlsx_view" in r:
            first = f"first byte after {r['xlsx_view']['first_byte_ms'] / 1000:,.1f} s"
            memory = f"{r['xlsx_view']['peak_mb']:.0f} MB"
            line("XLSX export through the view", f"{rate('xlsx_view'):,.0f} rows/s", memory, first)
        sample = min(SAMPLE, rows)
        for name, label in (
            ("xlsx_sample", "XLSX writer, 50k sample"),
            ("import_export_sample", "import-export Resource.export() xlsx, 50k"),
        ):
            if name in r:
                line(label, f"{rate(name, sample):,.0f} rows/s", f"{r[name]['peak_mb']:.0f} MB")
        if "xlsx_sample" in r and "import_export_sample" in r:
            ratio = rate("xlsx_sample", sample) / rate("import_export_sample", sample)
            line("XLSX ÷ import-export (same 50k rows)", f"{ratio:.1f} ×", "", "goal ≥ 3 ×, < 100 MB")
        side_by_side = r.get("dashboard", {})
        for label, result in (
            ("figures page (full dashboard, ministry)", side_by_side.get("dashboard")),
            ("its aggregate queries (ORM)", side_by_side.get("aggregate")),
            ("hand-written SQL aggregate", side_by_side.get("hand_sql")),
            ("figures page, ministry, one coalition", r.get("dashboard_coalition")),
            ("figures page, partner officer", r.get("dashboard_partner")),
        ):
            if result:
                line(label, f"p50 {result['p50']:.0f} ms", "", f"p95 {result['p95']:.0f} ms")
        if side_by_side:
            hand = side_by_side["hand_sql"]
            for name, label in (("dashboard", "full page"), ("aggregate", "ORM aggregate")):
                p95, p50 = (side_by_side[name][p] / hand[p] for p in ("p95", "p50"))
                line(f"{label} ÷ hand SQL (p95)", f"{p95:.2f} ×", "", f"goal ≤ 1.5 ×; p50 ÷ p50 {p50:.2f} ×")
        if "pages" in r:
            page_bench.table(self.stdout.write, r["pages"])
        for name, label, goal in (
            ("briefing_coalition", "briefing PDF, one coalition, 8 quarters", "goal < 5 s"),
            ("briefing_all", "briefing PDF, all coalitions, 8 quarters", "background work if > 30 s"),
        ):
            if name in r:
                b = r[name]
                note = f"{b['pages']} pages, {b['size_kb']:,.0f} KB, {b['cpu_s']:.1f} s CPU in Python; {goal}"
                line(label, f"{b['seconds']:.1f} s", f"{b['peak_mb']:.0f} MB", note)
        if "import" in r:
            i = r["import"]
            line(f"import {i['rows']:,} lines: preview", f"{i['preview_s']:.2f} s")
            line(f"import {i['rows']:,} lines: confirm", f"{i['confirm_s']:.2f} s", f"{i['peak_mb']:.0f} MB")
            line(f"bulk_create of the same {i['rows']:,} lines", f"{i['bulk_create_s']:.2f} s")
        if "api" in r:
            a, n = r["api"], r["api"]["rows"]
            line(
                f"API: push a {n:,}-line batch",
                f"{n / a['api_push_s']:,.0f} rows/s",
                f"{a['peak_mb']:.0f} MB",
            )
            line(f"import of the same {n:,} lines (preview+confirm)", f"{n / a['import_s']:,.0f} rows/s")
            line("API push ÷ import (rows/s)", f"{a['push_api_vs_import']:.2f} ×")
            line(f"API: read {n:,} commitments (one page)", f"{n / a['api_read_s']:,.0f} rows/s")
            line(f"CSV export of the same {n:,} commitments", f"{n / a['csv_read_s']:,.0f} rows/s")
            line("API read ÷ CSV export (rows/s)", f"{a['read_api_vs_csv']:.2f} ×")

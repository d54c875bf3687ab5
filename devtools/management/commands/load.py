"""``manage.py load`` (``make load``): the deadline-day scenario, its goals and a reconciliation.

On a database of its own (its name must contain "load"): ``seed_load``, ``load_prepare``, then
two gunicorn servers on 127.0.0.1 (``--workers`` sync workers each, production settings over
plain HTTP: ``devtools.load.settings``), one procrastinate worker, and locust (headless,
``--minutes`` long) spreading the users over both servers. Afterwards the queue is drained,
the servers stop, and it prints each goal with PASS or FAIL and whether every write locust was
told succeeded is in the database, and nothing else.
"""

import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from reports.models import DeliveryLine, PartnerReport, ReviewEvent

ROOT = Path(settings.BASE_DIR)
OUT = ROOT / "var" / "load"
LOCUSTFILE = ROOT / "devtools" / "load" / "locustfile.py"
STATUS_OF = {"approve": "approved", "return": "returned"}


def p95(values):
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else (values[0] if values else 0.0)


class Command(BaseCommand):
    help = "The deadline-day load scenario (locust) against two gunicorn servers and a worker on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=float, default=5)
        parser.add_argument("--officers", type=int, default=100)
        parser.add_argument("--reviewers", type=int, default=3)
        parser.add_argument("--analysts", type=int, default=5)
        parser.add_argument("--deliveries", type=int, default=1_600_000, help="lines seeded by seed_load")
        parser.add_argument("--skip-seed", action="store_true", help="keep the data of an earlier seed_load")
        parser.add_argument(
            "--workers", type=int, default=5, help="gunicorn workers per server (2 × cores + 1)"
        )
        parser.add_argument("--ports", default="8301,8302")
        parser.add_argument("--spawn-rate", type=float, default=2)
        parser.add_argument(
            "--report-only", action="store_true", help="reconcile and print the last run again"
        )

    def handle(self, *args, **o):
        name = settings.DATABASES["default"]["NAME"]
        if "load" not in name:
            raise CommandError(f"The load scenario rewrites its database; use one named *load* (not {name}).")
        OUT.mkdir(parents=True, exist_ok=True)
        plan, results = OUT / "plan.json", OUT / "results.json"
        if o["report_only"]:
            last = json.loads((OUT / "run.json").read_text())
            return self._report(json.loads(results.read_text()), json.loads(plan.read_text()), **last)
        call_command("migrate", verbosity=0)
        if not o["skip_seed"]:
            call_command("seed_load", deliveries=o["deliveries"], flush=True)
        call_command(
            "load_prepare",
            officers=o["officers"],
            reviewers=o["reviewers"],
            analysts=o["analysts"],
            plan=str(plan),
        )
        hosts = [f"http://127.0.0.1:{port}" for port in o["ports"].split(",")]
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "devtools.load.settings",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
        log = open(OUT / "servers.log", "w")  # noqa: SIM115 (closed below)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        processes = [
            subprocess.Popen(
                # at a lower CPU priority, as the README's systemd unit runs it (Nice=10): files
                # being prepared yield the cores to people's pages
                ["nice", "-n", "10", sys.executable, "manage.py", "procrastinate", "worker"]
                + ["--concurrency", "2"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
            ),  # fmt: skip
            *[
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "config.wsgi",
                        "--workers",
                        str(o["workers"]),
                        "--timeout",
                        "300",
                        "--bind",
                        host.removeprefix("http://"),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=log,
                )  # fmt: skip
                for host in hosts
            ],
        ]
        try:
            for host in hosts:
                self._wait_healthy(host)
            deadlocks = self._deadlocks()
            total = o["officers"] + o["reviewers"] + o["analysts"]
            locust_env = os.environ | {
                "LOAD_PLAN": str(plan),
                "LOAD_HOSTS": ",".join(hosts),
                "LOAD_RESULTS": str(results),
            }
            started = time.monotonic()
            subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                 "-u", str(total), "-r", str(o["spawn_rate"]), "--run-time", f"{int(o['minutes'] * 60)}s",
                 "--stop-timeout", "60", "--only-summary", "--csv", str(OUT / "locust")],
                cwd=ROOT, env=locust_env, check=False, timeout=o["minutes"] * 60 + 300,
            )  # fmt: skip
            elapsed = time.monotonic() - started
            drained = self._drain()
            deadlocks = self._deadlocks() - deadlocks
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
            log.close()
        self._report(
            json.loads(results.read_text()), json.loads(plan.read_text()), elapsed, drained, deadlocks
        )

    def _wait_healthy(self, host, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{host}/healthz", timeout=5).status == 200:  # noqa: S310 (loopback)
                    return
            except OSError:
                pass
            time.sleep(1)
        raise CommandError(f"{host} did not become healthy; see {OUT / 'servers.log'}")

    def _deadlocks(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
            return cursor.fetchone()[0]

    def _drain(self, seconds=300):
        """Wait until the worker has taken every job due now; answer whether it did."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') "
                    "AND (scheduled_at IS NULL OR scheduled_at <= now())"
                )
                if cursor.fetchone()[0] == 0:
                    return True
            time.sleep(2)
        return False

    def _report(self, results, plan, elapsed, drained, deadlocks):
        timings = results["timings"]
        load_users = [o["username"] for o in plan["officers"]] + [m["username"] for m in plan["reviewers"]]
        # Reconciliation: what locust was told was saved, against the database.
        told_lines = set(results["lines"])
        stored_lines = set(
            DeliveryLine.objects.filter(notes__startswith="load:").values_list("notes", flat=True)
        )
        told_submits = {(pk, user) for pk, user in results["submitted"]}
        stored_submits = set(
            ReviewEvent.objects.filter(actor__username__in=load_users, to_status="submitted").values_list(
                "partner_report_id", "actor__username"
            )
        )
        told_decisions = {(pk, user, STATUS_OF[action]) for pk, user, action in results["decided"]}
        stored_decisions = set(
            ReviewEvent.objects.filter(
                actor__username__in=load_users, to_status__in=["approved", "returned"]
            ).values_list("partner_report_id", "actor__username", "to_status")
        )
        requests = sum(results["statuses"].values())
        self.stdout.write(f"\n{requests} requests in {elapsed:.0f} s ({requests / max(elapsed, 1):.1f}/s); "
                          f"statuses {results['statuses']}")  # fmt: skip
        for kind in sorted(timings):
            values = timings[kind]
            self.stdout.write(f"  {kind:32} n={len(values):6}  p50={statistics.median(values):6.3f} s  "
                              f"p95={p95(values):6.3f} s  max={max(values):6.3f} s")  # fmt: skip
        reports_submitted = PartnerReport.objects.filter(pk__in=[pk for pk, _ in told_submits]).count()
        page, imports, queued = (
            p95(timings.get(kind, [float("inf")])) for kind in ("page", "import", "queue")
        )
        missing, unasked = len(told_lines - stored_lines), len(stored_lines - told_lines)
        goals = [
            ("0 server errors", results["server_errors"] == 0, results["server_errors"]),
            ("0 timeouts (no answer within 60 s)", results["timeouts"] == 0, results["timeouts"]),
            ("0 deadlocks (pg_stat_database)", deadlocks == 0, deadlocks),
            ("0 other failed answers (4xx; an import preview with problems)", results["other_failures"] == 0,
             results["other_failures"]),
            ("every officer submitted their report", len(told_submits) == len(plan["officers"]),
             f"{len(told_submits)} of {len(plan['officers'])}"),
            ("page views p95 < 1 s", page < 1, f"{page:.3f} s"),
            ("500-line imports (preview + confirm) p95 < 5 s", imports < 5, f"{imports:.3f} s"),
            ("XLSX requests (queued) p95 < 1 s", queued < 1, f"{queued:.3f} s"),
            ("the queue drained after the run", drained, drained),
            ("every acknowledged line is stored", missing == 0, f"{missing} missing"),
            ("no line stored that was not acknowledged", unasked == 0, f"{unasked} not acknowledged"),
            ("every acknowledged submit is stored, nothing else", told_submits == stored_submits,
             f"{len(told_submits)} told, {len(stored_submits)} stored, {reports_submitted} reports"),
            ("every acknowledged decision is stored, nothing else", told_decisions == stored_decisions,
             f"{len(told_decisions)} told, {len(stored_decisions)} stored"),
        ]  # fmt: skip
        self.stdout.write("\nGoals:")
        for label, passed, value in goals:
            self.stdout.write(f"  {'PASS' if passed else 'FAIL'}  {label}: {value}")
        self.stdout.write(f"\nLines: {len(told_lines)} acknowledged, {len(stored_lines)} stored. "
                          f"Details: {OUT}/locust_stats.csv, {OUT}/results.json")  # fmt: skip

"""Pages side by side through gunicorn: the measure ``pages`` of ``manage.py bench``.

Starts gunicorn (sync workers, the README's count) on 127.0.0.1 with the production-like
settings of ``devtools.bench_site`` and measures, in turns, requests per second of a partner
officer's pages — dashboard, report page, commitment list, figures page — and of the baseline:
a minimal login-protected Django view that renders a 50-row table from the same database
(``devtools.bench_site.views.baseline``). Every page gets the same clients for the same time
in each round, so the load of a shared machine falls on all of them alike; each page's
figure is the median over the rounds.
"""

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from accounts import access
from accounts.models import User
from devtools.testing import log_in
from reports.models import PartnerReport

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"commitments": 0.8, "figures": 0.8, "dashboard": 0.5, "report": 0.5}


def officer():
    return User.objects.get(username="bench-officer")


def busiest_report(user) -> PartnerReport:
    """The officer's report of the latest period with the most delivery lines."""
    own = PartnerReport.objects.filter(country_id__in=access.country_ids(user))
    return own.annotate(lines=Count("deliveries")).order_by("-period__start", "-lines").first()


def urls(user) -> dict[str, str]:
    report = busiest_report(user)
    return {
        "baseline": "/bench/baseline/",
        "dashboard": reverse("dashboard"),
        "report": reverse("report_detail", kwargs={"kind": "partner", "pk": report.pk}),
        "commitments": reverse("coalitions:commitment_list"),
        "figures": reverse("exports:figures"),
    }


def session_cookie(user) -> str:
    client = log_in(Client(), user)
    return f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}"


def _get(port, path, cookie):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "localhost", "Cookie": cookie, "X-Forwarded-Proto": "https", "Accept-Language": "en"}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, len(body)


def load(port, path, cookie, *, clients, seconds):
    """``clients`` threads requesting ``path`` for ``seconds``: requests/s, p50 and p95 in ms, errors."""
    times, errors, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status, _size = _get(port, path, cookie)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status == 200:
                    times.append(elapsed)
                else:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    times.sort()
    return {
        "rps": len(times) / wall,
        "p50": statistics.median(times) if times else 0,
        "p95": times[int(0.95 * (len(times) - 1))] if times else 0,
        "errors": errors[0],
    }


def start_server(port, workers):
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "devtools.bench_site.settings"}
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers)]
    command += ["--bind", f"127.0.0.1:{port}", "--timeout", "300", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    for _ in range(300):
        try:
            _get(port, "/accounts/login/", "")
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def measure_pages():
    """Options from the environment: BENCH_PORT (8118), BENCH_WORKERS (5, the README's count
    for 2 cores), BENCH_CLIENTS (8), BENCH_SECONDS (10 per page and round), BENCH_ROUNDS (3)."""
    port, workers, clients, seconds, rounds = (
        int(os.environ.get(f"BENCH_{name}", default))
        for name, default in (("PORT", 8118), ("WORKERS", 5), ("CLIENTS", 8), ("SECONDS", 10), ("ROUNDS", 3))
    )
    user = officer()
    paths, cookie = urls(user), session_cookie(user)
    server = start_server(port, workers)
    try:
        for path in paths.values():  # warm every worker up, and check the pages answer
            for _ in range(workers * 2):
                status, _size = _get(port, path, cookie)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}")
        sizes = {name: _get(port, path, cookie)[1] for name, path in paths.items()}
        runs = {name: [] for name in paths}
        for _round in range(rounds):
            for name, path in paths.items():
                runs[name].append(load(port, path, cookie, clients=clients, seconds=seconds))
    finally:
        server.terminate()
        server.wait()
    result = {}
    for name, results in runs.items():
        result[name] = {
            key: statistics.median(r[key] for r in results) for key in ("rps", "p50", "p95", "errors")
        }
        result[name]["bytes"] = sizes[name]
        result[name]["path"] = paths[name]
    base = result["baseline"]["rps"]
    for name in paths:
        result[name]["ratio"] = result[name]["rps"] / base if base else 0
    return {"pages": result, "clients": clients, "seconds": seconds, "rounds": rounds, "workers": workers}


def table(write, measured):
    """The result of ``measure_pages`` as rows of the bench's table."""
    pages = measured["pages"]
    write(
        f"pages through gunicorn ({measured['workers']} sync workers, {measured['clients']} clients, "
        f"{measured['seconds']} s per page and round, median of {measured['rounds']} rounds), "
        "partner officer:"
    )
    head = ("page", "req/s", "÷ baseline", "p50 ms", "p95 ms", "KB")
    write("| {:<22} | {:>7} | {:>10} | {:>7} | {:>7} | {:>5} | goal".format(*head))
    for name, r in pages.items():
        goal = GOALS.get(name)
        verdict = "" if goal is None else f"≥ {goal} × — {'met' if r['ratio'] >= goal else 'NOT met'}"
        write(
            f"| {name:<22} | {r['rps']:>7.1f} | {r['ratio']:>9.2f}× | {r['p50']:>7.0f} | {r['p95']:>7.0f} "
            f"| {r['bytes'] / 1024:>5.0f} | {verdict}"
        )

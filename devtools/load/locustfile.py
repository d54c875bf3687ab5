"""The deadline-day scenario for locust (run by ``manage.py load``; only against 127.0.0.1).

Officers each log in, open the dashboard and their report, add three lines by form, import a
500-line file and submit (through the confirmation page), with a person's pauses between the
steps (``THINK`` seconds: reading a page, filling a form), then look at their dashboard and
report again now and then (every ``AFTERWARDS`` seconds). Reviewers work the
review queue (approve, or return one report in five). Analysts open the figures page, download
a ~200,000-row CSV and ask for a ~50,000-row XLSX (prepared by the worker), then fetch it.
Users are spread over the servers in ``LOAD_HOSTS``. Every write the portal acknowledged and
every timing go to ``LOAD_RESULTS`` (JSON) for the reconciliation.
"""

import csv
import datetime
import hashlib
import hmac
import io
import itertools
import json
import os
import random
import re
import struct
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
HOSTS = os.environ["LOAD_HOSTS"].split(",")
for _host in HOSTS:
    assert urlsplit(_host).hostname == "127.0.0.1", "the load scenario runs against 127.0.0.1 only"
HEADER = ["line_reference", "commitment_id", "country", "coalition", "capability", "period",
          "delivered_on", "quantity", "notes", "report_status"]  # fmt: skip
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOKEN = re.compile(r'name="token" value="([^"]+)"')
REPORT_LINK = re.compile(r'href="/reports/partner/(\d+)/"')
FILE_LINK = re.compile(r'href="(/exports/files/\d+/)"')

THINK = (2, 6)  # seconds between an officer's steps: reading the page, filling in the form
AFTERWARDS = (20, 40)  # seconds between an officer's look at their dashboard and report, once submitted

RESULTS = {"lines": [], "submitted": [], "decided": [], "timings": {}, "server_errors": 0, "timeouts": 0,
           "other_failures": 0, "statuses": {}}  # fmt: skip
_numbers = {"officer": itertools.count(), "reviewer": itertools.count(), "analyst": itertools.count(),
            "host": itertools.count()}  # fmt: skip


def totp(hex_key, at=None):
    """RFC 6238 (SHA-1, 6 digits, 30 s), as django-otp's TOTP devices check it."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(bytes.fromhex(hex_key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06}"


class Portal(HttpUser):
    abstract = True
    host = HOSTS[0]

    def on_start(self):
        self.base = HOSTS[next(_numbers["host"]) % len(HOSTS)]

    def call(self, kind, method, path, name, expect=(200, 302), **kwargs):
        """One request, timed under ``kind`` (page, import, export, queue); None when it failed."""
        kwargs.setdefault("allow_redirects", False)
        started = time.perf_counter()
        try:
            with self.client.request(method, self.base + path, name=name, catch_response=True, timeout=60,
                                     **kwargs) as response:  # fmt: skip
                elapsed = time.perf_counter() - started
                status = response.status_code
                RESULTS["statuses"][str(status)] = RESULTS["statuses"].get(str(status), 0) + 1
                if status == 0:  # no answer: requests' timeout or a refused connection
                    RESULTS["timeouts"] += 1
                    response.failure("no answer")
                    return None
                if status >= 500:
                    RESULTS["server_errors"] += 1
                if status == 302 and "/accounts/login/" in response.headers.get("Location", ""):
                    status = "login"  # sent back to the login page: the session lost or never had its rights
                if status not in expect:
                    RESULTS["other_failures"] += status == "login" or status < 500
                    response.failure(f"{status}")
                    return None
                RESULTS["timings"].setdefault(kind, []).append(elapsed)
                RESULTS["timings"].setdefault(f"{kind}:{name}", []).append(elapsed)
                response.success()
                return response
        except Exception:  # noqa: BLE001 (a request that did not complete)
            RESULTS["timeouts"] += 1
            return None

    def csrf(self, path, name):
        page = self.call("page", "GET", path, name)
        match = page is not None and CSRF.search(page.text)
        return page, (match.group(1) if match else "")

    def log_in(self, username, key=None):
        _page, token = self.csrf("/accounts/login/", "login page")
        data = {"csrfmiddlewaretoken": token, "login_view-current_step": "auth", "auth-username": username,
                "auth-password": PLAN["password"]}  # fmt: skip
        response = self.call("login", "POST", "/accounts/login/", "log in", data=data)
        if key and response is not None and response.status_code == 200:
            _page, token = CSRF.search(response.text).group(1), None
            data = {
                "csrfmiddlewaretoken": _page,
                "login_view-current_step": "token",
                "token-otp_token": totp(key),
            }
            response = self.call("login", "POST", "/accounts/login/", "log in: code", data=data)
        return response is not None and response.status_code == 302


def think(span=THINK):
    time.sleep(random.uniform(*span))  # gevent's sleep under locust: other users go on


class Officer(Portal):
    fixed_count = len(PLAN["officers"])

    def wait_time(self):
        return random.uniform(*AFTERWARDS) if self.done else 1

    def on_start(self):
        super().on_start()
        self.plan = PLAN["officers"][next(_numbers["officer"]) % len(PLAN["officers"])]
        self.done = False

    @task
    def deadline(self):
        report_path = f"/reports/partner/{self.plan['report']}/"
        if self.done:
            self.call("page", "GET", "/", "dashboard")
            self.call("page", "GET", report_path, "report")
            return
        if not self.log_in(self.plan["username"]):
            return  # tried again at the next turn
        self.done = True
        think()
        self.call("page", "GET", "/", "dashboard")
        think()
        _page, token = self.csrf(report_path, "report")
        days = (datetime.date.fromisoformat(PLAN["period"]["today"]) - datetime.date.fromisoformat(
            PLAN["period"]["start"])).days + 1  # fmt: skip
        start = datetime.date.fromisoformat(PLAN["period"]["start"])
        commitments = self.plan["commitments"]
        for n in range(3):
            notes = f"load:{self.plan['username']}:form:{n}"
            day = (start + datetime.timedelta(days=n % days)).isoformat()
            data = {"csrfmiddlewaretoken": token, "commitment": commitments[n % len(commitments)],
                    "delivered_on": day, "quantity": n + 1, "notes": notes}  # fmt: skip
            think()
            if self.call("page", "POST", f"{report_path}deliveries/", "add line", data=data):
                RESULTS["lines"].append(notes)
        think()
        self.import_lines(token, start, days, commitments)
        think()
        self.call("page", "GET", f"{report_path}submit/", "submit: confirmation page")
        think()
        if self.call("page", "POST", f"{report_path}submit/", "submit", data={"csrfmiddlewaretoken": token}):
            RESULTS["submitted"].append([self.plan["report"], self.plan["username"]])

    def import_lines(self, token, start, days, commitments):
        path = f"/imports/reports/{self.plan['report']}/deliveries/"
        buffer, notes = io.StringIO(), []
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        for n in range(500):
            notes.append(f"load:{self.plan['username']}:import:{n}")
            day = (start + datetime.timedelta(days=n % days)).isoformat()
            # a national system's own line reference (rows without one are told apart by commitment
            # and date); quantities above the seeded lines' 1–500, so no line looks like a repeat of one
            writer.writerow(
                [notes[-1], commitments[n % len(commitments)], "", "", "", "", day, 1000 + n, notes[-1], ""]
            )
        started = time.perf_counter()
        files = {"file": ("lines.csv", buffer.getvalue().encode(), "text/csv")}
        data = {"csrfmiddlewaretoken": token}
        preview = self.call("import_step", "POST", path, "import: preview", data=data, files=files)
        match = preview is not None and TOKEN.search(preview.text)
        if not match:
            RESULTS["other_failures"] += 1  # a preview with problems: the scenario's file is wrong
            return
        data = {"csrfmiddlewaretoken": token, "token": match.group(1)}
        if self.call("import_step", "POST", f"{path}confirm/", "import: confirm", data=data, expect=(302,)):
            RESULTS["lines"].extend(notes)
            RESULTS["timings"].setdefault("import", []).append(time.perf_counter() - started)


class Reviewer(Portal):
    fixed_count = len(PLAN["reviewers"])
    wait_time = between(2, 5)

    def on_start(self):
        super().on_start()
        self.plan = PLAN["reviewers"][next(_numbers["reviewer"]) % len(PLAN["reviewers"])]
        self.logged_in = self.log_in(self.plan["username"], self.plan["key"])

    @task
    def review(self):
        if not self.logged_in:
            return
        queue = self.call("page", "GET", "/reports/review/", "review queue")
        reports = REPORT_LINK.findall(queue.text) if queue is not None else []
        if not reports:
            return
        pk = random.choice(reports)
        _page, token = self.csrf(f"/reports/partner/{pk}/", "report (review)")
        action = "return" if random.random() < 0.2 else "approve"
        data = {
            "csrfmiddlewaretoken": token,
            "comment": "Please check the dates." if action == "return" else "",
        }
        response = self.call(
            "page", "POST", f"/reports/partner/{pk}/{action}/", action, data=data, expect=(302, 400)
        )
        if response is not None and response.status_code == 302:
            RESULTS["decided"].append([int(pk), self.plan["username"], action])


class Analyst(Portal):
    fixed_count = len(PLAN["analysts"])
    wait_time = between(5, 10)

    def on_start(self):
        super().on_start()
        self.plan = PLAN["analysts"][next(_numbers["analyst"]) % len(PLAN["analysts"])]
        self.logged_in = self.log_in(self.plan["username"], self.plan["key"])

    @task
    def figures_and_exports(self):
        if not self.logged_in:
            return
        self.call("page", "GET", "/exports/figures/", "figures")
        exports = PLAN["exports"]
        self.call("export", "GET", f"/exports/deliveries.csv?{exports['csv']['query']}", "CSV ~200k rows")
        queued = self.call(
            "queue", "GET", f"/exports/deliveries.xlsx?{exports['xlsx']['query']}", "XLSX ~50k rows"
        )
        if queued is None:
            return
        for _ in range(30):  # as the page does: look again every 5 s until it is ready
            time.sleep(5)
            page = self.call("page", "GET", "/exports/files/", "prepared files")
            if page is None or "data-refresh-seconds" not in page.text:
                break
        links = FILE_LINK.findall(page.text) if page is not None else []
        if links:
            self.call("export", "GET", links[0], "prepared file")


@events.quitting.add_listener
def write_results(environment, **_kwargs):
    with open(os.environ["LOAD_RESULTS"], "w") as file:
        json.dump(RESULTS, file)

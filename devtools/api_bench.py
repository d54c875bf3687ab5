"""``bench_api``: the API next to the web's own paths, on the same rows.

- push: a ``rows``-line delivery batch POSTed to the API (HTTP stack, JSON, strict types,
  then the import's row checks and writes) next to the spreadsheet import of the same lines
  (``report_lines_import`` preview + confirm, the work behind the import pages);
- read: ``rows`` commitments as one API page (``page_size=rows``) next to the same
  commitments as the CSV export through its view.

Runs inside a transaction that is rolled back: the database is left as it was.
"""

import datetime
import json
import time

from django.db import transaction
from django.test import Client
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken, ApiTokenAccess
from coalitions.models import Commitment
from reports.imports import services
from reports.imports.lines import DELIVERIES

from .import_bench import _csv, _lines, _setup
from .testing import log_in


def bench_api(rows=1000):
    with transaction.atomic():
        report, commitments, user = _setup()
        raw = tokens.PREFIX + "bench-api"
        ApiToken.objects.create(
            user=user,
            name="bench",
            prefix=raw[:10],
            token_hash=tokens.hash_token(raw),
            access=ApiTokenAccess.WRITE,
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
        api = Client(headers={"Authorization": f"Bearer {raw}"}, HTTP_HOST="localhost")
        lines = _lines(rows, commitments, report.period.start)
        batch = json.dumps(
            {
                "lines": [
                    {
                        "line_reference": line["line_reference"],
                        "commitment": line["commitment"].pk,
                        "delivered_on": line["delivered_on"].isoformat(),
                        "quantity": line["quantity"],
                    }
                    for line in lines
                ]
            }
        )
        result = {"rows": rows}
        with transaction.atomic():
            result["api_push_s"] = _timed(
                lambda: _ok(
                    api.post(
                        f"/api/v1/reports/{report.pk}/deliveries/", batch, content_type="application/json"
                    )
                )
            )
            transaction.set_rollback(True)
        data = _csv(lines)
        with transaction.atomic():
            result["import_s"] = _timed(
                lambda: (
                    services.report_lines_import(user=user, report=report, kind=DELIVERIES, data=data),
                    services.report_lines_import(
                        user=user, report=report, kind=DELIVERIES, data=data, dry_run=False
                    ),
                )
            )
            transaction.set_rollback(True)
        Commitment.objects.bulk_create(
            Commitment(
                country=report.country,
                coalition=report.coalition,
                capability=commitments[0].capability,
                quantity=n + 1,
            )
            for n in range(rows)
        )
        _ok(api.get(f"/api/v1/commitments/?page_size={rows}"))  # warm up
        result["api_read_s"] = _timed(lambda: _ok(api.get(f"/api/v1/commitments/?page_size={rows}")))
        web = log_in(Client(HTTP_HOST="localhost"), user)
        result["csv_read_s"] = _timed(lambda: b"".join(web.get("/exports/commitments.csv").streaming_content))
        transaction.set_rollback(True)
    result["push_api_vs_import"] = round(result["import_s"] / result["api_push_s"], 2)
    result["read_api_vs_csv"] = round(result["csv_read_s"] / result["api_read_s"], 2)
    return result


def _ok(response):
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.content[:500]!r}")
    return response


def _timed(action):
    started = time.perf_counter()
    action()
    return round(time.perf_counter() - started, 3)

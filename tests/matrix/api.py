"""The API (/api/v1/): every route × persona × method, called with a token of each persona.

A case's ``token`` says which: ``write`` (a read-and-write token, whatever the persona's role:
the API must refuse what the role may not do), ``read`` (read only: every write is 403),
``expired``, ``revoked`` and ``none`` (no header: 401 for everyone). Anonymous has no token
and the deactivated persona's token stops with its account: both 401 on every route.
Also the pages around the API: the reference page and the token pages (session, as usual).
"""

import datetime
import json

from django.test import Client
from django.utils import timezone

from accounts.models import ApiTokenAccess
from reports.exports.datasets import DATASETS
from reports.models import DeliveryLine, PlanLine
from tests.api.conftest import make_token
from tests.planning.world import planning
from tests.ventures.world import add_ventures
from tests.world import PERSONAS

from . import Case, expect

NO_TOKEN = 401
JSON_METHODS = {"post", "patch", "put"}


def api_expect(default, **overrides):
    """Like ``expect``, with 401 (not a login redirect) for callers without a live token."""
    return expect(default, **overrides) | {"anonymous": NO_TOKEN, "deactivated": NO_TOKEN}


EVERYONE_401 = dict.fromkeys(PERSONAS, NO_TOKEN)
OK, CREATED, GONE = 200, 201, 204
# Who sees what in the shared world (tests/world.py); 404 for the rest.
SEES_ARTILLERY = {"observer": 404}  # the observer observes Drones only
SEES_A = {"officer_b": 404, "observer": 404}  # A's rows: A, its lead country, the ministry
# Writes on A's draft report: A's officer; who may write nothing (viewer, ministry, observer)
# 403 at the door; B's officer cannot see it (404); the lead country sees it but may not write.
A_WRITES = api_expect(403, officer_a=OK, officer_b=404)
ALL_WRITES_REFUSED = api_expect(403)


# datasets with their own right (DATASETS[...].allowed): the needs board as its page
EXPORT_EXPECTED = {"needs_board": api_expect(OK, observer=403)}


def call(case, world, persona, url, data, **extra):
    """One persona's request of an API ``case`` (None: no token); ``extra`` as for ``Client.get``."""
    user = world.users[persona] if persona else None
    headers = {}
    if user is not None and case.token != "none":
        fields = {}
        if case.token == "expired":
            fields["expires_at"] = timezone.now() - datetime.timedelta(minutes=1)
        if case.token == "revoked":
            fields["revoked_at"] = timezone.now()
        access = ApiTokenAccess.READ if case.token == "read" else ApiTokenAccess.WRITE
        headers["Authorization"] = f"Bearer {make_token(user, access, **fields)}"
    client = Client(headers=headers)
    if case.method in JSON_METHODS:
        return client.generic(
            case.method.upper(), url, json.dumps(data), content_type="application/json", **extra
        )
    return getattr(client, case.method)(url, data, **extra)


def pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def planned(name):
    """URL kwargs of ``name`` in the planning world (tests/planning/world.py)."""
    return lambda w: {"pk": getattr(planning(w), name).pk}


def ventured(name):
    """URL kwargs of ``name`` in the ventures world (tests/ventures/world.py)."""
    return lambda w: {"pk": getattr(add_ventures(w), name).pk}


def with_planning(w):
    """No URL kwargs; the planning world built, so the list has rows to show."""
    planning(w)
    return {}


def with_ventures(w):
    add_ventures(w)
    return {}


def board(slug):
    def kwargs(w):
        planning(w)
        return {"slug": slug}

    return kwargs


def delivery_batch(w):
    line = {
        "line_reference": "M-1",
        "commitment": w.commitment_a.pk,
        "delivered_on": "2026-11-02",
        "quantity": 5,
    }
    return {"lines": [line]}


def plan_batch(w):
    line = {"line_reference": "MP-1", "commitment": w.commitment_a.pk, "period": "2027-Q1", "quantity": 5}
    return {"lines": [line]}


def referenced(model, name, reference):
    """URL kwargs of line ``name`` of report A, given a ``line_reference`` first."""

    def kwargs(w):
        line = getattr(w, name)
        model.objects.filter(pk=line.pk).update(line_reference=reference)
        return {"pk": line.report_id, "reference": reference}

    return kwargs


def commitment_new(w):
    return {"country": w.a.pk, "coalition": w.coalition.pk, "capability": w.capability.pk, "quantity": 12}


def commitment_change(w):
    return {"version": w.commitment_a.version, "quantity": 111112}


READS = [
    Case("api:me", expected=api_expect(OK)),
    Case("api:schema", expected=api_expect(OK)),
    Case("api:coalitions-list", expected=api_expect(OK)),
    Case("api:coalitions-detail", kwargs=pk("coalition"), expected=api_expect(OK, **SEES_ARTILLERY)),
    Case("api:memberships-list", expected=api_expect(OK)),
    Case(
        "api:memberships-detail",
        kwargs=lambda w: {"pk": w.coalition.memberships.get(country=w.a).pk},
        expected=api_expect(OK, **SEES_ARTILLERY),
    ),
    Case("api:capabilities-list", expected=api_expect(OK)),
    Case("api:capabilities-detail", kwargs=pk("capability"), expected=api_expect(OK, **SEES_ARTILLERY)),
    Case("api:needs-list", expected=api_expect(OK)),
    Case("api:needs-detail", kwargs=pk("need"), expected=api_expect(OK, **SEES_ARTILLERY)),
    Case("api:commitments-list", expected=api_expect(OK)),
    Case("api:commitments-list", query="coalition=artillery&status=committed", expected=api_expect(OK)),
    Case("api:commitments-list", query="colour=red", expected=api_expect(400)),
    Case("api:commitments-detail", kwargs=pk("commitment_a"), expected=api_expect(OK, **SEES_A)),
    Case("api:reports-list", expected=api_expect(OK)),
    Case("api:reports-detail", kwargs=pk("report_a"), expected=api_expect(OK, **SEES_A)),
    Case("api:reports-detail", kwargs=pk("report_a_approved"), expected=api_expect(OK, **SEES_A)),
    Case("api:usage-reports-list", expected=api_expect(OK)),
    Case("api:usage-reports-detail", kwargs=pk("usage_report"), expected=api_expect(OK, **SEES_ARTILLERY)),
    Case(
        "api:usage-reports-detail",
        kwargs=pk("usage_draft"),
        expected=api_expect(404, analyst=OK, reviewer=OK, ministry_admin=OK),
    ),
    Case("api:report-deliveries", kwargs=pk("report_a"), expected=api_expect(OK, **SEES_A)),
    Case("api:report-plans", kwargs=pk("report_a"), expected=api_expect(OK, **SEES_A)),
    Case("api:figures", expected=api_expect(OK)),
    # a coalition the observer does not observe is a bad filter (as on the figures page)
    Case(
        "api:figures", query="coalition=artillery&period_from=2026-Q1", expected=api_expect(OK, observer=400)
    ),
    Case("api:figures", query="period_from=2026-Q4&period_to=2026-Q1", expected=api_expect(400)),
    *[
        Case(
            "api:export",
            kwargs=lambda w, d=dataset: {"dataset": d},
            expected=EXPORT_EXPECTED.get(dataset)
            or (api_expect(OK) if DATASETS[dataset].allowed is None else api_expect(403, analyst=OK)),
        )
        for dataset in DATASETS
    ],
    Case("api:export", kwargs=lambda w: {"dataset": "nothing"}, expected=api_expect(404)),
]

# Planning (tests/planning/world.py): Artillery's roadmap v1 approved, v2 a draft of the lead
# country (read by it and the ministry only), an open call on the need.
DRAFT_HIDDEN = {"officer_a": 404, "viewer_a": 404, "officer_b": 404, "observer": 404}
# Ventures (tests/ventures/world.py): registers and lines for partners and the ministry, as
# the pages; observers read the figures only (403).
VENTURE_READ = api_expect(OK, observer=403)
# A's draft report's lines: A, its lead country and the ministry (as A's report)
A_DRAFT_LINE = api_expect(OK, officer_b=404, observer=403)
PLANNING_READS = [
    Case("api:roadmap-versions-list", kwargs=with_planning, expected=api_expect(OK)),
    Case(
        "api:roadmap-versions-list",
        kwargs=with_planning,
        query="coalition=artillery&status=draft",
        expected=api_expect(OK),
    ),
    Case("api:roadmap-versions-detail", kwargs=planned("v1"), expected=api_expect(OK, **SEES_ARTILLERY)),
    Case("api:roadmap-versions-detail", kwargs=planned("v2"), expected=api_expect(OK, **DRAFT_HIDDEN)),
    Case("api:milestones-list", kwargs=with_planning, expected=api_expect(OK)),
    Case("api:milestones-detail", kwargs=planned("m_a"), expected=api_expect(OK, **SEES_ARTILLERY)),
    Case("api:milestones-detail", kwargs=planned("m_draft"), expected=api_expect(OK, **DRAFT_HIDDEN)),
    Case("api:calls-list", kwargs=with_planning, expected=api_expect(OK)),
    Case("api:calls-detail", kwargs=planned("call"), expected=api_expect(OK, **SEES_ARTILLERY)),
    Case("api:needs-board", kwargs=board("artillery"), expected=api_expect(OK, observer=403)),
    Case(
        "api:needs-board",
        kwargs=board("artillery"),
        query="priority=high&first=2026-Q1&last=2027-Q4&sort=gap&gaps_only=true",
        expected=api_expect(OK, observer=403),
    ),
    Case(
        "api:needs-board",
        kwargs=board("artillery"),
        query="first=2400-Q1",
        expected=api_expect(400, observer=403),
    ),
    Case(
        "api:needs-board",
        kwargs=board("artillery"),
        query="colour=red",
        expected=api_expect(400, observer=403),
    ),
    Case(
        "api:needs-board",
        kwargs=board("drones"),
        expected=api_expect(404, officer_b=OK, analyst=OK, reviewer=OK, observer=403),
    ),
]
VENTURE_READS = [
    Case("api:ventures-list", kwargs=with_ventures, expected=VENTURE_READ),
    Case("api:ventures-detail", kwargs=ventured("venture_a"), expected=VENTURE_READ),
    # B's venture without approved output: B, the lead and the ministry read it, as on its page
    Case(
        "api:ventures-detail",
        kwargs=ventured("venture_b_proposed"),
        expected=api_expect(OK, officer_a=404, viewer_a=404, observer=403),
    ),
    Case("api:training-programmes-list", kwargs=with_ventures, expected=VENTURE_READ),
    Case("api:training-programmes-detail", kwargs=ventured("programme_a"), expected=VENTURE_READ),
    Case("api:venture-output-list", kwargs=with_ventures, expected=VENTURE_READ),
    Case("api:venture-output-detail", kwargs=ventured("output_a"), expected=A_DRAFT_LINE),
    Case("api:venture-output-detail", kwargs=ventured("output_b_approved"), expected=VENTURE_READ),
    Case("api:training-throughput-list", kwargs=with_ventures, expected=VENTURE_READ),
    Case("api:training-throughput-detail", kwargs=ventured("training_a"), expected=A_DRAFT_LINE),
    Case("api:training-throughput-detail", kwargs=ventured("training_b_approved"), expected=VENTURE_READ),
]
READS += PLANNING_READS + VENTURE_READS

WRITES = [
    Case(
        "api:commitments-list",
        method="post",
        data=commitment_new,
        expected=A_WRITES
        | {
            "officer_a": CREATED,
            "officer_b": 400,  # A is not a country B's officer reports for: a field error
            "focal_point_b": 400,
            "lead_officer": 400,
        },
    ),
    Case(
        "api:commitments-detail",
        kwargs=pk("commitment_a"),
        method="patch",
        data=commitment_change,
        expected=A_WRITES | {"focal_point_b": 404},
    ),
    Case(
        "api:report-deliveries", kwargs=pk("report_a"), method="post", data=delivery_batch, expected=A_WRITES
    ),
    Case("api:report-plans", kwargs=pk("report_a"), method="post", data=plan_batch, expected=A_WRITES),
    Case(
        "api:report-delivery",
        kwargs=referenced(DeliveryLine, "delivery_a", "D-A"),
        method="delete",
        expected=A_WRITES | {"officer_a": GONE},
    ),
    Case(
        "api:report-plan",
        kwargs=referenced(PlanLine, "plan_a", "P-A"),
        method="delete",
        expected=A_WRITES | {"officer_a": GONE},
    ),
    Case(
        "api:report-submit",
        kwargs=pk("report_a"),
        method="post",
        data=lambda w: {"version": w.report_a.version},
        expected=A_WRITES,
    ),
    # B's submitted report: nobody may change its lines (B's officer 403, A's officer cannot see it)
    Case(
        "api:report-deliveries",
        kwargs=pk("report_b"),
        method="post",
        data=delivery_batch,
        expected=api_expect(403, officer_a=404),
    ),
]

API_CASES = [Case(**{**vars(case), "token": "write"}) for case in READS + WRITES]
# A read-only token writes nothing, whoever holds it.
READ_TOKEN_CASES = [
    Case(**{**vars(case), "token": "read", "expected": ALL_WRITES_REFUSED}) for case in WRITES
]
# Expired, revoked and missing tokens: 401 on every route and method.
ROUTES = list(
    {(case.url_name, case.method): case for case in READS + WRITES}.values()
)  # one per route × method
DEAD_TOKEN_CASES = [
    Case(**{**vars(case), "token": token, "expected": EVERYONE_401})
    for case in ROUTES
    for token in ("expired", "revoked", "none")
]

PAGES = [
    Case("api_docs", expected=expect(OK)),
    Case("api_token_create", expected=expect(OK)),
    Case(
        "api_token_create",
        method="post",
        data=lambda w: {
            "name": "matrix",
            "access": "read",
            "expires_on": str(timezone.localdate() + datetime.timedelta(days=10)),
        },
        expected=expect(OK),
    ),
    Case(
        "api_token_revoke",
        kwargs=lambda w: {
            "pk": w.users["officer_a"]
            .api_tokens.get_or_create(
                name="to revoke",
                defaults={
                    "token_hash": "0" * 64,
                    "access": "read",
                    "expires_at": timezone.now() + datetime.timedelta(days=1),
                },
            )[0]
            .pk
        },
        method="post",
        expected=expect(404, officer_a=302),
    ),
]

CASES = API_CASES + READ_TOKEN_CASES + DEAD_TOKEN_CASES + PAGES

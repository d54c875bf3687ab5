"""The dashboard kept per data version and person (``reports.figures.kept``, ``personal``): after
every kind of change it shows, the dashboard served from the kept HTML equals the one computed
without it, each person gets their own entry, and a kept dashboard costs a constant few queries.

These tests commit (``transactional_db``): pages are kept only outside a transaction, as the
portal's requests run; inside one they are always computed.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Capability, Membership, Need
from coalitions.planning.models import (
    CallForContributions,
    MilestoneStatus,
    MilestoneUpdate,
    RoadmapVersion,
)
from reports import services
from reports.figures import kept
from reports.models import DeliveryLine, KeptFigures, ReportingPeriod
from tests import factories as f
from tests.exports.test_kept_figures import NOT_FIGURES
from tests.planning.world import planning
from tests.world import build_world, log_in

URL = reverse("dashboard")
PERSONAS = ("officer_a", "officer_b", "viewer_a", "lead_officer", "reviewer", "analyst", "observer")
# the dashboard's own query: which tables a page reads besides its data
NOT_DATA = NOT_FIGURES - {"accounts_user"}  # the dashboard shows user names: watched by column


@pytest.fixture
def world(transactional_db):
    return planning(build_world())


def body(client):
    """The dashboard's panels (the page around them holds the menu and messages), and its queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return str(response.context["body"]), queries


def computed(client):
    with override_settings(FIGURES_KEPT=False):
        return body(client)[0]


def stores(queries) -> bool:
    """Whether the request computed the dashboard and kept it."""
    return any("INSERT INTO reports_keptfigures" in q["sql"] for q in queries.captured_queries)


def assert_kept_is_computed(client, *, recomputed=True):
    first, queries = body(client)
    assert stores(queries) == recomputed
    again, queries = body(client)
    assert not stores(queries) and len(queries) <= 6  # served kept
    assert again == first == computed(client)
    return again


def test_kept_dashboard_equals_the_computed_one_after_every_kind_of_change(world, client):
    u, reviewer = world.users, world.users["reviewer"]
    seen = {}
    for persona in PERSONAS:
        log_in(client, u[persona])
        seen[persona] = assert_kept_is_computed(client)
        assert_kept_is_computed(client, recomputed=False)  # nothing changed: served kept

    def step(what, shows):
        """After a change every dashboard is computed anew, equal to a fresh computation; those
        of ``shows`` (at least) show the change."""
        for persona in PERSONAS:
            log_in(client, u[persona])
            page = assert_kept_is_computed(client)
            assert page != seen[persona] or persona not in shows, (what, persona)
            seen[persona] = page

    line = {"commitment": world.commitment_a, "delivered_on": world.delivery_a.delivered_on, "quantity": 61}
    services.delivery_line_save(report=world.report_a, user=u["officer_a"], data=line)
    services.report_submit(report=world.report_a, user=u["officer_a"])
    step("A submitted: no longer due from A, waiting for the reviewer", {"officer_a", "viewer_a", "reviewer"})
    services.report_return(report=world.report_b, user=reviewer, comment="Dates?")
    step("B returned with a comment", {"officer_b", "reviewer"})
    get_user_model().objects.filter(pk=reviewer.pk).update(username="reviewer-2")
    step("the reviewer renamed: shown with B's returned report", {"officer_b"})
    RoadmapVersion.objects.filter(pk=world.v2.pk).delete()
    step("the roadmap draft withdrawn: no longer awaits the reviewer", {"reviewer"})
    for status, what in ((MilestoneStatus.AT_RISK, "at risk"), (MilestoneStatus.DONE, "done")):
        MilestoneUpdate.objects.create(
            milestone=world.m_a, status=status, author=u["officer_a"], on=timezone.localdate()
        )
        step(f"A's milestone {what}", {"officer_a", "viewer_a"})
    CallForContributions.objects.filter(pk=world.call.pk).update(closed_at=timezone.now())
    step("the call closed", {"officer_a", "officer_b", "viewer_a", "lead_officer", "reviewer", "analyst"})
    Need.objects.filter(pk=world.need.pk).update(quantity=10)
    step(
        "a need became covered", {"officer_a", "officer_b", "viewer_a", "lead_officer", "reviewer", "analyst"}
    )
    ReportingPeriod.objects.filter(pk=world.period.pk).update(due_on=datetime.date(2026, 11, 1))
    step(
        "the period is past due",
        {"officer_b", "reviewer", "analyst", "viewer_a", "officer_a", "lead_officer"},
    )
    Capability.objects.filter(pk=world.capability.pk).update(name="155 mm round")
    step("a capability renamed", {"analyst"})
    Membership.objects.filter(country=world.a, coalition=world.coalition).delete()
    step("A left Artillery", {"officer_a", "viewer_a", "reviewer", "analyst"})


def test_each_person_has_their_own_entry(world, client):
    """A reviewer does not approve their own roadmap draft: it waits for another reviewer. Two
    reviewers of the same scope never share a kept dashboard."""
    u = world.users
    other = f.UserFactory(role=u["reviewer"].role, username="reviewer-other")
    RoadmapVersion.objects.filter(pk=world.v2.pk).update(created_by=u["reviewer"])
    draft = reverse("planning:version", args=[world.coalition.slug, 2])
    log_in(client, u["reviewer"])
    assert draft not in body(client)[0]
    log_in(client, other)
    assert draft in body(client)[0]
    log_in(client, u["reviewer"])
    assert draft not in body(client)[0]
    assert kept.key("dashboard", u["reviewer"], None, personal=True) != kept.key(
        "dashboard", other, None, personal=True
    )


def test_a_sign_in_is_no_change(world, client):
    """Logging in writes the user's last login: no new version, kept pages stay served."""
    before = kept.version()
    log_in(client, world.users["officer_a"])
    get_user_model().objects.filter(pk=world.users["officer_a"].pk).update(last_login=timezone.now())
    assert kept.version() == before


def test_a_kept_dashboard_costs_the_same_few_queries_whatever_the_data(world, client):
    log_in(client, world.users["officer_a"])
    body(client)
    few = len(body(client)[1])
    day = world.delivery_a.delivered_on
    for n in range(5):
        DeliveryLine.objects.create(
            report=world.report_a, commitment=world.commitment_a, delivered_on=day, quantity=n + 1
        )
    body(client)
    assert len(body(client)[1]) == few <= 6


def test_inside_a_transaction_the_dashboard_is_computed_and_not_kept(world, client):
    log_in(client, world.users["officer_a"])
    with transaction.atomic():
        for _ in range(2):
            queries = body(client)[1]
            assert any("reports_partnerreport" in q["sql"] for q in queries.captured_queries)
            assert not stores(queries)
    assert not KeptFigures.objects.exists()


def test_every_table_the_dashboard_reads_is_watched(world, client):
    read = set()
    services.report_return(report=world.report_b, user=world.users["reviewer"], comment="Dates?")
    for persona in (*PERSONAS, "focal_point_b", "ministry_admin"):
        log_in(client, world.users[persona])
        with override_settings(FIGURES_KEPT=False):
            queries = body(client)[1]
        for q in queries.captured_queries:
            read |= set(re.findall(r'(?:FROM|JOIN)\s+"?([a-z_][a-z0-9_]*)"?', q["sql"]))
    assert sorted(read - NOT_DATA - set(kept.WATCHED) - set(kept.WATCHED_COLUMNS)) == []

"""The figures page kept per data version and reader (``reports.figures.kept``): after every kind
of change the page served from the kept HTML equals the page computed without it, readers of
other scopes never get each other's entry, and a kept page costs a constant few queries.

These tests commit (``transactional_db``): figures are kept only outside a transaction, as the
portal's requests run; inside one they are always computed.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation

from coalitions.models import Capability, Commitment, Membership, Need
from coalitions.ventures.models import VentureOutput
from reports import services
from reports.figures import kept
from reports.models import FiguresChange, KeptFigures
from tests import factories as f
from tests.ventures.world import add_ventures
from tests.world import build_world, log_in

URL = reverse("exports:figures")
# What a page reads besides the figures' data: the session, the user and their rights (the key
# holds the rights), and the kept figures themselves.
NOT_FIGURES = {
    "django_session",
    "accounts_user",
    "auth_group",
    "accounts_user_groups",
    "auth_permission",
    "django_content_type",
    "coalitions_countryuserobjectpermission",
    "coalitions_countrygroupobjectpermission",
    "coalitions_coalitionuserobjectpermission",
    "coalitions_coalitiongroupobjectpermission",
    "reports_figureschange",
    "reports_keptfigures",
    "otp_totp_totpdevice",
    "otp_static_staticdevice",
}


@pytest.fixture
def world(transactional_db):
    return add_ventures(build_world())


def body(client, query="", language="en"):
    """The page's figures part (the rest holds a per-request CSRF token), and its queries."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with CaptureQueriesContext(connection) as queries, translation.override("en"):
        response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    return str(response.context["body"]), queries


def computed(client, query="", language="en"):
    """The same page computed without kept figures."""
    with override_settings(FIGURES_KEPT=False):
        return body(client, query, language)[0]


def reads_figures(queries) -> bool:
    return any("reports_reporttotal" in q["sql"] for q in queries.captured_queries)


def assert_kept_is_computed(client, query="", *, recomputed=True):
    """The page twice (the second from the kept entry) equals the page computed without it; the
    first request computed it anew (``recomputed``: after a change) or was served kept too."""
    first, queries = body(client, query)
    assert reads_figures(queries) == recomputed, query
    again, queries = body(client, query)
    assert not reads_figures(queries)  # served from the kept entry
    assert again == first == computed(client, query)
    return again


def test_kept_page_equals_the_computed_one_after_every_kind_of_change(world, client):
    u, reviewer = world.users, world.users["reviewer"]
    log_in(client, u["officer_a"])
    seen = [assert_kept_is_computed(client)]
    assert_kept_is_computed(client, recomputed=False)  # nothing changed: served kept

    def step(what, *, shows=True):
        page = assert_kept_is_computed(client)  # the change made a new version: computed anew
        assert (page != seen[-1]) == shows, what  # and it shows (where the figures change)
        seen.append(page)

    line = {"commitment": world.commitment_a, "delivered_on": world.delivery_a.delivered_on, "quantity": 61}
    services.delivery_line_save(report=world.report_a, user=u["officer_a"], data=line)
    services.report_submit(report=world.report_a, user=u["officer_a"])
    step("a line added, then submitted: provisional")
    services.report_approve(report=world.report_a, user=reviewer)
    step("approved: delivered")
    report_b = services.report_return(report=world.report_b, user=reviewer, comment="Dates?")
    step("returned: B's provisional line leaves the coalition's totals")
    draft = services.report_reopen(report=world.report_a_old, user=reviewer, reason="Typo")
    step("reopened: the superseded revision counts until the new one is approved", shows=False)
    data = {
        "commitment": world.commitment_a,
        "delivered_on": world.delivery_a_approved.delivered_on,
        "quantity": 62,
    }
    services.delivery_line_save(report=draft, user=u["officer_a"], data=data)
    services.report_submit(report=draft, user=u["officer_a"])
    step("the new revision submitted: its line is provisional")
    Commitment.objects.filter(pk=world.commitment_a.pk).update(quantity=63)
    step("a commitment changed (any path: the trigger is in the database)")
    with connection.cursor() as cursor:  # raw SQL too
        cursor.execute("UPDATE coalitions_need SET quantity = 64 WHERE id = %s", [world.need.pk])
    step("a need changed")
    world.usage_submitted.lines.update(expended=65)
    services.report_approve(report=world.usage_submitted, user=reviewer)
    step("usage approved")
    VentureOutput.objects.create(
        report=report_b, venture=world.venture_b, capability=world.capability, quantity=66
    )
    services.report_submit(report=report_b, user=u["officer_b"])
    services.report_approve(report=report_b, user=reviewer)
    step("venture output approved (and B's line)")
    Capability.objects.filter(pk=world.capability.pk).update(name="155 mm round")
    step("a capability renamed")


PERIODS = "period_from=2026-Q3&period_to=2026-Q4"
QUERIES = {  # filters each persona may use
    "officer_a": ("", "coalition=artillery", "country=BE", PERIODS),
    "lead_officer": ("", "coalition=artillery", "country=SE", PERIODS),
    "analyst": ("", "coalition=drones", "country=SE&category=ammunition", PERIODS),
    "observer": ("", "coalition=drones", PERIODS),
}


@pytest.mark.parametrize("persona", sorted(QUERIES))
def test_the_page_of_every_persona_and_filter_is_the_computed_one(world, client, persona):
    log_in(client, world.users[persona])
    for query in QUERIES[persona]:
        assert_kept_is_computed(client, query)


def test_invalid_filters_are_computed_and_not_kept(world, client):
    log_in(client, world.users["observer"])
    page, queries = body(client, "coalition=artillery")  # not a coalition the observer sees
    assert "Select a valid choice" in page
    assert KeptFigures.objects.count() == 0


def by_country(page):
    """The countries of the page's per-country table."""
    table = page[page.index("By country</h2>") : page.index('<section class="definitions"')]
    return [name for name in ("Belgium", "Sweden", "Latvia") if name in table]


def test_two_countries_never_see_each_others_kept_breakdown(world, client):
    log_in(client, world.users["officer_a"])
    page_a = assert_kept_is_computed(client)
    log_in(client, world.users["officer_b"])
    page_b = assert_kept_is_computed(client)
    log_in(client, world.users["officer_a"])
    assert body(client)[0] == page_a

    assert by_country(page_a) == ["Belgium"]
    assert by_country(page_b) == ["Sweden"]
    assert KeptFigures.objects.count() == 2


def test_a_ukrainian_request_never_gets_english_kept_names(world, client):
    Capability.objects.filter(pk=world.capability.pk).update(name_uk="Снаряд 155 мм")
    log_in(client, world.users["analyst"])
    english, _queries = body(client, language="en")
    ukrainian, queries = body(client, language="uk")
    assert reads_figures(queries)  # computed, not the English entry
    assert "Снаряд 155 мм" in ukrainian and "155 mm shell" not in ukrainian
    assert "155 mm shell" in english
    assert body(client, language="uk")[0] == ukrainian == computed(client, language="uk")


def test_a_kept_page_costs_the_same_few_queries_whatever_the_data(world, client):
    log_in(client, world.users["officer_a"])
    body(client)
    small = len(body(client)[1])
    for quantity in (71, 72, 73):
        line = {
            "commitment": world.commitment_a,
            "delivered_on": world.delivery_a.delivered_on,
            "quantity": quantity,
        }
        services.delivery_line_save(report=world.report_a, user=world.users["officer_a"], data=line)
    f.CommitmentFactory(country=world.a, capability=world.drone, quantity=74)
    body(client)
    assert len(body(client)[1]) == small
    with override_settings(FIGURES_KEPT=False):
        assert len(body(client)[1]) > small


def test_inside_a_transaction_the_figures_are_computed_and_not_kept(world, client):
    log_in(client, world.users["analyst"])
    with transaction.atomic():
        Commitment.objects.filter(pk=world.commitment_b.pk).update(quantity=81)
        page, queries = body(client)
        assert reads_figures(queries)
        assert page == computed(client)
    assert KeptFigures.objects.count() == 0


def test_a_membership_change_is_a_new_version(world, client):
    log_in(client, world.users["officer_a"])
    assert_kept_is_computed(client)
    Membership.objects.create(
        coalition=world.other_coalition, country=world.a, joined_on=datetime.date(2026, 1, 1)
    )
    page, queries = body(client)
    assert reads_figures(queries)
    assert "FPV drone" in page
    assert page == computed(client)


def test_the_version_grows_once_per_transaction_and_folding_keeps_it(world):
    before = kept.version()
    with transaction.atomic():
        Commitment.objects.filter(pk=world.commitment_a.pk).update(quantity=91)
        Need.objects.filter(pk=world.need.pk).update(quantity=92)
    assert kept.version() == before + 1
    kept.changed()
    assert kept.version() == before + 2
    kept.fold()
    assert kept.version() == before + 2
    assert list(FiguresChange.objects.values_list("xid", flat=True)) == [0]


def test_entries_of_older_versions_are_removed(world, client):
    log_in(client, world.users["analyst"])
    body(client)
    kept.changed()
    assert kept.remove_stale() == 1
    assert KeptFigures.objects.count() == 0


def test_every_table_the_figures_page_reads_is_watched(world, client):
    read = set()
    for persona in ("officer_a", "lead_officer", "analyst", "observer"):
        log_in(client, world.users[persona])
        for query in ("", "coalition=artillery&country=BE&category=ammunition&period_from=2026-Q3"):
            with override_settings(FIGURES_KEPT=False):
                queries = body(client, query)[1]
            for q in queries.captured_queries:
                read |= set(re.findall(r'(?:FROM|JOIN)\s+"?([a-z_][a-z0-9_]*)"?', q["sql"]))
    assert sorted(read - NOT_FIGURES - set(kept.WATCHED)) == []


def test_the_database_runs_the_live_trigger_on_every_watched_table(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'reports_figures_changed'")
        (installed,) = cursor.fetchone()
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'reports_figures_changed' ORDER BY 1"
        )
        tables = [row[0] for row in cursor.fetchall()]
    assert installed.strip() == re.search(r"AS \$\$(.*?)\$\$", kept.FUNCTION, re.S).group(1).strip()
    assert tables == sorted((*kept.WATCHED, *kept.WATCHED_COLUMNS))

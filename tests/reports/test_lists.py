"""Lists people can work with: sort, search, filter, paginate (config/listing.py), counts and
marks; never wider than the user's scope, never a 500 for a bad parameter."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Commitment
from config.listing import Column, Listing
from reports import services
from reports.models import PartnerReport, ReportingPeriod
from tests import factories as f
from tests.world import log_in

pytestmark = pytest.mark.django_db

COMMITMENTS = reverse("coalitions:commitment_list")
REPORTS = reverse("report_list")
QUEUE = reverse("review_queue")
COMPLIANCE = reverse("compliance")


def listing(query):
    columns = (Column("Name", "name", ("name",)), Column("Size", "size", ("size",)), Column("Notes"))
    return Listing(QueryDict(query), columns, default="name")


# The mechanism ----------------------------------------------------------------------------


def test_an_unknown_sort_falls_back_to_the_default():
    for query in ("sort=password", "sort=-notes", "sort=", "sort=--name"):
        state = listing(query)
        assert (state.sort_key, state.descending) == ("name", False), query


def test_headers_link_to_sorting_and_say_which_way_the_list_is_sorted():
    headers = listing("sort=-size&status=draft&page=3").headers
    assert [(h.label, h.aria_sort) for h in headers] == [("Name", ""), ("Size", "descending"), ("Notes", "")]
    assert headers[0].url == "?sort=name&status=draft"  # a new sort starts at page 1, filters kept
    assert headers[1].url == "?sort=size&status=draft"  # the sorted column reverses
    assert headers[2].url == ""  # not sortable


def test_bad_page_numbers_fall_back_to_a_page_that_exists():
    rows = list(range(120))
    assert listing("page=abc").paginate(rows).number == 1
    assert listing("page=-3").paginate(rows).number in (1, 2, 3)
    assert listing("page=99999").paginate(rows).number == 3


PAGES = [None, "1", "2", "3", "4", "0", "-1", "abc", "2.0", " 2 ", "99999999999999999999"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("count", [0, 1, 6, 7])
def test_a_page_and_its_count_read_in_one_query_are_what_django_pages(db, page, count):
    """The page and the number of rows come from one query (the count as a subquery); the
    page, its number, the count and the page links are those of Django's paginator."""
    for n in range(count):
        f.CommitmentFactory(capability=f.CapabilityFactory(code=f"paged-{n}"), quantity=n + 1)
    rows = Commitment.objects.order_by("quantity", "pk")
    params = QueryDict("", mutable=True)
    if page is not None:
        params["page"] = page
    state = Listing(params, (Column("Quantity", "quantity", ("quantity",)),), default="quantity", page_size=3)
    expected = Paginator(rows, 3).get_page(page)
    with CaptureQueriesContext(connection) as queries:
        got = state.paginate(rows, shown=lambda rows: rows.annotate(shown_quantity=F("quantity")))
    assert (got.number, got.paginator.count, got.paginator.num_pages) == (
        expected.number,
        expected.paginator.count,
        expected.paginator.num_pages,
    )
    assert [(c.pk, c.shown_quantity) for c in got] == [(c.pk, c.quantity) for c in expected]
    if expected.object_list and str(expected.number) == str(page or 1).strip():
        assert len(queries) == 1


@pytest.mark.parametrize(
    "query", ["sort=bogus", "page=abc", "page=99999", "sort=-__class__", "q=" + "x" * 500]
)
@pytest.mark.parametrize("url", [COMMITMENTS, REPORTS, QUEUE, COMPLIANCE, reverse("activity")])
def test_list_pages_never_fail_on_bad_parameters(world, client, url, query):
    log_in(client, world.users["analyst"])
    assert client.get(f"{url}?{query}").status_code == 200


# Commitments --------------------------------------------------------------------------------


def rows(response):
    return list(response.context["page"].object_list)


def test_commitments_sort_by_quantity_both_ways(world, client):
    log_in(client, world.users["analyst"])
    up = [c.quantity for c in rows(client.get(COMMITMENTS, {"sort": "quantity"}))]
    down = [c.quantity for c in rows(client.get(COMMITMENTS, {"sort": "-quantity"}))]
    assert up == sorted(up) and down == sorted(up, reverse=True) and len(up) == 4
    content = client.get(COMMITMENTS, {"sort": "-quantity"}).content.decode()
    assert 'aria-sort="descending"' in content


def test_commitments_sort_by_the_translated_country_name(world, client):
    world.a.name_uk, world.b.name_uk, world.lead.name_uk = "Бельгія", "Швеція", "Латвія"
    for country in (world.a, world.b, world.lead):
        country.save()
    log_in(client, world.users["analyst"])
    client.cookies["django_language"] = "uk"
    names = [c.country.name_uk for c in rows(client.get(COMMITMENTS, {"sort": "country"}))]
    assert names == ["Бельгія", "Латвія", "Швеція", "Швеція"]


def test_commitments_search_capability_reference_and_notes(world, client):
    world.commitment_b.partner_reference, world.commitment_b.notes = "SE-2026-17", ""
    world.commitment_b.save()
    world.commitment_lead.notes = "Delivered by rail through Poland"
    world.commitment_lead.save()
    log_in(client, world.users["analyst"])
    assert rows(client.get(COMMITMENTS, {"q": "se-2026"})) == [world.commitment_b]
    assert rows(client.get(COMMITMENTS, {"q": "rail poland"})) == [world.commitment_lead]
    assert rows(client.get(COMMITMENTS, {"q": "FPV"})) == [world.commitment_b_drones]


def test_ministry_filters_commitments_by_country_and_period(world, client):
    world.commitment_b.announced_on = datetime.date(2025, 2, 3)
    world.commitment_b.save()
    log_in(client, world.users["analyst"])
    assert set(rows(client.get(COMMITMENTS, {"country": "SE"}))) == {
        world.commitment_b,
        world.commitment_b_drones,
    }
    assert rows(client.get(COMMITMENTS, {"period": "2025-Q1"})) == [world.commitment_b]


def test_a_filter_never_widens_an_officers_commitments(world, client):
    log_in(client, world.users["officer_a"])
    own = rows(client.get(COMMITMENTS))
    assert own == [world.commitment_a]
    for query in (
        {"country": "SE"},
        {"coalition": "drones"},
        {"q": "FPV"},
        {"country": "LV", "sort": "-country"},
    ):
        assert set(rows(client.get(COMMITMENTS, query))) <= set(own), query
    assert "country" not in client.get(COMMITMENTS).context["form"].fields  # one country: no choice


def test_the_commitment_count_says_how_many_in_words(world, client):
    log_in(client, world.users["officer_a"])
    assert "1 commitment</p>" in client.get(COMMITMENTS).content.decode()
    log_in(client, world.users["analyst"])
    assert "4 commitments</p>" in client.get(COMMITMENTS).content.decode()


def test_the_commitment_count_uses_ukrainian_plurals(world, client):
    log_in(client, world.users["analyst"])
    client.cookies["django_language"] = "uk"
    response = client.get(COMMITMENTS)
    assert response.context["listing"].count.startswith("4 ")


def test_pages_keep_sort_and_filters_in_their_links(world, client, monkeypatch):
    monkeypatch.setattr("config.listing.PAGE_SIZE", 1)
    log_in(client, world.users["analyst"])
    content = client.get(COMMITMENTS, {"sort": "-quantity", "coalition": "artillery"}).content.decode()
    assert 'href="?sort=-quantity&amp;coalition=artillery&amp;page=2"' in content
    assert 'aria-current="page"' in content


# Reports and the review queue -----------------------------------------------------------------


def test_report_list_filters_by_status_coalition_period_and_country(world, client):
    log_in(client, world.users["analyst"])
    assert rows(client.get(REPORTS, {"status": "submitted"})) == [world.report_b]
    assert rows(client.get(REPORTS, {"period": world.past_period.pk})) == [world.report_a_approved]
    assert set(rows(client.get(REPORTS, {"country": "BE"}))) == {world.report_a, world.report_a_approved}
    assert rows(client.get(REPORTS, {"coalition": "drones"})) == []
    usage = client.get(REPORTS, {"coalition": "drones"}).context["usage_reports"]
    assert list(usage) == [world.usage_draft]


def test_report_list_sorts_by_country_in_the_database(world, client):
    log_in(client, world.users["analyst"])
    names = [r.country.name for r in rows(client.get(REPORTS, {"sort": "-country"}))]
    assert names == ["Sweden", "Belgium", "Belgium"]


def test_overdue_reports_are_marked_and_filtered_in_the_report_list(world, client):
    ReportingPeriod.objects.filter(pk=world.period.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(1)
    )
    log_in(client, world.users["analyst"])
    response = client.get(REPORTS)
    assert {r for r in rows(response) if r.overdue} == {world.report_a}
    assert "badge overdue" in response.content.decode()
    assert rows(client.get(REPORTS, {"status": "overdue"})) == [world.report_a]
    assert list(client.get(REPORTS, {"status": "overdue"}).context["usage_reports"]) == [world.usage_draft]


def test_a_filter_never_widens_an_officers_reports(world, client):
    log_in(client, world.users["officer_a"])
    own = set(rows(client.get(REPORTS)))
    assert own == {world.report_a, world.report_a_approved}
    for query in ({"country": "SE"}, {"status": "submitted"}, {"coalition": "drones"}):
        assert set(rows(client.get(REPORTS, query))) <= own


def test_review_queue_marks_resubmitted_reports(world, client):
    returned = services.report_return(report=world.report_b, user=world.users["reviewer"], comment="Dates?")
    services.report_submit(report=returned, user=world.users["officer_b"])
    services.report_submit(report=world.report_a, user=world.users["officer_a"])
    log_in(client, world.users["reviewer"])
    response = client.get(QUEUE)
    assert [(r.pk, r.was_returned) for r in rows(response)] == [
        (world.report_b.pk, True),
        (world.report_a.pk, False),
    ]
    assert response.content.decode().count("badge resubmitted") == 1
    assert "2 reports wait for review" in response.content.decode()


def test_review_queue_filters_and_sorts(world, client):
    services.report_submit(report=world.report_a, user=world.users["officer_a"])
    log_in(client, world.users["reviewer"])
    assert rows(client.get(QUEUE, {"country": "BE"})) == [PartnerReport.objects.get(pk=world.report_a.pk)]
    assert [r.country.code for r in rows(client.get(QUEUE, {"sort": "country"}))] == ["BE", "SE"]
    assert [r.country.code for r in rows(client.get(QUEUE, {"sort": "-country"}))] == ["SE", "BE"]


def test_a_reviewer_moves_through_the_queue_from_the_report_page(world, client):
    services.report_submit(report=world.report_a, user=world.users["officer_a"])
    log_in(client, world.users["reviewer"])
    first = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_b.pk}))
    assert (first.context["queue_previous"], first.context["queue_next"]) == (None, world.report_a)
    second = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_a.pk}))
    assert (second.context["queue_previous"], second.context["queue_next"]) == (world.report_b, None)
    assert 'id="queue-previous"' in second.content.decode()


def test_partners_get_no_queue_links(world, client):
    log_in(client, world.users["officer_b"])
    response = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": world.report_b.pk}))
    assert "queue_next" not in response.context


# Compliance ---------------------------------------------------------------------------------


def test_compliance_filters_by_state_and_country_and_sorts_by_state(world, client):
    log_in(client, world.users["reviewer"])
    states = {r["state"] for r in client.get(COMPLIANCE, {"state": "missing"}).context["page"]}
    assert states == {"missing"}
    countries = {
        r["membership"].country.code for r in client.get(COMPLIANCE, {"country": "SE"}).context["page"]
    }
    assert countries == {"SE"}
    labels = [str(r["label"]) for r in client.get(COMPLIANCE, {"sort": "state"}).context["page"]]
    assert labels == sorted(labels)


# Query counts do not grow with rows ---------------------------------------------------------


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def more_reports(w, count):
    for code in ("FR", "DE", "PL")[:count]:
        country = f.CountryFactory(code=code, name=f"Country {code}")
        f.MembershipFactory(coalition=w.coalition, country=country)
        report = PartnerReport.objects.create(country=country, coalition=w.coalition, period=w.period)
        PartnerReport.objects.filter(pk=report.pk).update(status="submitted", submitted_at=timezone.now())


@pytest.mark.parametrize("url", [REPORTS, QUEUE, COMPLIANCE, f"{REPORTS}?sort=-country&status=submitted"])
def test_list_queries_do_not_grow_with_rows(world, client, url):
    log_in(client, world.users["reviewer"])
    queries(client, url)  # warm per-process caches
    before = queries(client, url)
    more_reports(world, 3)
    assert queries(client, url) == before


def test_compliance_lists_countries_by_name_within_each_coalition(world, client):
    log_in(client, world.users["reviewer"])
    page = client.get(COMPLIANCE, {"period": world.period.pk}).context["page"]
    pairs = [(r["membership"].coalition.name, r["membership"].country.name) for r in page]
    assert pairs == sorted(pairs)
    assert [c for c, _n in pairs].count("Artillery") == 3

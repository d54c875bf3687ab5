"""Consolidated figures equal sums computed here from the lines; charts render as SVG."""

from collections import Counter

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import charts
from reports.figures import coalition_figures_context
from tests.exports.helpers import download, parse
from tests.exports.sample import A_LINES, report
from tests.world import log_in

A_DELIVERED = sum(quantity for _ref, quantity, _notes in A_LINES)  # approved; superseded and draft excluded
ART_DELIVERED = A_DELIVERED + 2001 + 4001
ART_COMMITTED = 111111 + 222222 + 444444


def figures_for(client, user, query=""):
    log_in(client, user)
    response = client.get(f"{reverse('exports:figures')}?{query}")
    assert response.status_code == 200
    return response


def totals(response):
    return totals_of(response.context)


def countries(response):
    rows = response.context["figures"].countries
    assert {row.unit for row in rows} <= {"rounds"}  # the sample's capabilities count rounds
    return {r.label: (r.committed, r.delivered, r.provisional) for r in rows}


EXPECTED = {
    # persona: ([needed, committed, delivered, provisional, used], per-country figures)
    "analyst": (
        [900001, ART_COMMITTED + 333333, ART_DELIVERED + 3001, 2002, 601],
        {
            "Belgium": (111111, A_DELIVERED, 0),
            "Sweden": (222222 + 333333, 2001 + 3001, 2002),
            "Latvia": (444444, 4001, 0),
        },
    ),
    "officer_a": ([900001, ART_COMMITTED, ART_DELIVERED, 2002, 601], {"Belgium": (111111, A_DELIVERED, 0)}),
    "lead_officer": (
        [900001, ART_COMMITTED, ART_DELIVERED, 2002, 601],
        {"Belgium": (111111, A_DELIVERED, 0), "Sweden": (222222, 2001, 2002), "Latvia": (444444, 4001, 0)},
    ),
    "observer": ([0, 333333, 3001, 0, 0], {"Sweden": (333333, 3001, 0)}),
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_figures_equal_the_sums_of_the_lines_the_persona_may_count(data, client, persona):
    response = figures_for(client, data.world.users[persona])
    expected_totals, expected_countries = EXPECTED[persona]
    assert totals(response) == expected_totals
    assert countries(response) == expected_countries


def test_figures_per_capability_and_quarter(data, client):
    response = figures_for(client, data.world.users["officer_a"])
    (shell,) = response.context["figures"].capabilities
    assert (shell.label, shell.coverage_percent, shell.fulfilment_percent) == (
        "155 mm shell",
        round(100 * ART_COMMITTED / 900001, 1),
        round(100 * ART_DELIVERED / ART_COMMITTED, 1),
    )
    trend = [(r.label, r.delivered, r.provisional, r.needed) for r in response.context["figures"].trend]
    assert trend == [("2026-Q1", ART_DELIVERED, 0, 0), ("2026-Q2", 0, 2002, 0), ("2026-Q4", 0, 0, 900001)]


def test_coalition_filter_keeps_one_coalition(data, client):
    response = figures_for(client, data.world.users["analyst"], "coalition=drones")
    assert totals(response) == [0, 333333, 3001, 0, 0]


def test_lead_filtering_by_a_member_country_sees_its_coalition_rows(data, client):
    response = figures_for(client, data.world.users["lead_officer"], "country=SE")
    assert totals(response)[1:4] == [222222, 2001, 2002]


def test_partner_cannot_filter_to_another_country(data, client):
    response = figures_for(client, data.world.users["officer_a"], "country=SE")
    assert "Select a valid choice" in response.content.decode()
    # an invalid filter shows the error and no figures (never the figures without it)
    assert countries(response) == {}
    assert totals(response) == [0, 0, 0, 0, 0]


def test_reversed_period_range_is_explained(data, client):
    response = figures_for(client, data.world.users["analyst"], "period_from=2026-Q3&period_to=2026-Q1")
    assert "The first quarter must not come after the last one." in response.content.decode()


def test_period_range_keeps_those_quarters(data, client):
    response = figures_for(client, data.world.users["analyst"], "period_from=2026-Q2&period_to=2026-Q2")
    # committed: the commitments as at the end of the range (announced in 2026-Q1 or undated)
    assert totals(response) == [0, ART_COMMITTED + 333333, 0, 2002, 0]


def test_page_shows_accessible_svg_charts_and_export_links(data, client):
    html = figures_for(client, data.world.users["analyst"], "coalition=artillery").content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 2
    assert '<title id="capability-chart-title">' in html
    assert "<script" not in html
    xlsx = reverse("exports:download", kwargs={"dataset": "summary", "fmt": "xlsx"})
    assert f'href="{xlsx}?coalition=artillery"' in html


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("exports:figures"),
        reverse("exports:index"),
        reverse("exports:download", kwargs={"dataset": "deliveries", "fmt": "xlsx"}),
        reverse("exports:download", kwargs={"dataset": "summary", "fmt": "csv"}),
        reverse("exports:download", kwargs={"dataset": "commitments", "fmt": "xlsx"}),
        reverse("exports:download", kwargs={"dataset": "compliance", "fmt": "xlsx"}),
    ],
)
def test_query_count_does_not_grow_with_rows(data, client, url):
    w = data.world
    log_in(client, w.users["lead_officer"])
    count_queries(client, url)  # warm the caches of the first request
    before = count_queries(client, url)
    lines = [(w.commitment_b, f"more-{i}", 10 + i, "") for i in range(20)]
    report(w.b, w.coalition, data.q2, "approved", revision=2, lines=lines)
    report(w.lead, w.coalition, data.q2, "submitted", lines=lines[:5])
    assert count_queries(client, url) == before


def test_coalition_figures_partial_for_the_coalition_page(data, client):
    user = data.world.users["officer_b"]
    context = coalition_figures_context(user, data.world.other_coalition, {})
    assert totals_of(context) == [0, 333333, 3001, 0, 0]
    html = render_to_string("reports/figures/coalition_figures.html", context)
    assert html.count("<svg") >= 2
    assert "FPV drone" in html


def totals_of(context):
    """The measures of the one total (the sample's capabilities all count rounds)."""
    totals = context["figures"].totals
    if not totals:
        return [0, 0, 0, 0, 0]
    (total,) = totals
    assert total.label == "All capabilities — rounds"
    return [total.needed, total.committed, total.delivered, total.provisional, total.used]


def test_bar_chart_scales_bars_to_the_largest_value():
    class Row:
        def __init__(self, label, **values):
            self.label = label
            for key, _name, _colour in charts.SERIES:
                setattr(self, key, values.get(key, 0))

    chart = charts.bar_chart("t", [Row("a", needed=100, delivered=50), Row("b", used=25)], "c")
    widths = [[bar.width for bar in group.bars] for group in chart.groups]
    assert widths == [
        [charts.PLOT_WIDTH, 0, charts.PLOT_WIDTH / 2, 0, 0],
        [0, 0, 0, 0, charts.PLOT_WIDTH / 4],
    ]
    assert [group.label for group in chart.groups] == ["a", "b"]


def test_bar_chart_of_nothing_has_no_groups():
    chart = charts.bar_chart("t", [], "c")
    assert chart.groups == []
    assert "No figures for these filters." in chart.svg


def test_bar_chart_markup_escapes_labels_and_labels_every_bar():
    class Row:
        label = '<b>"Crane" & sons</b> with a name longer than thirty characters'
        needed, committed, delivered, provisional, used = 7, 0, 0, 0, 1234567

    svg = charts.bar_chart("Figures <by> capability", [Row()], "cap").svg
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" role="img"')
    assert 'aria-labelledby="cap-title cap-desc"' in svg
    assert '<title id="cap-title">Figures &lt;by&gt; capability</title>' in svg
    assert "<b>" not in svg
    # the whole label, wrapped over lines (it was cut at 30 characters)
    assert ">&lt;b&gt;&quot;Crane&quot; &amp; sons&lt;/b&gt; with a</tspan>" in svg
    assert ">name longer than thirty</tspan>" in svg
    assert ">characters</tspan>" in svg
    assert ">1,234,567</text>" in svg  # the value is written, readable without hovering
    assert svg.count("<rect ") == len(charts.SERIES)
    assert "with a name longer than thirty characters – Used: 1234567</title>" in svg


def test_coalition_figures_of_a_coalition_the_user_may_not_see_are_empty(data):
    context = coalition_figures_context(data.world.users["officer_a"], data.world.other_coalition, {})
    assert totals_of(context) == [0, 0, 0, 0, 0]
    assert context["figures"].capabilities == []


def test_coalition_figures_with_bad_filters_show_the_errors_and_no_figures(data):
    params = {"period_from": "2026-Q4", "period_to": "2026-Q1"}
    context = coalition_figures_context(data.world.users["officer_b"], data.world.other_coalition, params)
    assert totals_of(context) == [0, 0, 0, 0, 0]
    assert context["figures"].capabilities == []
    assert context["filters"].errors


def test_filter_form_shows_the_choices_the_user_may_use_and_keeps_the_chosen_ones(data, client):
    response = figures_for(client, data.world.users["officer_a"], "coalition=artillery&period_from=2026-Q2")
    html = response.content.decode()
    assert '<select id="id_coalition" name="coalition"><option value="">All</option>' in html
    assert '<option value="artillery" selected>' in html
    assert '<option value="2026-Q2" selected>2026-Q2</option>' in html
    assert '<option value="2026-Q3">2026-Q3</option>' in html
    countries = html.split('name="country">')[1].split("</select>")[0]
    assert countries == '<option value="" selected>All</option><option value="BE">Belgium</option>'


SUMMARY_MEASURES = {
    "needed": 5,
    "committed": 6,
    "undisclosed": 7,
    "delivered": 8,
    "provisional": 9,
    "used": 10,
    "planned": 11,
    "delivered_to_date": 12,
}
STOCKS = ("committed", "undisclosed", "delivered_to_date")  # as at the end of each quarter
FLOWS = tuple(name for name in SUMMARY_MEASURES if name not in STOCKS)


def summed(rows, key, names=FLOWS):
    """The per-period measures of the summary rows, summed by ``key`` (a function of a row)."""
    sums = {}
    for row in rows:
        counts = sums.setdefault(key(row), Counter())
        counts.update({name: int(row[SUMMARY_MEASURES[name]]) for name in names})
    return {group: {name: counts[name] for name in names} for group, counts in sums.items()}


def last_cells(rows):
    """The stocks of each capability: those of its last quarter (as at the end of the range)."""
    last = {}
    for row in rows:  # sorted by capability, then quarter (no quarter first)
        last[row[2]] = {name: int(row[SUMMARY_MEASURES[name]]) for name in STOCKS}
    return last


def measures(row, names=FLOWS):
    return {name: getattr(row, name) for name in names}


@pytest.mark.parametrize(
    ("persona", "query"),
    [
        ("analyst", ""),
        ("officer_a", ""),
        ("lead_officer", "country=SE"),
        ("observer", ""),
        ("analyst", "coalition=artillery&period_from=2026-Q2&period_to=2026-Q4"),
    ],
)
def test_summary_export_holds_the_figures_of_the_page(data, client, persona, query):
    user = data.world.users[persona]
    page = figures_for(client, user, query).context["figures"]
    _header, rows = parse(download(client, user, "summary", "csv", query), "csv")
    assert page.capabilities
    by_capability = summed(rows, key=lambda row: row[2])
    assert by_capability == {row.label: measures(row) for row in page.capabilities}
    assert last_cells(rows) == {row.label: measures(row, STOCKS) for row in page.capabilities}
    by_quarter = summed(rows, key=lambda row: (row[3], row[4] or "—"))
    assert by_quarter == {(row.unit, row.label): measures(row) for row in page.trend}
    by_unit = summed(rows, key=lambda row: row[3])
    assert by_unit == {row.unit: measures(row) for row in page.totals}

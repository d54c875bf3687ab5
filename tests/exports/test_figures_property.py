"""A property over random needs, commitments, report lines and usage in mixed units.

Every figure of the figures page, of the summary export (CSV) and of the charts and their
tables equals a recomputation written here in plain SQL from the tables, per unit; no total
mixes units; the per-period measures of a range are the sums of its quarters. The SQL is
the definitions (``reports.figures.DEFINITIONS``) read literally, not the engine's query.
"""

import datetime
import io
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from accounts.models import Role
from coalitions.models import CommitmentStatus, Need, Unit
from reports import charts, figures
from reports.filters import FigureFilters
from reports.models import DeliveryLine, PartnerReport, PlanLine, ReportingPeriod, UsageLine, UsageReport
from tests import factories as f
from tests.exports.helpers import body, parse
from tests.exports.sample import bring_to
from tests.world import log_in

QUARTERS = [f"2026-Q{quarter}" for quarter in range(1, 5)]
# (coalition, unit) of each capability: two coalitions, four units, two capabilities in rounds
CAPABILITIES = [("art", Unit.ROUNDS), ("art", Unit.SYSTEMS), ("drones", Unit.PIECES), ("drones", Unit.ROUNDS)]
COUNTRIES = ("BE", "SE")
FLOWS = ("needed", "planned", "delivered", "provisional", "used")
STOCKS = ("committed", "undisclosed", "delivered_to_date")
MEASURES = FLOWS + STOCKS
COUNTRY_MEASURES = ("committed", "planned", "delivered", "provisional", "undisclosed", "delivered_to_date")

quarter = st.integers(0, 3)
quantity = st.integers(1, 5000)
commitments = st.lists(
    st.tuples(
        st.sampled_from(COUNTRIES),
        st.integers(0, len(CAPABILITIES) - 1),
        st.one_of(st.none(), quantity),  # None: undisclosed
        st.one_of(st.none(), quarter),  # None: undated
        st.booleans(),  # cancelled
    ),
    min_size=1,
    max_size=6,
)
# (commitment index, quarter of the report, quantity, report status)
statuses = st.sampled_from(["draft", "submitted", "approved"])
lines = st.lists(st.tuples(st.integers(0, 5), quarter, quantity), max_size=8)
plans = st.lists(st.tuples(st.integers(0, 5), quarter, quarter, quantity), max_size=5)
needs = st.lists(st.tuples(st.integers(0, len(CAPABILITIES) - 1), quarter, quantity), max_size=5)
usage = st.lists(st.tuples(st.integers(0, len(CAPABILITIES) - 1), quarter, quantity), max_size=4)
ranges = st.tuples(quarter, quarter).map(sorted)


def quarter_start(index):
    return datetime.date(2026, index * 3 + 1, 1)


def quarter_end(index):
    return quarter_start(index + 1) - datetime.timedelta(days=1) if index < 3 else datetime.date(2026, 12, 31)


class World:
    """Two coalitions, four capabilities in mixed units, two countries, the four quarters of 2026."""

    def __init__(self):
        self.coalitions = {
            "art": f.CoalitionFactory(slug="artillery", name="Artillery"),
            "drones": f.CoalitionFactory(slug="drones", name="Drones"),
        }
        self.capabilities = [
            f.CapabilityFactory(
                coalition=self.coalitions[slug], unit=unit, code=f"c{i}", name=f"Capability {i}"
            )
            for i, (slug, unit) in enumerate(CAPABILITIES)
        ]
        self.countries = {code: f.CountryFactory(code=code, name=f"Country {code}") for code in COUNTRIES}
        self.periods = [
            ReportingPeriod.objects.create(start=quarter_start(i), end=quarter_end(i), due_on=quarter_end(i))
            for i in range(4)
        ]
        self.analyst = f.UserFactory(role=Role.ANALYST, username="analyst-property")


def build(world, commitment_rows, line_rows, plan_rows, need_rows, usage_rows, report_statuses):
    made = []
    for code, capability, amount, announced, cancelled in commitment_rows:
        made.append(
            f.CommitmentFactory(
                country=world.countries[code],
                capability=world.capabilities[capability],
                quantity=amount,
                announced_on=None
                if announced is None
                else quarter_start(announced) + datetime.timedelta(days=20),
                status=CommitmentStatus.CANCELLED if cancelled else CommitmentStatus.COMMITTED,
                cancel_reason="withdrawn" if cancelled else "",
            )
        )
    reports = {}

    def report_of(commitment, index):
        key = (commitment.country_id, commitment.coalition_id, index)
        if key not in reports:
            reports[key] = PartnerReport.objects.create(
                country=commitment.country, coalition=commitment.coalition, period=world.periods[index]
            )
        return reports[key]

    for position, index, amount in line_rows:
        commitment = made[position % len(made)]
        DeliveryLine.objects.create(
            report=report_of(commitment, index),
            commitment=commitment,
            delivered_on=quarter_start(index) + datetime.timedelta(days=5),
            quantity=amount,
        )
    for position, index, planned_for, amount in plan_rows:
        commitment = made[position % len(made)]
        report = report_of(commitment, index)
        period = world.periods[planned_for]
        if not PlanLine.objects.filter(report=report, commitment=commitment, period=period).exists():
            PlanLine.objects.create(report=report, commitment=commitment, period=period, quantity=amount)
    for position, report in enumerate(sorted(reports.values(), key=lambda r: r.pk)):
        bring_to(PartnerReport, report.pk, report_statuses[position % len(report_statuses)])
    for capability, index, amount in need_rows:
        cap = world.capabilities[capability]
        Need.objects.update_or_create(
            coalition=cap.coalition,
            capability=cap,
            year=2026,
            quarter=index + 1,
            defaults={"quantity": amount},
        )
    usage_reports = {}
    for capability, index, amount in usage_rows:
        cap = world.capabilities[capability]
        key = (cap.coalition_id, index)
        if key not in usage_reports:
            usage_reports[key] = UsageReport.objects.create(
                coalition=cap.coalition, period=world.periods[index]
            )
        UsageLine.objects.update_or_create(
            report=usage_reports[key], capability=cap, defaults={"received": 10000, "expended": amount}
        )
    for position, report in enumerate(sorted(usage_reports.values(), key=lambda r: r.pk)):
        bring_to(UsageReport, report.pk, report_statuses[(position + 1) % len(report_statuses)])


# The definitions, read literally, as SQL over the tables: %(start)s and %(end)s are the first
# day of the range and the first day after it. Each query gives (capability id, sum).
RECOMPUTE = {
    "needed": """
        SELECT n.capability_id, SUM(n.quantity) FROM coalitions_need n
        WHERE make_date(n.year, n.quarter * 3 - 2, 1) >= %(start)s
          AND make_date(n.year, n.quarter * 3 - 2, 1) < %(end)s
        GROUP BY n.capability_id""",
    "committed": """
        SELECT c.capability_id, SUM(c.quantity) FROM coalitions_commitment c
        WHERE c.status <> 'cancelled' AND (c.announced_on IS NULL OR c.announced_on < %(end)s)
        GROUP BY c.capability_id""",
    "undisclosed": """
        SELECT c.capability_id, COUNT(*) FROM coalitions_commitment c
        WHERE c.status <> 'cancelled' AND (c.announced_on IS NULL OR c.announced_on < %(end)s)
          AND c.quantity IS NULL
        GROUP BY c.capability_id""",
    "planned": """
        SELECT c.capability_id, SUM(l.quantity) FROM reports_planline l
        JOIN reports_partnerreport r ON r.id = l.report_id
        JOIN reports_reportingperiod p ON p.id = l.period_id
        JOIN reports_reportingperiod rp ON rp.id = r.period_id
        JOIN coalitions_commitment c ON c.id = l.commitment_id
        WHERE r.status = 'approved' AND p.start >= %(start)s AND p.start < %(end)s
          AND NOT EXISTS (
            SELECT 1 FROM reports_planline l2
            JOIN reports_partnerreport r2 ON r2.id = l2.report_id
            JOIN reports_reportingperiod rp2 ON rp2.id = r2.period_id
            WHERE r2.status = 'approved' AND l2.commitment_id = l.commitment_id
              AND l2.period_id = l.period_id AND rp2.start > rp.start)
        GROUP BY c.capability_id""",
    "delivered": """
        SELECT c.capability_id, SUM(l.quantity) FROM reports_deliveryline l
        JOIN reports_partnerreport r ON r.id = l.report_id
        JOIN reports_reportingperiod p ON p.id = r.period_id
        JOIN coalitions_commitment c ON c.id = l.commitment_id
        WHERE r.status = 'approved' AND p.start >= %(start)s AND p.start < %(end)s
        GROUP BY c.capability_id""",
    "delivered_to_date": """
        SELECT c.capability_id, SUM(l.quantity) FROM reports_deliveryline l
        JOIN reports_partnerreport r ON r.id = l.report_id
        JOIN reports_reportingperiod p ON p.id = r.period_id
        JOIN coalitions_commitment c ON c.id = l.commitment_id
        WHERE r.status = 'approved' AND p.start < %(end)s
        GROUP BY c.capability_id""",
    "provisional": """
        SELECT c.capability_id, SUM(l.quantity) FROM reports_deliveryline l
        JOIN reports_partnerreport r ON r.id = l.report_id
        JOIN reports_reportingperiod p ON p.id = r.period_id
        JOIN coalitions_commitment c ON c.id = l.commitment_id
        WHERE r.status = 'submitted' AND p.start >= %(start)s AND p.start < %(end)s
        GROUP BY c.capability_id""",
    "used": """
        SELECT l.capability_id, SUM(l.expended) FROM reports_usageline l
        JOIN reports_usagereport r ON r.id = l.report_id
        JOIN reports_reportingperiod p ON p.id = r.period_id
        WHERE r.status = 'approved' AND p.start >= %(start)s AND p.start < %(end)s
        GROUP BY l.capability_id""",
}


def recompute(first, last):
    """{capability id: {measure: sum}} for the range of quarters first..last (indexes)."""
    bounds = {"start": quarter_start(first), "end": quarter_end(last) + datetime.timedelta(days=1)}
    result = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    with connection.cursor() as cursor:
        for measure, sql in RECOMPUTE.items():
            cursor.execute(sql, bounds)
            for capability, total in cursor.fetchall():
                result[capability][measure] = int(total or 0)
    return {capability: sums for capability, sums in result.items() if any(sums.values())}


def per_unit(world, by_capability):
    units = {cap.pk: str(cap.get_unit_display()) for cap in world.capabilities}
    totals = defaultdict(Counter)
    for capability, sums in by_capability.items():
        totals[units[capability]].update(sums)
    return {unit: {m: counts[m] for m in MEASURES} for unit, counts in totals.items()}


def of(row, names=MEASURES):
    return {name: getattr(row, name) for name in names}


def query(first, last):
    return f"period_from={QUARTERS[first]}&period_to={QUARTERS[last]}"


def check(world, client, first, last):
    expected = recompute(first, last)
    expected_units = per_unit(world, expected)
    page = client.get(f"{reverse('exports:figures')}?{query(first, last)}")
    result = page.context["figures"]

    # the page, per capability and per unit (the one "All capabilities" row of each unit)
    assert {row.key: of(row) for row in result.capabilities} == expected
    assert {row.unit: of(row) for row in result.totals} == expected_units
    assert [row.label for row in result.totals] == [f"All capabilities — {row.unit}" for row in result.totals]
    assert len({row.unit for row in result.totals}) == len(result.totals)  # no total mixes units
    assert all(row.unit for row in result.trend + result.countries)

    # the trend: the flows of the quarters add up to the range's
    trend = defaultdict(Counter)
    for row in result.trend:
        trend[row.unit].update(of(row, FLOWS))
    assert {unit: {m: trend[unit][m] for m in FLOWS} for unit in trend} == {
        unit: {m: sums[m] for m in FLOWS} for unit, sums in expected_units.items() if unit in trend
    }

    # by country, per unit: the analyst sees every country, so the countries add up to the totals
    by_country = defaultdict(Counter)
    for row in result.countries:
        by_country[row.unit].update(of(row, COUNTRY_MEASURES))
    assert {unit: {m: by_country[unit][m] for m in COUNTRY_MEASURES} for unit in by_country} == {
        unit: {m: sums[m] for m in COUNTRY_MEASURES}
        for unit, sums in expected_units.items()
        if any(sums[m] for m in COUNTRY_MEASURES)
    }

    # the charts and the tables beside them show the same numbers
    chart = page.context["capability_chart"]
    assert [[bar.value for bar in group.bars] for group in chart.groups] == [
        [getattr(row, key) for key, _label, _colour in charts.SERIES] for row in result.capabilities
    ]
    table = str(page.context["capability_table"])
    for row in result.capabilities:
        assert f'<td class="num">{row.delivered_to_date:,}</td>' in table  # grouped by thousands

    # the summary export, per unit: flows summed over its cells, stocks of each capability's last cell
    response = client.get(
        reverse("exports:download", kwargs={"dataset": "summary", "fmt": "csv"}) + "?" + query(first, last)
    )
    header, rows = parse(response, "csv")
    column = {name: header.index(name) for name in header}
    exported = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    last_cell = {}
    for row in rows:
        sums = exported[row[column["unit"]]]
        for name in FLOWS:
            sums[name] += int(row[column[name]])
        last_cell[row[column["capability"]]] = row
    for row in last_cell.values():
        sums = exported[row[column["unit"]]]
        sums["committed"] += int(row[column["committed"]])
        sums["undisclosed"] += int(row[column["undisclosed_commitments"]])
        sums["delivered_to_date"] += int(row[column["delivered_to_date"]])
    assert dict(exported) == expected_units

    # additivity: each flow of the range is the sum of the same flow over its quarters
    quarters = [
        figures.consolidated(world.analyst, FigureFilters(world.analyst, {"period_from": q, "period_to": q}))
        for q in QUARTERS[first : last + 1]
    ]
    for unit, sums in expected_units.items():
        for name in FLOWS:
            assert sums[name] == sum(getattr(t, name) for q in quarters for t in q.totals if t.unit == unit)


@pytest.mark.django_db(transaction=False)
def test_every_figure_equals_the_sql_recomputation_per_unit():
    world = World()
    client = log_in(Client(), world.analyst)

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.target],  # shrinking a database example takes minutes
    )
    @given(commitments, lines, plans, needs, usage, st.lists(statuses, min_size=1, max_size=4), ranges)
    def property_(commitment_rows, line_rows, plan_rows, need_rows, usage_rows, report_statuses, bounds):
        with transaction.atomic():
            build(world, commitment_rows, line_rows, plan_rows, need_rows, usage_rows, report_statuses)
            check(world, client, 0, 3)
            check(world, client, *bounds)
            transaction.set_rollback(True)

    property_()


def test_inverted_range_shows_the_error_and_no_figures(db):
    world = World()
    f.NeedFactory(capability=world.capabilities[0], quantity=5, year=2026, quarter=1)
    f.CommitmentFactory(country=world.countries["BE"], capability=world.capabilities[0], quantity=7)
    client = log_in(Client(), world.analyst)
    inverted = "period_from=2026-Q4&period_to=2026-Q1"

    page = client.get(f"{reverse('exports:figures')}?{inverted}")
    html = page.content.decode()
    assert "The first quarter must not come after the last one." in html
    assert page.context["figures"].totals == [] and page.context["figures"].capabilities == []
    assert "All capabilities" not in html
    assert "<svg" not in html

    for fmt in ("csv", "xlsx"):
        url = reverse("exports:download", kwargs={"dataset": "summary", "fmt": fmt})
        response = client.get(f"{url}?{inverted}")
        assert response.status_code == 400
        assert "The first quarter must not come after the last one." in response.content.decode()

    index = client.get(f"{reverse('exports:index')}?{inverted}")
    assert "The first quarter must not come after the last one." in index.content.decode()
    assert (
        reverse("exports:download", kwargs={"dataset": "summary", "fmt": "csv"}) not in index.content.decode()
    )


def test_coalition_page_with_an_inverted_range_shows_the_error_and_no_figures(db):
    world = World()
    f.CommitmentFactory(country=world.countries["BE"], capability=world.capabilities[0], quantity=7)
    client = log_in(Client(), world.analyst)
    url = reverse("coalitions:detail", kwargs={"slug": "artillery"})
    html = client.get(f"{url}?period_from=2026-Q4&period_to=2026-Q1").content.decode()
    assert "The first quarter must not come after the last one." in html
    assert "<svg" not in html and "Capability 0" not in html.split("coalition-figures-title")[1]
    valid = client.get(url).content.decode()
    assert "<svg" in valid and "Capability 0 (rounds)" in valid


@pytest.mark.parametrize("bad", ["period_from=2026-Q7", "period_to=10000-Q1", "period_from=Q2"])
def test_impossible_range_shows_the_error_and_no_figures(db, bad):
    world = World()
    f.CommitmentFactory(country=world.countries["BE"], capability=world.capabilities[0], quantity=7)
    client = log_in(Client(), world.analyst)
    page = client.get(f"{reverse('exports:figures')}?{bad}")
    assert page.context["filters"].errors
    assert page.context["figures"].totals == []
    coalition = world.capabilities[0].coalition
    context = figures.coalition_figures_context(world.analyst, coalition, dict([bad.split("=")]))
    assert context["filters"].errors and context["figures"].capabilities == []


def test_committed_is_counted_as_at_the_end_of_the_range(db):
    world = World()
    f.CommitmentFactory(
        country=world.countries["BE"],
        capability=world.capabilities[1],
        quantity=8,
        announced_on=datetime.date(2026, 1, 10),
    )
    f.CommitmentFactory(
        country=world.countries["SE"], capability=world.capabilities[1], quantity=2, announced_on=None
    )
    f.CommitmentFactory(  # announced after the range
        country=world.countries["SE"],
        capability=world.capabilities[1],
        quantity=50,
        announced_on=datetime.date(2026, 11, 1),
    )
    filters = FigureFilters(world.analyst, {"period_from": "2026-Q2", "period_to": "2026-Q3"})
    (total,) = figures.consolidated(world.analyst, filters).totals
    assert (total.unit, total.committed) == ("systems", 10)


def test_readme_states_the_definitions_of_the_code():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Figures: what each measure counts")[1].split("\n## ")[0]
    with translation.override("en"):
        assert [f"- {text}" for text in figures.definitions()] == [
            line for line in section.splitlines() if line.startswith("- ")
        ]


def test_summary_xlsx_carries_the_definitions_on_a_second_sheet(db):
    world = World()
    f.CommitmentFactory(country=world.countries["BE"], capability=world.capabilities[0], quantity=7)
    client = log_in(Client(), world.analyst)
    response = client.get(reverse("exports:download", kwargs={"dataset": "summary", "fmt": "xlsx"}))
    workbook = load_workbook(io.BytesIO(body(response)))
    assert workbook.sheetnames == ["summary", "Definitions"]
    texts = [row[0] for row in workbook["Definitions"].iter_rows(values_only=True)]
    assert texts == figures.definitions()

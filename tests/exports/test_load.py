"""seed_load builds a consistent data set (refusing production settings); bench measures it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Sum
from django.test import override_settings

from accounts.models import User
from coalitions.models import Commitment, Country
from reports.figures import consolidated
from reports.filters import FigureFilters
from reports.models import DeliveryLine


@override_settings(SETTINGS_MODULE="config.settings.prod")
def test_seed_load_refuses_production_settings(db):
    with pytest.raises(CommandError, match="production"):
        call_command("seed_load", deliveries=10)
    assert Country.objects.count() == 0


@pytest.fixture
def loaded(db):
    call_command("seed_load", deliveries=500, stdout=StringIO())


def test_seed_load_makes_the_promised_shape(loaded):
    assert Country.objects.filter(is_recipient=False).count() == 40
    assert Commitment.objects.count() == 20_000
    assert DeliveryLine.objects.count() == 500
    mismatched = DeliveryLine.objects.exclude(report__country=F("commitment__country"))
    assert mismatched.count() == 0


def test_figures_of_the_load_equal_its_approved_lines(loaded):
    analyst = User.objects.get(username="bench-analyst")
    figures = consolidated(analyst, FigureFilters(analyst, {}))
    approved = (
        DeliveryLine.objects.filter(report__status="approved")
        .values("commitment__capability__unit")
        .annotate(total=Sum("quantity"))
    )
    # per unit: quantities in different units are never added together
    assert {row.unit_code: row.delivered for row in figures.totals if row.delivered} == {
        row["commitment__capability__unit"]: row["total"] for row in approved
    }


def test_seed_load_refuses_a_filled_database(loaded):
    with pytest.raises(CommandError, match="--flush"):
        call_command("seed_load", deliveries=10)


def test_bench_measures_exports_and_dashboard_in_process(loaded):
    results = {}
    for measure in ("csv_view", "copy", "xlsx_sample", "dashboard", "import"):
        out = StringIO()
        call_command("bench", measure=measure, stdout=out)
        results[measure] = json.loads(out.getvalue())
    assert results["csv_view"]["bytes"] > results["copy"]["bytes"] > 0  # the view adds BOM and header
    assert results["xlsx_sample"]["bytes"] > 0
    assert results["import"]["imported"] == 10_000
    side_by_side = results["dashboard"]
    assert {name: sorted(side_by_side[name]) for name in ("dashboard", "aggregate", "hand_sql")} == {
        "dashboard": ["p50", "p95"],
        "aggregate": ["p50", "p95"],
        "hand_sql": ["p50", "p95"],
    }
    assert side_by_side["hand_sql"]["p50"] > 0

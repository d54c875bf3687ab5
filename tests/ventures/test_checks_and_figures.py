"""Data checks on venture output and training lines, the form's messages, and figures that
equal independent sums."""

from django.db import connection
from django.urls import reverse

from coalitions.ventures import services
from coalitions.ventures.models import VentureCapacity, VentureOutput
from reports.checks import flags_of
from reports.figures.ventures import capacity_vs_output, training_figures
from tests.world import log_in

from .world import add_ventures


def codes(report):
    return sorted(flags_of(report).values_list("code", flat=True))


def test_output_above_the_periods_capacity_is_a_warning_and_the_line_is_kept(world):
    add_ventures(world)
    VentureCapacity.objects.filter(venture=world.venture_a2).update(monthly_capacity=10)
    data = {"venture": world.venture_a2, "capability": world.capability, "quantity": 31, "notes": ""}

    line = services.venture_output_save(report=world.report_a, user=world.users["officer_a"], data=data)

    assert VentureOutput.objects.filter(pk=line.pk).exists()
    flag = flags_of(world.report_a).get(code="output_above_capacity")
    assert flag.message == (
        "Belgian Repair Base reports 31 of 155 mm shell in 2026-Q4, above its capacity for the period "
        "(30: 10 a month for 3 months)."
    )


def test_capacity_flags_of_two_ventures_of_one_capability_are_two_flags(world):
    add_ventures(world)
    VentureCapacity.objects.filter(venture__in=[world.venture_a, world.venture_a2]).update(monthly_capacity=1)
    data = {"venture": world.venture_a2, "capability": world.capability, "quantity": 5, "notes": ""}
    services.venture_output_save(report=world.report_a, user=world.users["officer_a"], data=data)
    assert codes(world.report_a).count("output_above_capacity") == 2


def test_completed_above_started_to_date_is_a_warning(world):
    add_ventures(world)
    data = {"programme": world.programme_a2, "started": 0, "completed": 5, "notes": ""}
    services.training_line_save(report=world.report_a, user=world.users["officer_a"], data=data)
    assert "completed_above_started" in codes(world.report_a)


def test_output_form_refuses_another_countrys_venture_with_a_message(world, client):
    add_ventures(world)
    log_in(client, world.users["officer_a"])
    url = reverse("line_add", kwargs={"pk": world.report_a.pk, "line_kind": "outputs"})
    data = {"venture": world.venture_b.pk, "capability": world.capability.pk, "quantity": 5}

    response = client.post(url, data)

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert VentureOutput.objects.filter(report=world.report_a).count() == 1


def test_output_of_a_capability_the_venture_does_not_serve_is_refused(world, client):
    add_ventures(world)
    VentureCapacity.objects.filter(venture=world.venture_a2).delete()
    log_in(client, world.users["officer_a"])
    url = reverse("line_add", kwargs={"pk": world.report_a.pk, "line_kind": "outputs"})

    response = client.post(
        url, {"venture": world.venture_a2.pk, "capability": world.capability.pk, "quantity": 5}
    )

    assert response.status_code == 400
    assert "does not serve this capability" in response.content.decode()


def sql(query, *params):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def test_capacity_and_output_equal_independent_sums(world):
    add_ventures(world)
    rows = capacity_vs_output(world.users["analyst"])
    output = dict(
        sql(
            """SELECT to_char(p.start, 'YYYY') || '-Q' || extract(quarter FROM p.start), SUM(o.quantity)
               FROM ventures_ventureoutput o JOIN reports_partnerreport r ON r.id = o.report_id
               JOIN reports_reportingperiod p ON p.id = r.period_id
               WHERE r.status = 'approved' GROUP BY 1"""
        )
    )
    assert {r["period"]: r["output"] for r in rows if r["output"]} == output == {"2026-Q3": 8102 + 8103}
    # three ventures operating since 2026-01-05: Feb and Mar of Q1, and every month after
    by_quarter = {r["period"]: r["capacity"] for r in rows}
    assert by_quarter["2026-Q1"] == 3 * 10000 * 2
    assert by_quarter["2026-Q3"] == 3 * 10000 * 3
    assert {r["unit"] for r in rows} == {world.capability.unit}  # one capability, one unit


def test_observer_of_another_coalition_sees_no_artillery_figures(world):
    add_ventures(world)
    assert capacity_vs_output(world.users["observer"]) == []
    assert training_figures(world.users["observer"]) == []


def test_members_totals_count_only_approved_output(world):
    add_ventures(world)
    rows = capacity_vs_output(world.users["officer_b"])
    assert sum(r["output"] for r in rows) == 8102 + 8103  # A's draft 8101 is not counted


def test_planned_versus_trained_per_programme_and_period(world):
    add_ventures(world)
    rows = training_figures(world.users["officer_a"])
    mine = {(r["period"], r["programme"]): (r["planned"], r["started"], r["completed"]) for r in rows}
    assert mine[("2026-Q3", "Belgian gunnery course")] == (40, 8120, 8114)
    assert mine[("2026-Q4", "Belgian gunnery course")] == (40, 0, 0)  # the draft's trainees do not count yet
    started = sql(
        "SELECT SUM(t.started) FROM ventures_trainingthroughput t"
        " JOIN reports_partnerreport r ON r.id = t.report_id"
        " WHERE r.status = 'approved' AND t.programme_id = %s",
        world.programme_a.pk,
    )[0][0]
    assert sum(r["started"] for r in rows if r["programme"] == "Belgian gunnery course") == started

"""Joint ventures and training: registers (officers write their own country's), the ministry's
list by stage, and the venture output and training lines of partner reports.

Country A's venture and programme have approved output, so B's people (members of
Artillery) read them (404 otherwise); observers read figures only, never the registers.
"""

import datetime

from tests.ventures.world import add_ventures

from . import Case, expect

OK, DONE = 200, 302
LISTS = expect(OK, observer=403)
REGISTER = expect(403, officer_a=OK, officer_b=OK, lead_officer=OK)
# A's venture: read by A, the lead, B (approved output) and the ministry; written by A's officer
A_ITEM = expect(OK, observer=403)
A_WRITES_ITEM = expect(403, officer_a=DONE)
A_EDIT_PAGE = expect(403, officer_a=OK)
SEES_A_REPORT = {"officer_b": 404, "observer": 404}
A_WRITES_LINE = expect(403, officer_a=DONE, **SEES_A_REPORT)
NOT_ALLOWED = expect(405)


def venture_a(w):
    add_ventures(w)
    return {"pk": w.venture_a.pk}


def venture_b_proposed(w):
    add_ventures(w)
    return {"pk": w.venture_b_proposed.pk}


def programme_a(w):
    add_ventures(w)
    return {"pk": w.programme_a.pk}


def capacity_a(w):
    add_ventures(w)
    return {"pk": w.venture_a.pk, "capacity_pk": w.venture_a.capacities.get().pk}


def new_venture(w):
    return {
        "country": w.a.pk,
        "coalition": w.coalition.pk,
        "name": "Matrix works",
        "partner_company": "Matrix AG",
        "ukrainian_partner": "",
        "kind": "repair",
        "oblast": "UA-46",
        "stage": "proposed",
        "stage_since": "2026-02-01",
        "notes": "",
    }


def edit_venture(w):
    data = new_venture(w)
    return {
        k: data[k] for k in ("name", "partner_company", "ukrainian_partner", "kind", "oblast", "notes")
    } | {"version": 1}


def new_programme(w):
    return {
        "country": w.a.pk,
        "coalition": w.coalition.pk,
        "course": "Matrix course",
        "capability": "",
        "host_country": w.a.pk,
        "site": "Sample City",
        "starts_on": "2026-01-01",
        "planned_per_period": 10,
        "instructors": 2,
        "status": "planned",
        "notes": "",
    }


def edit_programme(w):
    data = new_programme(w)
    data.pop("country"), data.pop("coalition")
    return data | {"status": "running", "status_reason": "", "version": 1}


def report_lines(kind):
    def kwargs(w):
        add_ventures(w)
        return {"pk": w.report_a.pk, "line_kind": kind}

    return kwargs


def line(kind, name):
    def kwargs(w):
        add_ventures(w)
        obj = getattr(w, name)
        return {"pk": obj.report_id, "line_kind": kind, "line_pk": obj.pk}

    return kwargs


CASES = [
    Case("ventures:venture_list", expected=LISTS),
    Case("ventures:venture_list", query="coalition=artillery&stage=operating", expected=LISTS),
    Case("ventures:venture_list", method="post", expected=NOT_ALLOWED),
    Case("ventures:ventures_by_stage", expected=expect(403, analyst=OK, reviewer=OK)),
    Case("ventures:venture_create", expected=REGISTER),
    # B's and L's officers are offered only their own country: naming A is a form error.
    Case(
        "ventures:venture_create",
        method="post",
        data=new_venture,
        expected=expect(403, officer_a=DONE, officer_b=400, lead_officer=400),
    ),
    Case("ventures:venture_detail", kwargs=venture_a, expected=A_ITEM),
    # B's venture without approved output: only B, the lead and the ministry read it
    Case(
        "ventures:venture_detail",
        kwargs=venture_b_proposed,
        expected=expect(OK, officer_a=404, viewer_a=404, observer=403),
    ),
    Case("ventures:venture_update", kwargs=venture_a, expected=A_EDIT_PAGE),
    Case(
        "ventures:venture_update", kwargs=venture_a, method="post", data=edit_venture, expected=A_WRITES_ITEM
    ),
    Case(
        "ventures:venture_stage",
        kwargs=venture_a,
        method="post",
        data=lambda w: {"stage": "suspended", "on": datetime.date.today().isoformat(), "reason": ""},
        expected=A_WRITES_ITEM,
    ),
    Case("ventures:venture_stage", kwargs=venture_a, expected=NOT_ALLOWED),
    Case(
        "ventures:capacity_set",
        kwargs=venture_a,
        method="post",
        data=lambda w: {"capability": w.capability.pk, "monthly_capacity": 12000},
        expected=A_WRITES_ITEM,
    ),
    Case("ventures:capacity_set", kwargs=venture_a, expected=NOT_ALLOWED),
    Case("ventures:capacity_remove", kwargs=capacity_a, method="post", expected=A_WRITES_ITEM),
    Case("ventures:capacity_remove", kwargs=capacity_a, expected=NOT_ALLOWED),
    Case("ventures:programme_list", expected=LISTS),
    Case("ventures:programme_create", expected=REGISTER),
    Case(
        "ventures:programme_create",
        method="post",
        data=new_programme,
        expected=expect(403, officer_a=DONE, officer_b=400, lead_officer=400),
    ),
    Case("ventures:programme_detail", kwargs=programme_a, expected=A_ITEM),
    Case("ventures:programme_update", kwargs=programme_a, expected=A_EDIT_PAGE),
    Case(
        "ventures:programme_update",
        kwargs=programme_a,
        method="post",
        data=edit_programme,
        expected=A_WRITES_ITEM,
    ),
    # Report lines (the reports' line URLs with the two new kinds)
    Case(
        "line_add",
        kwargs=report_lines("outputs"),
        method="post",
        data=lambda w: {
            "venture": w.venture_a2.pk,
            "capability": w.capability.pk,
            "quantity": 5,
            "notes": "",
        },
        expected=A_WRITES_LINE,
    ),
    Case(
        "line_add",
        kwargs=report_lines("training"),
        method="post",
        data=lambda w: {"programme": w.programme_a2.pk, "started": 5, "completed": 0, "notes": ""},
        expected=A_WRITES_LINE,
    ),
    Case(
        "line_edit", kwargs=line("outputs", "output_a"), expected=expect(403, officer_a=OK, **SEES_A_REPORT)
    ),
    Case(
        "line_edit",
        kwargs=line("training", "training_a"),
        expected=expect(403, officer_a=OK, **SEES_A_REPORT),
    ),
    Case(
        "line_edit",
        kwargs=line("outputs", "output_a"),
        method="post",
        data=lambda w: {
            "venture": w.venture_a.pk,
            "capability": w.capability.pk,
            "quantity": 6,
            "version": 1,
        },
        expected=A_WRITES_LINE,
    ),
    Case(
        "line_delete",
        kwargs=line("training", "training_a"),
        method="post",
        data=lambda w: {"version": 1},
        expected=A_WRITES_LINE,
    ),
]

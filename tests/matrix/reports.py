"""Reporting cycle: reports, lines, review actions, periods, compliance, activity."""

from . import Case, expect

OK, DONE = 200, 302
MINISTRY_ONLY = expect(403, analyst=200, reviewer=200)
ANALYST_ONLY = expect(403, analyst=200)

# Who sees which report (404 otherwise) and who writes it (403 for those who only see it).
SEES_A = {"officer_b": 404, "observer": 404}  # A's reports: A, the lead country, the ministry
SEES_B = {"officer_a": 404, "viewer_a": 404, "observer": 404}  # B's reports
A_WRITES = expect(403, officer_a=DONE, **SEES_A)
REVIEWER_DECIDES_B = expect(403, reviewer=DONE, **SEES_B)
REVIEWER_DECIDES_A = expect(403, reviewer=DONE, **SEES_A)


def report(name, kind="partner"):
    return lambda w: {"kind": kind, "pk": getattr(w, name).pk}


def action(name, verb, kind="partner"):
    return lambda w: {"kind": kind, "pk": getattr(w, name).pk, "action": verb}


def line(kind, name):
    return lambda w: {"pk": getattr(w, name).report_id, "line_kind": kind, "line_pk": getattr(w, name).pk}


def delivery_data(w):
    return {"commitment": w.commitment_a.pk, "delivered_on": "2026-11-02", "quantity": 5, "notes": ""}


def plan_data(w):
    return {"commitment": w.commitment_a.pk, "planned_for": "2027-01-01", "quantity": 5, "notes": ""}


def edit_delivery_data(w):
    return delivery_data(w) | {"version": w.delivery_a.version}


def usage_line(w):
    return {"pk": w.usage_draft.pk, "line_pk": w.usage_draft.lines.get().pk}


CASES = [
    Case("report_list", expected=expect(OK)),
    Case("review_queue", expected=MINISTRY_ONLY),
    Case("compliance", expected=MINISTRY_ONLY),
    Case("compliance", query="period=1", expected=MINISTRY_ONLY),
    Case("activity", expected=MINISTRY_ONLY),
    Case("activity", query="user=1&since=2026-01-01", expected=MINISTRY_ONLY),
    Case("period_list", expected=MINISTRY_ONLY),
    Case(
        "period_list",
        method="post",
        data=lambda w: {"kind": "quarter", "start": "2027-04-01", "due_on": ""},
        expected=expect(403, analyst=DONE),
    ),
    Case("usage_create", expected=ANALYST_ONLY),
    Case("data_checks", expected=ANALYST_ONLY),
    Case("data_checks", query="coalition=artillery&rule=over_delivery", expected=ANALYST_ONLY),
    Case("data_checks", query="rule=nonsense", expected=expect(403, analyst=400)),
    Case(
        "usage_create",
        method="post",
        data=lambda w: {"coalition": w.other_coalition.pk, "period": w.past_period.pk},
        expected=expect(403, analyst=DONE),
    ),
    # Report pages
    Case("report_detail", kwargs=report("report_a"), expected=expect(OK, **SEES_A)),
    Case("report_detail", kwargs=report("report_b"), expected=expect(OK, **SEES_B)),
    Case("report_detail", kwargs=report("report_a_approved"), expected=expect(OK, **SEES_A)),
    Case("report_detail", kwargs=report("usage_report", "usage"), expected=expect(OK, observer=404)),
    Case(
        "report_detail",
        kwargs=report("usage_submitted", "usage"),
        expected=expect(404, analyst=OK, reviewer=OK),  # partners, leads too, read approved ones only
    ),
    Case(
        "report_detail", kwargs=report("usage_draft", "usage"), expected=expect(404, analyst=OK, reviewer=OK)
    ),
    # Transitions of partner reports
    Case("report_transition", kwargs=action("report_a", "submit"), method="post", expected=A_WRITES),
    Case(
        "report_transition",
        kwargs=action("report_b", "approve"),
        method="post",
        expected=REVIEWER_DECIDES_B,
    ),
    Case(
        "report_transition",
        kwargs=action("report_b", "return"),
        method="post",
        data=lambda w: {"comment": "Dates are wrong."},
        expected=REVIEWER_DECIDES_B,
    ),
    Case(
        "report_transition",
        kwargs=action("report_b", "return"),
        method="post",
        query="no-comment",
        expected=expect(403, reviewer=400, **SEES_B),
    ),
    Case(
        "report_transition",
        kwargs=action("report_a_approved", "reopen"),
        method="post",
        data=lambda w: {"comment": "Quantity typo."},
        expected=REVIEWER_DECIDES_A,
    ),
    Case(
        "report_transition",
        kwargs=action("report_a", "approve"),
        method="post",
        query="wrong-state",
        expected=expect(403, reviewer=400, **SEES_A),
    ),
    # Transitions of usage reports: the analyst writes, a reviewer decides
    Case(
        "report_transition",
        kwargs=action("usage_draft", "submit", "usage"),
        method="post",
        expected=expect(404, analyst=DONE, reviewer=403),
    ),
    Case(
        "report_transition",
        kwargs=action("usage_submitted", "approve", "usage"),
        method="post",
        expected=expect(404, analyst=403, reviewer=DONE),
    ),
    Case(
        "report_transition",
        kwargs=action("usage_report", "reopen", "usage"),
        method="post",
        data=lambda w: {"comment": "Late figures."},
        expected=expect(403, reviewer=DONE, observer=404),
    ),
    # Explanations of data check warnings: the report's writer, while it is editable
    Case(
        "flags_explain",
        kwargs=report("report_a"),
        method="post",
        data=lambda w: {},
        expected=A_WRITES,
    ),
    Case(
        "flags_explain",
        kwargs=report("usage_draft", "usage"),
        method="post",
        data=lambda w: {},
        expected=expect(404, analyst=DONE, reviewer=403),
    ),
    # Lines
    Case(
        "line_add",
        kwargs=lambda w: {"pk": w.report_a.pk, "line_kind": "deliveries"},
        method="post",
        data=delivery_data,
        expected=A_WRITES,
    ),
    Case(
        "line_add",
        kwargs=lambda w: {"pk": w.report_a.pk, "line_kind": "plans"},
        method="post",
        data=plan_data,
        expected=A_WRITES,
    ),
    Case("line_edit", kwargs=line("deliveries", "delivery_a"), expected=expect(403, officer_a=OK, **SEES_A)),
    Case("line_edit", kwargs=line("plans", "plan_a"), expected=expect(403, officer_a=OK, **SEES_A)),
    # a submitted report is read-only for its country: the edit page sends the officer back
    Case("line_edit", kwargs=line("plans", "plan_b"), expected=expect(403, officer_b=DONE, **SEES_B)),
    Case(
        "line_edit",
        kwargs=line("deliveries", "delivery_a"),
        method="post",
        data=edit_delivery_data,
        expected=A_WRITES,
    ),
    Case(
        "line_delete",
        kwargs=line("deliveries", "delivery_a"),
        method="post",
        data=lambda w: {"version": w.delivery_a.version},
        expected=A_WRITES,
    ),
    Case("usage_line_edit", kwargs=usage_line, expected=expect(404, analyst=OK, reviewer=403)),
    Case(
        "usage_line_edit",
        kwargs=usage_line,
        method="post",
        data=lambda w: {
            "received": 1,
            "expended": 0,
            "lost": 0,
            "under_repair": 0,
            "serviceable": 1,
            "version": 1,
        },
        expected=expect(404, analyst=DONE, reviewer=403),
    ),
]

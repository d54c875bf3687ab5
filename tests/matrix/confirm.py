"""Confirmation pages of report actions (GET on the action's URL): who may do the action sees
what it will do; whoever may only read the report gets 403, another country's report 404;
an action the report's state does not allow sends back to the report (302, with a message)."""

from . import Case, expect
from .reports import SEES_A, SEES_B, action

OK, BACK = 200, 302

CASES = [
    Case(
        "report_transition", kwargs=action("report_a", "submit"), expected=expect(403, officer_a=OK, **SEES_A)
    ),
    Case(
        "report_transition", kwargs=action("report_b", "approve"), expected=expect(403, reviewer=OK, **SEES_B)
    ),
    Case(
        "report_transition", kwargs=action("report_b", "return"), expected=expect(403, reviewer=OK, **SEES_B)
    ),
    Case(
        "report_transition",
        kwargs=action("report_a_approved", "reopen"),
        expected=expect(403, reviewer=OK, **SEES_A),
    ),
    Case(
        "report_transition",
        kwargs=action("report_a", "approve"),
        query="wrong-state",
        expected=expect(403, reviewer=BACK, **SEES_A),
    ),
    Case(
        "report_transition",
        kwargs=action("usage_draft", "submit", "usage"),
        expected=expect(404, analyst=OK, reviewer=403),
    ),
    Case(
        "report_transition",
        kwargs=action("usage_submitted", "approve", "usage"),
        expected=expect(404, analyst=403, reviewer=OK),
    ),
]

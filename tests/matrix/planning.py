"""Planning: roadmaps, the needs board, needs, offers to cover, calls.

Artillery (A, B members; L leads) has roadmap version 1 approved and version 2 drafted by L
(``tests.planning.world``). Approved versions are read by every member and the ministry;
drafts by the lead country and the ministry. The board is for partners and the ministry
(observers read approved figures only). The observer observes Drones only.
"""

from tests.planning.world import planning

from . import Case, expect

NOT_ALLOWED = expect(405)
ARTILLERY = {"slug": "artillery"}
DRONES = {"slug": "drones"}
MEMBERS = expect(200, observer=404)  # approved content of Artillery
DRONES_ONLY = expect(404, officer_b=200, analyst=200, reviewer=200, observer=200)
# a draft: only the lead country (writes it) and the ministry (reads it)
DRAFT_READ = {"officer_a": 404, "viewer_a": 404, "officer_b": 404, "observer": 404}
LEAD_EDITS = expect(403, lead_officer=200, **DRAFT_READ)
LEAD_SAVES = LEAD_EDITS | {"lead_officer": 302}


def version(name):
    return lambda w: {"slug": "artillery", "number": getattr(planning(w), name).number}


def pk(name):
    return lambda w: {"pk": getattr(planning(w), name).pk}


def milestone_data(w):
    return {
        "title": "Range tested",
        "description": "",
        "owner": w.a.pk,
        "due": "2027-Q2",
        "status": "planned",
    }


def objectives_data(w):
    return {"objectives": "New objectives", "row_version": planning(w).v2.version}


def update_data(w):
    return {"status": "at_risk", "note": "Supplier late", "on": "2026-11-20"}


def need_data(w):
    return {
        "coalition": w.coalition.pk,
        "capability": w.capability.pk,
        "quantity": 500,
        "year": 2027,
        "quarter": 2,
        "priority": "high",
        "status": "open",
    }


def need_edit_data(w):
    return need_data(w) | {"quarter": 4, "year": 2026, "quantity": 900002, "version": w.need.version}


def offer_data(w):
    return {"country": w.a.pk, "period_1": "2027-01-01", "quantity_1": 40}


def call_data(w):
    return {"message": "Please help"}


CASES = [
    Case("planning:roadmap", kwargs=lambda w: ARTILLERY, expected=MEMBERS),
    Case("planning:roadmap", kwargs=lambda w: DRONES, expected=DRONES_ONLY),
    Case("planning:roadmap", kwargs=lambda w: ARTILLERY, method="post", expected=NOT_ALLOWED),
    Case("planning:version", kwargs=version("v1"), expected=MEMBERS),
    Case("planning:version", kwargs=version("v2"), expected=expect(200, **DRAFT_READ)),
    Case("planning:version", kwargs=version("v1"), method="post", expected=NOT_ALLOWED),
    # L already has a draft: the refusal is a message on the roadmap page
    Case(
        "planning:roadmap_draft",
        kwargs=lambda w: ARTILLERY,
        method="post",
        expected=expect(403, lead_officer=302),
    ),
    Case("planning:roadmap_draft", kwargs=lambda w: ARTILLERY, expected=NOT_ALLOWED),
    Case("planning:version_edit", kwargs=pk("v2"), expected=LEAD_EDITS),
    Case("planning:version_edit", kwargs=pk("v2"), method="post", data=objectives_data, expected=LEAD_SAVES),
    # an approved version: the lead is sent back to it with a message, nothing changes
    Case("planning:version_edit", kwargs=pk("v1"), expected=expect(403, lead_officer=302, observer=404)),
    Case("planning:milestone_add", kwargs=pk("v2"), expected=LEAD_EDITS),
    Case("planning:milestone_add", kwargs=pk("v2"), method="post", data=milestone_data, expected=LEAD_SAVES),
    Case("planning:milestone_edit", kwargs=pk("m_draft"), expected=LEAD_EDITS),
    Case(
        "planning:milestone_edit",
        kwargs=pk("m_draft"),
        method="post",
        data=milestone_data,
        expected=LEAD_SAVES,
    ),
    # once L has removed it, the ministry finds nothing
    Case(
        "planning:milestone_delete",
        kwargs=pk("m_draft"),
        method="post",
        expected=expect(404, lead_officer=302, analyst=404, reviewer=404),
    ),
    Case("planning:milestone_delete", kwargs=pk("m_draft"), expected=NOT_ALLOWED),
    Case("planning:version_approve", kwargs=pk("v2"), method="post", expected=expect(403, reviewer=302)),
    Case("planning:version_approve", kwargs=pk("v2"), expected=NOT_ALLOWED),
    Case("planning:milestone_update", kwargs=pk("m_a"), expected=expect(403, officer_a=200, observer=404)),
    Case(
        "planning:milestone_update",
        kwargs=pk("m_a"),
        method="post",
        data=update_data,
        expected=expect(403, officer_a=302, observer=404),
    ),
    Case("planning:board", kwargs=lambda w: ARTILLERY, expected=expect(200, observer=403)),
    Case(
        "planning:board",
        kwargs=lambda w: ARTILLERY,
        query="priority=high&first=2026-Q1&last=2027-Q4&sort=gap&gaps_only=on",
        expected=expect(200, observer=403),
    ),
    Case(
        "planning:board",
        kwargs=lambda w: ARTILLERY,
        query="first=2400-Q1",
        expected=expect(200, observer=403),
    ),
    Case(
        "planning:board",
        kwargs=lambda w: DRONES,
        expected=expect(404, officer_b=200, analyst=200, reviewer=200, observer=403),
    ),
    Case("planning:board", kwargs=lambda w: ARTILLERY, method="post", expected=NOT_ALLOWED),
    Case("planning:need_create", expected=expect(403, analyst=200)),
    Case("planning:need_create", method="post", data=need_data, expected=expect(403, analyst=302)),
    Case("planning:need_detail", kwargs=pk("need"), expected=expect(200, observer=403)),
    Case("planning:need_detail", kwargs=pk("need"), method="post", expected=NOT_ALLOWED),
    Case("planning:need_edit", kwargs=pk("need"), expected=expect(403, analyst=200)),
    Case(
        "planning:need_edit",
        kwargs=pk("need"),
        method="post",
        data=need_edit_data,
        expected=expect(403, analyst=302),
    ),
    Case(
        "planning:need_offer",
        kwargs=pk("need"),
        expected=expect(403, officer_a=200, officer_b=200, lead_officer=200),
    ),
    # A has an open (draft) report to hold the plan; B's is submitted and L has none: a form error
    Case(
        "planning:need_offer",
        kwargs=pk("need"),
        method="post",
        data=offer_data,
        expected=expect(403, officer_a=302, officer_b=200, lead_officer=200),
    ),
    Case("planning:call_send", kwargs=pk("need"), expected=expect(403, lead_officer=200, analyst=200)),
    Case(
        "planning:call_send",
        kwargs=pk("need"),
        method="post",
        data=call_data,
        expected=expect(403, lead_officer=302, analyst=302),
    ),
    Case("planning:calls", expected=expect(200)),
    Case("planning:calls", method="post", expected=NOT_ALLOWED),
]

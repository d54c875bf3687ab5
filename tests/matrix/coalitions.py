"""Coalition pages and the commitment ledger.

Commitment A belongs to country A (member of Artillery, which country L leads);
commitment B-drones to country B in Drones, the coalition the observer observes.
Only partner officers change commitments, and only their own country's.
"""

from . import Case, expect

NOT_ALLOWED = expect(405)

ARTILLERY = {"slug": "artillery"}
DRONES = {"slug": "drones"}


def commitment_a(w):
    return {"pk": w.commitment_a.pk}


def commitment_b_drones(w):
    return {"pk": w.commitment_b_drones.pk}


def new_commitment_of_a(w):
    return {
        "country": w.a.pk,
        "coalition": w.coalition.pk,
        "capability": w.capability.pk,
        "quantity": 7,
        "source": "stocks",
        "status": "pledged",
    }


def edit_of_a(w):
    return {
        "capability": w.capability.pk,
        "quantity": 8,
        "source": "stocks",
        "status": "committed",
        "version": w.commitment_a.version,
    }


def cancel_of_a(w):
    return {"reason": "Budget withdrawn", "version": w.commitment_a.version}


# Read a commitment of A: its own country, its coalition's lead and the ministry.
SEE_A = expect(200, officer_b=404, observer=404)
# Change a commitment of A: only A's officer; who sees it without the right gets 403.
EDIT_A = expect(403, officer_a=200, officer_b=404, observer=404)
SAVE_A = EDIT_A | {"officer_a": 302}
CREATE = expect(403, officer_a=200, officer_b=200, lead_officer=200)

CASES = [
    Case("coalitions:list", expected=expect(200)),
    Case("coalitions:list", method="post", expected=NOT_ALLOWED),
    Case("coalitions:detail", kwargs=lambda w: ARTILLERY, expected=expect(200, observer=404)),
    Case(
        "coalitions:detail",
        kwargs=lambda w: DRONES,
        expected=expect(404, officer_b=200, analyst=200, reviewer=200, observer=200),
    ),
    Case("coalitions:detail", kwargs=lambda w: ARTILLERY, method="post", expected=NOT_ALLOWED),
    Case("coalitions:commitment_list", expected=expect(200)),
    Case(
        "coalitions:commitment_list",
        query="coalition=artillery&category=ammunition&status=committed",
        expected=expect(200),
    ),
    Case("coalitions:commitment_list", query="coalition=nope&status=bogus&page=x", expected=expect(200)),
    Case("coalitions:commitment_list", method="post", expected=NOT_ALLOWED),
    Case("coalitions:commitment_create", expected=CREATE),
    # B's and L's officers are offered only their own country: naming A is a form error.
    Case(
        "coalitions:commitment_create",
        method="post",
        data=new_commitment_of_a,
        expected=CREATE | {"officer_a": 302},
    ),
    Case("coalitions:commitment_detail", kwargs=commitment_a, expected=SEE_A),
    Case(
        "coalitions:commitment_detail",
        kwargs=commitment_b_drones,
        expected=expect(404, officer_b=200, analyst=200, reviewer=200, observer=200),
    ),
    Case(
        "coalitions:commitment_detail",
        kwargs=commitment_a,
        method="post",
        expected=NOT_ALLOWED,
    ),
    Case("coalitions:commitment_update", kwargs=commitment_a, expected=EDIT_A),
    Case("coalitions:commitment_update", kwargs=commitment_a, method="post", data=edit_of_a, expected=SAVE_A),
    Case("coalitions:commitment_cancel", kwargs=commitment_a, expected=EDIT_A),
    Case(
        "coalitions:commitment_cancel", kwargs=commitment_a, method="post", data=cancel_of_a, expected=SAVE_A
    ),
    Case("dashboard", method="post", expected=NOT_ALLOWED),
]

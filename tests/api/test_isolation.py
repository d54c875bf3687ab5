"""Isolation through the API: every persona crawls every list (all pages) and every report it
is given, and sees exactly the planted markers its rights allow (tests/world.py: each
commitment and line has a quantity nobody else has). The figures are coalition-wide totals
by design and are left out here (they come from the page engine, tested with it)."""

import pytest

from accounts.models import ApiTokenAccess

LISTS = ["coalitions", "memberships", "capabilities", "needs", "commitments", "reports", "usage-reports"]
COMMITMENTS = {"a": 111111, "b": 222222, "b_drones": 333333, "lead": 444444}
LINES = {"a_draft": 7001, "a_plan": 7002, "b_submitted": 7003, "b_plan": 7004, "a_approved": 7005}
USAGE_APPROVED = 7006
MARKERS = set(COMMITMENTS.values()) | set(LINES.values()) | {USAGE_APPROVED}

A = {COMMITMENTS["a"], LINES["a_draft"], LINES["a_plan"], LINES["a_approved"], USAGE_APPROVED}
# Ukraine's approved usage report, which every member reads, states as "received" the coalition's
# approved deliveries (A's 7005): a coalition-wide figure, not A's line.
B = {COMMITMENTS["b"], COMMITMENTS["b_drones"], LINES["b_submitted"], LINES["b_plan"], USAGE_APPROVED, 7005}
EXPECTED = {
    "officer_a": A,
    "viewer_a": A,
    "officer_b": B,
    "focal_point_b": B,
    # the lead country reads every member's data in Artillery, nothing of Drones
    "lead_officer": MARKERS - {COMMITMENTS["b_drones"]},
    "analyst": MARKERS,
    "reviewer": MARKERS,
    "ministry_admin": MARKERS,
    # the observer of Drones: its commitments; no report there is approved
    "observer": {COMMITMENTS["b_drones"]},
}


def numbers(value):
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {value}
    if isinstance(value, dict):
        return set().union(*(numbers(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(numbers(v) for v in value)) if value else set()
    return set()


def crawl(client):
    seen = set()
    for name in LISTS:
        url = f"/api/v1/{name}/?page_size=2"
        while url:
            body = client.get(url).json()
            seen |= numbers(body["results"])
            for row in body["results"]:
                if name in ("reports", "usage-reports"):
                    seen |= numbers(client.get(f"/api/v1/{name}/{row['id']}/").json())
            url = body["next"]
    return seen


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_sees_exactly_its_markers(world, api_as, persona):
    client = api_as(world.users[persona], ApiTokenAccess.READ)

    assert crawl(client) & MARKERS == EXPECTED[persona]

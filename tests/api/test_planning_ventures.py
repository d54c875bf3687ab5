"""Planning, ventures and training through the API: what each persona reads, with planted
markers (tests/planning/world.py, tests/ventures/world.py), exactly as on the pages.

- another country's venture region (B's Zakarpattia, ``UA-21``) never reaches a partner of
  another country, a lead country or an observer; its notes neither;
- a draft roadmap version (and its milestones) is read by the lead country and the ministry,
  never by a plain member;
- the needs board's per-country breakdown holds only what the user may see;
- others' venture output and training lines only once approved.
"""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiTokenAccess
from coalitions.planning.models import MilestoneStatus, MilestoneUpdate
from coalitions.ventures.models import JointVenture, StageChange
from tests.planning.test_board import MARKER_A, MARKER_B, plant
from tests.planning.world import planning
from tests.ventures.world import MARKER_REGION, MARKER_TEXT, add_ventures

LISTS = [
    "roadmap-versions",
    "milestones",
    "calls",
    "ventures",
    "training-programmes",
    "venture-output",
    "training-throughput",
]
READERS = [
    "officer_a",
    "viewer_a",
    "officer_b",
    "focal_point_b",
    "lead_officer",
    "analyst",
    "reviewer",
    "ministry_admin",
    "observer",
]
SEE_B_REGION = {"officer_b", "focal_point_b", "analyst", "reviewer", "ministry_admin"}
SEE_DRAFTS = {"lead_officer", "analyst", "reviewer", "ministry_admin"}
NOTES_MARKER = "Notes-only-for-B-and-the-ministry"
DRAFT_OBJECTIVES = "Shells for 2027 and 2028"


def crawl(client) -> str:
    """Every list (all pages) and every row's detail, as one text."""
    texts = []
    for name in LISTS:
        url = f"/api/v1/{name}/?page_size=2"
        while url:
            response = client.get(url)
            if response.status_code == 403:
                break
            body = response.json()
            texts.append(json.dumps(body))
            for row in body["results"]:
                texts.append(client.get(f"/api/v1/{name}/{row['id']}/").content.decode())
            url = body["next"]
    response = client.get("/api/v1/coalitions/artillery/needs-board/")
    texts.append(response.content.decode())
    return "\n".join(texts)


@pytest.fixture
def planted(world):
    planning(world)
    add_ventures(world)
    JointVenture.objects.filter(pk=world.venture_b.pk).update(notes=NOTES_MARKER)
    return world


@pytest.mark.parametrize("persona", READERS)
def test_another_countrys_venture_region_and_drafts_show_only_where_allowed(planted, api_as, persona):
    text = crawl(api_as(planted.users[persona], ApiTokenAccess.READ))

    sees_region = persona in SEE_B_REGION
    assert (MARKER_REGION in text) is sees_region
    assert (MARKER_TEXT in text) is sees_region
    assert (NOTES_MARKER in text) is sees_region
    assert (DRAFT_OBJECTIVES in text) is (persona in SEE_DRAFTS)


def test_a_member_reads_bs_venture_without_its_region(planted, api_as):
    client = api_as(planted.users["officer_a"], ApiTokenAccess.READ)

    row = client.get(f"/api/v1/ventures/{planted.venture_b.pk}/").json()
    own = client.get(f"/api/v1/ventures/{planted.venture_a.pk}/").json()

    assert row["name"] == "Swedish Barrel Line"
    assert row["region"] is None and row["region_name"] is None and row["notes"] is None
    assert own["region"] == "UA-07" and own["region_name"] == "Volyn Oblast"
    assert [span["stage"] for span in row["stage_history"]] == ["proposed", "operating"]
    assert row["capacities"] == [
        {"capability": "shell-155", "unit": planted.capability.unit, "monthly_capacity": 10000}
    ]


def test_there_is_no_filter_on_the_region(planted, api_as):
    client = api_as(planted.users["officer_a"], ApiTokenAccess.READ)

    assert client.get("/api/v1/ventures/", {"oblast": MARKER_REGION}).status_code == 400
    assert client.get("/api/v1/ventures/", {"region": MARKER_REGION}).status_code == 400


def test_a_plain_member_never_reads_a_draft_roadmap(planted, api_as):
    client = api_as(planted.users["officer_a"], ApiTokenAccess.READ)

    versions = client.get("/api/v1/roadmap-versions/").json()["results"]
    milestones = client.get("/api/v1/milestones/").json()["results"]

    assert [(v["number"], v["status"]) for v in versions] == [(1, "approved")]
    assert {m["id"] for m in milestones} == {planted.m_a.pk, planted.m_lead.pk}
    assert client.get(f"/api/v1/roadmap-versions/{planted.v2.pk}/").status_code == 404
    assert client.get(f"/api/v1/milestones/{planted.m_draft.pk}/").status_code == 404


def test_the_lead_reads_its_draft_with_its_milestones(planted, api_as):
    client = api_as(planted.users["lead_officer"], ApiTokenAccess.READ)

    draft = client.get(f"/api/v1/roadmap-versions/{planted.v2.pk}/").json()

    assert draft["status"] == "draft" and draft["objectives"] == DRAFT_OBJECTIVES
    assert [m["id"] for m in draft["milestones"]] == [planted.m_draft.pk]


def test_a_milestone_carries_its_updates_and_current_status(planted, api_as):
    MilestoneUpdate.objects.create(
        milestone=planted.m_a,
        status=MilestoneStatus.AT_RISK,
        note="Supplier late",
        on=datetime.date(2026, 11, 20),
        author=planted.users["officer_a"],
    )
    client = api_as(planted.users["officer_b"], ApiTokenAccess.READ)

    row = client.get(f"/api/v1/milestones/{planted.m_a.pk}/").json()
    listed = {m["id"]: m for m in client.get("/api/v1/milestones/").json()["results"]}

    assert row["current_status"] == "at_risk" and row["status"] == "planned"
    assert [(u["status"], u["note"]) for u in row["updates"]] == [("at_risk", "Supplier late")]
    assert listed[planted.m_a.pk]["updates"] == row["updates"]
    assert row["owner"] == "BE" and row["due"] == "2027-Q1"


def test_the_board_breakdown_holds_only_what_the_user_may_see(planted, api_as):
    plant(planted)

    def board(persona):
        client = api_as(planted.users[persona], ApiTokenAccess.READ)
        return client.get("/api/v1/coalitions/artillery/needs-board/").json()

    mine = board("officer_a")
    cell = next(c for c in mine["cells"] if c["need"] == planted.need.pk)
    assert cell["planned"] >= MARKER_A + MARKER_B  # coalition-wide totals for every member
    assert cell["breakdown"] == [{"country": "Belgium", "planned": MARKER_A, "delivered": 0}]
    assert cell["hidden_countries"] >= 1 and mine["breakdown_complete"] is False
    assert str(MARKER_B) not in json.dumps(mine) and "Sweden" not in json.dumps(mine)

    lead = board("lead_officer")
    cell = next(c for c in lead["cells"] if c["need"] == planted.need.pk)
    assert {s["planned"] for s in cell["breakdown"]} >= {MARKER_A, MARKER_B}
    assert cell["hidden_countries"] == 0 and lead["breakdown_complete"] is True
    assert cell["open_call"] == planted.call.pk


def test_others_output_and_training_only_once_approved(planted, api_as):
    client = api_as(planted.users["officer_b"], ApiTokenAccess.READ)

    output = {r["quantity"] for r in client.get("/api/v1/venture-output/").json()["results"]}
    training = {r["started"] for r in client.get("/api/v1/training-throughput/").json()["results"]}

    assert output == {8102, 8103}  # A's approved and B's own; never A's draft 8101
    assert training == {8120, 8117}


def test_calls_show_only_the_responses_the_user_may_see(planted, api_as):
    from coalitions.planning.models import CallResponse

    for country, commitment, quantity in (
        (planted.a, planted.commitment_a, 31),
        (planted.b, planted.commitment_b, 32),
    ):
        CallResponse.objects.create(
            call=planted.call,
            country=country,
            commitment=commitment,
            quantity=quantity,
            responded_by=planted.users["officer_a"],
        )

    def responses(persona):
        client = api_as(planted.users[persona], ApiTokenAccess.READ)
        return {r["quantity"] for r in client.get(f"/api/v1/calls/{planted.call.pk}/").json()["responses"]}

    assert responses("officer_a") == {31}
    assert responses("officer_b") == {32}
    assert responses("lead_officer") == {31, 32}
    assert responses("analyst") == {31, 32}


def test_the_venture_list_reads_a_page_in_a_fixed_number_of_queries(planted, api_as):
    client = api_as(planted.users["analyst"], ApiTokenAccess.READ)
    client.get("/api/v1/ventures/")  # warm the token and per-request caches
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/ventures/")
    for index in range(5):
        made = JointVenture.objects.create(
            country=planted.a,
            coalition=planted.coalition,
            name=f"Extra {index}",
            partner_company="X",
            kind="repair",
            stage_since=datetime.date(2026, 1, 1),
        )
        StageChange.objects.create(venture=made, stage="proposed", on=datetime.date(2026, 1, 1))

    with CaptureQueriesContext(connection) as many:
        body = client.get("/api/v1/ventures/").json()

    assert len(body["results"]) == 9
    assert len(many) == len(few)

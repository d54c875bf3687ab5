"""Random JSON at every write route: never a 500, and a refused request writes nothing."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import ApiTokenAccess
from coalitions.models import Commitment
from reports.models import DeliveryLine, PartnerReport, PlanLine
from tests.api.conftest import api_client, make_token

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
LINE_FIELDS = [
    "line_reference",
    "commitment",
    "delivered_on",
    "period",
    "quantity",
    "notes",
    "version",
    "colour",
]
COMMITMENT_FIELDS = [
    "country",
    "coalition",
    "capability",
    "quantity",
    "value_eur",
    "status",
    "announced_on",
    "version",
]


def shaped(fields):
    """Bodies that look almost right: the route's own field names with random values."""
    line = st.dictionaries(st.sampled_from(fields), SCALARS | JSON, max_size=len(fields))
    return (
        st.fixed_dictionaries({"lines": st.lists(line, max_size=3) | JSON}, optional={"dry_run": SCALARS})
        | line
    )


def snapshot():
    return (
        list(Commitment.objects.order_by("pk").values_list("pk", "quantity", "version")),
        list(DeliveryLine.objects.order_by("pk").values_list("pk", "quantity", "version", "line_reference")),
        list(PlanLine.objects.order_by("pk").values_list("pk", "quantity", "version", "line_reference")),
        list(PartnerReport.objects.order_by("pk").values_list("pk", "status", "version")),
    )


ROUTES = [
    ("post", lambda w: "/api/v1/commitments/", COMMITMENT_FIELDS),
    ("patch", lambda w: f"/api/v1/commitments/{w.commitment_a.pk}/", COMMITMENT_FIELDS),
    ("post", lambda w: f"/api/v1/reports/{w.report_a.pk}/deliveries/", LINE_FIELDS),
    ("post", lambda w: f"/api/v1/reports/{w.report_a.pk}/plans/", LINE_FIELDS),
    ("post", lambda w: f"/api/v1/reports/{w.report_a.pk}/submit/", ["version"]),
]
BODIES = st.sampled_from(range(len(ROUTES))).flatmap(
    lambda i: st.tuples(st.just(i), JSON | shaped(ROUTES[i][2]) | st.binary(max_size=30))
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=BODIES)
def test_random_json_never_500_and_refusals_write_nothing(world, case):
    index, body = case
    method, url, _fields = ROUTES[index]
    client = api_client(make_token(world.users["officer_a"], ApiTokenAccess.WRITE))
    raw = body if isinstance(body, bytes) else json.dumps(body)
    before = snapshot()

    response = client.generic(method.upper(), url(world), raw, content_type="application/json")

    assert response.status_code < 500
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert snapshot() == before

"""Every URL of the permission matrix against accounts that must not get in, and random ids.

- a ministry user without a verified second factor, a locked-out user and a user deactivated
  while logged in are refused everywhere (sent to log in / set up a second factor, or 403);
- a partner never gets a 200 for another country's object, whatever id it tries.
"""

from django.apps import apps
from django.test import Client
from django.urls import resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coalitions.models import Commitment
from tests import factories as f
from tests.factories import PASSWORD
from tests.test_permission_matrix import CASES, case_url, respond
from tests.world import log_in

# Pages every visitor may use (language) and the ones that set up or use the second factor.
EXEMPT = {"set_language"}


def protected_cases():
    """Cases of pages that anonymous visitors do not get."""
    return [c for c in CASES if c.expected["anonymous"] != 200 and c.url_name not in EXEMPT]


def refused(response):
    """403/404, 401 (an API route without a live token), 405 (a method no one may use), or sent
    to log in / to set up the second factor."""
    if response.status_code in (401, 403, 404, 405):
        return True
    targets = (reverse("login"), reverse("admin:login"), reverse("two_factor:setup"))
    return response.status_code == 302 and response["Location"].startswith(targets)


def refusals(world, client, cases, persona=None):
    """The cases (by id) where ``client`` (pages) or ``persona``'s token (API routes; no token
    when None) was NOT refused."""
    let_in = []
    for case in cases:
        response = respond(case, world, client, persona)
        if not refused(response):
            let_in.append(f"{case.id}: {response.status_code} {response.get('Location', '')}")
    return let_in


def test_ministry_user_without_verified_second_factor_is_refused_everywhere(world, client):
    client.force_login(world.users["analyst"])  # password only: no second factor in this session
    cases = [c for c in protected_cases() if not c.url_name.startswith(("two_factor:", "logout"))]

    assert refusals(world, client, cases) == []


def test_locked_out_user_is_refused_everywhere(world, client):
    for _ in range(5):
        client.post(
            reverse("login"),
            {"login_view-current_step": "auth", "auth-username": "officer-a", "auth-password": "wrong"},
        )
    right = client.post(
        reverse("login"),
        {"login_view-current_step": "auth", "auth-username": "officer-a", "auth-password": PASSWORD},
    )

    assert right.status_code == 429
    assert refusals(world, client, protected_cases()) == []


def test_user_deactivated_while_logged_in_is_refused_everywhere(world):
    clients = {name: log_in(Client(), world.users[name]) for name in ("officer_a", "reviewer")}
    for case in protected_cases():  # the worlds some cases build on first use act as these users
        case_url(case, world), case.data and case.data(world)
    for name in clients:
        world.users[name].is_active = False
        world.users[name].save()

    let_in = {name: refusals(world, client, protected_cases(), name) for name, client in clients.items()}

    assert let_in == {"officer_a": [], "reviewer": []}


# --- random ids -----------------------------------------------------------------------

PARTNERS = ["officer_a", "viewer_a", "officer_b", "lead_officer"]


def scoped_models():
    """Every model the scoping policy filters: of a country, or of a coalition (needs, calls)."""
    return [m for m in apps.get_models() if getattr(m, "scope", None)]


def view_model(url):
    """The model a detail URL shows, when its view says so (generic views); else None."""
    view_class = getattr(resolve(url).func, "view_class", None)
    serializer = getattr(view_class, "serializer_class", None)  # an API route names it there
    return (
        getattr(view_class, "model", None)
        or getattr(getattr(view_class, "queryset", None), "model", None)
        or getattr(getattr(serializer, "Meta", None), "model", None)
    )


# Report pages name the kind of report in the URL; the pk is of that model.
REPORT_KINDS = {"partner": "reports.PartnerReport", "usage": "reports.UsageReport"}


def pk_cases(world):
    """(case, kwargs, models the pk may point to) for every GET case of the matrix with a ``pk``."""
    found = []
    for case in CASES:
        kwargs = case.kwargs(world) if case.method == "get" and case.kwargs else {}
        if "pk" not in kwargs:
            continue
        model = view_model(reverse(case.url_name, kwargs=kwargs))
        if model is None and kwargs.get("kind") in REPORT_KINDS:
            model = apps.get_model(REPORT_KINDS[kwargs["kind"]])
        if model is None or getattr(model, "scope", None):
            found.append((case, kwargs, [model] if model else scoped_models()))
    return found


def more_objects(world):
    """Objects of every country, so that random ids land on other countries' rows."""
    for country in (world.a, world.b, world.lead):
        for quantity in (5, 7):
            f.CommitmentFactory(country=country, capability=world.capability, quantity=quantity)


def check_random_ids(world, case, kwargs, models, clients):
    """A partner gets 200 for an id only if the scoping policy lets it see that row."""
    top = max(m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for m in models)
    visible = {
        name: {
            pk for m in models for pk in m.objects.for_user(world.users[name]).values_list("pk", flat=True)
        }
        for name in PARTNERS
    }
    others = {name: set() for name in PARTNERS}

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(persona=st.sampled_from(PARTNERS), pk=st.integers(1, top + 3))
    def probe(persona, pk):
        url = reverse(case.url_name, kwargs={**kwargs, "pk": pk})
        response = respond(case, world, clients[persona], persona, url=url)
        if pk not in visible[persona]:
            others[persona].add(pk)
        assert response.status_code != 200 or pk in visible[persona], f"{persona}: {case.id} pk={pk}"

    probe()
    return others


def test_partner_never_gets_another_countrys_object_by_id(world):
    more_objects(world)
    clients = {name: log_in(Client(), world.users[name]) for name in PARTNERS}
    hidden = set(Commitment.objects.values_list("pk", flat=True)) - set(
        Commitment.objects.for_user(world.users["officer_a"]).values_list("pk", flat=True)
    )

    tried = {
        case.id: check_random_ids(world, case, kwargs, models, clients)
        for case, kwargs, models in pk_cases(world)
    }

    assert len(hidden) >= 6  # other countries' commitments exist, so the probes can hit them
    assert all(any(pks for pks in others.values()) for others in tried.values())

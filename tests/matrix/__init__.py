"""The permission matrix: URL name × persona × method → expected status.

Each module in this package holds the rows of one part of the portal as a list
named ``CASES``. ``tests/test_permission_matrix.py`` runs them all and fails for
any URL name that no row covers.
"""

from dataclasses import dataclass, field

from tests.world import PERSONAS

LOGIN = 302  # anonymous and deactivated users are sent to the login page


@dataclass(frozen=True)
class Case:
    url_name: str
    kwargs: object = None  # callable(world) -> dict of URL kwargs
    method: str = "get"
    data: object = None  # callable(world) -> dict of POST data
    expected: dict = field(default_factory=dict)
    query: str = ""  # appended to the URL as ?query
    # API routes: which token each persona calls with ("write", "read", "expired", "revoked" or
    # "none"); None: a page, called with the persona's session (tests/matrix/api.py)
    token: str | None = None

    @property
    def id(self):
        token = f" [{self.token} token]" if self.token else ""
        return f"{self.method.upper()} {self.url_name}{'?' + self.query if self.query else ''}{token}"


def expect(default, **overrides):
    """Expected status per persona: ``default`` for logged-in users, LOGIN for the rest.

    Unless named, B's focal point gets what B's officer gets (a focal point is an officer
    of its country), and the ministry administrator what analysts and reviewers both get
    (it reads everything); where only one of them may act, it gets the other's refusal.
    """
    statuses = dict.fromkeys(PERSONAS, default)
    statuses["anonymous"] = LOGIN
    statuses["deactivated"] = LOGIN
    unknown = set(overrides) - set(PERSONAS)
    assert not unknown, f"unknown personas {unknown}"
    statuses.update(overrides)
    if "focal_point_b" not in overrides:
        statuses["focal_point_b"] = statuses["officer_b"]
    if "ministry_admin" not in overrides:
        ministry = {statuses["analyst"], statuses["reviewer"]}
        refused = ministry & {403, 404}
        statuses["ministry_admin"] = min(refused) if len(ministry) > 1 and refused else statuses["analyst"]
    return statuses


def public(default=200):
    """A page everyone reaches, logged in or not."""
    return dict.fromkeys(PERSONAS, default)

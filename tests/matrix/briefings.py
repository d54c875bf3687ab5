"""Briefings: the list (and making one), the print page and the PDF download.

Ministry staff and partners read the briefings of their scope; officers and the ministry make
them. A partner makes its own country's briefing, and a whole coalition's only where its
country leads it (the form says so: 400); another scope's PDF answers 404.
"""

from reports.briefings.services import build_briefing

from . import Case, expect

OK, DONE, BAD = 200, 302, 400
READERS = expect(OK, observer=403)
RANGE = {"period_from": "2026-Q3", "period_to": "2026-Q4", "language": "en"}
WHOLE = {"coalition": "artillery", "country": "", **RANGE}
OWN_A = {"coalition": "artillery", "country": "BE", **RANGE}
MAKERS = {"viewer_a": 403, "observer": 403}


def briefing(country=False):
    """A briefing of the Artillery coalition (of country A with ``country``), made by the analyst."""

    def kwargs(w):
        made = build_briefing(
            user=w.users["analyst"],
            coalition=w.coalition,
            country=w.a if country else None,
            period_from="2026-Q3",
            period_to="2026-Q4",
        )
        return {"pk": made.pk}

    return kwargs


def query(data):
    return "&".join(f"{key}={value}" for key, value in data.items())


CASES = [
    Case("briefings:list", expected=READERS),
    Case(
        "briefings:list",
        method="post",
        data=lambda w: WHOLE,
        expected=expect(DONE, officer_a=BAD, officer_b=BAD, **MAKERS),
    ),
    Case(
        "briefings:list",
        method="post",
        data=lambda w: OWN_A,
        expected=expect(DONE, officer_b=BAD, **MAKERS),
    ),
    Case(
        "briefings:print",
        query=query(WHOLE),
        expected=expect(OK, officer_a=BAD, officer_b=BAD, **MAKERS),
    ),
    Case("briefings:print", query=query(OWN_A), expected=expect(OK, officer_b=BAD, **MAKERS)),
    Case(
        "briefings:download",
        kwargs=briefing(),
        expected=expect(404, lead_officer=OK, analyst=OK, reviewer=OK, ministry_admin=OK, observer=403),
    ),
    Case(
        "briefings:download",
        kwargs=briefing(country=True),
        expected=expect(OK, officer_b=404, observer=403),
    ),
]

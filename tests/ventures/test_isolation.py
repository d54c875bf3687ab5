"""Another country's venture region never reaches a partner: not in a page, not in a file.

B's venture lies in Zakarpattia (a marker no other row has) and has approved output, so A's
people, the lead country and the observer read its name and output; its region only B and the
ministry. The notes of B's venture carry the marker too.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coalitions.ventures.models import JointVenture
from reports.exports.datasets import DATASETS
from tests.world import log_in

from .world import MARKER_TEXT, add_ventures

MARKERS = (MARKER_TEXT, "UA-21", "Закарпат")
NOT_THE_OWNER = ("officer_a", "viewer_a", "lead_officer", "observer")


@pytest.fixture
def planted(world):
    add_ventures(world)
    JointVenture.objects.filter(pk=world.venture_b.pk).update(notes=f"near {MARKER_TEXT} border")
    return world


def pages(w):
    yield reverse("dashboard")
    yield reverse("ventures:venture_list")
    yield reverse("ventures:venture_list") + "?coalition=artillery"
    yield reverse("ventures:programme_list")
    for venture in (w.venture_a, w.venture_b, w.venture_b_proposed):
        yield reverse("ventures:venture_detail", args=[venture.pk])
    yield reverse("ventures:programme_detail", args=[w.programme_b.pk])
    for coalition in (w.coalition, w.other_coalition):
        yield reverse("coalitions:detail", args=[coalition.slug])
    yield reverse("exports:figures")
    yield reverse("exports:figures") + "?coalition=artillery"
    for report in (w.report_a, w.report_a_old, w.report_b, w.report_b_approved):
        yield reverse("report_detail", kwargs={"kind": "partner", "pk": report.pk})
    for kind in ("outputs", "training"):
        yield reverse("imports:report_template", kwargs={"pk": w.report_a.pk, "kind": kind})
    for dataset in DATASETS:
        for fmt in ("csv", "xlsx"):
            yield reverse("exports:download", kwargs={"dataset": dataset, "fmt": fmt})


def text_of(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        book = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(
            str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
        )
    return body.decode("utf-8-sig", errors="replace")


def found(client, w):
    seen = {}
    for url in pages(w):
        response = client.get(url)
        if response.status_code == 200:
            text = text_of(response)
            seen[url] = [m for m in MARKERS if m in text]
    return seen


@pytest.mark.parametrize("persona", NOT_THE_OWNER)
def test_another_countrys_venture_region_never_reaches_a_partner_or_observer(planted, client, persona):
    log_in(client, planted.users[persona])

    leaks = {url: markers for url, markers in found(client, planted).items() if markers}

    assert leaks == {}


def test_the_planted_data_is_there_to_leak(planted, client):
    """A reads B's venture (name and output), and B and the ministry read its region."""
    log_in(client, planted.users["officer_a"])
    page = client.get(reverse("ventures:venture_detail", args=[planted.venture_b.pk])).content.decode()
    assert "Swedish Barrel Line" in page and "8,103" in page  # output as pages write it
    for persona in ("officer_b", "analyst"):
        log_in(client, planted.users[persona])
        seen = found(client, planted)
        assert any(MARKER_TEXT in markers for markers in seen.values()), persona
        csv = text_of(client.get(reverse("exports:download", kwargs={"dataset": "ventures", "fmt": "csv"})))
        assert "UA-21" in csv


def test_a_venture_without_approved_output_is_not_listed_for_other_members(planted, client):
    log_in(client, planted.users["officer_a"])
    page = client.get(reverse("ventures:venture_list")).content.decode()
    assert "Swedish Barrel Line" in page
    assert "Swedish Fuze Plant" not in page

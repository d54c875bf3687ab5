"""Briefings: the PDF holds exactly the figures page's figures, only what its maker may see,
Ukrainian names in Ukrainian, the marking on every page; kept and downloaded by scope."""

import datetime
import io
import re
from html import unescape
from pathlib import Path

import pypdf
import pypdfium2
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coalitions.models import Capability, Coalition, CommitmentStatus, Country
from coalitions.planning.models import MilestoneStatus, MilestoneUpdate
from coalitions.ventures.models import StageChange
from reports.briefings.services import build_briefing
from reports.models import Briefing
from tests import factories as f
from tests.planning.world import planning
from tests.ventures.world import MARKER_TEXT, add_ventures
from tests.world import log_in

RANGE = {"period_from": "2026-Q3", "period_to": "2027-Q1"}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
MARKING = "OFFICIAL – SENSITIVE"


def pages_text(briefing):
    reader = pypdf.PdfReader(io.BytesIO(bytes(briefing.pdf)))
    return [page.extract_text() for page in reader.pages]


def text(briefing):
    return "\n".join(pages_text(briefing))


def squeezed(value):
    return re.sub(r"\s+", "", value)


def ungrouped(value):
    """``value`` with numbers' thousands separators removed ("7,003" and "7 003" read "7003"), so
    that a planted number is found however the language groups it."""
    return re.sub(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}(?!\d))", "", value)


def total_rows(html, caption="All capabilities in view"):
    """The rows of the figures page's table with ``caption`` (the total table), each as its
    cells' texts."""
    table = re.search(rf"<table>\s*<caption>{caption}.*?</table>", html, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona, scope", [("analyst", {}), ("lead_officer", {}), ("officer_a", {"country": "BE"})]
)
def test_briefing_pdf_holds_exactly_the_figures_of_the_figures_page(world, client, persona, scope):
    user = world.users[persona]
    country = Country.objects.get(code=scope["country"]) if scope else None
    briefing = build_briefing(user=user, coalition=world.coalition, country=country, **RANGE)
    query = {"coalition": "artillery", **scope, **RANGE}
    log_in(client, user)
    page = client.get(reverse("exports:figures"), query).content.decode()
    rows = total_rows(page)
    assert rows and all(len(row) == 11 for row in rows)
    pdf = squeezed(text(briefing))
    missing = [row for row in rows if squeezed("".join(row)) not in pdf]
    assert missing == []
    # and no other total row: the section holds as many unit rows as the page
    assert pdf.count(squeezed("All capabilities —")) == len(rows)
    # the trend by quarter: the figures page's rows, all of them
    trend = total_rows(page, "Trend by quarter")
    assert trend and [row for row in trend if squeezed("".join(row)) not in pdf] == []
    # deliveries against plan: per capability, the page's planned, delivered and provisional
    # (columns: coalition, capability, unit, needed, committed, delivered, provisional, used,
    # planned, …)
    per_capability = [
        row for row in total_rows(page, "Per capability") if any(row[i] != "0" for i in (5, 6, 8))
    ]
    assert per_capability
    plan = pdf.split(squeezed("Delivered and provisional against planned, per capability"))[1]
    shown = [squeezed("".join(row[:3] + [row[8], row[5], row[6]])) for row in per_capability]
    assert [row for row in shown if row not in plan] == []


@pytest.mark.django_db
def test_partner_briefing_holds_no_marker_of_other_countries(world):
    add_ventures(planning(world))
    since = timezone.now() - datetime.timedelta(days=1)
    own = build_briefing(
        user=world.users["officer_a"], coalition=world.coalition, country=world.a, since=since, **RANGE
    )
    # whitespace left out: a word broken across lines in a narrow column is still found
    content = squeezed(ungrouped(text(own)))
    assert "111111" in content and "BelgianShellWorks" in content  # own figures are there
    markers = ["222222", "333333", "444444", "7003", "7004", "Sweden", "Latvia", "Swedish", MARKER_TEXT]
    assert [marker for marker in markers if marker in content] == []
    lead_briefing = build_briefing(
        user=world.users["lead_officer"], coalition=world.coalition, since=since, **RANGE
    )
    lead = squeezed(ungrouped(text(lead_briefing)))
    assert "222222" in lead and "SwedishBarrelLine" in lead  # a lead country reads its members' data
    assert MARKER_TEXT not in lead  # but never another country's venture region
    assert "Region" not in lead  # nor a region column when it may see none


@pytest.mark.django_db
def test_only_the_ministry_and_the_owner_read_a_venture_region(world):
    add_ventures(world)
    ministry = text(build_briefing(user=world.users["analyst"], coalition=world.coalition, **RANGE))
    assert MARKER_TEXT in ministry and "Region" in ministry
    officer_b = world.users["officer_b"]
    own = text(build_briefing(user=officer_b, coalition=world.coalition, country=world.b, **RANGE))
    assert MARKER_TEXT in own


@pytest.mark.django_db
def test_needs_and_roadmap_come_from_the_planning_app(world):
    from coalitions.planning import selectors as planning_selectors

    planning(world)
    MilestoneUpdate.objects.create(
        milestone=world.m_a,
        status=MilestoneStatus.AT_RISK,
        note="Supplier late",
        on=datetime.date(2026, 11, 2),
        author=world.users["officer_a"],
    )
    analyst = world.users["analyst"]
    content = squeezed(text(build_briefing(user=analyst, coalition=world.coalition, **RANGE)))
    cells = planning_selectors.needs_board(
        analyst,
        world.coalition,
        {"first": RANGE["period_from"], "last": RANGE["period_to"], "gaps_only": True},
    )
    assert cells  # the board's gaps, with the board's numbers
    for cell in cells:
        assert squeezed(f"{cell.need.period_label}") in content and f"{cell.gap:,}".replace(",", "") in (
            content.replace(",", "")
        )
    assert squeezed("Calls for contributions and responses") in content and "Open" in content
    overdue = content.split(squeezed("Overdue ("))[1].split(squeezed("At risk ("))[0]
    at_risk = content.split(squeezed("At risk ("))[1].split(squeezed("Planned, in progress"))[0]
    assert squeezed("Depot ready") in overdue  # due 2026-01-15, in progress: planning's overdue rule
    assert squeezed("Line A opens") in at_risk and squeezed("Supplier late") in at_risk
    assert squeezed("Shells for 2027 and 2028") not in content  # the draft version is not read
    assert "2027-06-30" not in content  # the draft's milestone date


@pytest.mark.django_db
def test_ventures_section_lists_stage_changes_and_output_of_the_range(world):
    add_ventures(world)
    StageChange.objects.create(
        venture=world.venture_a, stage="suspended", on=datetime.date(2026, 10, 5), reason="Power cut"
    )
    content = text(
        build_briefing(user=world.users["officer_a"], coalition=world.coalition, country=world.a, **RANGE)
    )
    changes = content.split("Stage changes in these quarters")[1].split("Venture output per period")[0]
    assert "Power cut" in changes and "Belgian Shell Works" in changes
    output = squeezed(content.split("Venture output per period")[1].split("Training per period")[0])
    assert "8102" in output.replace(",", "")  # approved
    assert "8101" not in output.replace(",", "")  # a draft report's line


@pytest.mark.django_db
def test_partner_may_not_brief_a_coalition_their_country_does_not_lead(world):
    with pytest.raises(PermissionDenied):
        build_briefing(user=world.users["officer_a"], coalition=world.coalition, **RANGE)
    with pytest.raises(PermissionDenied):
        build_briefing(user=world.users["officer_a"], coalition=world.coalition, country=world.b, **RANGE)
    with pytest.raises(PermissionDenied):
        build_briefing(user=world.users["viewer_a"], coalition=world.coalition, country=world.a, **RANGE)
    assert not Briefing.objects.exists()


@pytest.mark.django_db
def test_ukrainian_briefing_has_no_english_reference_names(world):
    from django.utils import translation

    from reports import checks
    from reports.models import DeliveryLine

    add_ventures(planning(world))  # every section has rows: needs, milestones, output, training
    DeliveryLine.objects.create(  # a duplicate line: a data check raised by an English-speaking officer
        report=world.report_a,
        commitment=world.commitment_a,
        delivered_on=world.delivery_a.delivered_on,
        quantity=world.delivery_a.quantity,
    )
    with translation.override("en"):
        (flag,) = checks.refresh(world.report_a)
    assert "155 mm shell" in flag.params["commitment"]  # the flag keeps the name it was raised with
    for model in (Country, Coalition, Capability):
        for obj in model.objects.all():
            model.objects.filter(pk=obj.pk).update(name_uk=f"Укр {obj.pk} {model._meta.model_name}")
    since = timezone.now() - datetime.timedelta(days=1)
    coalition = Coalition.objects.get(pk=world.coalition.pk)  # as a request reads it: with its new names
    briefing = build_briefing(
        user=world.users["analyst"], coalition=coalition, language="uk", since=since, **RANGE
    )
    content = text(briefing)
    english = {
        name
        for model in (Country, Coalition, Capability)
        for name in model.objects.values_list("name_en", flat=True)
    }
    # whitespace left out: a name wrapped in a narrow column is still found
    assert [name for name in english if squeezed(name) in squeezed(content)] == []
    assert f"Укр {world.coalition.pk} coalition" in content
    assert f"Укр {world.capability.pk} capability" in content
    # the data check reads the capability's name as it is now, in the briefing's language
    assert squeezed(f"#{world.commitment_a.pk} (Укр {world.capability.pk} capability)") in squeezed(content)
    reader = pypdf.PdfReader(io.BytesIO(bytes(briefing.pdf)))
    assert reader.trailer["/Root"]["/Lang"] == "uk"
    assert reader.metadata.title == briefing.title and f"Укр {world.coalition.pk} coalition" in briefing.title


@pytest.mark.django_db
@override_settings(BRIEFING_MARKING=MARKING)
def test_marking_on_every_page_and_metadata(world):
    add_ventures(planning(world))
    briefing = build_briefing(user=world.users["analyst"], coalition=world.coalition, **RANGE)
    texts = pages_text(briefing)
    assert len(texts) == briefing.pages > 5
    assert [
        number for number, page in enumerate(texts, 1) if page.count(MARKING) < 2
    ] == []  # header and footer
    pages = len(texts)  # numbered "n / N" in the footer of every page
    assert [number for number, page in enumerate(texts, 1) if f"{number} / {pages}" not in page] == []
    reader = pypdf.PdfReader(io.BytesIO(bytes(briefing.pdf)))
    assert reader.metadata.title == briefing.title
    assert reader.metadata.author == "analyst"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root  # tagged (PDF/UA-1)
    fonts = {str(font) for page in reader.pages for font in _fonts(page)}
    assert fonts and all("DejaVu" in font for font in fonts)
    _screenshots(briefing, texts)


def _fonts(page):
    resources = page["/Resources"]
    for font in resources.get("/Font", {}).values():
        yield font.get_object()["/BaseFont"]


def _screenshots(briefing, texts):
    """Page 1, the roadmap's and the ventures' pages as PNG under var/screenshots/ (look at them
    after the tests)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    roadmap = next(
        number for number, page in enumerate(texts) if "Milestone" in page and "Depot ready" in page
    )
    ventures = next(number for number, page in enumerate(texts) if "Stage changes in these quarters" in page)
    document = pypdfium2.PdfDocument(bytes(briefing.pdf))
    pages = (
        (0, "briefing-page-1.png"),
        (roadmap, "briefing-roadmap.png"),
        (ventures, "briefing-ventures.png"),
    )
    for number, name in pages:
        document[number].render(scale=1.5).to_pil().save(SCREENSHOTS / name)
    document.close()
    assert (SCREENSHOTS / "briefing-roadmap.png").stat().st_size > 0


@pytest.mark.django_db
def test_changes_since_the_previous_briefing_of_the_same_scope(world):
    analyst = world.users["analyst"]
    first = build_briefing(user=analyst, coalition=world.coalition, **RANGE)
    added = f.CommitmentFactory(country=world.a, capability=world.capability, quantity=565656)
    world.commitment_b.status, world.commitment_b.cancel_reason = CommitmentStatus.CANCELLED, "not needed"
    world.commitment_b.save()
    second = build_briefing(user=analyst, coalition=world.coalition, **RANGE)
    assert second.since == first.data_as_of
    # the test's one transaction gives every row the same time: list the day's changes instead
    since = timezone.now() - datetime.timedelta(days=1)
    content = ungrouped(text(build_briefing(user=analyst, coalition=world.coalition, since=since, **RANGE)))
    new = content.split("New commitments")[1].split("Changed commitments")[0]
    cancelled = content.split("Cancelled commitments")[1].split("Newly approved reports")[0]
    assert str(added.quantity) in new and "222222" not in new
    assert "222222" in cancelled and "565656" not in cancelled
    assert "No earlier briefing" not in content


@pytest.mark.django_db
def test_pages_make_list_download_and_print(world, client):
    officer = world.users["officer_a"]
    log_in(client, officer)
    data = {"coalition": "artillery", "country": "BE", "language": "en", **RANGE}
    response = client.post(reverse("briefings:list"), data)
    assert response.status_code == 302
    briefing = Briefing.objects.get()
    assert (briefing.created_by, briefing.country, briefing.coalition) == (officer, world.a, world.coalition)
    listing = client.get(reverse("briefings:list")).content.decode()
    assert briefing.title in listing
    pdf = client.get(reverse("briefings:download", kwargs={"pk": briefing.pk}))
    assert pdf["Content-Type"] == "application/pdf" and bytes(pdf.content) == bytes(briefing.pdf)
    printed = client.get(reverse("briefings:print"), data).content.decode().replace(",", "")
    assert "section-data-checks" in printed and "111111" in printed and "222222" not in printed
    refused = client.post(reverse("briefings:list"), {**data, "country": ""})
    assert refused.status_code == 400 and "choose your country" in refused.content.decode()
    inverted = client.post(
        reverse("briefings:list"), {**data, "period_from": "2027-Q1", "period_to": "2026-Q3"}
    )
    assert inverted.status_code == 400 and Briefing.objects.count() == 1
    log_in(client, world.users["officer_b"])
    assert client.get(reverse("briefings:download", kwargs={"pk": briefing.pk})).status_code == 404
    assert briefing.title not in client.get(reverse("briefings:list")).content.decode()


@pytest.mark.django_db
def test_a_briefing_never_changes(world):
    briefing = build_briefing(user=world.users["analyst"], coalition=world.coalition, **RANGE)
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        Briefing.objects.filter(pk=briefing.pk).update(title="changed")


@pytest.mark.django_db
def test_demo_makes_one_briefing_per_lead_coalition_once(world):
    from io import StringIO

    from devtools.demo import briefings as demo

    demo.seed(password="x", stdout=StringIO())
    demo.seed(password="x", stdout=StringIO())
    assert list(Briefing.objects.values_list("coalition__slug", flat=True)) == ["artillery"]  # LV leads it


@pytest.mark.django_db
def test_the_all_coalitions_briefing_is_prepared_in_the_background(world, client, settings):
    from reports import tasks
    from reports.models import PreparedFile

    settings.BACKGROUND_TASKS_EAGER = False  # the request only queues the job
    analyst = world.users["analyst"]
    log_in(client, analyst)
    data = {"coalition": "", "language": "en", **RANGE}
    response = client.post(reverse("briefings:list"), data, follow=True)

    (file,) = PreparedFile.objects.all()
    page = response.content.decode()
    assert (file.kind, file.status, file.owner) == ("briefing", "preparing", analyst)
    assert "is being prepared" in page and "data-refresh-seconds" in page
    assert not Briefing.objects.exists()

    tasks.prepare_file(file_id=file.pk)  # what the worker runs

    file.refresh_from_db()
    briefing = Briefing.objects.get()
    assert (file.status, briefing.coalition, briefing.created_by) == ("ready", None, analyst)
    assert bytes(file.content) == bytes(briefing.pdf)
    page = client.get(reverse("briefings:list")).content.decode()
    assert briefing.title in page and "data-refresh-seconds" not in page
    assert client.get(reverse("briefings:download", kwargs={"pk": briefing.pk})).status_code == 200


@pytest.mark.django_db
def test_a_one_coalition_briefing_is_made_in_the_request(world, client, settings):
    settings.BACKGROUND_TASKS_EAGER = False
    log_in(client, world.users["analyst"])
    client.post(reverse("briefings:list"), {"coalition": "artillery", "language": "en", **RANGE})
    assert Briefing.objects.filter(coalition=world.coalition).count() == 1


def _section(content, title, following):
    """The text of a briefing's section, from its title to the next one's."""
    return content.split(title)[-1].split(following)[0]


@pytest.mark.django_db
def test_reporting_section_counts_reports_owed_and_lists_overdue_and_returned(world):
    from reports import services as report_services

    report_services.report_return(report=world.report_b, user=world.users["reviewer"], comment="Dates wrong")
    analyst = world.users["analyst"]
    content = text(build_briefing(user=analyst, coalition=world.coalition, **RANGE))
    section = _section(content, "6. Reporting", "7. Changes since")
    owed = squeezed(section.split("Reports owed per period")[1].split("Overdue: not submitted")[0])
    # 2026-Q3 (due 2026-10-15): Belgium approved, Sweden and Latvia sent nothing, both overdue;
    # 2026-Q4 (due 2027-01-15): Belgium's draft, Sweden's returned report, nothing from Latvia
    # columns: owed, reported, approved, returned, overdue, not yet submitted
    assert "2026-Q3311020" in owed and "2026-Q4300102" in owed
    overdue = section.split("Overdue: not submitted")[1].split("Returned reports")[0]
    assert overdue.count("2026-Q3") == 2 and "Sweden" in overdue and "Latvia" in overdue
    assert "Belgium" not in overdue and "2026-Q4" not in overdue
    returned = section.split("Returned reports")[1]
    assert "Sweden" in returned and "2026-Q4" in returned and "Belgium" not in returned
    # a partner's own briefing counts its own reports only
    own = text(
        build_briefing(user=world.users["officer_a"], coalition=world.coalition, country=world.a, **RANGE)
    )
    own_section = _section(own, "6. Reporting", "7. Changes since")
    assert "Sweden" not in own_section and "Latvia" not in own_section
    assert "2026-Q3111000" in squeezed(own_section)


@pytest.mark.django_db
def test_data_checks_section_lists_the_open_flags_of_the_scope_only(world):
    from reports.models import DataFlag

    def flag(report, country, marker):
        params = {"commitment": marker, "day": "2026-10-10", "quantity": 5}
        return DataFlag.objects.create(
            partner_report=report,
            country=country,
            coalition=world.coalition,
            period=world.period,
            code="duplicate_line",
            params=params,
        )

    flag(world.report_a, world.a, "FLAG-OF-BELGIUM")
    flag(world.report_b, world.b, "FLAG-OF-SWEDEN")
    ministry = squeezed(text(build_briefing(user=world.users["analyst"], coalition=world.coalition, **RANGE)))
    checks_part = ministry.split(squeezed("8. Open data checks"))[1]
    assert "FLAG-OF-BELGIUM" in checks_part and "FLAG-OF-SWEDEN" in checks_part
    assert squeezed("Data checks (2)") in checks_part
    own = squeezed(
        text(
            build_briefing(user=world.users["officer_a"], coalition=world.coalition, country=world.a, **RANGE)
        )
    )
    assert "FLAG-OF-BELGIUM" in own and "FLAG-OF-SWEDEN" not in own
    assert squeezed("Data checks (1)") in own


@pytest.mark.django_db
@pytest.mark.parametrize("interface, asked", [("uk", "en"), ("en", "uk")])
def test_print_page_is_in_the_readers_language_around_a_briefing_in_the_language_asked_for(
    world, client, interface, asked
):
    from django.utils import translation
    from django.utils.translation import gettext

    from reports.briefings.services import title

    log_in(client, world.users["analyst"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = interface
    response = client.get(reverse("briefings:print"), {"coalition": "artillery", "language": asked, **RANGE})
    assert response.status_code == 200
    page = response.content.decode()
    start = page.index(f'<div class="briefing-page" lang="{asked}">')
    end = page.index("<footer")
    chrome, briefing = page[:start] + page[end:], page[start:end]
    assert f'<html lang="{interface}"' in page
    chrome_texts = ("Log out", "Skip to main content", "Briefings", "The same figures on the figures page")
    briefing_texts = ("Headline figures per unit", "Open data checks", "Generated by", "Data as of")
    notes = {
        "en": "The briefing is in English, as asked for.",
        "uk": "The briefing is in Ukrainian, as asked for.",
    }
    with translation.override(interface):  # header, menus, footer, the note: the reader's language
        assert [t for t in chrome_texts if gettext(t) not in chrome] == []
        assert gettext(notes[asked]) in chrome  # the note says the briefing's language
        name = title(coalition=world.coalition, country=None, **RANGE)
        assert f"<title>{name} · " in unescape(page)  # the tab's title too
    with translation.override(asked):  # the briefing: the language asked for, and only there
        assert [t for t in briefing_texts if gettext(t) not in briefing] == []
        assert [t for t in chrome_texts if gettext(t) in chrome] == []


@pytest.mark.django_db
def test_print_page_in_the_readers_own_language_has_no_language_note(world, client):
    log_in(client, world.users["analyst"])
    page = client.get(
        reverse("briefings:print"), {"coalition": "artillery", "language": "en", **RANGE}
    ).content.decode()
    assert '<div class="briefing-page" lang="en">' in page and "as asked for" not in page


@pytest.mark.django_db
def test_changes_since_a_date_chosen_in_the_form(world, client):
    log_in(client, world.users["analyst"])
    data = {"coalition": "artillery", "language": "en", **RANGE}
    client.post(reverse("briefings:list"), data)
    client.post(reverse("briefings:list"), {**data, "since": "2026-10-01"})
    first, chosen = Briefing.objects.order_by("pk")
    assert first.since is None
    assert chosen.since == timezone.make_aware(datetime.datetime(2026, 10, 1))  # not the first's time
    assert "2026-10-01 00:00" in text(chosen)  # on the cover and above the changes
    future = timezone.localdate() + datetime.timedelta(days=2)
    refused = client.post(reverse("briefings:list"), {**data, "since": future.isoformat()})
    assert refused.status_code == 400 and Briefing.objects.count() == 2


@pytest.mark.django_db
def test_a_coalition_without_an_approved_roadmap_is_named_not_left_blank(world):
    content = squeezed(text(build_briefing(user=world.users["analyst"], coalition=world.coalition, **RANGE)))
    assert squeezed("No approved roadmap version yet: Artillery.") in content
    planning(world)  # an approved version 1 (and a draft)
    content = squeezed(text(build_briefing(user=world.users["analyst"], coalition=world.coalition, **RANGE)))
    assert squeezed("No approved roadmap version yet") not in content

"""The Kiel Institute tracker sheet as legacy history (both header sets)."""

import datetime
import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from coalitions.models import CapabilityAlias, Coalition, Commitment, Country, Membership
from reports import dashboard, selectors
from reports import services as report_services
from reports.imports import kiel, services
from reports.models import DeliveryLine, PartnerReport, ReportingPeriod, ReportStatus
from tests import factories as f
from tests.exports.helpers import download, parse
from tests.world import build_world

from .conftest import csv_bytes

OLD_HEADER = [
    "ID", "Countries", "Announcement Date", "Type of Aid General", "Items", "Type of Item",
    "Sub-type of item", "No. of Units", "No. of Units Delivered (in-kind military aid)",
    "Converted Value in EUR", "Total monetary value delivered in EUR", "Earmarked year", "Sub-type of item",
]  # fmt: skip
NEW_HEADER = [
    "donor", "announcement_date", "aid_type_general", "measure", "item",
    "tot_sub_activity_value_EUR", "tot_value_deliv_EUR", "earmarked_year",
]  # fmt: skip


def kiel_file():
    """The real tracker export, never copied into the repository (no open licence)."""
    candidates = [
        os.environ.get("KIEL_DATA_DIR", ""),
        Path(settings.BASE_DIR).parent / "shared" / "data" / "kiel",
        Path("/work/shared/data/kiel"),
    ]
    for directory in filter(None, candidates):
        path = Path(directory) / "ust_main_2023.csv"
        if path.exists():
            return path
    return None


@pytest.fixture
def analyst(db):
    return f.UserFactory(role=Role.ANALYST, username="history-analyst")


@pytest.fixture
def shells(db):
    """A 155 mm capability in an Artillery coalition, with the tracker's item text as alias."""
    coalition = f.CoalitionFactory(slug="artillery-kiel", name="Artillery")
    capability = f.CapabilityFactory(
        coalition=coalition, code="shell-155-kiel", name="155 mm artillery round"
    )
    CapabilityAlias.objects.create(text="155mm artillery round", capability=capability)
    return capability


def old_row(package="USM1", donor="United States", date="4/13/2022", **kw):
    item, units = kw.get("item", "155mm artillery round"), kw.get("units", "40000")
    delivered, aid = kw.get("delivered", "40000"), kw.get("aid", "Military")
    value = "1,000,000"
    return [
        package,
        donor,
        date,
        aid,
        item,
        "Ammo",
        "155mm",
        units,
        delivered,
        value,
        "",
        "2022-2023",
        "155mm",
    ]


def run(analyst, data, add_memberships=True, dry_run=False):
    return services.history_import(user=analyst, data=data, add_memberships=add_memberships, dry_run=dry_run)


def table_counts():
    models = (Commitment, DeliveryLine, PartnerReport, Membership, Country)
    return {model.__name__: model.objects.count() for model in models}


def test_identical_rows_are_kept_apart_and_reimport_changes_nothing(analyst, shells):
    later = old_row(date="until 2/24/2023", units="undisclosed", delivered=".")
    data = csv_bytes([old_row(), old_row(), later], header=OLD_HEADER)

    first = run(analyst, data)
    after_first = table_counts()
    second = run(analyst, data)

    assert first.counts["add"] == 3
    assert (second.counts["add"], second.counts["unchanged"]) == (0, 3)
    assert table_counts() == after_first
    keys = Commitment.objects.values_list("import_key", flat=True)
    assert sorted(key.rsplit(":", 1)[1] for key in keys) == ["1", "1", "2"]  # the twin rows are :1 and :2


def test_reimport_moves_the_version_on_and_leaves_a_cancelled_commitment_cancelled(analyst, shells):
    run(analyst, csv_bytes([old_row(), old_row(package="USM2")], header=OLD_HEADER))
    first, cancelled = Commitment.objects.order_by("partner_reference")
    cancelled.status, cancelled.cancel_reason = "cancelled", "withdrawn"
    cancelled.save()
    newer = [old_row(units="50000", delivered="0"), old_row(package="USM2", units="50000", delivered="0")]

    preview = run(analyst, csv_bytes(newer, header=OLD_HEADER))

    assert [r.skip for r in preview.skipped] == [f"commitment {cancelled.pk} was cancelled in the portal"]
    first.refresh_from_db()
    cancelled.refresh_from_db()
    assert (first.quantity, first.version) == (50000, 2)
    assert (cancelled.status, cancelled.quantity, cancelled.cancel_reason) == (
        "cancelled",
        40000,
        "withdrawn",
    )


def test_text_dates_and_undisclosed_quantities(analyst, shells):
    data = csv_bytes(
        [old_row(date="until 2/24/2023", units="undisclosed", delivered="500")], header=OLD_HEADER
    )

    run(analyst, data)

    commitment = Commitment.objects.get()
    assert (commitment.announced_on, commitment.announced_text, commitment.quantity) == (
        None,
        "until 2/24/2023",
        None,
    )
    line = DeliveryLine.objects.get()
    assert (line.delivered_on, line.quantity, line.report.status) == (
        datetime.date(2023, 2, 24),
        500,
        "approved",
    )
    assert commitment.origin == "legacy"


def test_missing_membership_is_reported_and_skipped_unless_added(analyst, shells):
    data = csv_bytes([old_row()], header=OLD_HEADER)

    preview = run(analyst, data, add_memberships=False)

    assert preview.missing_memberships == [("United States", "Artillery", 1)]
    assert [r.skip for r in preview.records] == ["United States is not a member of the Artillery coalition"]
    assert Commitment.objects.count() == 0


def test_skipped_rows_say_why(analyst, shells):
    data = csv_bytes(
        [
            old_row(donor="European Peace Facility"),
            old_row(item="Leopard 2"),
            old_row(item="Leopard 2"),
            old_row(item="."),
            old_row(donor="Atlantis"),
            old_row(aid="Humanitarian"),
        ],
        header=OLD_HEADER,
    )

    preview = run(analyst, data, dry_run=True)

    assert [r.skip for r in preview.records] == [
        "European Peace Facility is not a country (an international institution)",
        "the item is not mapped to a capability (add an alias in the admin)",
        "the item is not mapped to a capability (add an alias in the admin)",
        "the row names no item",
        "donor “Atlantis” is not a known country",
    ]
    assert preview.unmapped_items == [("Leopard 2", 2)]
    assert preview.counts["other"] == 1


def test_newer_snake_case_header_set(analyst, shells):
    row = [
        "France",
        "2023-03-28",
        "Military",
        "Commitment",
        "155mm artillery round",
        "61,855,670",
        "",
        "2023",
    ]
    allocation = [*row[:3], "Allocation", *row[4:]]

    preview = run(analyst, csv_bytes([row, allocation], header=NEW_HEADER))

    assert preview.layout == "new"
    commitment = Commitment.objects.get()
    assert (commitment.country.code, commitment.quantity, commitment.value_eur) == ("FR", None, 61855670)
    assert preview.records[1].skip.startswith("“allocation” rows restate commitments")


def test_not_a_tracker_sheet_is_a_file_error(analyst, shells):
    preview = run(analyst, b"a,b\n1,2\n")

    assert preview.file_errors[0].startswith("This is not a Kiel tracker main sheet.")
    assert not preview.written


def test_only_analysts_may_import_history(world, client):
    from tests.world import log_in

    for persona in ("officer_a", "reviewer", "observer"):
        log_in(client, world.users[persona])
        assert client.get("/imports/history/").status_code == 403


@pytest.mark.parametrize("persona", ["officer_a", "reviewer"])
def test_the_history_import_service_refuses_other_users_and_writes_nothing(world, persona):
    before = table_counts()
    with pytest.raises(PermissionDenied):
        run(world.users[persona], csv_bytes([old_row()], header=OLD_HEADER), dry_run=False)
    assert table_counts() == before


@pytest.mark.skipif(
    kiel_file() is None, reason="the Kiel tracker export (shared/data/kiel) is not on this machine"
)
def test_real_kiel_file(analyst, shells):
    data = kiel_file().read_bytes()
    other = f.CapabilityFactory(code="kiel-other", name="Other military aid")
    items = {r.item for r in run(analyst, data, dry_run=True).records} - {"", ".", "155mm artillery round"}
    CapabilityAlias.objects.bulk_create(CapabilityAlias(text=item, capability=other) for item in items)

    preview = run(analyst, data)
    after_first = table_counts()
    again = run(analyst, data)

    assert preview.counts["military"] == 1583
    assert len({r.donor for r in preview.records}) == 36
    assert len(preview.imported) + len(preview.skipped) == 1583
    assert Commitment.objects.count() == len(preview.imported) == 1583 - 178 - 9  # no item; not a country
    assert all(r.skip for r in preview.skipped)
    assert {r.skip for r in preview.records if r.donor == "European Peace Facility"} == {
        "European Peace Facility is not a country (an international institution)"
    }
    for package, country, committed, delivered in (
        ("USM1", "US", 268_000, 235_600),
        ("FRM9", "FR", 18_000, 8_000),
    ):
        commitments = Commitment.objects.filter(partner_reference=package, capability=shells)
        assert {c.country.code for c in commitments} == {country}
        assert commitments.aggregate(total=Sum("quantity"))["total"] == committed
        lines = DeliveryLine.objects.filter(commitment__in=commitments, report__status=ReportStatus.APPROVED)
        assert lines.aggregate(total=Sum("quantity"))["total"] == delivered
    assert Commitment.objects.filter(partner_reference="USM1", capability=shells).count() == 8
    assert again.counts["unchanged"] == len(again.imported) == len(preview.imported)
    assert table_counts() == after_first


def test_history_pages_preview_then_confirm_with_the_stored_file(analyst, shells, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.world import log_in

    log_in(client, analyst)
    data = csv_bytes([old_row(), old_row(donor="European Peace Facility")], header=OLD_HEADER)

    preview = client.post("/imports/history/", {"file": SimpleUploadedFile("kiel.csv", data)})
    token = preview.context["token"]
    without_token = client.post("/imports/history/confirm/", {"confirm": "1", "add_memberships": "on"})
    update = client.post(
        "/imports/history/confirm/", {"token": token, "add_memberships": "on", "preview": "1"}
    )
    done = client.post("/imports/history/confirm/", {"token": token, "add_memberships": "on", "confirm": "1"})

    assert preview.context["preview"].missing_memberships == [("United States", "Artillery", 1)]
    assert without_token.status_code == 400
    assert update.context["preview"].counts["commitments"] == 1
    assert done.status_code == 302
    assert list(Commitment.objects.values_list("country__code", "quantity")) == [("US", 40000)]


def test_portal_history_layout_by_iso_code_and_capability_code(analyst, shells):
    header = ["country", "capability", "announced_on", "quantity", "delivered", "reference"]
    rows = [
        ["NO", "shell-155-kiel", "2024-05-02", "1 500", "700", "NO-24-1"],
        ["Norway", "155mm artillery round", "2024-06-01", "undisclosed", "", "NO-24-2"],
    ]

    preview = run(analyst, csv_bytes(rows, header=header))

    assert preview.layout == "portal"
    assert sorted(Commitment.objects.values_list("partner_reference", "quantity", "announced_on")) == [
        ("NO-24-1", 1500, datetime.date(2024, 5, 2)),
        ("NO-24-2", None, datetime.date(2024, 6, 1)),
    ]
    assert list(DeliveryLine.objects.values_list("quantity", "report__period__start")) == [
        (700, datetime.date(2024, 4, 1))
    ]
    assert Commitment.objects.filter(import_key__startswith="hist:NO-24-").count() == 2


def test_a_reference_longer_than_the_field_is_skipped_with_its_reason(analyst, shells):
    header = ["country", "capability", "announced_on", "quantity", "delivered", "reference"]
    rows = [
        ["NO", "shell-155-kiel", "2024-05-02", "10", "", "R" * 101],
        ["NO", "shell-155-kiel", "2024-06-01", "20", "", "ok"],
    ]

    preview = run(analyst, csv_bytes(rows, header=header))

    assert [r.skip for r in preview.skipped] == ["the reference is longer than 100 characters"]
    assert list(Commitment.objects.values_list("partner_reference", "quantity")) == [("ok", 20)]


@pytest.mark.parametrize("seed", range(10))
def test_random_tracker_rows_never_break_the_history_import(analyst, shells, seed):
    import random

    rng = random.Random(seed)
    pool = ["", ".", "undisclosed", "12", "-3", "1,5", "until 2/24/2023", "13/45/2022", "Military"]
    pool += ["France", "155mm artillery round", "European Peace Facility", "=1+1", "x" * 3000, "9" * 20]
    rows = [[rng.choice(pool) for _ in OLD_HEADER] for _ in range(30)]

    preview = run(analyst, csv_bytes(rows, header=OLD_HEADER))

    assert preview.is_clean
    assert len(preview.imported) + len(preview.skipped) == len(preview.records)


def test_failure_mid_write_leaves_no_history_behind(analyst, shells, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(DeliveryLine.objects, "bulk_create", explode)
    before = table_counts()

    with pytest.raises(RuntimeError):
        run(analyst, csv_bytes([old_row()], header=OLD_HEADER))

    assert table_counts() == before


def test_new_delivery_in_a_final_legacy_quarter_is_skipped_with_its_reason(analyst, shells):
    run(analyst, csv_bytes([old_row()], header=OLD_HEADER))
    before = table_counts()
    newer = old_row(package="USM2", date="5/2/2022", delivered="700")

    preview = run(analyst, csv_bytes([old_row(), newer], header=OLD_HEADER))

    assert [r.package for r in preview.skipped] == ["USM2"]
    assert "are final" in preview.skipped[0].skip
    assert table_counts() == before
    assert PartnerReport.objects.get().timeline.values_list("to_status", flat=True)[::1] == [
        "submitted",
        "approved",
    ]


def test_a_date_the_calendar_cannot_place_is_skipped_in_the_preview_and_confirm_writes_the_rest(
    analyst, shells, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.world import log_in

    Country.objects.get_or_create(code="FR", defaults={"name": "France"})
    header = ["country", "capability", "announced_on", "quantity", "reference", "delivered", "value_eur"]
    rows = [
        ["France", "shell-155-kiel", "9999-12-31", "10", "HBD1", "5", "1000"],
        ["France", "shell-155-kiel", "12/31/1999", "10", "HBD2", "5", "1000"],
        ["France", "shell-155-kiel", "2024-05-02", "10", "HBD3", "5", "1000"],
    ]
    log_in(client, analyst)

    data = csv_bytes(rows, header=header)
    preview = client.post(
        "/imports/history/", {"file": SimpleUploadedFile("h.csv", data), "add_memberships": "on"}
    )
    token = preview.context["token"]
    done = client.post("/imports/history/confirm/", {"token": token, "add_memberships": "on", "confirm": "1"})

    skipped = [(r.line, r.skip) for r in preview.context["preview"].records if r.skip]
    assert skipped == [
        (2, "9999-12-31 is outside the years the portal can place in a period (2000–2099)"),
        (3, "1999-12-31 is outside the years the portal can place in a period (2000–2099)"),
    ]
    assert "9999-12-31 is outside the years" in preview.content.decode()
    assert done.status_code == 302
    assert list(Commitment.objects.values_list("partner_reference", flat=True)) == ["HBD3"]


# History leaves current work alone ---------------------------------------------------------


@pytest.fixture
def legacy_world(db):
    """The shared world without reports, its 155 mm shell known by the tracker's item text."""
    world = build_world(reports=False)
    CapabilityAlias.objects.create(text="155mm artillery round", capability=world.capability)
    return world


def compliance_export(client, user):
    header, rows = parse(download(client, user, "compliance", "csv"), "csv")
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_legacy_quarters_are_never_missing_or_overdue(legacy_world, client):
    analyst = legacy_world.users["analyst"]
    rows = [old_row(donor="Belgium"), old_row(package="FRM9", donor="France", date="5/2/2022")]
    run(analyst, csv_bytes(rows, header=OLD_HEADER))
    period = ReportingPeriod.objects.get(start=datetime.date(2022, 4, 1))
    today = timezone.localdate()

    _opened, created = report_services.period_open(user=analyst, kind="quarter", start=period.start)
    board = {
        (row["membership"].country.code, row["state"])
        for row in selectors.compliance_rows(analyst, period, today)
    }
    exported = [row for row in compliance_export(client, analyst) if row["period"] == "2022-Q2"]
    page = client.get(reverse("compliance"), {"period": period.pk}).content.decode()
    # the board's rows (the filter form above it offers every state, "Overdue" among them)
    table = page.split('<table id="compliance"', 1)[1].split("</table>", 1)[0]

    assert period.legacy
    assert 'id="history-only"' in page
    assert "Approved" in table
    assert "Overdue" not in table and "Missing" not in table
    assert created == 0  # Sweden and Latvia owe nothing for a quarter before the coalition
    assert board == {("BE", "approved"), ("FR", "approved")}
    assert sorted((row["country"], row["status"], row["overdue"]) for row in exported) == [
        ("BE", "Approved", "0"),
        ("FR", "Approved", "0"),
    ]


def test_an_open_report_in_a_legacy_quarter_is_not_overdue_anywhere(legacy_world, client):
    w, analyst = legacy_world, legacy_world.users["analyst"]
    run(analyst, csv_bytes([old_row(donor="Belgium")], header=OLD_HEADER))
    period = ReportingPeriod.objects.get(start=datetime.date(2022, 4, 1))
    draft = PartnerReport.objects.create(country=w.b, coalition=w.coalition, period=period)
    officer_b = w.users["officer_b"]

    call_command("send_reminders", "--days", "0", stdout=StringIO())
    reminders = list(mail.outbox)
    open_reports = dashboard.due_reports(officer_b)["rows"]
    exported = {
        row["country"]: row for row in compliance_export(client, analyst) if row["period"] == "2022-Q2"
    }
    report_services.report_submit(report=draft, user=officer_b)
    queue = selectors.review_queue_items(analyst)

    assert reminders == []
    assert [(report.pk, report.overdue) for report in open_reports] == [(draft.pk, False)]
    # exports read statuses as their labels
    assert (exported["SE"]["status"], exported["SE"]["overdue"]) == ("Draft", "0")
    assert [(item["report"].pk, item["past_due"]) for item in queue] == [(draft.pk, False)]


def test_an_added_membership_reports_from_the_chosen_quarter_and_has_no_report_before(legacy_world):
    w, analyst = legacy_world, legacy_world.users["analyst"]
    start = datetime.date(2023, 4, 1)
    rows = [
        old_row(donor="France"),
        old_row(package="FRM9", donor="France", date="5/2/2023", delivered="8000"),
    ]

    preview = services.history_import(
        user=analyst,
        data=csv_bytes(rows, header=OLD_HEADER),
        add_memberships=True,
        members_from=start,
        dry_run=False,
    )
    report_services.period_open(user=analyst, kind="quarter", start=datetime.date(2023, 1, 1))
    report_services.period_open(user=analyst, kind="quarter", start=datetime.date(2023, 7, 1))
    before = ReportingPeriod.objects.get(start=datetime.date(2023, 1, 1))

    membership = Membership.objects.get(country__code="FR", coalition=w.coalition)
    assert membership.joined_on == start
    assert [r.skip for r in preview.skipped] == [
        "France reports to Artillery from 2023-Q2: deliveries before are not imported"
    ]
    french = PartnerReport.objects.filter(country__code="FR").order_by("period__start")
    assert list(french.values_list("period__start", "revision")) == [
        (start, 0),
        (datetime.date(2023, 7, 1), 1),
    ]
    assert "FR" not in {row["membership"].country.code for row in selectors.compliance_rows(analyst, before)}


def test_without_a_chosen_quarter_an_added_membership_starts_with_its_first_row(legacy_world):
    run(
        legacy_world.users["analyst"],
        csv_bytes([old_row(donor="France", date="5/2/2022")], header=OLD_HEADER),
    )

    assert Membership.objects.get(country__code="FR").joined_on == datetime.date(2022, 4, 1)


def test_history_preview_leads_with_its_summary_and_confirm_and_names_both_countries(analyst, shells, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.world import log_in

    Coalition.objects.filter(pk=shells.coalition_id).update(name="Drone Coalition")
    rows = [
        old_row(donor="Czech Republic"),
        old_row(donor="European Peace Facility"),
        old_row(donor="Turkey"),
    ]
    log_in(client, analyst)

    response = client.post(
        "/imports/history/", {"file": SimpleUploadedFile("kiel.csv", csv_bytes(rows, header=OLD_HEADER))}
    )
    html = response.content.decode()
    token = response.context["preview"] and response.context["token"]
    done = client.post(
        "/imports/history/confirm/",
        {"token": token, "add_memberships": "on", "members_from": "2022-04-01", "confirm": "1"},
    )

    assert html.index('id="summary"') < html.index('id="confirm"') < html.index('id="reasons"')
    assert html.index('id="reasons"') < html.index('<details id="rows"') < html.index('id="skipped"')
    assert "Czechia is not a member of the Drone Coalition" in html
    assert "coalition coalition" not in html.lower()
    assert "<td>Czechia</td><td>Czech Republic</td>" in html
    assert "<td>Türkiye</td><td>Turkey</td>" in html
    assert 'name="members_from"' in html[html.index('id="confirm-form"') : html.index('id="confirm"')]
    assert done.status_code == 302
    assert sorted(Membership.objects.values_list("country__code", "country__name", "joined_on")) == [
        ("CZ", "Czechia", datetime.date(2022, 4, 1)),
        ("TR", "Türkiye", datetime.date(2022, 4, 1)),
    ]


@pytest.mark.parametrize(
    ("tracker", "code", "portal"),
    [
        ("Czech Republic", "CZ", "Czechia"),
        ("Turkey", "TR", "Türkiye"),
        ("United States", "US", "United States"),
        ("South Korea", "KR", "South Korea"),
        ("Taiwan", "TW", "Taiwan"),
        ("United Kingdom", "GB", "United Kingdom"),
    ],
)
def test_tracker_country_names_map_to_the_portals(db, tracker, code, portal):
    assert kiel._country_code(tracker) == code
    assert kiel.portal_names({code}) == {code: portal}


INSTITUTIONS = {"EU (Commission and Council)", "European Investment Bank", "European Peace Facility"}


@pytest.mark.parametrize("donor", sorted(INSTITUTIONS))
def test_institutions_in_the_tracker_are_skipped_as_not_countries(analyst, shells, donor):
    preview = run(analyst, csv_bytes([old_row(donor=donor)], header=OLD_HEADER), dry_run=True)

    assert [r.skip for r in preview.records] == [f"{donor} is not a country (an international institution)"]


@pytest.mark.skipif(
    kiel_file() is None, reason="the Kiel tracker export (shared/data/kiel) is not on this machine"
)
def test_every_donor_of_the_real_file_is_a_country_or_an_institution(db):
    import csv

    with kiel_file().open(encoding="utf-8-sig", newline="") as handle:
        donors = {row["Countries"].strip() for row in csv.DictReader(handle)} - {""}

    unresolved = {donor for donor in donors if not kiel._country_code(donor)}
    names = kiel.portal_names({kiel._country_code(donor) for donor in donors})

    assert unresolved == INSTITUTIONS
    assert names["CZ"] == "Czechia"
    assert names["TR"] == "Türkiye"
    assert len(names) == len(donors) - len(INSTITUTIONS)  # no two tracker names for one country


@pytest.mark.skipif(
    kiel_file() is None, reason="the Kiel tracker export (shared/data/kiel) is not on this machine"
)
def test_real_kiel_file_leaves_nothing_missing_or_overdue(analyst, shells, client):
    data = kiel_file().read_bytes()
    other = f.CapabilityFactory(code="kiel-other", name="Other military aid")
    items = {r.item for r in run(analyst, data, dry_run=True).records} - {"", ".", "155mm artillery round"}
    CapabilityAlias.objects.bulk_create(CapabilityAlias(text=item, capability=other) for item in items)
    run(analyst, data)
    legacy = list(ReportingPeriod.objects.filter(legacy=True))
    today = timezone.localdate()

    states = {row["state"] for period in legacy for row in selectors.compliance_rows(analyst, period, today)}
    created = [report_services.period_open(user=analyst, kind="quarter", start=p.start)[1] for p in legacy]
    labels = {period.label for period in legacy}
    exported = [row for row in compliance_export(client, analyst) if row["period"] in labels]
    call_command("send_reminders", "--days", "0", stdout=StringIO())

    assert len(legacy) > 4
    assert ReportingPeriod.objects.filter(legacy=False).count() == 0
    assert states == {"approved"}
    assert set(created) == {0}
    assert exported and {(row["status"], row["overdue"]) for row in exported} == {("Approved", "0")}
    assert mail.outbox == []
    for membership in Membership.objects.exclude(joined_on=None):
        assert not PartnerReport.objects.filter(
            country=membership.country, coalition=membership.coalition, period__end__lt=membership.joined_on
        ).exists()


def test_undated_legacy_commitments_sort_after_dated_ones(legacy_world, client):
    from tests.world import log_in

    w = legacy_world
    undated = f.CommitmentFactory(country=w.a, capability=w.capability, announced_on=None, quantity=5)
    dated = f.CommitmentFactory(country=w.a, capability=w.capability, announced_on=datetime.date(2022, 4, 1))
    log_in(client, w.users["analyst"])

    shown = list(client.get(reverse("coalitions:commitment_list")).context["page"].object_list)

    assert shown.index(dated) < shown.index(undated)
    assert shown[-1] == undated


def test_the_migration_marks_periods_that_only_legacy_reports_use(legacy_world):
    import importlib

    from django.db import connection

    w = legacy_world
    run(w.users["analyst"], csv_bytes([old_row(donor="Belgium")], header=OLD_HEADER))
    history = ReportingPeriod.objects.get(legacy=True)
    live = ReportingPeriod.objects.create(
        start=datetime.date(2022, 7, 1), end=datetime.date(2022, 9, 30), due_on=datetime.date(2022, 10, 15)
    )
    PartnerReport.objects.create(country=w.a, coalition=w.coalition, period=live, revision=0)
    PartnerReport.objects.create(country=w.b, coalition=w.coalition, period=live)
    ReportingPeriod.objects.update(legacy=False)  # as before the migration
    migration = importlib.import_module("reports.migrations.0006_reportingperiod_legacy")

    with connection.cursor() as cursor:
        cursor.execute(migration.MARK_HISTORY_PERIODS)

    assert list(ReportingPeriod.objects.filter(legacy=True)) == [history]

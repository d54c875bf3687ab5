"""Data checks (reports.checks): each rule triggered and not, through the form and the import;
explanations before submit; flags at the top of the review page; the data checks page; finality."""

import csv
import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from coalitions.models import Capability, Commitment, CommitmentStatus
from reports import checks, periods, services, views
from reports.imports import services as import_services
from reports.imports.lines import DELIVERIES
from reports.models import DataFlag, DeliveryLine, PartnerReport, ReportingPeriod, ReportStatus
from tests import factories as f
from tests.imports.conftest import csv_bytes, delivery, rows_of, upload
from tests.world import build_world, log_in

TODAY = timezone.localdate()


def _quarter(day):
    start = periods.start_of("quarter", day)
    end = periods.end_of("quarter", start)
    period, _ = ReportingPeriod.objects.get_or_create(
        kind="quarter", start=start, defaults={"end": end, "due_on": end + datetime.timedelta(days=30)}
    )
    return period


@pytest.fixture
def env(db, settings, tmp_path):
    """Country A's draft report of the quarter holding today, and a commitment of 8 boats."""
    w = build_world(reports=False)
    period = _quarter(TODAY)
    past = _quarter(period.start - datetime.timedelta(days=1))
    report = PartnerReport.objects.create(country=w.a, coalition=w.coalition, period=period)
    boats = f.CommitmentFactory(
        country=w.a, capability=w.capability, quantity=8, status=CommitmentStatus.IN_DELIVERY
    )
    return SimpleNamespace(
        w=w, period=period, past=past, report=report, boats=boats, officer=w.users["officer_a"]
    )


def line_data(commitment, quantity, day=None):
    return {"commitment": commitment, "delivered_on": day or TODAY, "quantity": quantity, "notes": ""}


def save(env, commitment, quantity, day=None):
    return services.delivery_line_save(
        report=env.report, user=env.officer, data=line_data(commitment, quantity, day)
    )


def codes(report):
    return sorted(checks.flags_of(report).values_list("code", flat=True))


def post_line(client, env, commitment, quantity, day=None):
    log_in(client, env.officer)
    url = reverse("line_add", kwargs={"pk": env.report.pk, "line_kind": "deliveries"})
    data = {"commitment": commitment.pk, "delivered_on": (day or TODAY).isoformat(), "quantity": quantity}
    return client.post(url, data, follow=True)


def preview(env, *lines):
    data = csv_bytes(rows_of(*lines))
    return import_services.report_lines_import(
        user=env.officer, report=env.report, kind=DELIVERIES, data=data
    )


def approved_delivery(env, commitment, quantity):
    """An approved report of the previous quarter delivering ``quantity`` of ``commitment``."""
    report = PartnerReport.objects.create(country=env.w.a, coalition=env.w.coalition, period=env.past)
    DeliveryLine.objects.create(
        report=report, commitment=commitment, delivered_on=env.past.start, quantity=quantity
    )
    services.report_submit(report=report, user=env.officer)
    return services.report_approve(report=report, user=env.w.users["reviewer"])


# The rules, one by one -----------------------------------------------------------------


def test_every_rule_has_a_code_a_severity_and_a_message():
    assert set(checks.RULES) == {
        "undisclosed_with_quantity",
        "future_delivery",
        "over_delivery",
        "fulfilment_above_100",
        "usage_above_received",
        "status_contradicts_figures",
        "duplicate_line",
        "output_above_capacity",
        "completed_above_started",
    }
    for rule in checks.RULES.values():
        assert rule.severity in (checks.ERROR, checks.WARNING) and str(rule.message)


def commitment_form(w, **changes):
    data = {
        "country": w.a.pk,
        "coalition": w.coalition.pk,
        "capability": w.capability.pk,
        "quantity": "500",
        "source": "production",
        "status": "pledged",
        "announced_on": "2026-03-01",
    }
    return data | changes


def test_undisclosed_with_a_quantity_is_a_form_error_and_nothing_is_saved(env, client):
    log_in(client, env.officer)
    response = client.post(
        reverse("coalitions:commitment_create"),
        commitment_form(env.w, undisclosed="on", partner_reference="U1"),
    )
    assert "Quantity undisclosed" in response.context["form"].errors["quantity"][0]
    assert not Commitment.objects.filter(partner_reference="U1").exists()


def test_undisclosed_without_a_quantity_and_a_quantity_alone_are_saved(env, client):
    log_in(client, env.officer)
    url = reverse("coalitions:commitment_create")
    undisclosed = client.post(
        url, commitment_form(env.w, quantity="", undisclosed="on", partner_reference="U2")
    )
    disclosed = client.post(url, commitment_form(env.w, partner_reference="U3"))
    assert (undisclosed.status_code, disclosed.status_code) == (302, 302)


def test_future_delivery_is_an_error_in_the_form(env, client):
    tomorrow = TODAY + datetime.timedelta(days=1)
    if tomorrow > env.period.end:
        pytest.skip("today is the last day of its quarter")
    response = post_line(client, env, env.boats, 1, day=tomorrow)
    assert response.status_code == 400
    assert "is in the future" in response.context["delivery_form"].errors["delivered_on"][0]
    assert not DeliveryLine.objects.filter(report=env.report).exists()


def test_delivery_dated_today_is_accepted_by_the_form(env, client):
    response = post_line(client, env, env.boats, 1, day=TODAY)
    assert response.status_code == 200 and DeliveryLine.objects.filter(report=env.report).count() == 1


def test_future_delivery_is_a_row_error_in_the_import(env):
    tomorrow = TODAY + datetime.timedelta(days=1)
    found = preview(env, delivery(env.boats, day=tomorrow.isoformat(), quantity=1))
    today = preview(env, delivery(env.boats, day=TODAY.isoformat(), quantity=1))
    assert [(column, "future" in message) for _row, column, message in found.problems] == [
        ("delivered_on", tomorrow <= env.period.end)
    ]
    assert today.is_clean


def test_over_delivery_is_a_warning_of_the_form_shown_on_the_report(env, client):
    response = post_line(client, env, env.boats, 50)
    assert response.status_code == 200
    page = response.content.decode()
    assert "past its committed quantity" in page and 'id="data-checks"' in page
    flag = DataFlag.objects.get(partner_report=env.report)
    assert (flag.code, flag.delivery_line.quantity, flag.params["total"]) == ("over_delivery", 50, 50)


def test_delivery_within_the_commitment_raises_no_warning_in_the_form(env, client):
    response = post_line(client, env, env.boats, 7)
    assert 'id="data-checks"' not in response.content.decode()
    assert codes(env.report) == []


def test_over_delivery_counts_approved_deliveries_of_earlier_reports(env):
    approved_delivery(env, env.boats, 6)
    save(env, env.boats, 2)
    assert codes(env.report) == []
    save(env, env.boats, 1)
    assert codes(env.report) == ["over_delivery"]


def test_over_delivery_is_a_warning_of_the_import_preview_and_stored_at_confirm(env):
    found = preview(env, delivery(env.boats, day=TODAY.isoformat(), quantity=50))
    assert found.is_clean
    assert [(w.code, w.row) for w in found.warnings] == [("over_delivery", 2)]
    assert DataFlag.objects.count() == 0  # a preview writes nothing
    data = csv_bytes(rows_of(delivery(env.boats, day=TODAY.isoformat(), quantity=50)))
    import_services.report_lines_import(
        user=env.officer, report=env.report, kind=DELIVERIES, data=data, dry_run=False
    )
    assert codes(env.report) == ["over_delivery"]


def test_import_within_the_commitment_has_no_warning(env):
    assert preview(env, delivery(env.boats, day=TODAY.isoformat(), quantity=8)).warnings == []


def test_import_preview_page_lists_the_warnings(env, client):
    log_in(client, env.officer)
    response = upload(
        client, env.report, csv_bytes(rows_of(delivery(env.boats, day=TODAY.isoformat(), quantity=50)))
    )
    assert 'id="warnings"' in response.content.decode()


def test_fulfilment_above_100_is_a_warning(env):
    approved_delivery(env, env.boats, 12)  # 150 % before this report
    save(env, env.boats, 1)
    assert codes(env.report) == ["fulfilment_above_100"]
    assert checks.flags_of(env.report).get().params["percent"] == "150"


def test_fulfilment_at_100_is_no_warning(env):
    approved_delivery(env, env.boats, 8)
    assert codes(env.report) == []
    found = preview(env, delivery(env.boats, day=TODAY.isoformat(), quantity=1))
    assert [w.code for w in found.warnings] == ["over_delivery"]  # 8 → 9: this line goes past


def test_fulfilment_above_100_in_the_import_preview(env):
    approved_delivery(env, env.boats, 12)
    found = preview(env, delivery(env.boats, day=TODAY.isoformat(), quantity=1))
    assert [w.code for w in found.warnings] == ["fulfilment_above_100"]


@pytest.mark.parametrize(
    ("status", "quantity", "suggested"),
    [
        (CommitmentStatus.FULFILLED, 1, CommitmentStatus.IN_DELIVERY),
        (CommitmentStatus.PLEDGED, 8, CommitmentStatus.FULFILLED),
        (CommitmentStatus.COMMITTED, 8, CommitmentStatus.FULFILLED),
    ],
)
def test_status_contradicting_the_figures_is_a_warning_with_the_suggested_status(
    env, status, quantity, suggested
):
    env.boats.status = status
    env.boats.save()
    save(env, env.boats, quantity)
    flag = checks.flags_of(env.report).get()
    assert (flag.code, flag.params["suggested"]) == ("status_contradicts_figures", suggested)
    assert str(CommitmentStatus(suggested).label) in flag.message


@pytest.mark.parametrize(
    ("status", "quantity"),
    [(CommitmentStatus.FULFILLED, 8), (CommitmentStatus.COMMITTED, 7), (CommitmentStatus.IN_DELIVERY, 8)],
)
def test_status_matching_the_figures_is_no_warning(env, status, quantity):
    env.boats.status = status
    env.boats.save()
    save(env, env.boats, quantity)
    assert codes(env.report) == []


def test_changing_a_commitments_status_recomputes_the_flags_of_open_reports(env):
    from coalitions.services import commitment_update

    save(env, env.boats, 1)
    assert codes(env.report) == []
    env.boats.refresh_from_db()
    commitment_update(
        commitment=env.boats, data={"status": CommitmentStatus.FULFILLED}, version=env.boats.version
    )
    assert codes(env.report) == ["status_contradicts_figures"]


def test_status_contradiction_in_the_import_preview(env):
    env.boats.status = CommitmentStatus.FULFILLED
    env.boats.save()
    found = preview(env, delivery(env.boats, day=TODAY.isoformat(), quantity=1))
    matching = preview(env, delivery(env.boats, day=TODAY.isoformat(), quantity=8))
    assert [w.code for w in found.warnings] == ["status_contradicts_figures"]
    assert matching.warnings == []


def test_same_commitment_date_and_quantity_twice_is_a_warning(env, client):
    post_line(client, env, env.boats, 2)
    assert codes(env.report) == []
    post_line(client, env, env.boats, 3)
    assert codes(env.report) == []
    post_line(client, env, env.boats, 2)
    assert codes(env.report) == ["duplicate_line"]


def test_same_line_twice_in_an_import_is_a_warning(env):
    twice = preview(
        env,
        delivery(env.boats, day=TODAY.isoformat(), quantity=2, reference="A"),
        delivery(env.boats, day=TODAY.isoformat(), quantity=2, reference="B"),
    )
    different = preview(
        env,
        delivery(env.boats, day=TODAY.isoformat(), quantity=2, reference="A"),
        delivery(env.boats, day=TODAY.isoformat(), quantity=3, reference="B"),
    )
    assert [(w.code, w.row) for w in twice.warnings] == [("duplicate_line", 3)]
    assert different.warnings == []


def usage_line(env, expended):
    analyst = env.w.users["analyst"]
    report = services.usage_report_create(user=analyst, coalition=env.w.coalition, period=env.period)
    line = report.lines.get(capability=env.w.capability)
    data = {"received": 0, "expended": expended, "lost": 0, "under_repair": 0, "serviceable": 0, "notes": ""}
    services.usage_line_save(line=line, user=analyst, data=data, version=line.version)
    return report


def test_usage_above_what_was_received_is_a_warning(env):
    approved_delivery(env, env.boats, 5)
    report = usage_line(env, 6)
    assert codes(report) == ["usage_above_received"]
    assert checks.flags_of(report).get().params == {"capability": "155 mm shell", "used": 6, "received": 5}


def test_usage_within_what_was_received_is_no_warning(env):
    approved_delivery(env, env.boats, 5)
    assert codes(usage_line(env, 5)) == []


def test_usage_above_received_through_the_usage_line_form(env, client):
    analyst = env.w.users["analyst"]
    report = services.usage_report_create(user=analyst, coalition=env.w.coalition, period=env.period)
    line = report.lines.get(capability=env.w.capability)
    log_in(client, analyst)
    url = reverse("usage_line_edit", kwargs={"pk": report.pk, "line_pk": line.pk})
    data = {
        "received": 0,
        "expended": 3,
        "lost": 0,
        "under_repair": 0,
        "serviceable": 0,
        "version": line.version,
    }
    assert client.post(url, data).status_code == 302
    assert codes(report) == ["usage_above_received"]


# Recomputing, explaining, submitting ---------------------------------------------------


def test_flags_are_recomputed_when_lines_change_and_keep_their_explanation(env):
    line = save(env, env.boats, 50)
    flag = checks.flags_of(env.report).get()
    services.flags_explain(
        report=env.report, user=env.officer, explanations={flag.pk: "Extra boats donated."}
    )
    save(env, env.w.commitment_a, 1)  # another commitment: the warning still holds
    assert checks.flags_of(env.report).get().explanation == "Extra boats donated."
    services.line_delete(line=line, user=env.officer, version=line.version)
    assert codes(env.report) == []


def test_report_with_an_unexplained_warning_cannot_be_submitted(env, client):
    save(env, env.boats, 50)
    log_in(client, env.officer)
    url = reverse("report_transition", kwargs={"kind": "partner", "pk": env.report.pk, "action": "submit"})
    response = client.post(url)
    assert response.status_code == 400
    assert "has no explanation" in response.content.decode()
    env.report.refresh_from_db()
    assert env.report.status == ReportStatus.DRAFT


def test_report_with_explained_warnings_is_submitted(env, client):
    save(env, env.boats, 50)
    flag = checks.flags_of(env.report).get()
    log_in(client, env.officer)
    explain = reverse("flags_explain", kwargs={"kind": "partner", "pk": env.report.pk})
    assert client.post(explain, {f"flag_{flag.pk}": "Two deliveries merged."}).status_code == 302
    flag.refresh_from_db()
    assert (flag.explanation, flag.explained_by) == ("Two deliveries merged.", env.officer)
    url = reverse("report_transition", kwargs={"kind": "partner", "pk": env.report.pk, "action": "submit"})
    assert client.post(url).status_code == 302
    env.report.refresh_from_db()
    assert env.report.status == ReportStatus.SUBMITTED


def test_an_empty_explanation_does_not_count(env):
    save(env, env.boats, 50)
    flag = checks.flags_of(env.report).get()
    services.flags_explain(report=env.report, user=env.officer, explanations={flag.pk: "   "})
    with pytest.raises(Exception, match="no explanation"):
        services.report_submit(report=env.report, user=env.officer)


def test_usage_report_with_an_unexplained_warning_cannot_be_submitted(env):
    report = usage_line(env, 3)
    with pytest.raises(Exception, match="no explanation"):
        services.report_submit(report=report, user=env.w.users["analyst"])


def submitted_with_flag(env):
    save(env, env.boats, 50)
    flag = checks.flags_of(env.report).get()
    services.flags_explain(report=env.report, user=env.officer, explanations={flag.pk: "Two batches merged."})
    return services.report_submit(report=env.report, user=env.officer)


def test_reviewer_sees_flags_and_explanations_at_the_top_of_the_report(env, client):
    report = submitted_with_flag(env)
    log_in(client, env.w.users["reviewer"])
    page = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": report.pk})).content.decode()
    top = page.index('id="data-checks"')
    assert top < page.index("Progress per commitment") < page.index('id="actions"')
    assert "past its committed quantity" in page and "Two batches merged." in page
    assert 'id="flag-form"' not in page  # the reviewer reads, the writer explains


def test_review_queue_counts_the_warnings(env, client):
    submitted_with_flag(env)
    log_in(client, env.w.users["reviewer"])
    assert "1 data check warning" in client.get(reverse("review_queue")).content.decode()


def test_explanations_cannot_change_once_submitted(env, client):
    report = submitted_with_flag(env)
    flag = checks.flags_of(report).get()
    log_in(client, env.officer)
    url = reverse("flags_explain", kwargs={"kind": "partner", "pk": report.pk})
    client.post(url, {f"flag_{flag.pk}": "Changed"})
    flag.refresh_from_db()
    assert flag.explanation == "Two batches merged."


# Finality ------------------------------------------------------------------------------


def refused(action):
    with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
        action()


def raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_flags_of_an_approved_report_never_change(env):
    report = services.report_approve(report=submitted_with_flag(env), user=env.w.users["reviewer"])
    flag = checks.flags_of(report).get()
    refused(lambda: DataFlag.objects.filter(pk=flag.pk).update(explanation="rewritten"))
    refused(lambda: raw("UPDATE reports_dataflag SET explanation = 'rewritten' WHERE id = %s", flag.pk))
    refused(lambda: raw("DELETE FROM reports_dataflag WHERE id = %s", flag.pk))
    refused(lambda: DataFlag.objects.filter(pk=flag.pk).delete())
    refused(
        lambda: DataFlag.objects.create(
            partner_report=report, coalition=report.coalition, period=report.period, code="duplicate_line"
        )
    )
    flag.refresh_from_db()
    assert flag.explanation == "Two batches merged."


def test_reopened_report_gets_its_flags_recomputed_and_the_approved_revision_keeps_its_own(env):
    approved = services.report_approve(report=submitted_with_flag(env), user=env.w.users["reviewer"])
    new = services.report_reopen(report=approved, user=env.w.users["reviewer"], reason="Quantity typo.")
    assert codes(approved) == ["over_delivery"] and codes(new) == ["over_delivery"]
    assert checks.flags_of(new).get().explanation == ""


def test_flags_are_tracked_in_history(env):
    from pghistory.models import Events

    save(env, env.boats, 50)
    assert Events.objects.filter(pgh_obj_model="reports.DataFlag").exists()


# The data checks page and its export ---------------------------------------------------


def test_data_checks_page_lists_open_flags_filtered(env, client):
    save(env, env.boats, 50)
    log_in(client, env.w.users["analyst"])
    url = reverse("data_checks")
    page = client.get(url).content.decode()
    assert "past its committed quantity" in page
    assert "past its committed" not in client.get(url, {"rule": "duplicate_line"}).content.decode()
    assert "past its committed" not in client.get(url, {"coalition": "drones"}).content.decode()
    assert (
        "past its committed" in client.get(url, {"country": "BE", "rule": "over_delivery"}).content.decode()
    )


@pytest.mark.parametrize("persona", ["officer_a", "viewer_a", "lead_officer", "reviewer", "observer"])
def test_data_checks_page_and_export_are_for_analysts_only(env, client, persona):
    save(env, env.boats, 50)
    log_in(client, env.w.users[persona])
    assert client.get(reverse("data_checks")).status_code == 403
    url = reverse("exports:download", kwargs={"dataset": "flags", "fmt": "csv"})
    assert client.get(url).status_code == 403


def test_export_holds_the_open_flags(env, client):
    save(env, env.boats, 50)
    log_in(client, env.w.users["analyst"])
    response = client.get(reverse("exports:download", kwargs={"dataset": "flags", "fmt": "csv"}))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:8] == [
        "report_kind",
        "report_id",
        "revision",
        "report_status",
        "period",
        "country",
        "coalition",
        "rule",
    ]
    assert [(row[0], row[5], row[7]) for row in rows[1:]] == [("partner", "BE", "over_delivery")]
    xlsx = client.get(reverse("exports:download", kwargs={"dataset": "flags", "fmt": "xlsx"}))
    assert xlsx.status_code == 200


# Names as they read now, in the reader's language ---------------------------------------

ENGLISH, UKRAINIAN = "Patrol boat", "Патрульний катер"


def raised_in_english(env):
    """An over-delivery flag raised while the interface was English: its parameters name the
    capability in English."""
    Capability.objects.filter(pk=env.boats.capability_id).update(name_en=ENGLISH, name_uk=UKRAINIAN)
    with translation.override("en"):
        save(env, env.boats, 50)
    (flag,) = DataFlag.objects.all()
    assert ENGLISH in flag.params["commitment"] and UKRAINIAN not in flag.params["commitment"]
    return flag


def part(html, pattern):
    (found,) = re.findall(pattern, html, re.S)
    return found


@pytest.mark.parametrize(
    ("language", "shown", "hidden"), [("uk", UKRAINIAN, ENGLISH), ("en", ENGLISH, UKRAINIAN)]
)
def test_a_flag_names_its_capability_in_the_readers_language_on_pages_and_export(
    env, client, language, shown, hidden
):
    flag = raised_in_english(env)
    with translation.override(language):
        expected = str(checks.RULES["over_delivery"].message) % {
            "commitment": f"#{env.boats.pk} ({shown})",
            "total": 50,
            "committed": 8,
        }

    log_in(client, env.w.users["analyst"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("data_checks")).content.decode()
    cell = part(page, r"<td>over_delivery</td><td>(.*?)</td>")
    assert shown in cell and hidden not in cell
    assert cell == expected.replace("'", "&#x27;")

    url = reverse("exports:download", kwargs={"dataset": "flags", "fmt": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(client.get(url).streaming_content).decode("utf-8-sig"))))
    assert rows[1][8] == expected

    log_in(client, env.officer)  # the report page, with the form explaining the warnings
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("report_detail", kwargs={"kind": "partner", "pk": env.report.pk}))
    section = part(page.content.decode(), r'<section id="data-checks".*?</section>')
    assert section.count(shown) == 2 and hidden not in section  # the warning and the form's label
    assert str(page.context["flag_form"].fields[f"flag_{flag.pk}"].label) == expected

    DataFlag.objects.update(params=flag.params)  # the flag as stored is left as written
    assert DataFlag.objects.get().params["commitment"] == f"#{env.boats.pk} ({ENGLISH})"


def commitments_within(env, n):
    """``n`` more commitments of 8, each of its own capability, with a line of 5 in the report."""
    made = []
    for _ in range(n):
        capability = f.CapabilityFactory(coalition=env.w.coalition)
        Capability.objects.filter(pk=capability.pk).update(name_uk=f"Укр {capability.name}")
        commitment = f.CommitmentFactory(
            country=env.w.a, capability=capability, quantity=8, status=CommitmentStatus.IN_DELIVERY
        )
        save(env, commitment, 5)
        made.append(commitment)
    return made


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_data_checks_page_names_take_no_query_per_flag(env, client):
    raised_in_english(env)
    more = commitments_within(env, 4)  # the same commitments and lines, with or without flags
    log_in(client, env.w.users["analyst"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    one, _page = queries(client, reverse("data_checks"))
    with translation.override("en"):  # the flags raised in English (the request left Ukrainian on)
        for commitment in more:
            save(env, commitment, 45)
    assert DataFlag.objects.filter(code="over_delivery").count() == 5
    five, page = queries(client, reverse("data_checks"))
    assert five == one
    flags = part(page, r'<table id="flags">.*?</table>')
    assert flags.count("Укр Capability") == 4 and UKRAINIAN in flags and ENGLISH not in flags


def test_report_page_flags_take_one_query_however_many(env):
    """The report page's flags and the form explaining them (the rest of the page: its own tests)."""
    raised_in_english(env)
    with translation.override("en"):
        for commitment in commitments_within(env, 4):
            save(env, commitment, 45)
    assert DataFlag.objects.filter(code="over_delivery").count() == 5
    with translation.override("uk"), CaptureQueriesContext(connection) as captured:
        context = views.flags_context(env.report, True) | {"kind": "partner", "report": env.report}
        html = render_to_string("reports/includes/flags.html", context)
    assert len(captured) == 1
    assert html.count("Укр Capability") == 8 and ENGLISH not in html  # each warning and its label


def test_flag_rows_are_scoped_through_the_access_policy(env):
    save(env, env.boats, 50)
    flags = DataFlag.objects.all()
    assert flags.for_user(env.w.users["officer_a"]).count() == 1
    assert flags.for_user(env.w.users["officer_b"]).count() == 0
    assert flags.for_user(env.w.users["observer"]).count() == 0

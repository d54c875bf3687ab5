"""Spreadsheet imports: report lines (own country's officer, draft or returned) and history (analysts)."""

import datetime

from reports.models import PartnerReport, ReportingPeriod

from . import Case, expect


def draft_report(w):
    """Country A's draft Artillery report (made on first use; the shared world has no reports)."""
    period, _ = ReportingPeriod.objects.get_or_create(
        kind="quarter",
        start=datetime.date(2026, 10, 1),
        defaults={"end": datetime.date(2026, 12, 31), "due_on": datetime.date(2027, 1, 31)},
    )
    report, _ = PartnerReport.objects.get_or_create(country=w.a, coalition=w.coalition, period=period)
    return {"pk": report.pk, "kind": "deliveries"}


def plans_report(w):
    return draft_report(w) | {"kind": "plans"}


# Another country's report is missing (404); seeing it without the right to edit it is 403.
REPORT = {
    "viewer_a": 403,
    "officer_b": 404,
    "lead_officer": 403,
    "analyst": 403,
    "reviewer": 403,
    "observer": 404,
}
ANALYSTS_ONLY = dict.fromkeys(
    ["officer_a", "viewer_a", "officer_b", "lead_officer", "reviewer", "observer"], 403
)

CASES = [
    Case("imports:index", expected=expect(200)),
    Case("imports:report", kwargs=draft_report, expected=expect(200, **REPORT)),
    Case("imports:report", kwargs=plans_report, expected=expect(200, **REPORT)),
    Case("imports:report", kwargs=draft_report, method="post", expected=expect(400, **REPORT)),
    Case("imports:report_template", kwargs=draft_report, expected=expect(200, **REPORT)),
    Case("imports:report_template", kwargs=plans_report, expected=expect(200, **REPORT)),
    Case("imports:report_confirm", kwargs=draft_report, method="post", expected=expect(400, **REPORT)),
    Case("imports:report_confirm", kwargs=draft_report, expected=expect(405)),
    Case("imports:history", expected=expect(200, **ANALYSTS_ONLY)),
    Case("imports:history", method="post", expected=expect(400, **ANALYSTS_ONLY)),
    Case("imports:history_confirm", method="post", expected=expect(400, **ANALYSTS_ONLY)),
    Case("imports:history_confirm", expected=expect(405)),
]

"""The Kiel Institute Ukraine Support Tracker's main sheet → legacy commitments and deliveries.

Both header sets are understood: the older one (``ID``, ``Countries``, ``Announcement
Date``, …, ``No. of Units``, ``No. of Units Delivered (in-kind military aid)``) and the
newer snake_case one (``donor``, ``announcement_date``, ``aid_type_general``,
``measure``, ``item``, ``tot_sub_activity_value_EUR``, ``tot_value_deliv_EUR``,
``earmarked_year``), which carries values but no unit counts.

Each military row becomes one commitment (origin "legacy"); its delivered units, when
known and dated, one delivery line in an approved legacy report (revision 0) of the
donor × coalition × quarter, so the portal's figures count them. Every other military row
is skipped with its reason.

History leaves current work alone: a quarter the import opens for its legacy reports is
marked ``ReportingPeriod.legacy`` (history only), which nobody owes, so it is never missing
or overdue (``Membership.reports_in`` and ``reports.compliance`` read the mark). A membership
the import adds starts at the quarter the analyst chooses (its ``joined_on``); the import
writes no report for it before that quarter. The tracker's donor names are mapped to the
portal's countries (``TRACKER_NAMES``); institutions (EU bodies, the European Peace Facility)
are skipped as not countries.

Import key (stable across re-imports, not a row number): ``kiel:<package>:<digest of
item and announcement date>:<n>`` where n numbers identical (package, item, date) rows in
file order; the newer set has no package id and uses the donor's country code instead.
Importing the same file again matches every row to its commitment: nothing changes.

A third, plain layout serves other historical sources: ``country`` (name or ISO code),
``capability`` (code or alias), ``announced_on``, ``quantity`` and optionally
``reference``, ``delivered``, ``value_eur``; its keys start with ``hist:``.
"""

import datetime
import functools
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from coalitions.memberships import country_for_code
from coalitions.models import (
    Capability,
    CapabilityAlias,
    Commitment,
    CommitmentStatus,
    Country,
    Membership,
    Origin,
    names_itself,
)
from coalitions.reference import COUNTRY_NAMES
from reports import periods
from reports.models import Cadence, DeliveryLine, PartnerReport, ReportStatus
from reports.services import LEGACY_REVISION, period_for_plan, report_legacy_approve

from . import readers, safety, values
from .values import Problem

LOCK_ID = 5_240_001  # pg_advisory_xact_lock: one history import at a time
OLD = {
    "package": "id",
    "donor": "countries",
    "date": "announcement date",
    "aid_type": "type of aid general",
    "item": "items",
    "units": "no. of units",
    "delivered": "no. of units delivered (in-kind military aid)",
    "value": "converted value in eur",
    "earmarked": "earmarked year",
}
NEW = {
    "donor": "donor",
    "date": "announcement_date",
    "aid_type": "aid_type_general",
    "measure": "measure",
    "item": "item",
    "value": "tot_sub_activity_value_eur",
    "value_delivered": "tot_value_deliv_eur",
    "earmarked": "earmarked_year",
}
# The portal's own history layout, for sources other than the tracker.
PORTAL = {
    "package": "reference",
    "donor": "country",
    "date": "announced_on",
    "item": "capability",
    "units": "quantity",
    "delivered": "delivered",
    "value": "value_eur",
}
PORTAL_OPTIONAL = {"package", "delivered", "value"}
LAYOUTS = (("old", OLD, set()), ("new", NEW, set()), ("portal", PORTAL, PORTAL_OPTIONAL))
KEY_PREFIX = {"old": "kiel", "new": "kiel", "portal": "hist"}
# Every donor name of the tracker (ust_main_2023.csv, column ``Countries``) that is not the
# portal's name of the country, with its ISO code. The other donors of that file are the
# portal's names already (django-countries resolves them); tests check that every donor of
# the real file resolves here or is skipped as an institution.
TRACKER_NAMES = {
    "czech republic": "CZ",
    "czechia": "CZ",
    "turkey": "TR",
    "turkiye": "TR",
    "türkiye": "TR",
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "south korea": "KR",
    "republic of korea": "KR",
    "taiwan": "TW",
    "united kingdom": "GB",
    "uk": "GB",
}
# Donors that are institutions, not countries: "EU (Commission and Council)", "European
# Investment Bank", "European Peace Facility" (an EU fund paid by the member states) in the
# real file, NATO in later releases. Their rows are skipped with that reason.
NOT_COUNTRIES = ("european", "eu ", "eu(", "nato")
REFERENCE_MAX = Commitment._meta.get_field("partner_reference").max_length
US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{4})")


@dataclass
class Record:
    line: int
    key: str
    package: str
    donor: str
    item: str
    code: str = ""
    capability: object = None
    announced_on: datetime.date | None = None
    announced_text: str = ""
    delivered_on: datetime.date | None = None
    quantity: int | None = None
    delivered: int | None = None
    value_eur: object = None
    notes: str = ""
    skip: str = ""
    country_name: str = ""  # the portal's name of the donor (the tracker's may differ)
    action: str = ""
    unmapped: bool = False
    needs_membership: bool = False
    has_line: bool = False
    commitment: object = None


@dataclass
class HistoryPreview:
    layout: str = ""
    file_errors: list = field(default_factory=list)
    records: list = field(default_factory=list)
    other_rows: int = 0  # humanitarian and financial rows
    note: str = ""
    written: bool = False

    @property
    def is_clean(self):
        return not self.file_errors

    @property
    def imported(self):
        return [r for r in self.records if not r.skip]

    @property
    def skipped(self):
        return [r for r in self.records if r.skip]

    @property
    def counts(self):
        actions = Counter(r.action for r in self.imported)
        return {
            "military": len(self.records),
            "commitments": len(self.imported),
            "add": actions["add"],
            "update": actions["update"],
            "unchanged": actions["unchanged"],
            "deliveries": sum(1 for r in self.imported if r.delivered and r.delivered_on),
            "skipped": len(self.skipped),
            "other": self.other_rows,
        }

    @property
    def skip_reasons(self):
        return Counter(r.skip for r in self.skipped).most_common()

    @property
    def unmapped_items(self):
        return Counter(r.item for r in self.records if r.unmapped).most_common()

    @property
    def missing_memberships(self):
        """(tracker's donor name, coalition, rows) of every membership the file needs."""
        pairs = Counter((r.donor, r.capability.coalition.name) for r in self.records if r.needs_membership)
        return sorted((donor, coalition, n) for (donor, coalition), n in pairs.items())

    @property
    def missing_members(self):
        """The same as rows for the page: the portal's country name beside the tracker's."""
        pairs = Counter(
            (r.country_name, r.donor, r.capability.coalition.name) for r in self.records if r.needs_membership
        )
        return [
            {"country": country, "donor": donor, "coalition": coalition, "rows": n}
            for (country, donor, coalition), n in sorted(pairs.items())
        ]


def history_import(*, user, data, encoding="", add_memberships=False, members_from=None, dry_run=True):
    """Preview (and unless ``dry_run`` write) a history sheet.

    ``members_from``: the first day of the quarter from which a membership added for a donor
    (``add_memberships``) reports; it becomes the membership's ``joined_on``, and the import
    writes no report for that donor and coalition before it (such rows are skipped with their
    reason). Without it a new membership starts with the quarter of its earliest row.
    """
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        preview = build_preview(data, encoding, add_memberships, members_from)
        if preview.is_clean and not dry_run:
            _write(preview, user, members_from)
            preview.written = True
    return preview


def build_preview(data, encoding, add_memberships, members_from=None):
    try:
        table = readers.read_upload(data, encoding)
    except safety.Refused as refused:
        return HistoryPreview(file_errors=[str(refused)])
    preview = HistoryPreview(note=table.note)
    preview.layout, columns = _layout(table.headers)
    if columns is None:
        preview.file_errors = [
            _(
                "This is not a Kiel tracker main sheet. Expected the columns %(old)s; or %(new)s; "
                "or the portal's history columns %(portal)s."
            )
            % {
                "old": ", ".join(OLD.values()),
                "new": ", ".join(NEW.values()),
                "portal": ", ".join(PORTAL.values()),
            }
        ]
        return preview
    if formula := _first_formula(table):
        preview.file_errors = [
            _(
                "Row %(row)d, column “%(column)s” holds a formula; type the value itself "
                "(formulas are not accepted)."
            )
            % formula
        ]
        return preview
    occurrences = Counter()
    for number, cells in table.rows:
        raw = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        if "aid_type" in columns and _plain(raw.get("aid_type")).lower() != "military":
            preview.other_rows += 1
            continue
        preview.records.append(_record(number, raw, occurrences, KEY_PREFIX[preview.layout]))
    _resolve(preview.records, add_memberships, members_from)
    return preview


def _first_formula(table):
    """The first formula cell anywhere in the sheet: the tracker's columns are read as plain text."""
    for number, cells in table.rows:
        for index, cell in enumerate(cells):
            if cell is readers.FORMULA:
                return {"row": number, "column": table.headers[index] if index < len(table.headers) else ""}
    return None


def _layout(headers):
    index = {}
    for i, header in enumerate(headers):
        index.setdefault(header.lower(), i)
    for name, layout, optional in LAYOUTS:
        if all(column in index for field_name, column in layout.items() if field_name not in optional):
            return name, {
                field_name: index[column] for field_name, column in layout.items() if column in index
            }
    return "", None


def _plain(value):
    try:
        return values.text(value, max_length=500).replace("\u00a0", " ").strip()
    except Problem:
        return ""


def _record(number, raw, occurrences, prefix):
    donor, item, date_text = _plain(raw["donor"]), _plain(raw["item"]), _plain(raw["date"])
    package = _plain(raw.get("package")) or _country_code(donor) or donor[:20]
    digest = hashlib.sha1(f"{item}\n{date_text}\n{_plain(raw.get('measure'))}".encode()).hexdigest()[:12]
    occurrences[(package, digest)] += 1
    record = Record(
        line=number,
        key=f"{prefix}:{package[:40]}:{digest}:{occurrences[(package, digest)]}",
        package=package,
        donor=donor,
        item=item,
    )
    record.announced_on, record.announced_text, record.delivered_on = _dates(raw["date"], date_text)
    record.quantity = _units(raw.get("units"))
    record.delivered = _units(raw.get("delivered"))
    record.value_eur = _value(raw.get("value"))
    earmarked = _plain(raw.get("earmarked"))
    if prefix == "kiel":
        record.notes = _("Kiel Institute Ukraine Support Tracker, package %(package)s") % {"package": package}
    else:
        record.notes = _("Imported history, reference %(package)s") % {"package": package}
    if earmarked:
        record.notes += "; " + _("earmarked %(years)s") % {"years": earmarked}
    measure = _plain(raw.get("measure")).lower()
    dates = (record.announced_on, record.delivered_on)
    outside = [day for day in dates if day and not periods.placeable(day)]
    if len(package) > REFERENCE_MAX:
        record.skip = _("the reference is longer than %(max)d characters") % {"max": REFERENCE_MAX}
    elif outside:
        record.skip = values.outside_calendar(outside[0])
    elif measure and measure != "commitment":
        record.skip = _("“%(measure)s” rows restate commitments; only commitment rows are imported") % {
            "measure": measure
        }
    return record


def _dates(value, text):
    """(announced_on, announced_text, date for a delivery line) of an announcement cell."""
    if value is not None and not isinstance(value, str):
        try:
            day = values.parse_date(value)
            return day, "", day
        except Problem:
            return None, text[:100], None
    match = US_DATE.fullmatch(text)
    day = _us_date(match) if match else _plain_date(text)
    if day:
        return day, "", day
    inner = US_DATE.search(text)
    fallback = _us_date(inner) if inner else None
    if fallback is None and (month := MONTH_YEAR.search(text)) and 1 <= int(month[1]) <= 12:
        fallback = datetime.date(int(month[2]), int(month[1]), 1)
    return None, text[:100], fallback


def _plain_date(text):
    for fmt in values.DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _us_date(match):
    month, day, year = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _number(value):
    """The cell as a number, or None (blank, ".", "undisclosed" and other text)."""
    try:
        return values.decimal(value)
    except Problem:
        return None


def _units(value):
    number = _number(value)
    return (
        int(number) if number is not None and 0 < number < 2_000_000_000 and number == int(number) else None
    )


def _value(value):
    number = _number(value)
    return number.quantize(1) if number is not None and 0 <= number < 10**13 else None


@functools.lru_cache(maxsize=512)
def _country_code(donor):
    name = " ".join(donor.lower().split())
    if name in TRACKER_NAMES:
        return TRACKER_NAMES[name]
    if name.startswith(NOT_COUNTRIES):
        return ""
    if len(donor) == 2 and donor.upper() in dict(countries):
        return donor.upper()
    return countries.by_name(donor, language="en") or ""


def portal_names(codes):
    """The portal's name of each country code: its ``Country`` row, else the reference data's
    name, else django-countries' English name."""
    names = {code: COUNTRY_NAMES.get(code, (str(countries.name(code)),))[0] for code in codes if code}
    names |= dict(Country.objects.filter(code__in=names).values_list("code", "name"))
    return names


def _resolve(records, add_memberships, members_from=None):
    aliases = {c.code.lower(): c for c in Capability.objects.select_related("coalition")}
    aliases |= {
        a.text.strip().lower(): a.capability
        for a in CapabilityAlias.objects.select_related("capability__coalition")
    }
    members = set(
        Membership.objects.filter(country__code__in={_country_code(r.donor) for r in records}).values_list(
            "country__code", "coalition_id"
        )
    )
    existing = {c.import_key: c for c in Commitment.objects.filter(import_key__in=[r.key for r in records])}
    delivered_keys = set(
        DeliveryLine.objects.filter(
            line_reference__in=[r.key for r in records], report__revision=LEGACY_REVISION
        ).values_list("line_reference", flat=True)
    )
    final = _final_legacy_quarters()
    names = portal_names({_country_code(r.donor) for r in records})
    for record in records:
        record.code = _country_code(record.donor)
        record.country_name = names.get(record.code, "")
        if record.skip:
            continue
        record.capability = aliases.get(record.item.lower())
        record.has_line = record.key in delivered_keys
        commitment = existing.get(record.key)
        record.skip = (
            _skip_reason(record, members, add_memberships)
            or _start_reason(record, members_from)
            or _final_reason(record, final)
            or _cancelled_reason(commitment)
        )
        if not record.skip:
            record.action = _action(record, commitment)


def new_membership_starts(records, members_from=None):
    """(country code, coalition id) → first day of the quarter from which a membership added by
    the import reports: ``members_from``, else the quarter of the pair's earliest dated row,
    else the current quarter."""
    days = {}
    for record in records:
        if record.needs_membership and not record.skip:
            dated = (day for day in (record.announced_on, record.delivered_on) if day)
            days.setdefault((record.code, record.capability.coalition_id), []).extend(dated)
    today = timezone.localdate()
    return {
        pair: members_from or periods.start_of(Cadence.QUARTERLY, min(dated, default=today))
        for pair, dated in days.items()
    }


def _start_reason(record, members_from):
    """A membership added by the import reports from its start: no legacy report before it."""
    if not (members_from and record.needs_membership and record.delivered and record.delivered_on):
        return ""
    if record.delivered_on >= members_from:
        return ""
    return _("%(country)s reports to %(coalition)s from %(start)s: deliveries before are not imported") % {
        "country": record.country_name,
        "coalition": record.capability.coalition,
        "start": periods.label(Cadence.QUARTERLY, members_from),
    }


def _cancelled_reason(commitment):
    """A commitment cancelled in the portal stays cancelled: a newer tracker file does not revive it."""
    if commitment is None or not commitment.is_cancelled:
        return ""
    return _("commitment %(pk)d was cancelled in the portal") % {"pk": commitment.pk}


def _final_legacy_quarters():
    """(country code, coalition id, quarter start) whose legacy deliveries are approved, so final."""
    reports = PartnerReport.objects.filter(revision=LEGACY_REVISION, status=ReportStatus.APPROVED)
    return set(reports.values_list("country__code", "coalition_id", "period__start"))


def _final_reason(record, final):
    """A new delivery cannot join a quarter whose legacy report is already approved."""
    if not (record.delivered and record.delivered_on) or record.has_line:
        return ""
    start = periods.start_of(Cadence.QUARTERLY, record.delivered_on)
    if (record.code, record.capability.coalition_id, start) not in final:
        return ""
    return _("the legacy deliveries of %(country)s for the quarter starting %(start)s are final") % {
        "country": record.country_name,
        "start": start.isoformat(),
    }


def _skip_reason(record, members, add_memberships):
    if not record.code:
        if record.donor.lower().startswith(NOT_COUNTRIES):
            return _("%(donor)s is not a country (an international institution)") % {"donor": record.donor}
        return _("donor “%(donor)s” is not a known country") % {"donor": record.donor}
    if record.item in ("", "."):
        return _("the row names no item")
    if record.capability is None:
        record.unmapped = True
        return _("the item is not mapped to a capability (add an alias in the admin)")
    if (record.code, record.capability.coalition_id) not in members:
        record.needs_membership = True
        if not add_memberships:
            return not_member(record.country_name, record.capability.coalition)
    return ""


def not_member(country, coalition):
    """ "Czechia is not a member of the Drone Coalition" (a coalition's name that already says
    "coalition" gets no second one)."""
    values = {"donor": country, "coalition": coalition}
    if names_itself(coalition.name):
        return _("%(donor)s is not a member of the %(coalition)s") % values
    return _("%(donor)s is not a member of the %(coalition)s coalition") % values


FIELDS = ("capability_id", "quantity", "value_eur", "announced_on", "announced_text", "notes", "status")


def _fields(record):
    status = CommitmentStatus.COMMITTED
    if record.delivered:
        done = record.quantity is not None and record.delivered >= record.quantity
        status = CommitmentStatus.FULFILLED if done else CommitmentStatus.IN_DELIVERY
    return {
        "capability_id": record.capability.pk,
        "quantity": record.quantity,
        "value_eur": record.value_eur,
        "announced_on": record.announced_on,
        "announced_text": record.announced_text,
        "notes": record.notes,
        "status": status,
    }


def _action(record, commitment):
    if commitment is None:
        return "add"
    record.commitment = commitment
    same = all(getattr(commitment, name) == value for name, value in _fields(record).items())
    return "unchanged" if same else "update"


def _write(preview, user, members_from=None):
    records = preview.imported
    country_ids = _ensure_countries({r.code for r in records})
    for (code, coalition_id), start in new_membership_starts(records, members_from).items():
        Membership.objects.get_or_create(
            country_id=country_ids[code], coalition_id=coalition_id, defaults={"joined_on": start}
        )
    new = [
        Commitment(
            country_id=country_ids[r.code],
            coalition_id=r.capability.coalition_id,
            partner_reference=r.package,
            origin=Origin.LEGACY,
            import_key=r.key,
            **_fields(r),
        )
        for r in records
        if r.action == "add"
    ]
    Commitment.objects.bulk_create(new, batch_size=1000)
    by_key = {c.import_key: c for c in new}
    changed = []
    for record in records:
        if record.action == "update":
            for name, value in _fields(record).items():
                setattr(record.commitment, name, value)
            record.commitment.version = F("version") + 1  # an officer's form opened before now is stale
            changed.append(record.commitment)
        by_key.setdefault(record.key, record.commitment)
    if changed:
        Commitment.objects.bulk_update(changed, [*FIELDS, "version"], batch_size=1000)
    _write_deliveries([r for r in records if r.delivered and r.delivered_on and not r.has_line], by_key, user)


def _ensure_countries(codes):
    found = dict(Country.objects.filter(code__in=codes).values_list("code", "id"))
    names = portal_names(codes - set(found))
    for code in sorted(codes - set(found)):
        found[code] = country_for_code(code, name=names[code]).pk  # named in English and Ukrainian
    return found


def _write_deliveries(records, by_key, user):
    reports, lines = {}, []
    for record in records:
        commitment = by_key[record.key]
        report = _legacy_report(reports, commitment, record.delivered_on)
        lines.append(
            DeliveryLine(
                report=report,
                commitment=commitment,
                delivered_on=record.delivered_on,
                quantity=record.delivered,
                line_reference=record.key,
                notes=record.notes,
            )
        )
    DeliveryLine.objects.bulk_create(lines, batch_size=1000)
    drafts = [report for report in reports.values() if report.status == ReportStatus.DRAFT]
    if drafts:
        report_legacy_approve(reports=drafts, user=user)


def _legacy_report(reports, commitment, day):
    start = periods.start_of(Cadence.QUARTERLY, day)
    key = (commitment.country_id, commitment.coalition_id, start)
    if key not in reports:
        reports[key], _created = PartnerReport.objects.get_or_create(
            country_id=key[0],
            coalition_id=key[1],
            period=period_for_plan(kind=Cadence.QUARTERLY, start=start, legacy=True),
            revision=LEGACY_REVISION,
            defaults={"status": ReportStatus.DRAFT},
        )
    return reports[key]

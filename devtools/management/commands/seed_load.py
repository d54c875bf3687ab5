"""A large, realistic data set for benchmarks: ``manage.py seed_load --deliveries N``.

Bypasses the reporting workflow and the history triggers (COPY with
``session_replication_role = replica``), then fills the approved reports' totals
(``reports.totals``) and the commitments' (``coalitions.totals``); refuses to run under production settings.
"""

import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accounts.models import Role, User
from coalitions import totals as commitment_totals
from coalitions.models import Capability, Category, Coalition, Country, Membership, MembershipRole, Unit
from reports import totals
from reports.figures import kept
from reports.models import ReportingPeriod

COUNTRIES = [
    "AT",
    "BE",
    "BG",
    "CA",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IS",
    "IE",
    "IT",
    "JP",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "NZ",
    "NO",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "CH",
    "TR",
    "GB",
    "US",
    "AU",
    "KR",
    "AL",
    "MK",
]
COALITIONS = ("artillery", "air-force", "iamd", "armoured", "maritime", "it", "demining", "drones")
QUARTERS = [(year, q) for year in range(2023, 2027) for q in range(1, 5)]
CAPABILITIES_PER_COALITION = 10
COMMITMENTS = 20_000
CHUNK = 100_000


class Command(BaseCommand):
    help = "Generate a large data set (40 countries, 8 coalitions, ~20,000 commitments, N lines)."

    def add_arguments(self, parser):
        parser.add_argument("--deliveries", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--flush", action="store_true", help="empty the domain tables first")

    def handle(self, *args, deliveries, seed, flush, **options):
        if settings.SETTINGS_MODULE.endswith(".prod"):
            raise CommandError("seed_load refuses to run under production settings.")
        if Country.objects.exists() and not flush:
            raise CommandError("The database already holds countries; pass --flush to replace them.")
        rng = random.Random(seed)
        if flush:
            self._flush()
        countries, coalitions, capabilities = self._reference(rng)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            commitments = self._commitments(cursor, rng, countries, coalitions, capabilities)
            reports = self._reports(cursor, rng, coalitions)
            self._lines(cursor, rng, commitments, reports, deliveries)
            self._usage(cursor, rng, capabilities)
            totals.fill_missing()  # the approval trigger is off under replica
            commitment_totals.refill()  # and so are those of the commitments' totals
            kept.changed()  # and the figures' data version: kept figures are computed anew
        with connection.cursor() as cursor:
            # VACUUM sets the visibility map for index-only scans; it cannot run in a transaction
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        User.objects.get_or_create(username="bench-analyst", defaults={"role": Role.ANALYST})
        officer, _created = User.objects.get_or_create(
            username="bench-officer", defaults={"role": Role.OFFICER}
        )
        officer.groups.add(countries[0].group)
        self.stdout.write(f"seeded {len(commitments)} commitments and {deliveries} delivery lines")

    def _flush(self):
        tables = [
            "reports_reviewevent",
            "reports_reporttotal",
            "coalitions_commitmenttotal",
            "reports_deliveryline",
            "reports_planline",
            "reports_usageline",
            "reports_usagereport",
            "reports_partnerreport",
            "reports_reportingperiod",
            "coalitions_need",
            "coalitions_commitment",
            "coalitions_capability",
            "coalitions_membership",
            "coalitions_coalition",
            "coalitions_country",
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")

    def _reference(self, rng):
        Country.objects.create(code="UA", name="Ukraine", is_recipient=True)
        countries = [Country.objects.create(code=code, name=f"Country {code}") for code in COUNTRIES]
        coalitions = {}
        for slug in COALITIONS:
            coalition = Coalition.objects.create(slug=slug, name=slug.replace("-", " ").title())
            members = rng.sample(countries, 20)
            for i, country in enumerate(members):
                role = MembershipRole.LEAD if i == 0 else MembershipRole.MEMBER
                Membership.objects.create(coalition=coalition, country=country, role=role)
            coalitions[coalition.id] = [c.id for c in members]
        categories, units = list(Category.values), list(Unit.values)
        capabilities = []
        for coalition_id in coalitions:
            for i in range(CAPABILITIES_PER_COALITION):
                capabilities.append(
                    Capability.objects.create(
                        coalition_id=coalition_id,
                        code=f"c{coalition_id}-{i}",
                        name=f"Capability {coalition_id}.{i}",
                        category=categories[i % len(categories)],
                        unit=units[i % len(units)],
                    )
                )
        periods = [
            ReportingPeriod(
                start=datetime.date(y, 3 * q - 2, 1),
                end=_quarter_end(y, q),
                due_on=_quarter_end(y, q) + datetime.timedelta(days=30),
            )
            for y, q in QUARTERS
        ]
        ReportingPeriod.objects.bulk_create(periods)
        return countries, coalitions, capabilities

    def _commitments(self, cursor, rng, countries, coalitions, capabilities):
        cursor.execute("SELECT setval(pg_get_serial_sequence('coalitions_commitment', 'id'), 1, false)")
        rows = []
        for i in range(COMMITMENTS):
            capability = rng.choice(capabilities)
            country_id = rng.choice(coalitions[capability.coalition_id])
            undisclosed = rng.random() < 0.05
            cancelled = rng.random() < 0.03
            y, q = rng.choice(QUARTERS)
            rows.append(
                (
                    i + 1,
                    country_id,
                    capability.coalition_id,
                    capability.id,
                    None if undisclosed else rng.randint(100, 50_000),
                    "cancelled" if cancelled else "committed",
                    "Cancelled by the partner" if cancelled else "",
                    datetime.date(y, 3 * q - 2, rng.randint(1, 28)),
                )
            )
        columns = "id, country_id, coalition_id, capability_id, quantity, status, cancel_reason, announced_on"
        defaults = "source, announced_text, partner_reference, notes, origin, import_key, version"
        sql = f"COPY coalitions_commitment ({columns}, {defaults}, created_at, updated_at) FROM STDIN"
        now = datetime.datetime.now(datetime.UTC)
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row((*row, "stocks", "", "", "", "entered", "", 1, now, now))
        sequence = "SELECT setval(pg_get_serial_sequence('coalitions_commitment', 'id'), %s)"
        cursor.execute(sequence, [len(rows)])
        return rows

    def _reports(self, cursor, rng, coalitions):
        """One report per membership and quarter: approved, the last quarter submitted."""
        cursor.execute("SELECT id, start FROM reports_reportingperiod ORDER BY start")
        periods = cursor.fetchall()
        reports = {}
        sql = (
            "INSERT INTO reports_partnerreport (country_id, coalition_id, period_id, revision, status, "
            "submitted_at, decided_at, version, created_at, updated_at) "
            "VALUES (%s, %s, %s, 1, %s, now(), now(), 1, now(), now()) RETURNING id"
        )
        for coalition_id, members in coalitions.items():
            for country_id in members:
                for index, (period_id, _start) in enumerate(periods):
                    status = "submitted" if index == len(periods) - 1 else "approved"
                    cursor.execute(sql, [country_id, coalition_id, period_id, status])
                    reports[(country_id, coalition_id, index)] = (cursor.fetchone()[0], _start)
        return reports

    def _lines(self, cursor, rng, commitments, reports, total):
        sql = (
            "COPY reports_deliveryline (report_id, commitment_id, delivered_on, quantity, notes, "
            "line_reference, version) FROM STDIN"
        )
        with cursor.cursor.copy(sql) as copy:
            for n in range(total):
                commitment = commitments[rng.randrange(len(commitments))]
                index = rng.randrange(len(QUARTERS))
                report_id, start = reports[(commitment[1], commitment[2], index)]
                delivered_on = start + datetime.timedelta(days=rng.randrange(90))
                notes = "Партія" if n % 50 == 0 else ""
                quantity = rng.randint(1, 500)
                copy.write_row((report_id, commitment[0], delivered_on, quantity, notes, f"L{n}", 1))

    def _usage(self, cursor, rng, capabilities):
        cursor.execute("SELECT id FROM reports_reportingperiod ORDER BY start")
        period_ids = [row[0] for row in cursor.fetchall()]
        by_coalition = {}
        for capability in capabilities:
            by_coalition.setdefault(capability.coalition_id, []).append(capability.id)
        for coalition_id, capability_ids in by_coalition.items():
            for period_id in period_ids:
                cursor.execute(
                    "INSERT INTO reports_usagereport (coalition_id, period_id, revision, status, version, "
                    "created_at, updated_at) VALUES (%s, %s, 1, 'approved', 1, now(), now()) RETURNING id",
                    [coalition_id, period_id],
                )
                report_id = cursor.fetchone()[0]
                for capability_id in capability_ids:
                    cursor.execute(
                        "INSERT INTO reports_usageline (report_id, capability_id, received, expended, lost, "
                        "under_repair, serviceable, notes, version) VALUES (%s, %s, %s, %s, 0, 0, 0, '', 1)",
                        [report_id, capability_id, rng.randint(0, 9000), rng.randint(0, 5000)],
                    )
        needs = [
            (capability.coalition_id, capability.id, rng.randint(1000, 100_000), y, q)
            for capability in capabilities
            for y, q in QUARTERS
        ]
        cursor.executemany(
            "INSERT INTO coalitions_need (coalition_id, capability_id, quantity, year, quarter, priority, "
            "justification, status, version) VALUES (%s, %s, %s, %s, %s, 'high', '', 'open', 1)",
            needs,
        )


def _quarter_end(year, quarter):
    if quarter == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)

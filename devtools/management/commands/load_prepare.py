"""``manage.py load_prepare``: the users and drafts of the load scenario, on the data of ``seed_load``.

Officers each get one report of the quarter holding today, put back to draft, and commitments
large enough that their lines raise no data check warning (so submitting needs no
explanations); reviewers and analysts get a TOTP device whose key the scenario knows. Writes
the plan (users, reports, commitments, export filters) as JSON for the locustfile.
"""

import json
import secrets

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from coalitions import totals as commitment_totals
from coalitions.models import Commitment, CommitmentStatus
from reports.figures import kept
from reports.models import (
    DataFlag,
    DeliveryLine,
    PartnerReport,
    ReportingPeriod,
    ReportStatus,
    ReportTotal,
    ReviewEvent,
)

PASSWORD = "load-scenario-password"


class Command(BaseCommand):
    help = "Users, drafts and the plan of the load scenario (devtools.load); run after seed_load."

    def add_arguments(self, parser):
        parser.add_argument("--officers", type=int, default=100)
        parser.add_argument("--reviewers", type=int, default=3)
        parser.add_argument("--analysts", type=int, default=5)
        parser.add_argument("--plan", required=True)

    def handle(self, *args, officers, reviewers, analysts, plan, **options):
        today = timezone.localdate()
        period = ReportingPeriod.objects.filter(kind="quarter", start__lte=today, end__gte=today).first()
        if period is None:
            raise CommandError("No quarter holds today: run seed_load first.")
        reports = list(
            PartnerReport.objects.filter(period=period).select_related("country").order_by("id")[:officers]
        )
        if len(reports) < officers:
            raise CommandError(f"Only {len(reports)} reports in {period.label} for {officers} officers.")
        hashed = User(username="x")
        hashed.set_password(PASSWORD)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")  # around the workflow's triggers
            # what an earlier run wrote: its lines, its users' review events, the reports its users
            # submitted, approved or returned (back to draft, without the totals of an approval),
            # its users
            DeliveryLine.objects.filter(notes__startswith="load:").delete()
            ReviewEvent.objects.filter(actor__username__startswith="load-").delete()
            ids = [r.pk for r in reports]
            touched = PartnerReport.objects.filter(
                Q(pk__in=ids)
                | Q(submitted_by__username__startswith="load-")
                | Q(decided_by__username__startswith="load-")
            )
            ReportTotal.objects.filter(report__in=touched).delete()
            touched.update(
                status=ReportStatus.DRAFT,
                submitted_by=None,
                submitted_at=None,
                decided_by=None,
                decided_at=None,
            )
            User.objects.filter(username__startswith="load-").delete()
            officer_plans = []
            for number, report in enumerate(reports, start=1):
                user = User.objects.create(
                    username=f"load-officer-{number:03}", role=Role.OFFICER, password=hashed.password
                )
                user.groups.add(report.country.group)
                commitments = list(
                    Commitment.objects.filter(country=report.country, coalition_id=report.coalition_id)
                    .exclude(status=CommitmentStatus.CANCELLED)
                    .values_list("pk", flat=True)[:5]
                )
                # every commitment of the report large and in delivery, so that neither the seeded
                # lines nor the scenario's raise a data-check warning that would block the submit
                Commitment.objects.filter(country=report.country, coalition_id=report.coalition_id).exclude(
                    status=CommitmentStatus.CANCELLED
                ).update(quantity=1_000_000_000, status=CommitmentStatus.IN_DELIVERY)
                DataFlag.objects.filter(partner_report=report).delete()
                officer_plans.append(
                    {"username": user.username, "report": report.pk, "commitments": commitments}
                )
            commitment_totals.refill()  # the commitments' totals' triggers were off as well
            kept.changed()  # the figures' triggers are off too: kept figures are computed anew
        ministry = []
        for role, count in ((Role.REVIEWER, reviewers), (Role.ANALYST, analysts)):
            for number in range(1, count + 1):
                user = User.objects.create(
                    username=f"load-{role}-{number}", role=role, password=hashed.password
                )
                key = secrets.token_hex(20)
                TOTPDevice.objects.create(
                    user=user, name="default", key=key, confirmed=True, tolerance=2
                )  # the login asks for the code of the "default" device
                ministry.append({"username": user.username, "role": role, "key": key})
        data = {
            "password": PASSWORD,
            "period": {"label": period.label, "start": period.start.isoformat(), "today": today.isoformat()},
            "officers": officer_plans,
            "reviewers": [m for m in ministry if m["role"] == Role.REVIEWER],
            "analysts": [m for m in ministry if m["role"] == Role.ANALYST],
            "exports": self._export_filters(),
        }
        with open(plan, "w") as file:
            json.dump(data, file, indent=1)
        self.stdout.write(f"{len(officer_plans)} officers, {len(ministry)} ministry users; plan in {plan}")

    def _export_filters(self):
        """Filters giving about 200,000 rows (CSV) and 50,000 rows (XLSX) of the deliveries dataset."""
        from coalitions.models import Coalition

        counted = DeliveryLine.objects.filter(
            report__status__in=[ReportStatus.APPROVED, ReportStatus.SUBMITTED]
        )
        slug = Coalition.objects.order_by("slug").values_list("slug", flat=True).first()
        in_coalition = counted.filter(report__coalition__slug=slug)
        years = sorted({p.start.year for p in ReportingPeriod.objects.filter(kind="quarter")})
        year = years[-2] if len(years) > 1 else years[-1]
        return {
            "csv": {"query": f"coalition={slug}", "rows": in_coalition.count()},
            "xlsx": {
                "query": f"coalition={slug}&period_from={year}-Q1&period_to={year}-Q4",
                "rows": in_coalition.filter(report__period__start__year=year).count(),
            },
        }

"""API routes of joint ventures and training (read only): ventures with their capacity and
stage history, training programmes, and the venture output and training throughput lines of
partner reports.

As on the pages: the registers and their lines are for partners and the ministry
(``access.may_list_ventures``; observers read the figures only); rows come through the
models' scopes (another country's venture once it has approved output, others' lines only
approved); a venture's region (oblast) and notes only for the ministry and the owning
country (``access.may_see_region``, null for everybody else). There is no filter on the
region: filtering by it would tell where another country's venture is.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts import access
from accounts.apikit import ReadResource
from reports import periods

from . import selectors
from .models import (
    JointVenture,
    TrainingProgramme,
    TrainingThroughput,
    VentureCapacity,
    VentureOutput,
)
from .regions import Oblast


class CapacitySerializer(serializers.ModelSerializer):
    capability = serializers.CharField(source="capability.code", read_only=True)
    unit = serializers.CharField(source="capability.unit", read_only=True)

    class Meta:
        model = VentureCapacity
        fields = ["capability", "unit", "monthly_capacity"]


class StageSpanSerializer(serializers.Serializer):
    stage = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True, help_text="null: still in this stage.")
    days = serializers.IntegerField()
    reason = serializers.CharField()


class VentureSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    coalition = serializers.CharField(source="coalition.slug", read_only=True)
    region = serializers.SerializerMethodField(
        help_text="ISO 3166-2 code of the oblast: for the ministry and the owning country only, else null."
    )
    region_name = serializers.SerializerMethodField(help_text="The oblast's name, under the same rule.")
    notes = serializers.SerializerMethodField(help_text="Under the same rule as the region.")
    capacities = CapacitySerializer(many=True, read_only=True)
    stage_history = serializers.SerializerMethodField()

    class Meta:
        model = JointVenture
        fields = [
            "id",
            "country",
            "coalition",
            "name",
            "partner_company",
            "ukrainian_partner",
            "kind",
            "region",
            "region_name",
            "stage",
            "stage_since",
            "notes",
            "capacities",
            "stage_history",
            "version",
            "updated_at",
        ]

    def _shown(self, venture) -> bool:
        return access.may_see_region(self.context["request"].user, venture)

    def get_region(self, venture) -> str | None:
        return (venture.oblast or None) if self._shown(venture) else None

    def get_region_name(self, venture) -> str | None:
        return str(Oblast(venture.oblast).label) if self._shown(venture) and venture.oblast else None

    def get_notes(self, venture) -> str | None:
        return venture.notes if self._shown(venture) else None

    @extend_schema_field(StageSpanSerializer(many=True))
    def get_stage_history(self, venture) -> list[dict]:
        return StageSpanSerializer(selectors.stage_history(venture), many=True).data


def ventures(user):
    return selectors.venture_queryset(user).prefetch_related(
        Prefetch("capacities", queryset=VentureCapacity.objects.select_related("capability")),
        "stage_changes",
    )


VENTURES = ReadResource(
    "ventures",
    ventures,
    VentureSerializer,
    filters={
        "coalition": "coalition__slug",
        "country": "country__code",
        "kind": "kind",
        "stage": "stage",
        "capability": "capacities__capability__code",
    },
    allowed=access.may_list_ventures,
)


class ProgrammeSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    coalition = serializers.CharField(source="coalition.slug", read_only=True)
    capability = serializers.CharField(source="capability.code", read_only=True, allow_null=True)
    host_country = serializers.CharField(source="host_country.code", read_only=True)

    class Meta:
        model = TrainingProgramme
        fields = [
            "id",
            "country",
            "coalition",
            "course",
            "capability",
            "host_country",
            "site",
            "starts_on",
            "planned_per_period",
            "instructors",
            "status",
            "status_reason",
            "version",
            "updated_at",
        ]


PROGRAMMES = ReadResource(
    "training-programmes",
    selectors.programmes_for,
    ProgrammeSerializer,
    filters={
        "coalition": "coalition__slug",
        "country": "country__code",
        "status": "status",
        "capability": "capability__code",
    },
    allowed=access.may_list_ventures,
)


class ReportLineFields(serializers.ModelSerializer):
    """What a report line says about its report: its country, coalition, period and status."""

    country = serializers.CharField(source="report.country.code", read_only=True)
    coalition = serializers.CharField(source="report.coalition.slug", read_only=True)
    period = serializers.SerializerMethodField()
    report_status = serializers.CharField(source="report.status", read_only=True)

    def get_period(self, line) -> str:
        return periods.label(line.report.period.kind, line.report.period.start)


class VentureOutputSerializer(ReportLineFields):
    venture_name = serializers.CharField(source="venture.name", read_only=True)
    capability = serializers.CharField(source="capability.code", read_only=True)
    unit = serializers.CharField(source="capability.unit", read_only=True)

    class Meta:
        model = VentureOutput
        fields = [
            "id",
            "report",
            "country",
            "coalition",
            "period",
            "report_status",
            "venture",
            "venture_name",
            "capability",
            "unit",
            "quantity",
            "version",
        ]


class TrainingThroughputSerializer(ReportLineFields):
    course = serializers.CharField(source="programme.course", read_only=True)

    class Meta:
        model = TrainingThroughput
        fields = [
            "id",
            "report",
            "country",
            "coalition",
            "period",
            "report_status",
            "programme",
            "course",
            "started",
            "completed",
            "version",
        ]


LINE_REPORT = ("report__country", "report__coalition", "report__period")


def venture_output(user):
    """Own country's lines in every report state, others' approved only (``VentureOutput.scope``)."""
    return VentureOutput.objects.for_user(user).select_related(*LINE_REPORT, "venture", "capability")


def training_throughput(user):
    return TrainingThroughput.objects.for_user(user).select_related(*LINE_REPORT, "programme")


LINE_FILTERS = {
    "coalition": "report__coalition__slug",
    "country": "report__country__code",
    "report": "report_id",
    "report_status": "report__status",
}
VENTURE_OUTPUT = ReadResource(
    "venture-output",
    venture_output,
    VentureOutputSerializer,
    filters=LINE_FILTERS | {"venture": "venture_id", "capability": "capability__code"},
    allowed=access.may_list_ventures,
)
TRAINING_THROUGHPUT = ReadResource(
    "training-throughput",
    training_throughput,
    TrainingThroughputSerializer,
    filters=LINE_FILTERS | {"programme": "programme_id"},
    allowed=access.may_list_ventures,
)

urlpatterns = [
    *VENTURES.urls(),
    *PROGRAMMES.urls(),
    *VENTURE_OUTPUT.urls(),
    *TRAINING_THROUGHPUT.urls(),
]

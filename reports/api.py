"""API routes of the reporting cycle: partner and usage reports with their lines (read), the
consolidated figures and the CSV exports (read), and the partner systems' writes: batches of
delivery and plan lines keyed by ``line_reference`` (with ``dry_run``), deleting a line,
submitting a report.

Reads come through ``selectors`` (``accounts.access``); figures through ``reports.figures``
with the page's own filter form; CSV through ``reports.exports``. Writes go through the same
row checks, natural keys and line rules as the spreadsheet import
(``imports.services.report_lines_push`` → ``imports.lines`` → ``rules``) and the same
services as the report page (``services.line_delete``, ``services.report_submit``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response

from accounts import access
from accounts.apikit import (
    PAGE_PARAMETERS,
    ApiView,
    Conflict,
    Cursor,
    ReadResource,
    StrictBooleanField,
    StrictCharField,
    StrictDateField,
    StrictIntegerField,
    StrictSerializer,
    TooLarge,
    validated,
)
from coalitions.services import StaleEdit

from . import figures, selectors, services, workflow
from .exports import writers
from .exports.datasets import DATASETS
from .filters import FIELDS, FigureFilters
from .imports.lines import DELIVERIES, PLANS
from .imports.services import report_lines_push
from .models import DeliveryLine, PartnerReport, PlanLine, UsageLine, UsageReport

# --- Reading reports --------------------------------------------------------------------


class ReportFields(serializers.ModelSerializer):
    coalition = serializers.CharField(source="coalition.slug", read_only=True)
    period = serializers.CharField(source="period.label", read_only=True)
    period_start = serializers.DateField(source="period.start", read_only=True)
    period_end = serializers.DateField(source="period.end", read_only=True)
    due_on = serializers.DateField(source="period.due_on", read_only=True)

    COMMON = [
        "id",
        "coalition",
        "period",
        "period_start",
        "period_end",
        "due_on",
        "revision",
        "status",
        "submitted_at",
        "decided_at",
        "version",
        "updated_at",
    ]


class DeliveryLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryLine
        fields = ["id", "line_reference", "commitment", "delivered_on", "quantity", "notes", "version"]


class PlanLineSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period.label", read_only=True)

    class Meta:
        model = PlanLine
        fields = ["id", "line_reference", "commitment", "period", "quantity", "notes", "version"]


class PartnerReportSerializer(ReportFields):
    country = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = PartnerReport
        fields = [*ReportFields.COMMON[:2], "country", *ReportFields.COMMON[2:]]


class PartnerReportDetailSerializer(PartnerReportSerializer):
    deliveries = DeliveryLineSerializer(many=True, read_only=True)
    plans = PlanLineSerializer(many=True, read_only=True)

    class Meta(PartnerReportSerializer.Meta):
        fields = [*PartnerReportSerializer.Meta.fields, "deliveries", "plans"]


class UsageLineSerializer(serializers.ModelSerializer):
    capability = serializers.CharField(source="capability.code", read_only=True)

    class Meta:
        model = UsageLine
        fields = ["capability", "received", "expended", "lost", "under_repair", "serviceable", "notes"]


class UsageReportSerializer(ReportFields):
    class Meta:
        model = UsageReport
        fields = ReportFields.COMMON


class UsageReportDetailSerializer(UsageReportSerializer):
    lines = UsageLineSerializer(many=True, read_only=True)

    class Meta(UsageReportSerializer.Meta):
        fields = [*UsageReportSerializer.Meta.fields, "lines"]


def partner_reports(user):
    return selectors.reports(user, "partner")


def partner_report_details(user):
    return partner_reports(user).prefetch_related("deliveries", "plans__period")


def usage_reports(user):
    return selectors.reports(user, "usage")


def usage_report_details(user):
    return usage_reports(user).prefetch_related("lines__capability")


REPORT_FILTERS = {"coalition": "coalition__slug", "status": "status", "period_start": "period__start"}
REPORTS = ReadResource(
    "reports",
    partner_reports,
    PartnerReportSerializer,
    filters={**REPORT_FILTERS, "country": "country__code"},
    detail_serializer=PartnerReportDetailSerializer,
    detail_rows=partner_report_details,
)
USAGE_REPORTS = ReadResource(
    "usage-reports",
    usage_reports,
    UsageReportSerializer,
    filters=REPORT_FILTERS,
    detail_serializer=UsageReportDetailSerializer,
    detail_rows=usage_report_details,
)


# --- Writing lines ----------------------------------------------------------------------


class DeliveryIn(StrictSerializer):
    line_reference = StrictCharField(
        max_length=100, help_text="Your system's key of the line: a retry updates it."
    )
    commitment = StrictIntegerField(help_text="Commitment id (one of the report's country and coalition).")
    delivered_on = StrictDateField(help_text="Inside the report's period, not in the future.")
    quantity = StrictIntegerField(help_text="More than zero; a JSON number.")
    notes = StrictCharField(allow_blank=True, required=False, max_length=2000)
    version = StrictIntegerField(required=False, help_text="The version you read; 409 if the line moved on.")


class PlanIn(StrictSerializer):
    line_reference = StrictCharField(
        max_length=100, help_text="Your system's key of the line: a retry updates it."
    )
    commitment = StrictIntegerField(help_text="Commitment id (one of the report's country and coalition).")
    period = StrictCharField(max_length=10, help_text="A period after the report's, e.g. 2027-Q1 or 2027-02.")
    quantity = StrictIntegerField(help_text="More than zero; a JSON number.")
    notes = StrictCharField(allow_blank=True, required=False, max_length=2000)
    version = StrictIntegerField(required=False, help_text="The version you read; 409 if the line moved on.")


def _batch(line_serializer):
    class Batch(StrictSerializer):
        dry_run = StrictBooleanField(
            required=False, default=False, help_text="true: check every line and write nothing."
        )
        lines = line_serializer(many=True, allow_empty=False)

    Batch.__name__ = line_serializer.__name__.replace("In", "Batch")
    return Batch


DeliveryBatch, PlanBatch = _batch(DeliveryIn), _batch(PlanIn)

BatchResult = inline_serializer(
    "BatchResult",
    {
        "dry_run": serializers.BooleanField(),
        "written": serializers.BooleanField(),
        "counts": serializers.DictField(child=serializers.IntegerField()),
        "lines": serializers.ListField(child=serializers.DictField()),
        "warnings": serializers.ListField(child=serializers.DictField()),
    },
)


class LineKind:
    def __init__(self, kind, model, serializer, batch, api_fields):
        self.kind, self.model, self.serializer, self.batch = kind, model, serializer, batch
        self.api_fields = api_fields  # API field → the import's column

    def table(self, lines):
        headers = list(self.api_fields.values())
        rows = [[_cell(line.get(name)) for name in self.api_fields] for line in lines]
        return headers, rows

    def field_of(self, column):
        reverse = {column: name for name, column in self.api_fields.items()}
        return reverse.get(column, column)


def _cell(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


DELIVERY_KIND = LineKind(
    DELIVERIES,
    DeliveryLine,
    DeliveryLineSerializer,
    DeliveryBatch,
    {
        "line_reference": "line_reference",
        "commitment": "commitment_id",
        "delivered_on": "delivered_on",
        "quantity": "quantity",
        "notes": "notes",
    },
)
PLAN_KIND = LineKind(
    PLANS,
    PlanLine,
    PlanLineSerializer,
    PlanBatch,
    {
        "line_reference": "line_reference",
        "commitment": "commitment_id",
        "period": "planned_period",
        "quantity": "quantity",
        "notes": "notes",
    },
)


def _lines_of(line_kind, report):
    rows = line_kind.model.objects.filter(report=report)
    return rows.select_related("period") if line_kind is PLAN_KIND else rows


class ReportLines(ApiView, generics.ListAPIView):
    """GET: the report's lines (cursor pages). POST: add or update a batch of lines by
    ``line_reference`` (``dry_run``: check only); all lines are written, or none."""

    line_kind = DELIVERY_KIND
    pagination_class = Cursor
    filter_backends = []

    def get_serializer_class(self):
        return self.line_kind.batch if self.request.method == "POST" else self.line_kind.serializer

    def report(self):
        return get_object_or_404(partner_reports(self.request.user), pk=self.kwargs["pk"])

    def get_queryset(self):
        unknown = sorted(set(self.request.query_params) - PAGE_PARAMETERS)
        if unknown:
            raise exceptions.ValidationError({name: [_("Unknown parameter.")] for name in unknown})
        return _lines_of(self.line_kind, self.report())

    @extend_schema(responses={200: BatchResult})
    def post(self, request, pk):
        report = self.report()
        lines = request.data.get("lines") if isinstance(request.data, dict) else None
        if isinstance(lines, list) and len(lines) > settings.API_BATCH_MAX:
            raise TooLarge(
                _("At most %(limit)d lines in one batch (this one has %(count)d): send it in parts.")
                % {"limit": settings.API_BATCH_MAX, "count": len(lines)}
            )
        batch = validated(self.line_kind.batch, request.data)
        headers, rows = self.line_kind.table(batch["lines"])
        versions = {n: line["version"] for n, line in enumerate(batch["lines"]) if "version" in line}
        try:
            preview = report_lines_push(
                user=request.user,
                report=report,
                kind=self.line_kind.kind,
                headers=headers,
                rows=rows,
                versions=versions,
                dry_run=batch["dry_run"],
            )
        except StaleEdit as stale:
            conflict = Conflict()
            conflict.extra = {"stale_lines": list(stale.args[0]) if stale.args else []}
            raise conflict from None
        if not preview.is_clean:
            errors = {}
            for row, column, message in preview.problems:
                errors.setdefault(f"lines[{row}]", {}).setdefault(self.line_kind.field_of(column), []).append(
                    message
                )
            raise exceptions.ValidationError(errors)
        return Response(
            {
                "dry_run": batch["dry_run"],
                "written": not batch["dry_run"],
                "counts": {action: n for action, n in preview.counts.items() if action != "error"},
                "lines": [
                    {
                        "index": row.line,
                        "line_reference": row.values.get("line_reference", ""),
                        "action": row.action,
                    }
                    for row in preview.rows
                ],
                "warnings": [
                    {"code": w.code, "index": w.row, "commitment": w.commitment} for w in preview.warnings
                ],
            }
        )


class PlanLines(ReportLines):
    line_kind = PLAN_KIND


class ReportLine(ApiView):
    """DELETE: remove the line with this ``line_reference`` from a draft or returned report."""

    line_kind = DELIVERY_KIND

    def get_serializer_class(self):
        return self.line_kind.serializer

    @extend_schema(
        parameters=[
            OpenApiParameter("version", OpenApiTypes.INT, description="The version you read (optional).")
        ],
        responses={204: None},
    )
    def delete(self, request, pk, reference):
        report = get_object_or_404(partner_reports(request.user), pk=pk)
        workflow.require_line_edit(request.user, report)  # 403 before whether the line exists
        line = get_object_or_404(self.line_kind.model.objects.filter(report=report), line_reference=reference)
        raw = request.query_params.get("version")
        if raw is not None and not raw.isdigit():
            raise exceptions.ValidationError({"version": [_("Must be a whole number.")]})
        services.line_delete(line=line, user=request.user, version=int(raw) if raw else None)
        return Response(status=204)


class PlanLineOne(ReportLine):
    line_kind = PLAN_KIND


class SubmitIn(StrictSerializer):
    version = StrictIntegerField(help_text="The report's version you read; 409 if it moved on.")


class ReportSubmit(ApiView):
    """POST: submit a draft or returned report for review (every data check warning explained)."""

    serializer_class = SubmitIn

    @extend_schema(request=SubmitIn, responses={200: PartnerReportSerializer})
    def post(self, request, pk):
        report = get_object_or_404(partner_reports(request.user), pk=pk)
        workflow.require(request.user, report, "submit")  # 403 before any check of the body
        version = validated(SubmitIn, request.data)["version"]
        if report.version != version:
            raise StaleEdit
        submitted = services.report_submit(report=report, user=request.user)
        return Response(PartnerReportSerializer(partner_reports(request.user).get(pk=submitted.pk)).data)


# --- Figures and CSV ------------------------------------------------------------------------


class FigureRow(serializers.Serializer):
    label = serializers.CharField()
    unit = serializers.CharField(source="unit_code")
    coalition = serializers.CharField(source="coalition_slug")
    capability = serializers.CharField(source="capability_code")
    period = serializers.CharField()
    needed = serializers.IntegerField()
    committed = serializers.IntegerField()
    undisclosed = serializers.IntegerField()
    planned = serializers.IntegerField()
    delivered = serializers.IntegerField()
    delivered_to_date = serializers.IntegerField()
    provisional = serializers.IntegerField()
    used = serializers.IntegerField()
    coverage_percent = serializers.FloatField(allow_null=True)
    fulfilment_percent = serializers.FloatField(allow_null=True)


class FiguresOut(serializers.Serializer):
    definitions = serializers.ListField(child=serializers.CharField())
    totals = FigureRow(many=True)
    capabilities = FigureRow(many=True)
    trend = FigureRow(many=True)
    countries = FigureRow(many=True)


def _filters(request):
    """The figures page's filter form over the query string: unknown or invalid → 400."""
    unknown = sorted(set(request.query_params) - set(FIELDS))
    if unknown:
        raise exceptions.ValidationError(
            {name: [_("Unknown filter; use: %s.") % ", ".join(FIELDS)] for name in unknown}
        )
    filters = FigureFilters(request.user, request.query_params)
    if not filters.is_valid():
        raise ValidationError({name: list(errors) for name, errors in filters.errors.items()})
    return filters


FIGURE_PARAMETERS = [OpenApiParameter(name, OpenApiTypes.STR) for name in FIELDS]


class Figures(ApiView):
    """The consolidated figures, exactly as on the figures page: same filters (coalition slug,
    country code, category, period_from/period_to as 2026-Q1), same scope and unit rules
    (every total is per unit)."""

    serializer_class = FiguresOut

    @extend_schema(parameters=FIGURE_PARAMETERS, responses={200: FiguresOut})
    def get(self, request):
        result = figures.consolidated(request.user, _filters(request))
        data = {name: getattr(result, name) for name in ("totals", "capabilities", "trend", "countries")}
        return Response(FiguresOut({"definitions": figures.definitions(), **data}).data)


class IgnoreAccept(BaseContentNegotiation):
    """The export answers CSV whatever the client accepts (and errors as problem JSON)."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportCSV(ApiView):
    """A dataset of the export page as streamed CSV (UTF-8 with BOM), under the same filters."""

    content_negotiation_class = IgnoreAccept

    @extend_schema(
        operation_id="exports_csv",
        parameters=FIGURE_PARAMETERS,
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request, dataset):
        if dataset not in DATASETS:
            raise Http404
        spec = DATASETS[dataset]
        if spec.allowed:
            access.require(spec.allowed, request.user)
        filters = _filters(request)
        source = spec.source(request.user, filters, request.query_params)
        return writers.csv_response(spec.header, source, f"{dataset}_{filters.scope_label()}.csv")


urlpatterns = [
    *REPORTS.urls(),
    *USAGE_REPORTS.urls(),
    path("reports/<int:pk>/deliveries/", ReportLines.as_view(), name="report-deliveries"),
    path("reports/<int:pk>/deliveries/<str:reference>/", ReportLine.as_view(), name="report-delivery"),
    path("reports/<int:pk>/plans/", PlanLines.as_view(), name="report-plans"),
    path("reports/<int:pk>/plans/<str:reference>/", PlanLineOne.as_view(), name="report-plan"),
    path("reports/<int:pk>/submit/", ReportSubmit.as_view(), name="report-submit"),
    path("figures/", Figures.as_view(), name="figures"),
    path("exports/<slug:dataset>.csv", ExportCSV.as_view(), name="export"),
]

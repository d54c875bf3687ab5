from django.contrib import admin

from . import models
from .workflow import COUNTED


class FinalReadOnly:
    """Approved and superseded reports (and their lines) are read-only here too;
    the database refuses the change anyway."""

    def _final(self, obj):
        report = getattr(obj, "report", obj)
        return report is not None and report.status in COUNTED

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and self._final(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and self._final(obj))


class FinalLinesReadOnly(FinalReadOnly):
    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and not (obj and self._final(obj))


class DeliveryLineInline(FinalLinesReadOnly, admin.TabularInline):
    model = models.DeliveryLine
    extra = 0
    raw_id_fields = ("commitment",)


class PlanLineInline(FinalLinesReadOnly, admin.TabularInline):
    model = models.PlanLine
    extra = 0
    raw_id_fields = ("commitment",)


class UsageLineInline(FinalLinesReadOnly, admin.TabularInline):
    model = models.UsageLine
    extra = 0


@admin.register(models.ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "start", "end", "due_on")


@admin.register(models.PartnerReport)
class PartnerReportAdmin(FinalReadOnly, admin.ModelAdmin):
    readonly_fields = ("status", "revision", "submitted_by", "submitted_at", "decided_by", "decided_at")
    list_display = ("country", "coalition", "period", "revision", "status")
    list_filter = ("status", "coalition", "period")
    list_select_related = ("country", "coalition", "period")
    inlines = [DeliveryLineInline, PlanLineInline]


@admin.register(models.UsageReport)
class UsageReportAdmin(FinalReadOnly, admin.ModelAdmin):
    readonly_fields = ("status", "revision", "submitted_by", "submitted_at", "decided_by", "decided_at")
    list_display = ("coalition", "period", "revision", "status", "author")
    list_filter = ("status", "coalition", "period")
    list_select_related = ("coalition", "period", "author")
    inlines = [UsageLineInline]

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import models, outbox
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


@admin.register(models.OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    """Pending and failed e-mails of the outbox (``reports.outbox``); *resend* queues them again."""

    list_display = ("subject", "recipients", "status", "attempts", "created_at", "next_attempt_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("subject", "to")
    readonly_fields = [f.name for f in models.OutboxMail._meta.fields]
    actions = ["resend"]

    @admin.display(description=_("to"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected e-mails again"), permissions=["view"])
    def resend(self, request, queryset):
        count = outbox.mails_resend(mails=queryset)
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
        )


@admin.register(models.PreparedFile)
class PreparedFileAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "kind", "status", "size", "created_at", "expires_at")
    list_filter = ("status", "kind")
    exclude = ("content",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in models.PreparedFile._meta.fields if f.name != "content"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

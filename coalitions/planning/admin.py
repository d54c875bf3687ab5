"""Admin of planning. Needs import in bulk through django-import-export: the dry run lists
every row error and writes nothing; confirming writes all rows or none. Approved roadmap
versions and their milestones are read only here (and the database refuses any change)."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.widgets import ForeignKeyWidget

from coalitions.models import Capability, Coalition, Need, Unit

from . import services
from .models import CallForContributions, CallResponse, Milestone, MilestoneUpdate, Roadmap, RoadmapVersion

UNITS = {str(value).lower(): value for value in Unit.values} | {
    str(label).lower(): value for value, label in Unit.choices
}


class NaturalKeyWidget(ForeignKeyWidget):
    """A foreign key by its natural key; an unknown key is a row error naming it."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("no %(model)s “%(value)s”") % {"model": self.model._meta.verbose_name, "value": value}
            ) from None


class NeedResource(resources.ModelResource):
    """One need per row, keyed by coalition slug, capability code, year, quarter and month:
    importing the same file again updates the needs instead of adding them twice."""

    coalition = fields.Field(
        attribute="coalition", column_name="coalition", widget=NaturalKeyWidget(Coalition, "slug")
    )
    capability = fields.Field(
        attribute="capability", column_name="capability", widget=NaturalKeyWidget(Capability, "code")
    )
    unit = fields.Field(column_name="unit", readonly=True)

    class Meta:
        model = Need
        fields = (
            "coalition",
            "capability",
            "quantity",
            "unit",
            "year",
            "quarter",
            "month",
            "priority",
            "status",
            "justification",
        )
        import_id_fields = ("coalition", "capability", "year", "quarter", "month")
        clean_model_instances = True
        skip_unchanged = True
        use_transactions = True

    def get_instance(self, instance_loader, row):
        """A row naming an unknown coalition or capability is a new need: its field errors
        are then listed with every other row's (``import_instance``), not as a crash."""
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def dehydrate_unit(self, need):
        return need.capability.unit if need.capability_id else ""

    def import_instance(self, instance, row, **kwargs):
        """The field values, then the rules a published need follows (``services.need_problems``:
        the capability's coalition and unit, the calendar's years, the month in its quarter)."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        unit_text = str(row.get("unit") or "").strip().lower()
        data = {
            "coalition": getattr(instance, "coalition", None) if instance.coalition_id else None,
            "capability": instance.capability if instance.capability_id else None,
            "unit": UNITS.get(unit_text, unit_text) if unit_text else None,
            "year": instance.year if isinstance(instance.year, int) else None,
            "quarter": instance.quarter if isinstance(instance.quarter, int) else None,
            "month": instance.month if isinstance(instance.month, int) else None,
        }
        for field, problem in services.need_problems(data).items():
            errors.setdefault(field, []).append(problem)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if instance.pk is None:
            instance.published_by = user if user and user.is_authenticated else None
            instance.published_at = timezone.now()
        else:
            instance.version = (instance.version or 0) + 1


@admin.register(Need)
class NeedAdmin(ImportExportModelAdmin):
    resource_classes = [NeedResource]
    list_display = ("coalition", "capability", "year", "quarter", "month", "quantity", "priority", "status")
    list_filter = ("coalition", "year", "priority", "status")
    list_select_related = ("coalition", "capability")


class ApprovedReadOnly:
    """Approved versions (and their milestones) are shown, never changed nor deleted."""

    def _approved(self, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return not (obj is not None and self._approved(obj)) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not (obj is not None and self._approved(obj)) and super().has_delete_permission(request, obj)


@admin.register(RoadmapVersion)
class RoadmapVersionAdmin(ApprovedReadOnly, admin.ModelAdmin):
    list_display = ("roadmap", "number", "status", "created_by", "approved_by", "approved_at")
    list_filter = ("status",)

    def _approved(self, obj):
        return obj.is_approved


@admin.register(Milestone)
class MilestoneAdmin(ApprovedReadOnly, admin.ModelAdmin):
    list_display = ("title", "version", "owner", "due_on", "status")
    list_select_related = ("version__roadmap__coalition", "owner")

    def _approved(self, obj):
        return obj.version.is_approved


for model in (Roadmap, MilestoneUpdate, CallForContributions, CallResponse):
    admin.site.register(model)

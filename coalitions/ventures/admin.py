from django.contrib import admin

from . import models


class CapacityInline(admin.TabularInline):
    model = models.VentureCapacity
    extra = 0


@admin.register(models.JointVenture)
class JointVentureAdmin(admin.ModelAdmin):
    list_display = ("name", "country", "coalition", "kind", "stage", "stage_since")
    list_filter = ("coalition", "kind", "stage")
    list_select_related = ("country", "coalition")
    inlines = [CapacityInline]


@admin.register(models.TrainingProgramme)
class TrainingProgrammeAdmin(admin.ModelAdmin):
    list_display = ("course", "country", "coalition", "host_country", "site", "status")
    list_filter = ("coalition", "status")
    list_select_related = ("country", "coalition", "host_country")

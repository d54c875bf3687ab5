from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from modeltranslation.admin import TranslationAdmin

from . import models


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0


@admin.register(models.Country)
class CountryAdmin(TranslationAdmin, GuardedModelAdmin):
    """Countries, named in each language; "Object permissions" shows the rights of their groups."""

    list_display = ("name", "code", "is_recipient", "group")
    list_select_related = ("group",)
    search_fields = ("name", "code")


@admin.register(models.Coalition)
class CoalitionAdmin(TranslationAdmin, GuardedModelAdmin):
    """Coalitions; "Object permissions" shows the lead countries' and observers' groups."""

    list_display = ("name", "slug", "launched_on", "cadence")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("coalition", "country", "role", "cadence", "joined_on")
    list_filter = ("coalition", "role")
    list_select_related = ("coalition", "country")


@admin.register(models.Capability)
class CapabilityAdmin(TranslationAdmin):
    list_display = ("code", "name", "coalition", "category", "unit")
    list_filter = ("coalition", "category")
    list_select_related = ("coalition",)
    search_fields = ("code", "name")


@admin.register(models.CapabilityAlias)
class CapabilityAliasAdmin(admin.ModelAdmin):
    list_display = ("text", "capability")
    search_fields = ("text",)
    list_select_related = ("capability",)
    autocomplete_fields = ("capability",)


@admin.register(models.Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("country", "coalition", "capability", "quantity", "status", "origin")
    list_filter = ("coalition", "status", "origin")
    list_select_related = ("country", "coalition", "capability")
